//! The outlet's side of a WhatsApp order: the order as a compact text that
//! rides in the message as a link, `…/pesanan#<slip>`, and opens as a
//! packing slip checked against the current catalogue, with ready replies
//! to the customer.
//!
//! The slip lives only in the message and in the URL fragment, which
//! browsers never send to a server, so no server log ever holds a
//! customer's name, phone or address. The same text is how the customer's
//! device keeps its past orders (`history`).
//!
//! The format is `key=value` pairs joined by `&`, values percent-encoded
//! (`order::percent_encode`), so a link survives WhatsApp's link detection
//! (no spaces) and stays readable when staff look at it. A checksum at the
//! end catches a link cut short when copied; it is not a signature: anyone
//! can write a slip, which is why the page compares it with the catalogue.

use crate::catalog::{Catalog, Outlet};
use crate::digest::Fnv64;
use crate::lang::Lang;
use crate::money::Rupiah;
use crate::order::{percent_decode, percent_encode, whatsapp_url};
use crate::payment::{self, Method};
use std::fmt::Write as _;

/// The format this code writes; a newer one is refused with its own message.
pub const VERSION: u32 = 1;
/// Most lines a slip carries (the cart's own cap).
pub const MAX_LINES: usize = crate::cart::MAX_LINES;

/// How the customer receives the goods, as the slip records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handover {
    Pickup,
    /// `place` is the zone/area as the checkout named it; `address` the
    /// customer's own words.
    Delivery {
        place: String,
        address: String,
    },
}

/// One line of the order, at the price the customer saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlipLine {
    pub product_id: String,
    /// A product variant's id, for feeds that have variants.
    pub variant: Option<String>,
    pub name: String,
    pub unit: String,
    pub quantity: u32,
    pub price: Rupiah,
}

/// A sent order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub reference: String,
    /// When the order was written, Unix milliseconds.
    pub placed_ms: u64,
    /// The customer's language, so replies are in it.
    pub lang: Lang,
    /// Kabupaten slug of the outlet.
    pub outlet: String,
    pub name: String,
    /// `62…` digits.
    pub phone: String,
    pub handover: Handover,
    pub note: Option<String>,
    pub payment: Method,
    /// `None` while the outlet has to quote it.
    pub delivery_fee: Option<Rupiah>,
    pub lines: Vec<SlipLine>,
}

/// Why a slip link cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlipError {
    /// Nothing after `#`.
    Empty,
    /// The checksum does not match: the link was cut short or changed.
    Damaged,
    /// Written by a newer version of the shop.
    Newer(u32),
    /// A field is missing or malformed (its key).
    Field(&'static str),
}

impl SlipError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SlipError::Empty => lang
                .pick(
                    "Tautan ini tidak memuat pesanan. Buka tautan lembar pesanan lengkap dari pesan WhatsApp pelanggan.",
                    "This link holds no order. Open the full order-slip link from the customer's WhatsApp message.",
                )
                .into(),
            SlipError::Damaged => lang
                .pick(
                    "Tautan pesanan ini terpotong atau berubah, jadi isinya tidak bisa dipercaya. Minta pelanggan mengirim ulang pesannya, atau salin tautan lengkapnya dari pesan.",
                    "This order link was cut short or changed, so its contents cannot be trusted. Ask the customer to send the message again, or copy the whole link from it.",
                )
                .into(),
            SlipError::Newer(v) => match lang {
                Lang::Id => format!("Pesanan ini dibuat oleh versi toko yang lebih baru (format {v}). Muat ulang halaman untuk memperbarui."),
                Lang::En => format!("This order was made by a newer version of the shop (format {v}). Reload the page to update."),
            },
            SlipError::Field(key) => match lang {
                Lang::Id => format!("Tautan pesanan ini rusak (bagian \"{key}\" tidak terbaca). Minta pelanggan mengirim ulang pesannya."),
                Lang::En => format!("This order link is damaged (its \"{key}\" part cannot be read). Ask the customer to send the message again."),
            },
        }
    }
}

impl Slip {
    /// Sum of the lines at the prices the customer saw.
    pub fn subtotal(&self) -> Option<Rupiah> {
        self.lines.iter().try_fold(Rupiah::ZERO, |sum, l| sum.checked_add(l.price.checked_mul(l.quantity)?))
    }

    /// Subtotal plus delivery, when the fee is known.
    pub fn total(&self) -> Option<Rupiah> {
        self.subtotal()?.checked_add(self.delivery_fee?)
    }

    /// Subtotal plus `fee` (the fee the outlet quotes, or the slip's own).
    pub fn total_with(&self, fee: Rupiah) -> Option<Rupiah> {
        self.subtotal()?.checked_add(fee)
    }

    pub fn kode_unik(&self) -> Option<u16> {
        (self.payment == Method::Transfer).then(|| payment::kode_unik(&self.reference))
    }

    /// The fragment after `#`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let mut put = |key: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
            out.push_str(&percent_encode(value));
        };
        put("v", &VERSION.to_string());
        put("r", &self.reference);
        put("t", &self.placed_ms.to_string());
        put("l", self.lang.code());
        put("o", &self.outlet);
        put("n", &self.name);
        put("p", &self.phone);
        match &self.handover {
            Handover::Pickup => put("f", "ambil"),
            Handover::Delivery { place, address } => {
                put("f", "antar");
                put("z", place);
                put("a", address);
            }
        }
        if let Some(note) = &self.note {
            put("c", note);
        }
        put("b", self.payment.code());
        put("d", &self.delivery_fee.map(|f| f.0.to_string()).unwrap_or_else(|| "?".into()));
        for line in &self.lines {
            // Parts are percent-encoded, so `*` never occurs inside one.
            let mut item = String::new();
            let _ = write!(
                item,
                "{}*{}*{}*{}*{}",
                percent_encode(&line.product_id),
                line.quantity,
                line.price.0,
                percent_encode(&line.name),
                percent_encode(&line.unit)
            );
            if let Some(v) = &line.variant {
                let _ = write!(item, "*{}", percent_encode(v));
            }
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str("i=");
            out.push_str(&item);
        }
        let sum = checksum(&out);
        out.push_str("&x=");
        out.push_str(&sum);
        out
    }

    /// Reads a fragment written by [`Slip::encode`] (with or without `#`).
    pub fn decode(text: &str) -> Result<Slip, SlipError> {
        let text = text.trim().trim_start_matches('#');
        if text.is_empty() {
            return Err(SlipError::Empty);
        }
        let (body, sum) = text.rsplit_once("&x=").ok_or(SlipError::Damaged)?;
        if checksum(body) != sum {
            return Err(SlipError::Damaged);
        }
        let mut fields: Vec<(&str, &str)> = Vec::new();
        for pair in body.split('&') {
            let (k, v) = pair.split_once('=').ok_or(SlipError::Damaged)?;
            fields.push((k, v));
        }
        let get = |key: &'static str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let text = |key: &'static str| -> Result<String, SlipError> {
            percent_decode(get(key).ok_or(SlipError::Field(key))?).map_err(|_| SlipError::Field(key))
        };
        let version: u32 = text("v")?.parse().map_err(|_| SlipError::Field("v"))?;
        if version > VERSION {
            return Err(SlipError::Newer(version));
        }
        let placed_ms = text("t")?.parse().map_err(|_| SlipError::Field("t"))?;
        let lang = Lang::from_code(&text("l")?).ok_or(SlipError::Field("l"))?;
        let handover = match text("f")?.as_str() {
            "ambil" => Handover::Pickup,
            "antar" => Handover::Delivery { place: text("z")?, address: text("a")? },
            _ => return Err(SlipError::Field("f")),
        };
        let payment = Method::from_code(&text("b")?).ok_or(SlipError::Field("b"))?;
        let delivery_fee = match text("d")?.as_str() {
            "?" => None,
            n => Some(Rupiah(n.parse().map_err(|_| SlipError::Field("d"))?)),
        };
        let mut lines = Vec::new();
        for (_, item) in fields.iter().filter(|(k, _)| *k == "i") {
            let parts: Vec<&str> = item.split('*').collect();
            let part = |i: usize| parts.get(i).copied().ok_or(SlipError::Field("i"));
            let dec = |s: &str| percent_decode(s).map_err(|_| SlipError::Field("i"));
            let quantity: u32 = part(1)?.parse().map_err(|_| SlipError::Field("i"))?;
            let price: u64 = part(2)?.parse().map_err(|_| SlipError::Field("i"))?;
            if quantity == 0 || parts.len() > 6 {
                return Err(SlipError::Field("i"));
            }
            lines.push(SlipLine {
                product_id: dec(part(0)?)?,
                quantity,
                price: Rupiah(price),
                name: dec(part(3)?)?,
                unit: dec(part(4)?)?,
                variant: parts.get(5).map(|v| dec(v)).transpose()?,
            });
        }
        if lines.is_empty() || lines.len() > MAX_LINES {
            return Err(SlipError::Field("i"));
        }
        let note = get("c").map(|_| text("c")).transpose()?;
        Ok(Slip {
            reference: text("r")?,
            placed_ms,
            lang,
            outlet: text("o")?,
            name: text("n")?,
            phone: text("p")?,
            handover,
            note,
            payment,
            delivery_fee,
            lines,
        })
    }

    /// The link staff open: `<origin>/pesanan#<slip>`.
    pub fn url(&self, origin: &str) -> String {
        format!("{}/pesanan#{}", origin.trim_end_matches('/'), self.encode())
    }

    /// Each line compared with the catalogue as it is now.
    pub fn check(&self, catalog: &Catalog) -> Vec<LineCheck> {
        self.lines
            .iter()
            .map(|line| {
                match line.variant.as_deref().and_then(|v| catalog.item(v)).or_else(|| catalog.item(&line.product_id)) {
                    None => LineCheck::Missing,
                    Some((_, v)) if !v.is_orderable() => LineCheck::SoldOut,
                    Some((_, v)) if v.orderable_up_to() < line.quantity => LineCheck::Short { stock: v.stock },
                    Some((_, v)) if v.price != line.price => LineCheck::PriceChanged { now: v.price },
                    Some(_) => LineCheck::Ok,
                }
            })
            .collect()
    }

    /// "Order received" for the customer, in their language: the total
    /// (with `fee`, the outlet's quote when the slip has none) and how to pay.
    pub fn reply_accepted(&self, outlet: &Outlet, fee: Option<Rupiah>) -> String {
        let lang = self.lang;
        let fee = self.delivery_fee.or(fee);
        let mut out = String::new();
        let _ = write!(
            out,
            "{}",
            match lang {
                Lang::Id =>
                    format!("Halo {}, pesanan {} sudah kami terima di {}.", self.name, self.reference, outlet.name),
                Lang::En => format!("Hello {}, {} has received your order {}.", self.name, outlet.name, self.reference),
            }
        );
        match fee.and_then(|f| self.total_with(f).map(|t| (f, t))) {
            Some((f, total)) => {
                let _ = write!(out, "\n{}: {total}", lang.pick("Total", "Total"));
                if matches!(self.handover, Handover::Delivery { .. }) {
                    let _ = write!(
                        out,
                        " ({} {})",
                        lang.pick("termasuk ongkir", "including delivery"),
                        if f == Rupiah::ZERO { lang.pick("gratis", "free").to_string() } else { f.to_string() }
                    );
                }
                out.push('\n');
                let delivery = matches!(self.handover, Handover::Delivery { .. });
                out.push_str(&pay_line(self.payment, total, &self.reference, outlet, lang, delivery));
            }
            None => {
                let _ = write!(
                    out,
                    "\n{}",
                    lang.pick(
                        "Ongkos kirim akan kami kabarkan sebentar lagi.",
                        "We will tell you the delivery fee shortly."
                    )
                );
            }
        }
        out.push('\n');
        out.push_str(lang.pick("Terima kasih!", "Thank you!"));
        out
    }

    /// "Out of stock" for the listed lines (indexes into `lines`).
    pub fn reply_out_of_stock(&self, outlet: &Outlet, lines: &[usize]) -> String {
        let names: Vec<&str> = lines.iter().filter_map(|&i| self.lines.get(i)).map(|l| l.name.as_str()).collect();
        let list = names.join(", ");
        match self.lang {
            Lang::Id => format!(
                "Halo {}, mohon maaf, stok habis untuk {list} di pesanan {} ({}). Apakah pesanan dilanjutkan tanpa produk tersebut?",
                self.name, self.reference, outlet.name
            ),
            Lang::En => format!(
                "Hello {}, we are sorry: {list} is out of stock for your order {} ({}). Shall we go ahead without it?",
                self.name, self.reference, outlet.name
            ),
        }
    }

    /// A `wa.me` link to the customer with `text` ready to send.
    pub fn reply_url(&self, text: &str) -> String {
        whatsapp_url(&self.phone, text)
    }
}

/// How to pay `total`, one or two lines of the message or reply.
pub fn pay_line(method: Method, total: Rupiah, reference: &str, outlet: &Outlet, lang: Lang, delivery: bool) -> String {
    match (method, delivery) {
        (Method::Cash, false) => {
            lang.pick("Pembayaran: tunai di outlet saat mengambil", "Payment: cash at the outlet on pickup").into()
        }
        (Method::Cash, true) => lang
            .pick(
                "Pembayaran: tunai ke kurir saat barang diterima (COD)",
                "Payment: cash to the courier on delivery (COD)",
            )
            .into(),
        (Method::Transfer, _) => match &outlet.payment.transfer {
            Some(acct) => {
                let code = payment::kode_unik(reference);
                let amount = payment::transfer_amount(total, reference).unwrap_or(total);
                match lang {
                    Lang::Id => format!(
                        "Pembayaran: transfer {amount} (sudah termasuk kode unik {code}) ke {} {} a.n. {}",
                        acct.bank, acct.account, acct.holder
                    ),
                    Lang::En => format!(
                        "Payment: transfer {amount} (including the unique code {code}) to {} {} in the name of {}",
                        acct.bank, acct.account, acct.holder
                    ),
                }
            }
            None => lang.pick("Pembayaran: transfer bank", "Payment: bank transfer").into(),
        },
        (Method::Qris, _) => match lang {
            Lang::Id => format!("Pembayaran: QRIS sebesar {total}"),
            Lang::En => format!("Payment: QRIS for {total}"),
        },
    }
}

/// One line of a slip compared with the current catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineCheck {
    Ok,
    PriceChanged {
        now: Rupiah,
    },
    /// Fewer in stock than ordered.
    Short {
        stock: u32,
    },
    SoldOut,
    /// No longer in the catalogue.
    Missing,
}

impl LineCheck {
    pub fn is_unavailable(self) -> bool {
        matches!(self, LineCheck::SoldOut | LineCheck::Missing | LineCheck::Short { .. })
    }
}

/// Four characters from a hash of the slip's text: enough to notice a link
/// cut short or mistyped.
fn checksum(body: &str) -> String {
    let mut h = Fnv64::new();
    h.write(body.as_bytes());
    format!("{:04x}", h.finish() & 0xffff)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn sample() -> Slip {
        Slip {
            reference: "NTT-261205-4F7K".into(),
            placed_ms: 1_796_428_800_000,
            lang: Lang::Id,
            outlet: "ngada".into(),
            name: "Maria Goreti".into(),
            phone: "6281234567890".into(),
            handover: Handover::Delivery {
                place: "Faobata (Kota Bajawa)".into(),
                address: "Jl. Ahmad Yani 5, RT 02 & gang #3".into(),
            },
            note: Some("Tolong dibungkus rapi\nterima kasih".into()),
            payment: Method::Transfer,
            delivery_fee: Some(Rupiah(10_000)),
            lines: vec![
                SlipLine {
                    product_id: "NGD-0001".into(),
                    variant: None,
                    name: "Kopi Arabika Flores Bajawa".into(),
                    unit: "250 g".into(),
                    quantity: 2,
                    price: Rupiah(65_000),
                },
                SlipLine {
                    product_id: "NGD-0002".into(),
                    variant: Some("500ml".into()),
                    name: "Madu Hutan \"Asli\" * & = 🐝".into(),
                    unit: "650 ml".into(),
                    quantity: 1,
                    price: Rupiah(115_000),
                },
            ],
        }
    }

    #[test]
    fn a_slip_round_trips_through_its_link() {
        let slip = sample();
        let url = slip.url("https://nttmart.nttprov.go.id/");
        assert!(url.starts_with("https://nttmart.nttprov.go.id/pesanan#v=1&r=NTT-261205-4F7K&"), "{url}");
        assert!(!url.contains(' ') && !url.contains('\n'), "WhatsApp ends a link at a space: {url}");
        let fragment = url.split_once('#').unwrap().1;
        assert_eq!(Slip::decode(fragment), Ok(slip.clone()));
        assert_eq!(Slip::decode(&format!("#{fragment}")), Ok(slip));
    }

    #[test]
    fn totals_and_kode_unik() {
        let slip = sample();
        assert_eq!(slip.subtotal(), Some(Rupiah(245_000)));
        assert_eq!(slip.total(), Some(Rupiah(255_000)));
        assert_eq!(slip.kode_unik(), Some(payment::kode_unik("NTT-261205-4F7K")));
        let quoted = Slip { delivery_fee: None, payment: Method::Cash, ..sample() };
        assert_eq!(quoted.total(), None);
        assert_eq!(quoted.kode_unik(), None);
        assert_eq!(quoted.total_with(Rupiah(30_000)), Some(Rupiah(275_000)));
    }

    #[test]
    fn a_cut_or_changed_link_is_refused() {
        let full = sample().encode();
        assert_eq!(Slip::decode(""), Err(SlipError::Empty));
        assert_eq!(Slip::decode("#"), Err(SlipError::Empty));
        assert_eq!(Slip::decode(&full[..full.len() - 30]), Err(SlipError::Damaged));
        let changed = full.replace("*65000*", "*6500*");
        assert_eq!(Slip::decode(&changed), Err(SlipError::Damaged));
        // A well-formed slip from a newer shop says so.
        let newer = full.split_once("&x=").unwrap().0.replacen("v=1", "v=9", 1);
        let newer = format!("{newer}&x={}", checksum(&newer));
        assert_eq!(Slip::decode(&newer), Err(SlipError::Newer(9)));
        let bad = full.split_once("&x=").unwrap().0.replacen("b=transfer", "b=kartu", 1);
        let bad = format!("{bad}&x={}", checksum(&bad));
        assert_eq!(Slip::decode(&bad), Err(SlipError::Field("b")));
        for e in [SlipError::Empty, SlipError::Damaged, SlipError::Newer(2), SlipError::Field("i")] {
            assert!(!e.message(Lang::Id).is_empty() && !e.message(Lang::En).is_empty());
        }
    }

    fn outlet() -> Outlet {
        use crate::catalog::{BankAccount, Delivery, LaunchStatus, Payment};
        Outlet {
            kabupaten: "ngada".into(),
            name: "NTT Mart Kabupaten Ngada".into(),
            town: "Bajawa".into(),
            status: LaunchStatus::Launched,
            launch_date: None,
            whatsapp: "628110005309".into(),
            address: "Jl. Soekarno-Hatta 11".into(),
            hours: "08.00–20.00".into(),
            delivery: Delivery::default(),
            payment: Payment {
                cash: true,
                transfer: Some(BankAccount {
                    bank: "Bank NTT".into(),
                    account: "0012345678".into(),
                    holder: "NTT Mart Ngada".into(),
                }),
                qris: None,
            },
        }
    }

    #[test]
    fn replies_state_the_total_and_how_to_pay_in_the_customers_language() {
        let slip = sample();
        let code = payment::kode_unik(&slip.reference);
        let reply = slip.reply_accepted(&outlet(), None);
        assert!(
            reply.starts_with(
                "Halo Maria Goreti, pesanan NTT-261205-4F7K sudah kami terima di NTT Mart Kabupaten Ngada."
            ),
            "{reply}"
        );
        assert!(reply.contains("\nTotal: Rp 255.000 (termasuk ongkir Rp 10.000)\n"), "{reply}");
        let amount = Rupiah(255_000 + u64::from(code));
        assert!(
            reply.contains(&format!(
                "transfer {amount} (sudah termasuk kode unik {code}) ke Bank NTT 0012345678 a.n. NTT Mart Ngada"
            )),
            "{reply}"
        );
        // A quoted fee: the outlet types it on the slip and the reply carries it.
        let quoted = Slip { delivery_fee: None, payment: Method::Cash, lang: Lang::En, ..sample() };
        let waiting = quoted.reply_accepted(&outlet(), None);
        assert!(waiting.contains("We will tell you the delivery fee shortly."), "{waiting}");
        let reply = quoted.reply_accepted(&outlet(), Some(Rupiah(35_000)));
        assert!(reply.contains("Total: Rp 280.000 (including delivery Rp 35.000)"), "{reply}");
        assert!(reply.contains("Payment: cash to the courier on delivery (COD)"), "{reply}");
        let stock = slip.reply_out_of_stock(&outlet(), &[1, 7]);
        assert!(stock.contains("stok habis untuk Madu Hutan \"Asli\" * & = 🐝 di pesanan NTT-261205-4F7K"), "{stock}");
        let url = slip.reply_url(&stock);
        assert!(url.starts_with("https://wa.me/6281234567890?text=Halo%20Maria"), "{url}");
    }

    #[test]
    fn lines_are_checked_against_the_catalogue() {
        use crate::cart::tests::{catalog, product};
        let mut kopi = product("NGD-0001", "Kopi", 70_000, 10);
        kopi.unit = "250 g".into();
        let slip = sample();
        assert_eq!(
            slip.check(&catalog(vec![kopi.clone()])),
            [LineCheck::PriceChanged { now: Rupiah(70_000) }, LineCheck::Missing]
        );
        kopi.first_variant_mut().price = Rupiah(65_000);
        let madu = product("NGD-0002", "Madu", 115_000, 0);
        assert_eq!(slip.check(&catalog(vec![kopi.clone(), madu])), [LineCheck::Ok, LineCheck::SoldOut]);
        kopi.first_variant_mut().stock = 1;
        assert_eq!(slip.check(&catalog(vec![kopi]))[0], LineCheck::Short { stock: 1 });
    }

    proptest! {
        #[test]
        fn any_slip_round_trips(
            name in "\\PC{1,40}", address in "\\PC{0,80}", note in proptest::option::of("\\PC{1,60}"),
            qty in 1u32..=99, price in 1u64..=250_000_000, fee in proptest::option::of(0u64..=5_000_000),
            id in "[A-Z]{3}-[0-9]{4}", item in "\\PC{1,40}", pickup in any::<bool>(),
        ) {
            let mut slip = sample();
            slip.name = name;
            slip.note = note;
            slip.delivery_fee = fee.map(Rupiah);
            slip.handover = if pickup { Handover::Pickup } else { Handover::Delivery { place: "Soa".into(), address } };
            slip.lines[0].product_id = id;
            slip.lines[0].name = item;
            slip.lines[0].quantity = qty;
            slip.lines[0].price = Rupiah(price);
            let text = slip.encode();
            prop_assert!(!text.contains(' '));
            prop_assert_eq!(Slip::decode(&text), Ok(slip));
        }

        #[test]
        fn decoding_never_panics(text in "\\PC*") {
            let _ = Slip::decode(&text);
        }
    }
}
