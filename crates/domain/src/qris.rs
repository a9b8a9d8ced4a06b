//! QRIS, Indonesia's national QR payment standard (EMVCo Merchant-Presented
//! Mode as profiled by Bank Indonesia and ASPI).
//!
//! Outlets list the text of their printed STATIC QRIS sticker in the catalog
//! feed. A static QRIS makes the buyer type the amount, which invites typos
//! and makes a payment hard to match to an order; so at checkout the static
//! payload becomes a DYNAMIC QRIS carrying the exact order total, which the
//! buyer's bank or e-wallet app shows read-only.
//!
//! The payload is a flat list of TLV data objects: a two-digit tag, a
//! two-digit length and that many characters of value, ending with tag 63, a
//! CRC-16/CCITT-FALSE over everything before its value. Merchant account
//! templates (tags 26–51) nest the same TLV encoding one level down.

use crate::lang::Lang;
use crate::money::Rupiah;
use std::collections::BTreeSet;
use std::fmt;

/// Bank Indonesia's per-transaction QRIS limit.
pub const MAX_AMOUNT: Rupiah = Rupiah(10_000_000);

const TAG_FORMAT: u8 = 0;
const TAG_INITIATION: u8 = 1;
const TAG_ACCOUNTS_FIRST: u8 = 26;
const TAG_ACCOUNTS_LAST: u8 = 51;
const TAG_CATEGORY: u8 = 52;
const TAG_CURRENCY: u8 = 53;
const TAG_AMOUNT: u8 = 54;
const TAG_FEE_PERCENT: u8 = 57;
const TAG_COUNTRY: u8 = 58;
const TAG_NAME: u8 = 59;
const TAG_CITY: u8 = 60;
const TAG_CRC: u8 = 63;

const STATIC: &str = "11";
const DYNAMIC: &str = "12";
/// ISO 4217 numeric code of the Rupiah.
const IDR: &str = "360";

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
/// reflection, no final XOR — the checksum EMVCo specifies for tag 63.
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

/// A parsed, validated QRIS payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qris {
    /// Top-level data objects in their original order, without the CRC
    /// (tag 63): it is recomputed whenever the payload is written.
    fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Field {
    tag: u8,
    value: String,
}

/// Everything that can be wrong with a QRIS payload or a requested amount.
///
/// Every `position` is the 0-based character offset, in the text as given,
/// of the data object (or character) at fault, so a feed editor can point at
/// it; messages count characters from 1, as people do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrisError {
    /// Nothing but whitespace.
    Empty,
    /// A character outside ASCII: QRIS payloads are plain ASCII, so this is
    /// usually a curly quote or an accented letter from a word processor.
    NonAscii { position: usize, character: char },
    /// A line break, tab or other control character inside the payload.
    ControlCharacter { position: usize },
    /// The text ends in the middle of a tag or length.
    TruncatedHeader { position: usize },
    /// A data object's value runs past the end of the text.
    TruncatedValue { position: usize, tag: u8, declared: usize, available: usize },
    /// Not two digits where a tag should be.
    BadTag { position: usize, found: String },
    /// Not two digits where a length should be.
    BadLength { position: usize, tag: u8, found: String },
    /// A data object of length `00`.
    EmptyValue { position: usize, tag: u8 },
    /// The same top-level tag twice.
    DuplicateTag { position: usize, tag: u8 },
    /// No tag 63 at all: the text was cut off.
    MissingCrc,
    /// Tag 63 is followed by more data.
    CrcNotLast { position: usize },
    /// Tag 63 is not four hexadecimal digits.
    BadCrcField { position: usize, found: String },
    /// The checksum does not match the content.
    CrcMismatch { expected: u16, found: u16 },
    /// The payload does not begin with the payload format indicator.
    FormatIndicatorNotFirst { found_tag: u8 },
    /// Tag 00 is not `01`.
    BadFormatIndicator { found: String },
    /// Tag 01 is not `11` (static) or `12` (dynamic).
    BadInitiationMethod { found: String },
    /// A required tag is absent.
    MissingTag { tag: u8 },
    /// No merchant account information template (tags 26–51).
    NoMerchantAccount,
    /// A merchant account template whose nested data objects do not parse
    /// or that has no globally unique identifier (its sub-tag 00);
    /// `position` is that of the nested problem.
    BadMerchantAccount { tag: u8, position: usize },
    /// Tag 52 is not four digits.
    BadCategoryCode { found: String },
    /// Tag 53 is not `360` (Rupiah).
    WrongCurrency { found: String },
    /// Tag 58 is not `ID`.
    WrongCountry { found: String },
    /// Tag 59 or 60 is blank.
    BlankField { position: usize, tag: u8 },
    /// Tag 54 is not a number.
    BadAmount { found: String },
    /// Tag 54 has sen (a non-zero decimal part); Rupiah amounts are whole.
    FractionalAmount { found: String },
    /// An amount of zero was requested.
    ZeroAmount,
    /// More than [`MAX_AMOUNT`] was requested.
    AmountTooLarge { amount: Rupiah },
    /// The feed carries a dynamic QRIS (tag 01 = `12`), which is tied to
    /// one past transaction, instead of the outlet's static one.
    AlreadyDynamic,
    /// The feed carries a QRIS with a fixed amount (tag 54).
    HasAmount { amount: Rupiah },
}

/// A short name for a tag, so that messages say what a number means.
fn tag_name(tag: u8, lang: Lang) -> String {
    let name = match tag {
        0 => lang.pick("indikator format", "payload format indicator"),
        1 => lang.pick("metode inisiasi (statis/dinamis)", "point of initiation (static/dynamic)"),
        2..=25 => lang.pick("akun merchant kartu", "card merchant account"),
        26..=51 => lang.pick("informasi akun merchant", "merchant account information"),
        52 => lang.pick("kode kategori merchant", "merchant category code"),
        53 => lang.pick("mata uang", "currency"),
        54 => lang.pick("nominal transaksi", "transaction amount"),
        55 => lang.pick("indikator tip", "tip indicator"),
        56 | 57 => lang.pick("biaya layanan", "convenience fee"),
        58 => lang.pick("kode negara", "country code"),
        59 => lang.pick("nama merchant", "merchant name"),
        60 => lang.pick("kota merchant", "merchant city"),
        61 => lang.pick("kode pos", "postal code"),
        62 => lang.pick("data tambahan", "additional data"),
        63 => lang.pick("checksum CRC", "CRC checksum"),
        64 => lang.pick("data bahasa lain", "alternate language data"),
        _ => return format!("tag {tag:02}"),
    };
    format!("tag {tag:02} ({name})")
}

/// The end of most messages about a damaged payload: editing the text by
/// hand never fixes a QRIS, re-copying it does.
fn recopy(lang: Lang) -> &'static str {
    lang.pick(
        "Salin ulang teks QRIS statis outlet dengan memindai stiker QRIS-nya memakai aplikasi pemindai QR, jangan diketik atau diubah manual.",
        "Copy the outlet's static QRIS text again by scanning its QRIS sticker with a QR reader app; don't type or edit it by hand.",
    )
}

impl QrisError {
    /// The explanation shown to whoever can act on it: the outlet or feed
    /// editor for a bad payload, the buyer for an amount out of range.
    pub fn message(&self, lang: Lang) -> String {
        let id = lang == Lang::Id;
        match self {
            QrisError::Empty => lang
                .pick(
                    "Teks QRIS kosong. Tempel teks QRIS statis outlet (diawali 000201).",
                    "The QRIS text is empty. Paste the outlet's static QRIS text (it starts with 000201).",
                )
                .into(),
            QrisError::NonAscii { position, character } => {
                let at = position + 1;
                if id {
                    format!("Karakter “{character}” di posisi {at} tidak boleh ada di QRIS: teks QRIS hanya berisi huruf, angka dan tanda baca biasa (ASCII). Tanda kutip miring atau huruf beraksen biasanya berasal dari pengolah kata. {}", recopy(lang))
                } else {
                    format!("The character “{character}” at position {at} cannot be part of a QRIS: QRIS text is plain letters, digits and punctuation (ASCII). Curly quotes or accented letters usually come from a word processor. {}", recopy(lang))
                }
            }
            QrisError::ControlCharacter { position } => {
                let at = position + 1;
                if id {
                    format!("Ada baris baru atau tab di posisi {at} teks QRIS; teks QRIS adalah satu baris tanpa jeda. {}", recopy(lang))
                } else {
                    format!("There is a line break or tab at position {at} of the QRIS text; QRIS text is a single unbroken line. {}", recopy(lang))
                }
            }
            QrisError::TruncatedHeader { position } => {
                let at = position + 1;
                if id {
                    format!("Teks QRIS terpotong di posisi {at} (di tengah tag atau panjang data). {}", recopy(lang))
                } else {
                    format!("The QRIS text is cut off at position {at} (in the middle of a tag or length). {}", recopy(lang))
                }
            }
            QrisError::TruncatedValue { position, tag, declared, available } => {
                let at = position + 1;
                let name = tag_name(*tag, lang);
                if id {
                    format!("Teks QRIS terpotong: {name} di posisi {at} seharusnya berisi {declared} karakter, tetapi hanya tersisa {available}. {}", recopy(lang))
                } else {
                    format!("The QRIS text is cut off: {name} at position {at} should hold {declared} characters but only {available} remain. {}", recopy(lang))
                }
            }
            QrisError::BadTag { position: 0, found } => {
                if id {
                    format!("Ini bukan teks QRIS: teks QRIS diawali 000201, bukan “{found}”. Tempel teks yang terbaca dari stiker QRIS outlet, bukan nama atau nomor merchant.")
                } else {
                    format!("This is not QRIS text: QRIS text starts with 000201, not “{found}”. Paste the text read from the outlet's QRIS sticker, not a merchant name or number.")
                }
            }
            QrisError::BadTag { position, found } => {
                let at = position + 1;
                if id {
                    format!("Teks QRIS rusak di posisi {at}: seharusnya ada nomor tag dua angka, tetapi tertulis “{found}”. {}", recopy(lang))
                } else {
                    format!("The QRIS text is damaged at position {at}: a two-digit tag number should be there, but it reads “{found}”. {}", recopy(lang))
                }
            }
            QrisError::BadLength { position, tag, found } => {
                let at = position + 1;
                let name = tag_name(*tag, lang);
                if id {
                    format!("Teks QRIS rusak di posisi {at}: panjang {name} harus dua angka, tetapi tertulis “{found}”. {}", recopy(lang))
                } else {
                    format!("The QRIS text is damaged at position {at}: the length of {name} must be two digits, but it reads “{found}”. {}", recopy(lang))
                }
            }
            QrisError::EmptyValue { position, tag } => {
                let at = position + 1;
                let name = tag_name(*tag, lang);
                if id {
                    format!("Teks QRIS rusak di posisi {at}: {name} kosong. {}", recopy(lang))
                } else {
                    format!("The QRIS text is damaged at position {at}: {name} is empty. {}", recopy(lang))
                }
            }
            QrisError::DuplicateTag { position, tag } => {
                let at = position + 1;
                let name = tag_name(*tag, lang);
                if id {
                    format!("{name} muncul dua kali (lagi di posisi {at}); setiap tag hanya boleh ada sekali. {}", recopy(lang))
                } else {
                    format!("{name} appears twice (again at position {at}); each tag may appear only once. {}", recopy(lang))
                }
            }
            QrisError::MissingCrc => {
                if id {
                    format!("Teks QRIS tidak diakhiri checksum (tag 63, “6304” dan empat karakter), jadi kemungkinan terpotong saat disalin. {}", recopy(lang))
                } else {
                    format!("The QRIS text does not end with its checksum (tag 63, “6304” and four characters), so it was probably cut off when copied. {}", recopy(lang))
                }
            }
            QrisError::CrcNotLast { position } => {
                let at = position + 1;
                if id {
                    format!("Checksum QRIS (tag 63, di posisi {at}) harus berada di paling akhir, tetapi masih ada teks sesudahnya; mungkin dua teks QRIS tertempel jadi satu. {}", recopy(lang))
                } else {
                    format!("The QRIS checksum (tag 63, at position {at}) must come last, but more text follows it; perhaps two QRIS texts were pasted together. {}", recopy(lang))
                }
            }
            QrisError::BadCrcField { position, found } => {
                let at = position + 1;
                if id {
                    format!("Checksum QRIS di posisi {at} harus empat karakter heksadesimal (0–9, A–F), tetapi tertulis “{found}”. {}", recopy(lang))
                } else {
                    format!("The QRIS checksum at position {at} must be four hexadecimal characters (0–9, A–F), but it reads “{found}”. {}", recopy(lang))
                }
            }
            QrisError::CrcMismatch { expected, found } => {
                if id {
                    format!("Checksum QRIS tidak cocok: teks diakhiri 6304{found:04X}, padahal isinya menghasilkan {expected:04X}. Artinya teks berubah atau salah ketik setelah dibuat. {}", recopy(lang))
                } else {
                    format!("The QRIS checksum does not match: the text ends in 6304{found:04X} but its content gives {expected:04X}, so the text was changed or mistyped after it was made. {}", recopy(lang))
                }
            }
            QrisError::FormatIndicatorNotFirst { found_tag } => {
                if id {
                    format!("Ini bukan teks QRIS yang lengkap: teks QRIS diawali 000201, tetapi yang ini diawali tag {found_tag:02}. Mungkin bagian awalnya tidak ikut tersalin. {}", recopy(lang))
                } else {
                    format!("This is not complete QRIS text: QRIS text starts with 000201, but this starts with tag {found_tag:02}. Perhaps its beginning was not copied. {}", recopy(lang))
                }
            }
            QrisError::BadFormatIndicator { found } => {
                if id {
                    format!("Indikator format (tag 00) harus “01”, tetapi tertulis “{found}”; ini bukan QRIS yang dikenal. {}", recopy(lang))
                } else {
                    format!("The payload format indicator (tag 00) must be “01” but reads “{found}”; this is not a QRIS we know. {}", recopy(lang))
                }
            }
            QrisError::BadInitiationMethod { found } => {
                if id {
                    format!("Tag 01 harus “11” (QRIS statis) atau “12” (QRIS dinamis), tetapi tertulis “{found}”. {}", recopy(lang))
                } else {
                    format!("Tag 01 must be “11” (static QRIS) or “12” (dynamic QRIS) but reads “{found}”. {}", recopy(lang))
                }
            }
            QrisError::MissingTag { tag } => {
                let name = tag_name(*tag, lang);
                if id {
                    format!("QRIS ini tidak memuat {name}, yang wajib ada. {}", recopy(lang))
                } else {
                    format!("This QRIS lacks {name}, which is required. {}", recopy(lang))
                }
            }
            QrisError::NoMerchantAccount => {
                if id {
                    format!("QRIS ini tidak memuat informasi akun merchant (tag 26–51), jadi tidak ada rekening tujuan pembayaran. {}", recopy(lang))
                } else {
                    format!("This QRIS has no merchant account information (tags 26–51), so there is no account to pay into. {}", recopy(lang))
                }
            }
            QrisError::BadMerchantAccount { tag, position } => {
                let at = position + 1;
                if id {
                    format!("Informasi akun merchant (tag {tag:02}) rusak di posisi {at}: isinya harus berupa data bertingkat yang diawali ID unik penerbit (misalnya ID.CO.QRIS.WWW). {}", recopy(lang))
                } else {
                    format!("The merchant account information (tag {tag:02}) is damaged at position {at}: it must hold nested data starting with the acquirer's unique id (such as ID.CO.QRIS.WWW). {}", recopy(lang))
                }
            }
            QrisError::BadCategoryCode { found } => {
                if id {
                    format!("Kode kategori merchant (tag 52) harus empat angka, tetapi tertulis “{found}”. {}", recopy(lang))
                } else {
                    format!("The merchant category code (tag 52) must be four digits but reads “{found}”. {}", recopy(lang))
                }
            }
            QrisError::WrongCurrency { found } => {
                if id {
                    format!("Mata uang QRIS (tag 53) harus 360 (Rupiah), tetapi tertulis “{found}”; toko ini hanya menerima pembayaran dalam Rupiah. Pakai QRIS outlet yang diterbitkan bank atau dompet digital Indonesia.")
                } else {
                    format!("The QRIS currency (tag 53) must be 360 (Rupiah) but reads “{found}”; the shop takes payment in Rupiah only. Use the outlet's QRIS issued by an Indonesian bank or e-wallet.")
                }
            }
            QrisError::WrongCountry { found } => {
                if id {
                    format!("Kode negara QRIS (tag 58) harus ID (Indonesia), tetapi tertulis “{found}”; ini kode QR pembayaran negara lain. Pakai QRIS outlet yang diterbitkan bank atau dompet digital Indonesia.")
                } else {
                    format!("The QRIS country code (tag 58) must be ID (Indonesia) but reads “{found}”; this is another country's payment QR code. Use the outlet's QRIS issued by an Indonesian bank or e-wallet.")
                }
            }
            QrisError::BlankField { position, tag } => {
                let at = position + 1;
                let name = tag_name(*tag, lang);
                if id {
                    format!("{name} di posisi {at} hanya berisi spasi; pembeli perlu melihat nama dan kota outlet sebelum membayar. {}", recopy(lang))
                } else {
                    format!("{name} at position {at} is only spaces; buyers need to see the outlet's name and city before they pay. {}", recopy(lang))
                }
            }
            QrisError::BadAmount { found } => {
                if id {
                    format!("Nominal transaksi (tag 54) harus berupa angka, tetapi tertulis “{found}”. {}", recopy(lang))
                } else {
                    format!("The transaction amount (tag 54) must be a number but reads “{found}”. {}", recopy(lang))
                }
            }
            QrisError::FractionalAmount { found } => {
                if id {
                    format!("Nominal transaksi (tag 54) “{found}” memakai sen; nominal Rupiah harus bilangan bulat. {}", recopy(lang))
                } else {
                    format!("The transaction amount (tag 54) “{found}” has cents; Rupiah amounts are whole numbers. {}", recopy(lang))
                }
            }
            QrisError::ZeroAmount => lang
                .pick(
                    "Nominal pembayaran QRIS tidak boleh Rp 0. Tambahkan produk ke keranjang terlebih dahulu.",
                    "A QRIS payment cannot be for Rp 0. Add products to the cart first.",
                )
                .into(),
            QrisError::AmountTooLarge { amount } => {
                if id {
                    format!("Pembayaran QRIS dibatasi Bank Indonesia paling banyak {MAX_AMOUNT} per transaksi, sedangkan total pesanan ini {amount}. Bagi pesanan menjadi beberapa pesanan, atau bayar dengan cara lain yang diterima outlet (misalnya transfer bank).")
                } else {
                    format!("Bank Indonesia limits a QRIS payment to {MAX_AMOUNT} per transaction, and this order totals {amount}. Split it into several orders, or pay another way the outlet accepts (such as a bank transfer).")
                }
            }
            QrisError::AlreadyDynamic => lang
                .pick(
                    "Ini QRIS dinamis (tag 01 = 12), yang hanya berlaku untuk satu transaksi. Tempel teks QRIS statis outlet, yaitu yang tercetak pada stiker QRIS di kasir; toko membuat QRIS dinamis sendiri untuk setiap pesanan.",
                    "This is a dynamic QRIS (tag 01 = 12), valid for a single transaction only. Paste the outlet's static QRIS text, the one printed on the QRIS sticker at the till; the shop makes a dynamic QRIS for each order itself.",
                )
                .into(),
            QrisError::HasAmount { amount } => {
                if id {
                    format!("QRIS ini sudah memuat nominal tetap ({amount}), padahal nominal setiap pesanan berbeda. Tempel teks QRIS statis outlet tanpa nominal, yaitu yang tercetak pada stiker QRIS di kasir.")
                } else {
                    format!("This QRIS already carries a fixed amount ({amount}), but every order has its own total. Paste the outlet's static QRIS text without an amount, the one printed on the QRIS sticker at the till.")
                }
            }
        }
    }
}

impl fmt::Display for QrisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for QrisError {}

/// One TLV data object as read, with where it starts.
struct Tlv<'a> {
    position: usize,
    tag: u8,
    value: &'a str,
}

fn two_digits(text: &str) -> Option<u8> {
    let b = text.as_bytes();
    if b.len() == 2 && b[0].is_ascii_digit() && b[1].is_ascii_digit() {
        Some((b[0] - b'0') * 10 + (b[1] - b'0'))
    } else {
        None
    }
}

/// Splits ASCII `text` into TLV data objects; `base` is the offset of `text`
/// in the payload as given, so errors point into what the user sees.
/// At the top level the checksum (tag 63) must be the last data object.
fn read_tlv(text: &str, base: usize, top_level: bool) -> Result<Vec<Tlv<'_>>, QrisError> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let position = base + pos;
        let Some(header) = text.get(pos..pos + 4) else {
            return Err(QrisError::TruncatedHeader { position });
        };
        let tag =
            two_digits(&header[..2]).ok_or_else(|| QrisError::BadTag { position, found: header[..2].to_string() })?;
        let len = two_digits(&header[2..]).ok_or_else(|| QrisError::BadLength {
            position,
            tag,
            found: header[2..].to_string(),
        })?;
        let len = usize::from(len);
        if len == 0 {
            return Err(QrisError::EmptyValue { position, tag });
        }
        let start = pos + 4;
        let Some(value) = text.get(start..start + len) else {
            return Err(QrisError::TruncatedValue { position, tag, declared: len, available: text.len() - start });
        };
        out.push(Tlv { position, tag, value });
        pos = start + len;
        // Checked here rather than after the loop so that text after the
        // checksum is reported as such, not as whatever it fails to parse as.
        if top_level && tag == TAG_CRC && pos < text.len() {
            return Err(QrisError::CrcNotLast { position });
        }
    }
    Ok(out)
}

/// Reads a tag 54 amount. EMVCo allows a decimal point (`25000.00`); some
/// acquirers write one even for the Rupiah, which has no minor unit in use.
fn read_amount(value: &str) -> Result<Rupiah, QrisError> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(QrisError::BadAmount { found: value.to_string() });
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err(QrisError::FractionalAmount { found: value.to_string() });
    }
    whole.parse::<u64>().map(Rupiah).map_err(|_| QrisError::BadAmount { found: value.to_string() })
}

/// Parses and validates a QRIS payload. Whitespace around it (a stray space
/// or newline from copy and paste) is ignored.
pub fn parse(payload: &str) -> Result<Qris, QrisError> {
    let text = payload.trim();
    if text.is_empty() {
        return Err(QrisError::Empty);
    }
    let lead = payload.len() - payload.trim_start().len();
    let base = payload[..lead].chars().count();
    for (i, c) in text.chars().enumerate() {
        if !c.is_ascii() {
            return Err(QrisError::NonAscii { position: base + i, character: c });
        }
        if c.is_ascii_control() {
            return Err(QrisError::ControlCharacter { position: base + i });
        }
    }

    let objects = read_tlv(text, base, true)?;
    let mut seen = BTreeSet::new();
    let mut fields = Vec::with_capacity(objects.len());
    let mut crc = None;
    for object in &objects {
        if !seen.insert(object.tag) {
            return Err(QrisError::DuplicateTag { position: object.position, tag: object.tag });
        }
        if object.tag == TAG_CRC {
            // from_str_radix alone would accept a leading '+'.
            let hex = object.value.len() == 4 && object.value.bytes().all(|b| b.is_ascii_hexdigit());
            let found = if hex { u16::from_str_radix(object.value, 16).ok() } else { None };
            let found = found
                .ok_or_else(|| QrisError::BadCrcField { position: object.position, found: object.value.to_string() })?;
            crc = Some((object.position - base, found));
        } else {
            fields.push(Field { tag: object.tag, value: object.value.to_string() });
        }
    }
    let (crc_offset, found) = crc.ok_or(QrisError::MissingCrc)?;
    let expected = crc16_ccitt_false(&text.as_bytes()[..crc_offset + 4]);
    if expected != found {
        return Err(QrisError::CrcMismatch { expected, found });
    }

    let qris = Qris { fields };
    qris.validate(&objects)?;
    Ok(qris)
}

impl Qris {
    /// The checks on content, once the TLV structure and checksum are sound.
    fn validate(&self, objects: &[Tlv<'_>]) -> Result<(), QrisError> {
        let position_of = |tag: u8| objects.iter().find(|o| o.tag == tag).map_or(0, |o| o.position);

        match self.fields.first() {
            Some(first) if first.tag == TAG_FORMAT => {
                if first.value != "01" {
                    return Err(QrisError::BadFormatIndicator { found: first.value.clone() });
                }
            }
            Some(first) => return Err(QrisError::FormatIndicatorNotFirst { found_tag: first.tag }),
            // A payload holding only tag 63 is caught here.
            None => return Err(QrisError::FormatIndicatorNotFirst { found_tag: TAG_CRC }),
        }

        let method = self.get(TAG_INITIATION).ok_or(QrisError::MissingTag { tag: TAG_INITIATION })?;
        if method != STATIC && method != DYNAMIC {
            return Err(QrisError::BadInitiationMethod { found: method.to_string() });
        }

        let accounts: Vec<&Tlv<'_>> =
            objects.iter().filter(|o| (TAG_ACCOUNTS_FIRST..=TAG_ACCOUNTS_LAST).contains(&o.tag)).collect();
        if accounts.is_empty() {
            return Err(QrisError::NoMerchantAccount);
        }
        for account in accounts {
            let nested_base = account.position + 4;
            let nested = read_tlv(account.value, nested_base, false).map_err(|e| QrisError::BadMerchantAccount {
                tag: account.tag,
                position: nested_position(&e).unwrap_or(nested_base),
            })?;
            // The globally unique identifier (sub-tag 00, a reverse domain
            // such as ID.CO.QRIS.WWW) says whose account number follows.
            if !nested.iter().any(|o| o.tag == 0) {
                return Err(QrisError::BadMerchantAccount { tag: account.tag, position: nested_base });
            }
        }

        let category = self.get(TAG_CATEGORY).ok_or(QrisError::MissingTag { tag: TAG_CATEGORY })?;
        if category.len() != 4 || !category.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QrisError::BadCategoryCode { found: category.to_string() });
        }

        let currency = self.get(TAG_CURRENCY).ok_or(QrisError::MissingTag { tag: TAG_CURRENCY })?;
        if currency != IDR {
            return Err(QrisError::WrongCurrency { found: currency.to_string() });
        }

        if let Some(amount) = self.get(TAG_AMOUNT) {
            read_amount(amount)?;
        }

        let country = self.get(TAG_COUNTRY).ok_or(QrisError::MissingTag { tag: TAG_COUNTRY })?;
        if country != "ID" {
            return Err(QrisError::WrongCountry { found: country.to_string() });
        }

        for tag in [TAG_NAME, TAG_CITY] {
            let value = self.get(tag).ok_or(QrisError::MissingTag { tag })?;
            if value.trim().is_empty() {
                return Err(QrisError::BlankField { position: position_of(tag), tag });
            }
        }
        Ok(())
    }

    /// The value of a top-level tag other than 63.
    pub fn get(&self, tag: u8) -> Option<&str> {
        self.fields.iter().find(|f| f.tag == tag).map(|f| f.value.as_str())
    }

    /// Top-level tags and values in payload order, without the CRC.
    pub fn fields(&self) -> impl Iterator<Item = (u8, &str)> {
        self.fields.iter().map(|f| (f.tag, f.value.as_str()))
    }

    /// The globally unique identifiers of the merchant account templates
    /// (`COM.GO-JEK.WWW`, `ID.CO.QRIS.WWW`, …), in payload order: who
    /// acquires the payment.
    pub fn merchant_account_ids(&self) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|f| (TAG_ACCOUNTS_FIRST..=TAG_ACCOUNTS_LAST).contains(&f.tag))
            .filter_map(|f| read_tlv(&f.value, 0, false).ok()?.into_iter().find(|o| o.tag == 0).map(|o| o.value))
            .collect()
    }

    /// A static QRIS (tag 01 = `11`) lets the buyer type the amount.
    pub fn is_static(&self) -> bool {
        self.get(TAG_INITIATION) == Some(STATIC)
    }

    /// Tag 59, as the buyer's app shows it.
    pub fn merchant_name(&self) -> &str {
        self.get(TAG_NAME).unwrap_or_default()
    }

    /// Tag 60.
    pub fn merchant_city(&self) -> &str {
        self.get(TAG_CITY).unwrap_or_default()
    }

    /// Tag 52, the ISO 18245 merchant category code.
    pub fn merchant_category_code(&self) -> &str {
        self.get(TAG_CATEGORY).unwrap_or_default()
    }

    /// Tag 54 if present.
    pub fn amount(&self) -> Option<Rupiah> {
        // Validated by `parse`; a value that somehow fails reads as absent.
        self.get(TAG_AMOUNT).and_then(|v| read_amount(v).ok())
    }

    /// The payload text with a freshly computed checksum (tag 63 last,
    /// uppercase hex).
    pub fn payload(&self) -> String {
        let mut out = String::with_capacity(self.fields.iter().map(|f| f.value.len() + 4).sum::<usize>() + 8);
        for field in &self.fields {
            // Values come from a two-digit length or from `to_dynamic`, so
            // they never exceed 99 characters.
            out.push_str(&format!("{:02}{:02}{}", field.tag, field.value.len(), field.value));
        }
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        out
    }

    /// The dynamic QRIS for one payment of `amount`.
    ///
    /// Tags 55–57 (tip or convenience fee) are dropped: Bank Indonesia
    /// forbids merchants to pass QRIS fees on to buyers, and a buyer must
    /// pay exactly the order total. Tag 54 goes where EMVCo's ascending tag
    /// order puts it, before the first tag above 54 (normally 58); every
    /// other tag keeps its place, since acquirers' own templates may be
    /// order-sensitive.
    pub fn to_dynamic(&self, amount: Rupiah) -> Result<Qris, QrisError> {
        if amount == Rupiah::ZERO {
            return Err(QrisError::ZeroAmount);
        }
        if amount > MAX_AMOUNT {
            return Err(QrisError::AmountTooLarge { amount });
        }
        // 54 itself goes too, so a dynamic QRIS can be given a new amount.
        let mut fields: Vec<Field> =
            self.fields.iter().filter(|f| !(TAG_AMOUNT..=TAG_FEE_PERCENT).contains(&f.tag)).cloned().collect();
        match fields.iter_mut().find(|f| f.tag == TAG_INITIATION) {
            Some(method) => method.value = DYNAMIC.to_string(),
            None => fields.insert(1.min(fields.len()), Field { tag: TAG_INITIATION, value: DYNAMIC.to_string() }),
        }
        let at = fields.iter().position(|f| f.tag > TAG_AMOUNT).unwrap_or(fields.len());
        fields.insert(at, Field { tag: TAG_AMOUNT, value: amount.0.to_string() });
        Ok(Qris { fields })
    }

    /// The dynamic QRIS payload for one payment of `amount`; see
    /// [`Qris::to_dynamic`].
    pub fn with_amount(&self, amount: Rupiah) -> Result<String, QrisError> {
        self.to_dynamic(amount).map(|q| q.payload())
    }
}

/// Where inside a nested template a TLV error happened.
fn nested_position(error: &QrisError) -> Option<usize> {
    match error {
        QrisError::TruncatedHeader { position }
        | QrisError::TruncatedValue { position, .. }
        | QrisError::BadTag { position, .. }
        | QrisError::BadLength { position, .. }
        | QrisError::EmptyValue { position, .. } => Some(*position),
        _ => None,
    }
}

/// The checks behind [`check_static`], keeping the structured error.
pub fn parse_static(payload: &str) -> Result<Qris, QrisError> {
    let qris = parse(payload)?;
    if !qris.is_static() {
        return Err(QrisError::AlreadyDynamic);
    }
    if let Some(amount) = qris.amount() {
        return Err(QrisError::HasAmount { amount });
    }
    Ok(qris)
}

/// For feed validation: Ok if `payload` is a well-formed STATIC QRIS;
/// Err(English message) otherwise.
pub fn check_static(payload: &str) -> Result<(), String> {
    parse_static(payload).map(|_| ()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Real static QRIS payloads published in open-source converters. Their
    // CRCs were checked independently (a Python CRC-16/CCITT-FALSE) before
    // they were copied here.

    /// DANA, "Warung Sayur Bu Sugeng", Kab. Demak: the sample in the header
    /// comment of verssache/qris-dinamis `qris.php`, the converter most
    /// "qris dinamis" tools derive from. No tag 62.
    const DANA_STATIC: &str = "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7";
    /// The same merchant made dynamic for Rp 25.041 by a verssache-style
    /// converter, as published in the test page of a public WooCommerce QRIS
    /// plugin (`$qris_code`, "combined amount 25041").
    const DANA_DYNAMIC_25041: &str = "00020101021226570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI5204581253033605405250415802ID5922Warung Sayur Bu Sugeng6010Kab. Demak6105595676304A57B";
    /// GoPay, "aldo soft", Pasaman Barat: README of Rifaldo-dev/qrisdinamis.
    const GOPAY_STATIC: &str = "00020101021126610014COM.GO-JEK.WWW01189360091436271261480210G6271261480303UMI51440014ID.CO.QRIS.WWW0215ID10253896834060303UMI5204573253033605802ID5909aldo soft6013PASAMAN BARAT61052656662070703A0163042275";
    /// Bank Nobu, "GRANOOL STORE OK1229577", Kediri: TESTING_GUIDE.md of
    /// juraganbot/capcut (`QRCODE_TEXT`).
    const NOBU_STATIC: &str = "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127";
    /// "Sintas Store", Kota Yogyakarta: the static QRIS of the README of
    /// fyvri/go-qris, reassembled from its `/parse` example response (whose
    /// `crc_code` is 9FB7).
    const SINTAS_STATIC: &str = "00020101021126630016COM.MEMBASUH.WWW0118936000091100004515021004893710810303UMI51440014ID.CO.QRIS.WWW0215ID20200340731930303UKE5204482953033605802ID5912Sintas Store6015Kota Yogyakarta61055500062070703A0163049FB7";
    /// go-qris's `/convert` example response for the same merchant: amount
    /// 1337 plus a fixed convenience fee of 666 (tags 55 and 56), which this
    /// shop must never pass on to a buyer.
    const SINTAS_DYNAMIC_WITH_FEE: &str = "00020101021226630016COM.MEMBASUH.WWW0118936000091100004515021004893710810303UMI51440014ID.CO.QRIS.WWW0215ID20200340731930303UKE5204482953033605404133755020256036665802ID5912Sintas Store6015Kota Yogyakarta61055500062070703A016304F98B";

    const PUBLISHED_STATIC: [&str; 4] = [DANA_STATIC, GOPAY_STATIC, NOBU_STATIC, SINTAS_STATIC];

    /// A payload from `(tag, value)` pairs with a correct checksum, for
    /// content errors that must not be masked by a CRC mismatch.
    fn build(fields: &[(u8, &str)]) -> String {
        let mut out = String::new();
        for (tag, value) in fields {
            out.push_str(&format!("{tag:02}{:02}{value}", value.len()));
        }
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        format!("{out}{crc:04X}")
    }

    /// A typical outlet sticker (Bank NTT as acquirer), as tag/value pairs.
    fn sticker() -> Vec<(u8, &'static str)> {
        vec![
            (0, "01"),
            (1, "11"),
            (26, "0017ID.CO.BANKNTT.WWW011893600130000012345602150000000123456780303UMI"),
            (51, "0014ID.CO.QRIS.WWW0215ID10243456789010303UMI"),
            (52, "5499"),
            (53, "360"),
            (58, "ID"),
            (59, "NTT MART KUPANG"),
            (60, "KOTA KUPANG"),
            (61, "85111"),
            (62, "0703A01"),
        ]
    }

    fn with(fields: &[(u8, &'static str)], tag: u8, value: &'static str) -> Vec<(u8, &'static str)> {
        fields.iter().map(|&(t, v)| if t == tag { (t, value) } else { (t, v) }).collect()
    }

    fn tags(qris: &Qris) -> Vec<u8> {
        qris.fields().map(|(tag, _)| tag).collect()
    }

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
        assert_eq!(crc16_ccitt_false(b""), 0xFFFF);
    }

    #[test]
    fn published_payloads_carry_correct_checksums() {
        for payload in PUBLISHED_STATIC.iter().chain([&DANA_DYNAMIC_25041, &SINTAS_DYNAMIC_WITH_FEE]) {
            let (body, crc) = payload.split_at(payload.len() - 4);
            assert_eq!(format!("{:04X}", crc16_ccitt_false(body.as_bytes())), crc, "{payload}");
            assert!(parse(payload).is_ok(), "{payload}: {:?}", parse(payload));
        }
    }

    #[test]
    fn reads_published_static_payloads() {
        let expected = [
            (DANA_STATIC, "Warung Sayur Bu Sugeng", "Kab. Demak", "5812", vec!["ID.DANA.WWW", "ID.CO.QRIS.WWW"]),
            (GOPAY_STATIC, "aldo soft", "PASAMAN BARAT", "5732", vec!["COM.GO-JEK.WWW", "ID.CO.QRIS.WWW"]),
            (NOBU_STATIC, "GRANOOL STORE OK1229577", "KEDIRI", "4812", vec!["COM.NOBUBANK.WWW", "ID.CO.QRIS.WWW"]),
            (SINTAS_STATIC, "Sintas Store", "Kota Yogyakarta", "4829", vec!["COM.MEMBASUH.WWW", "ID.CO.QRIS.WWW"]),
        ];
        for (payload, name, city, mcc, ids) in expected {
            let qris = parse(payload).unwrap();
            assert!(qris.is_static());
            assert_eq!(qris.merchant_name(), name);
            assert_eq!(qris.merchant_city(), city);
            assert_eq!(qris.merchant_category_code(), mcc);
            assert_eq!(qris.merchant_account_ids(), ids);
            assert_eq!(qris.amount(), None);
            assert_eq!(check_static(payload), Ok(()));
        }
    }

    #[test]
    fn converts_a_published_static_into_the_published_dynamic() {
        let dynamic = parse(DANA_STATIC).unwrap().with_amount(Rupiah(25_041)).unwrap();
        assert_eq!(dynamic, DANA_DYNAMIC_25041);
        let read = parse(&dynamic).unwrap();
        assert!(!read.is_static());
        assert_eq!(read.amount(), Some(Rupiah(25_041)));
    }

    #[test]
    fn drops_the_convenience_fee_of_a_published_dynamic() {
        let with_fee = parse(SINTAS_DYNAMIC_WITH_FEE).unwrap();
        assert_eq!(with_fee.amount(), Some(Rupiah(1337)));
        assert_eq!(with_fee.get(55), Some("02"));
        assert_eq!(with_fee.get(56), Some("666"));

        let body = "00020101021226630016COM.MEMBASUH.WWW0118936000091100004515021004893710810303UMI51440014ID.CO.QRIS.WWW0215ID20200340731930303UKE52044829530336054041337".to_string()
            + "5802ID5912Sintas Store6015Kota Yogyakarta61055500062070703A016304";
        let expected = format!("{body}{:04X}", crc16_ccitt_false(body.as_bytes()));
        assert_eq!(with_fee.with_amount(Rupiah(1337)).unwrap(), expected);
        assert_eq!(parse(SINTAS_STATIC).unwrap().with_amount(Rupiah(1337)).unwrap(), expected);
    }

    #[test]
    fn payload_round_trips() {
        for payload in PUBLISHED_STATIC.iter().chain([&DANA_DYNAMIC_25041, &SINTAS_DYNAMIC_WITH_FEE]) {
            assert_eq!(parse(payload).unwrap().payload(), *payload);
        }
        // A lowercase checksum is valid and comes back uppercase.
        let lower = format!("{}9fb7", &SINTAS_STATIC[..SINTAS_STATIC.len() - 4]);
        assert_eq!(parse(&lower).unwrap().payload(), SINTAS_STATIC);
        // Whitespace from copy and paste around the text is ignored.
        assert_eq!(parse(&format!("  {GOPAY_STATIC}\n")).unwrap().payload(), GOPAY_STATIC);
    }

    #[test]
    fn amount_goes_after_the_currency_and_before_the_country() {
        let fields = sticker();
        let dynamic = parse(&build(&fields)).unwrap().to_dynamic(Rupiah(135_000)).unwrap();
        assert_eq!(tags(&dynamic), [0, 1, 26, 51, 52, 53, 54, 58, 59, 60, 61, 62]);
        assert_eq!(dynamic.get(1), Some("12"));
        let payload = dynamic.payload();
        assert!(payload.contains("530336054061350005802ID"), "{payload}");
        assert!(payload.ends_with(&format!("6304{:04X}", crc16_ccitt_false(&payload.as_bytes()[..payload.len() - 4]))));
        // Every other value is untouched.
        for (tag, value) in fields.iter().filter(|(tag, _)| *tag != 1) {
            assert_eq!(dynamic.get(*tag), Some(*value));
        }
    }

    #[test]
    fn amount_keeps_the_original_order_of_other_tags() {
        // Out of EMVCo's ascending order, as some stickers are: the amount
        // still lands before the first tag above 54 and nothing else moves.
        let mut fields = sticker();
        fields.swap(7, 8); // 60 before 59
        fields.swap(2, 3); // 51 before 26
        let dynamic = parse(&build(&fields)).unwrap().to_dynamic(Rupiah(5_000)).unwrap();
        assert_eq!(tags(&dynamic), [0, 1, 51, 26, 52, 53, 54, 58, 60, 59, 61, 62]);
    }

    #[test]
    fn tip_and_fee_tags_are_dropped() {
        let mut fields = sticker();
        fields.insert(6, (55, "01")); // the buyer would be asked for a tip
        let qris = parse(&build(&fields)).unwrap();
        assert_eq!(check_static(&build(&fields)), Ok(()));
        let dynamic = qris.to_dynamic(Rupiah(20_000)).unwrap();
        assert_eq!(tags(&dynamic), [0, 1, 26, 51, 52, 53, 54, 58, 59, 60, 61, 62]);

        for fee in [[(55, "02"), (56, "2000")], [(55, "03"), (57, "2.5")]] {
            let mut fields = with(&sticker(), 1, "12");
            fields.splice(6..6, [(54, "10000"), fee[0], fee[1]]);
            let dynamic = parse(&build(&fields)).unwrap().to_dynamic(Rupiah(20_000)).unwrap();
            assert_eq!(tags(&dynamic), [0, 1, 26, 51, 52, 53, 54, 58, 59, 60, 61, 62]);
            assert_eq!(dynamic.amount(), Some(Rupiah(20_000)));
        }
    }

    #[test]
    fn refuses_amounts_out_of_range() {
        let qris = parse(DANA_STATIC).unwrap();
        assert_eq!(qris.with_amount(Rupiah(0)), Err(QrisError::ZeroAmount));
        assert_eq!(qris.with_amount(Rupiah(10_000_001)), Err(QrisError::AmountTooLarge { amount: Rupiah(10_000_001) }));
        assert_eq!(parse(&qris.with_amount(MAX_AMOUNT).unwrap()).unwrap().amount(), Some(MAX_AMOUNT));
        assert_eq!(parse(&qris.with_amount(Rupiah(1)).unwrap()).unwrap().amount(), Some(Rupiah(1)));
        assert!(qris.with_amount(Rupiah(12_500_000)).unwrap_err().message(Lang::Id).contains("Rp 10.000.000"));
    }

    #[test]
    fn reports_a_bad_checksum_with_both_values() {
        let wrong = format!("{}58C8", &DANA_STATIC[..DANA_STATIC.len() - 4]);
        assert_eq!(parse(&wrong), Err(QrisError::CrcMismatch { expected: 0x58C7, found: 0x58C8 }));
        let message = parse(&wrong).unwrap_err().to_string();
        assert!(message.contains("58C7") && message.contains("58C8"), "{message}");

        // A typo in the merchant name keeps the structure but breaks the CRC.
        let typo = DANA_STATIC.replace("Sugeng", "Sugeny");
        assert!(matches!(parse(&typo), Err(QrisError::CrcMismatch { found: 0x58C7, .. })));

        let not_hex = format!("{}58CX", &DANA_STATIC[..DANA_STATIC.len() - 4]);
        assert_eq!(
            parse(&not_hex),
            Err(QrisError::BadCrcField { position: DANA_STATIC.len() - 8, found: "58CX".into() })
        );
        let plus = format!("{}+8C7", &DANA_STATIC[..DANA_STATIC.len() - 4]);
        assert!(matches!(parse(&plus), Err(QrisError::BadCrcField { .. })));
    }

    #[test]
    fn reports_truncated_and_garbage_input() {
        assert_eq!(parse(""), Err(QrisError::Empty));
        assert_eq!(parse(" \n"), Err(QrisError::Empty));
        assert_eq!(parse("hello world"), Err(QrisError::BadTag { position: 0, found: "he".into() }));
        assert!(parse("hello world").unwrap_err().to_string().contains("000201"));
        assert_eq!(parse("000"), Err(QrisError::TruncatedHeader { position: 0 }));
        assert_eq!(parse("0002010"), Err(QrisError::TruncatedHeader { position: 6 }));
        assert_eq!(parse("0002X1"), Err(QrisError::MissingCrc));

        // Cut in the middle of the merchant name.
        let cut = &DANA_STATIC[..DANA_STATIC.find("ayur").unwrap()];
        let name_at = DANA_STATIC.find("5922").unwrap();
        assert_eq!(
            parse(cut),
            Err(QrisError::TruncatedValue { position: name_at, tag: 59, declared: 22, available: 8 })
        );
        // Cut exactly before the checksum.
        assert_eq!(parse(&DANA_STATIC[..DANA_STATIC.len() - 8]), Err(QrisError::MissingCrc));
        // Two stickers pasted together.
        let twice = format!("{DANA_STATIC}{DANA_STATIC}");
        assert_eq!(parse(&twice), Err(QrisError::CrcNotLast { position: DANA_STATIC.len() - 8 }));
        assert_eq!(parse(&format!("{DANA_STATIC}.")), Err(QrisError::CrcNotLast { position: DANA_STATIC.len() - 8 }));
        // A non-digit length.
        assert_eq!(parse("00AB01"), Err(QrisError::BadLength { position: 0, tag: 0, found: "AB".into() }));
        assert_eq!(parse("0000"), Err(QrisError::EmptyValue { position: 0, tag: 0 }));
    }

    #[test]
    fn reports_non_ascii_and_control_characters_with_their_position() {
        let accented = DANA_STATIC.replace("Sugeng", "Sugéng");
        let at = DANA_STATIC.find("Sugeng").unwrap() + 3;
        assert_eq!(parse(&accented), Err(QrisError::NonAscii { position: at, character: 'é' }));
        let curly = format!("“{DANA_STATIC}”");
        assert_eq!(parse(&curly), Err(QrisError::NonAscii { position: 0, character: '“' }));
        // Positions count characters of the text as given, leading space included.
        let spaced = format!("  {}", DANA_STATIC.replace("Bu", "B\u{a0}"));
        assert_eq!(
            parse(&spaced),
            Err(QrisError::NonAscii { position: DANA_STATIC.find("Bu").unwrap() + 3, character: '\u{a0}' })
        );
        let broken = DANA_STATIC.replace("Kab. ", "Kab.\n");
        assert_eq!(
            parse(&broken),
            Err(QrisError::ControlCharacter { position: DANA_STATIC.find("Kab.").unwrap() + 4 })
        );
    }

    #[test]
    fn reports_wrong_content_despite_a_correct_checksum() {
        let base = sticker();
        let cases: Vec<(Vec<(u8, &str)>, QrisError)> = vec![
            (with(&base, 53, "840"), QrisError::WrongCurrency { found: "840".into() }),
            (with(&base, 58, "SG"), QrisError::WrongCountry { found: "SG".into() }),
            (with(&base, 0, "02"), QrisError::BadFormatIndicator { found: "02".into() }),
            (with(&base, 1, "13"), QrisError::BadInitiationMethod { found: "13".into() }),
            (with(&base, 52, "54A9"), QrisError::BadCategoryCode { found: "54A9".into() }),
            (with(&base, 52, "549"), QrisError::BadCategoryCode { found: "549".into() }),
            (base[1..].to_vec(), QrisError::FormatIndicatorNotFirst { found_tag: 1 }),
            (base.iter().copied().filter(|f| f.0 != 1).collect(), QrisError::MissingTag { tag: 1 }),
            (base.iter().copied().filter(|f| f.0 != 53).collect(), QrisError::MissingTag { tag: 53 }),
            (base.iter().copied().filter(|f| f.0 != 59).collect(), QrisError::MissingTag { tag: 59 }),
            (base.iter().copied().filter(|f| f.0 != 60).collect(), QrisError::MissingTag { tag: 60 }),
            (base.iter().copied().filter(|f| f.0 != 26 && f.0 != 51).collect(), QrisError::NoMerchantAccount),
        ];
        for (fields, error) in cases {
            assert_eq!(parse(&build(&fields)), Err(error));
        }

        let blank = build(&with(&base, 59, "   "));
        assert_eq!(parse(&blank), Err(QrisError::BlankField { position: blank.find("5903").unwrap(), tag: 59 }));

        let duplicate = build(&[&base[..], &[(53, "360")]].concat());
        assert_eq!(parse(&duplicate), Err(QrisError::DuplicateTag { position: duplicate.len() - 15, tag: 53 }));
    }

    #[test]
    fn merchant_account_templates_must_nest_tlv_with_an_identifier() {
        let base = sticker();
        // "ID.CO.QRIS.WWW" where "0014ID.CO.QRIS.WWW" should be.
        let flat = build(&with(&base, 51, "ID.CO.QRIS.WWW"));
        let at = flat.find("5114").unwrap() + 4;
        assert_eq!(parse(&flat), Err(QrisError::BadMerchantAccount { tag: 51, position: at }));
        // Nested data that runs past the end of the template.
        let short = build(&with(&base, 51, "0014ID.CO.QRIS.WWW0215ID102434"));
        let at = short.find("5130").unwrap() + 4 + 18;
        assert_eq!(parse(&short), Err(QrisError::BadMerchantAccount { tag: 51, position: at }));
        // Well-formed, but no globally unique identifier (sub-tag 00).
        let anonymous = build(&with(&base, 51, "0215ID10243456789010303UMI"));
        let at = anonymous.find("5126").unwrap() + 4;
        assert_eq!(parse(&anonymous), Err(QrisError::BadMerchantAccount { tag: 51, position: at }));
        // Any acquirer domain will do.
        let other = build(&with(&base, 26, "0017ID.CO.EXAMPLE.WWW0303UMI"));
        assert_eq!(parse(&other).unwrap().merchant_account_ids(), ["ID.CO.EXAMPLE.WWW", "ID.CO.QRIS.WWW"]);
    }

    #[test]
    fn reads_amounts_with_and_without_decimals() {
        let dynamic = with(&sticker(), 1, "12");
        let amount = |value: &'static str| {
            let mut fields = dynamic.clone();
            fields.insert(6, (54, value));
            parse(&build(&fields)).map(|q| q.amount())
        };
        assert_eq!(amount("25000"), Ok(Some(Rupiah(25_000))));
        assert_eq!(amount("25000.00"), Ok(Some(Rupiah(25_000))));
        assert_eq!(amount("25000."), Ok(Some(Rupiah(25_000))));
        assert_eq!(amount("25000.50"), Err(QrisError::FractionalAmount { found: "25000.50".into() }));
        // EMVCo's decimal mark is the point, whatever Indonesian habit says.
        assert_eq!(amount("25.000"), Ok(Some(Rupiah(25))));
        assert_eq!(amount("Rp25000"), Err(QrisError::BadAmount { found: "Rp25000".into() }));
        assert_eq!(amount(".5"), Err(QrisError::BadAmount { found: ".5".into() }));
        assert_eq!(amount("1.2.3"), Err(QrisError::BadAmount { found: "1.2.3".into() }));
    }

    #[test]
    fn feed_check_wants_the_static_sticker() {
        assert_eq!(check_static(NOBU_STATIC), Ok(()));
        let dynamic = check_static(DANA_DYNAMIC_25041).unwrap_err();
        assert!(dynamic.contains("static QRIS text"), "{dynamic}");
        assert_eq!(parse_static(DANA_DYNAMIC_25041), Err(QrisError::AlreadyDynamic));

        // A static QRIS that nevertheless fixes an amount.
        let mut fields = sticker();
        fields.insert(6, (54, "15000"));
        let fixed = build(&fields);
        assert_eq!(parse_static(&fixed), Err(QrisError::HasAmount { amount: Rupiah(15_000) }));
        let message = check_static(&fixed).unwrap_err();
        assert!(message.contains("static QRIS text") && message.contains("Rp 15.000"), "{message}");

        let broken = check_static(&DANA_STATIC[..100]).unwrap_err();
        assert!(broken.contains("cut off"), "{broken}");
    }

    #[test]
    fn every_error_explains_itself_in_both_languages() {
        let errors = [
            QrisError::Empty,
            QrisError::NonAscii { position: 3, character: 'é' },
            QrisError::ControlCharacter { position: 3 },
            QrisError::TruncatedHeader { position: 3 },
            QrisError::TruncatedValue { position: 3, tag: 59, declared: 22, available: 7 },
            QrisError::BadTag { position: 0, found: "he".into() },
            QrisError::BadTag { position: 3, found: "x1".into() },
            QrisError::BadLength { position: 3, tag: 59, found: "AB".into() },
            QrisError::EmptyValue { position: 3, tag: 60 },
            QrisError::DuplicateTag { position: 3, tag: 53 },
            QrisError::MissingCrc,
            QrisError::CrcNotLast { position: 3 },
            QrisError::BadCrcField { position: 3, found: "58CX".into() },
            QrisError::CrcMismatch { expected: 0x58C7, found: 0x58C8 },
            QrisError::FormatIndicatorNotFirst { found_tag: 1 },
            QrisError::BadFormatIndicator { found: "02".into() },
            QrisError::BadInitiationMethod { found: "13".into() },
            QrisError::MissingTag { tag: 59 },
            QrisError::NoMerchantAccount,
            QrisError::BadMerchantAccount { tag: 51, position: 3 },
            QrisError::BadCategoryCode { found: "54A9".into() },
            QrisError::WrongCurrency { found: "840".into() },
            QrisError::WrongCountry { found: "SG".into() },
            QrisError::BlankField { position: 3, tag: 59 },
            QrisError::BadAmount { found: "Rp5".into() },
            QrisError::FractionalAmount { found: "5.5".into() },
            QrisError::ZeroAmount,
            QrisError::AmountTooLarge { amount: Rupiah(12_500_000) },
            QrisError::AlreadyDynamic,
            QrisError::HasAmount { amount: Rupiah(15_000) },
        ];
        let mut english = BTreeSet::new();
        for error in &errors {
            let (id, en) = (error.message(Lang::Id), error.message(Lang::En));
            assert!(!id.is_empty() && !en.is_empty() && id != en, "{error:?}");
            assert_eq!(error.to_string(), en);
            assert!(english.insert(en), "two errors share a message: {error:?}");
        }
        // Positions are shown counting from 1.
        assert!(QrisError::CrcNotLast { position: 3 }.to_string().contains("position 4"));
        assert!(QrisError::MissingTag { tag: 59 }.to_string().contains("tag 59 (merchant name)"));
    }

    /// Renders `payload` as a QR code in a greyscale bitmap, with the 4-module
    /// quiet zone the standard asks for, and reads it back as a phone camera
    /// would.
    fn scan(payload: &str) -> String {
        const QUIET: usize = 4;
        const PIXELS: usize = 5;
        let code = qrcode::QrCode::new(payload.as_bytes()).expect("payload fits in a QR code");
        let modules = code.width();
        let colors = code.to_colors();
        let side = (modules + 2 * QUIET) * PIXELS;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = ((x / PIXELS).wrapping_sub(QUIET), (y / PIXELS).wrapping_sub(QUIET));
            let dark = mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
            if dark {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the picture");
        let (_, content) = grids[0].decode().expect("the QR code decodes");
        content
    }

    #[test]
    fn dynamic_payload_survives_a_qr_code_and_a_camera() {
        for (payload, amount) in [(DANA_STATIC, 135_000), (GOPAY_STATIC, 10_000_000), (NOBU_STATIC, 1)] {
            let dynamic = parse(payload).unwrap().with_amount(Rupiah(amount)).unwrap();
            let scanned = scan(&dynamic);
            assert_eq!(scanned, dynamic);
            let read = parse(&scanned).unwrap();
            assert_eq!(read.amount(), Some(Rupiah(amount)));
            assert!(!read.is_static());
            assert_eq!(read.merchant_name(), parse(payload).unwrap().merchant_name());
        }
    }

    proptest! {
        #[test]
        fn any_allowed_amount_makes_a_valid_dynamic_payload(
            amount in 1u64..=10_000_000,
            which in 0usize..PUBLISHED_STATIC.len(),
        ) {
            let qris = parse(PUBLISHED_STATIC[which]).unwrap();
            let payload = qris.with_amount(Rupiah(amount)).unwrap();
            let (body, crc) = payload.split_at(payload.len() - 4);
            prop_assert!(body.ends_with("6304"));
            prop_assert_eq!(format!("{:04X}", crc16_ccitt_false(body.as_bytes())), crc);
            let dynamic = parse(&payload).unwrap();
            prop_assert_eq!(dynamic.amount(), Some(Rupiah(amount)));
            prop_assert!(!dynamic.is_static());
            prop_assert_eq!(dynamic.merchant_name(), qris.merchant_name());
            let expected_field = format!("54{:02}{amount}", amount.to_string().len());
            let expected_run = format!("5303360{expected_field}5802ID");
            prop_assert!(payload.contains(&expected_run), "{} lacks {}", payload, expected_run);
            prop_assert!(check_static(&payload).is_err());
        }

        #[test]
        fn amounts_above_the_limit_are_refused(amount in 10_000_001u64..) {
            let qris = parse(DANA_STATIC).unwrap();
            prop_assert_eq!(qris.with_amount(Rupiah(amount)), Err(QrisError::AmountTooLarge { amount: Rupiah(amount) }));
        }

        #[test]
        fn parse_never_panics(text in ".{0,300}") {
            let _ = parse(&text);
        }

        #[test]
        fn any_single_character_change_is_caught(
            which in 0usize..PUBLISHED_STATIC.len(),
            index in 0usize..150,
            replacement in proptest::char::range(' ', '~'),
        ) {
            // CRC-16 detects every single-symbol error, so a changed
            // character can never pass as a valid payload.
            let original = PUBLISHED_STATIC[which];
            let index = index % original.len();
            let mut changed = original.to_string();
            changed.replace_range(index..=index, &replacement.to_string());
            let result = parse(&changed);
            let crc_case_only = index >= original.len() - 4 && changed.eq_ignore_ascii_case(original);
            if changed == original || crc_case_only {
                prop_assert!(result.is_ok());
            } else {
                prop_assert!(result.is_err(), "{changed}");
            }
        }
    }
}
