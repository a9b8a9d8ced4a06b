//! The small format rules of the feed, hand-written (no regex engine: this
//! code runs in WASM on phones). Each check returns the message to report,
//! without the path, and suggests the corrected value where it can tell what
//! was meant.

/// Names of things (products, villages, outlets, producers, categories).
pub const NAME_MAX: usize = 120;
/// Sizes as sold: `250 g`.
pub const UNIT_MAX: usize = 40;
pub const TAG_MAX: usize = 40;
pub const TAGS_MAX: usize = 20;
pub const DESCRIPTION_MAX: usize = 2000;
pub const STORY_MAX: usize = 3000;
/// Any other short text: tagline, town, address, hours, alt text...
pub const SHORT_MAX: usize = 200;
/// Image addresses: CDN URLs can be long, so these get more room than short text.
pub const SRC_MAX: usize = 500;
pub const PRODUCT_ID_MAX: usize = 40;
pub const SLUG_MAX: usize = 80;
pub const STOCK_MAX: u64 = 1_000_000;
/// Options per product: grind × weight × roast is already more than a
/// phone's picker should ask.
pub const OPTIONS_MAX: usize = 3;
/// Values per option (tenun motifs are the most).
pub const OPTION_VALUES_MAX: usize = 30;
/// Variants per product.
pub const VARIANTS_MAX: usize = 100;
/// A QRIS payload is at most 512 characters (EMVCo).
pub const QRIS_MAX: usize = 512;

/// How much of a value a message quotes.
const QUOTE_MAX: usize = 40;

/// A value as a message quotes it (see `quote`), spelled out only when the
/// message is formatted, so checks that pass cost nothing for it.
struct Quoted<'s>(&'s str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&quote(self.0))
    }
}

/// `"abc"` for a message: at most 40 characters, control characters escaped.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(QUOTE_MAX * 4) + 4);
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        if i == QUOTE_MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_debug()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lowercase letters, digits and hyphens: `kopi-arabika-bajawa`.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(crate) fn check_slug(s: &str) -> Result<(), String> {
    if is_slug(s) {
        return Ok(());
    }
    let fixed: String = s
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let hint = if is_slug(&fixed) { format!("; write {fixed}") } else { String::new() };
    Err(format!(
        "must contain only lowercase letters a-z, digits and hyphens (-), such as kopi-arabika-bajawa, found {}{hint}",
        quote(s)
    ))
}

/// Letters, digits and hyphens: `NGD-0001`.
pub(crate) fn check_product_id(s: &str) -> Result<(), String> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Ok(());
    }
    Err(format!("must contain only letters A-Z, digits and hyphens (-), such as NGD-0001, found {}", quote(s)))
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Every ASCII digit of `s`, in order.
fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// `s` without the separators staff type inside numbers.
fn without_separators(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '/' | '\u{a0}')).collect()
}

/// A number of exactly `len` digits (P-IRT, NIB). When the value holds
/// exactly that many digits among other characters, suggests the digits.
fn check_digits(s: &str, len: usize, what: &str, example: &str) -> Result<(), String> {
    if s.len() == len && all_digits(s) {
        return Ok(());
    }
    let digits = digits_of(s);
    let hint = if digits.len() == len { format!("; write {digits}") } else { String::new() };
    Err(format!("must be {what}: exactly {len} digits, such as {example}, found {}{hint}", quote(s)))
}

/// P-IRT home-industry registration: 15 digits.
pub(crate) fn check_pirt(s: &str) -> Result<(), String> {
    check_digits(s, 15, "the P-IRT number", "206530901012326")
}

/// OSS business number: 13 digits.
pub(crate) fn check_nib(s: &str) -> Result<(), String> {
    check_digits(s, 13, "the NIB business number", "9120301234567")
}

fn is_bpom(s: &str) -> bool {
    s.len() == 14 && (s.starts_with("MD") || s.starts_with("ML")) && all_digits(&s[2..])
}

/// BPOM registration: `MD` or `ML` and exactly 12 digits, no spaces.
pub(crate) fn check_bpom(s: &str) -> Result<(), String> {
    if is_bpom(s) {
        return Ok(());
    }
    // The hints only ever suggest ASCII codes, so ASCII case mapping is
    // enough, and it keeps Unicode's case tables out of the wasm bundle.
    let upper = s.trim().to_ascii_uppercase();
    let mut rest = upper.as_str();
    for prefix in ["BPOM RI", "BPOM"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    let fixed = without_separators(rest);
    let hint = if is_bpom(&fixed) { format!("; write {fixed}") } else { String::new() };
    Err(format!(
        "must be the BPOM number: MD or ML followed by exactly 12 digits, without spaces, such as MD224213001234, found {}{hint}",
        quote(s)
    ))
}

fn is_halal_certificate(s: &str) -> bool {
    s.len() >= 12 && s.len() <= 22 && s.starts_with("ID") && all_digits(&s[2..])
}

/// BPJPH halal certificate: `ID` and 10 to 20 digits.
pub(crate) fn check_halal_certificate(s: &str) -> Result<(), String> {
    if is_halal_certificate(s) {
        return Ok(());
    }
    let fixed = without_separators(&s.trim().to_ascii_uppercase());
    let hint = if is_halal_certificate(&fixed) { format!("; write {fixed}") } else { String::new() };
    Err(format!(
        "must be the halal certificate number: ID followed by 10 to 20 digits, such as ID00410000123450224, found {}{hint}",
        quote(s)
    ))
}

fn is_whatsapp(s: &str) -> bool {
    (10..=15).contains(&s.len()) && s.starts_with("62") && !s[2..].starts_with('0') && all_digits(s)
}

/// WhatsApp number in international form: `62` and 8 to 13 digits.
pub(crate) fn check_whatsapp(s: &str) -> Result<(), String> {
    if is_whatsapp(s) {
        return Ok(());
    }
    let cleaned: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')).collect();
    let fixed = if let Some(rest) = cleaned.strip_prefix("+62") {
        format!("62{}", rest.strip_prefix('0').unwrap_or(rest))
    } else if let Some(rest) = cleaned.strip_prefix("620") {
        format!("62{rest}")
    } else if let Some(rest) = cleaned.strip_prefix('0') {
        format!("62{rest}")
    } else if cleaned.starts_with('8') {
        format!("62{cleaned}")
    } else {
        cleaned
    };
    let hint = if is_whatsapp(&fixed) { format!("; write {fixed}") } else { String::new() };
    Err(format!(
        "must be a WhatsApp number in international form: 62 followed by 8 to 13 digits, without +, spaces or a leading 0, such as 6281234567890, found {}{hint}",
        quote(s)
    ))
}

/// The storefront's public origin: `https://host[/path]`, no trailing slash.
pub(crate) fn check_base_url(s: &str) -> Result<(), String> {
    let found = Quoted(s);
    let Some(rest) = s.strip_prefix("https://") else {
        if let Some(rest) = s.strip_prefix("http://") {
            return Err(format!(
                "must start with https:// (a secure address), not http://, found {found}; write https://{}",
                rest.trim_end_matches('/')
            ));
        }
        return Err(format!(
            "must be the full address of the storefront starting with https://, such as https://nttmart.id, found {found}"
        ));
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("must name a website after https://, such as https://nttmart.id, found {found}"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("must not contain spaces, found {found}"));
    }
    if s.contains(['?', '#']) {
        return Err(format!("must be a plain address without ? or #, such as https://nttmart.id, found {found}"));
    }
    if s.ends_with('/') {
        return Err(format!("must not end with a slash (/), found {found}; write {}", s.trim_end_matches('/')));
    }
    Ok(())
}

/// The scheme of an absolute URL (`javascript` in `javascript:alert(1)`),
/// if `s` has one.
fn scheme(s: &str) -> Option<&str> {
    let (head, _) = s.split_once(':')?;
    let mut bytes = head.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic() && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
        .then_some(head)
}

/// The common image addresses that `check_image_src` accepts, told apart in
/// one pass: visible ASCII only (so no control characters or spaces) and
/// either `https://` and a host, or a relative path without `:`, `\\`, `..`
/// or a leading `//`.
fn is_plain_image_src(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.iter().all(|c| matches!(c, b'!'..=b'~')) {
        return false;
    }
    if let Some(rest) = b.strip_prefix(b"https://") {
        return !matches!(rest.first(), None | Some(b'/' | b'?' | b'#'));
    }
    !b.starts_with(b"//") && !b.iter().any(|&c| c == b':' || c == b'\\') && !b.windows(2).any(|w| w == b"..")
}

/// A colour as six hex digits, `8a6b3c`.
pub(crate) fn check_hex_color(s: &str) -> Result<(), String> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!("must be six hex digits such as 8a6b3c, found {}", Quoted(s)))
    }
}

/// A placeholder picture: a `data:image/…;base64,` URL (it is put in pages
/// as it is, so nothing else may get in).
pub(crate) fn check_placeholder(s: &str) -> Result<(), String> {
    let ok = ["data:image/webp;base64,", "data:image/jpeg;base64,", "data:image/png;base64,"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .is_some_and(|b64| b64.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')));
    if ok {
        Ok(())
    } else {
        Err("must be a data:image/webp, jpeg or png base64 URL".into())
    }
}

/// An image address: a relative path from the site root (`img/kopi.svg`) or
/// an `https://` URL. Anything that could run script, leave the site's folder
/// or load insecurely is rejected.
pub(crate) fn check_image_src(s: &str) -> Result<(), String> {
    if is_plain_image_src(s) {
        return Ok(());
    }
    check_image_src_fully(s)
}

/// `check_image_src` without the shortcut for plain addresses.
fn check_image_src_fully(s: &str) -> Result<(), String> {
    let found = Quoted(s);
    const USE: &str = "use a path such as img/kopi.svg or an https:// address";
    if s.chars().any(char::is_control) {
        return Err(format!("must not contain control characters, found {found}"));
    }
    if let Some(scheme) = scheme(s) {
        let lower = scheme.to_ascii_lowercase();
        return match lower.as_str() {
            "https" if s.starts_with("https://") => {
                let host = s["https://".len()..].split(['/', '?', '#']).next().unwrap_or("");
                if host.is_empty() || host.contains(char::is_whitespace) {
                    Err(format!("must name a website after https://, found {found}"))
                } else {
                    Ok(())
                }
            }
            "https" => Err(format!("must start with https:// written in lowercase, found {found}")),
            "http" => Err(format!(
                "must use https://, not http:// (a secure site cannot show insecure images), found {found}{}",
                s.split_once("://").map_or(String::new(), |(_, rest)| format!("; write https://{rest}"))
            )),
            _ if scheme.len() == 1 => {
                Err(format!("looks like a file on a computer, found {found}; put the image on the website and {USE}"))
            }
            _ => Err(format!("must not be a {lower}: address (not allowed for images), found {found}; {USE}")),
        };
    }
    if s.starts_with("//") {
        return Err(format!("must not start with //, found {found}; {USE}"));
    }
    if s.contains('\\') {
        return Err(format!("must use / between folders, not \\, found {found}"));
    }
    let path = s.split(['?', '#']).next().unwrap_or("");
    if path.split('/').any(|segment| segment == "..") {
        return Err(format!("must not contain .. (a folder outside the website), found {found}; {USE}"));
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum DateError {
    Shape,
    Year(u32),
    Month(u32),
    Day { year: u32, month: u32 },
}

/// Days in `month` of `year`; both already range-checked, so the narrowing
/// casts are exact.
fn days_in_month(year: u32, month: u32) -> u32 {
    u32::from(crate::date::days_in_month(year as u16, month as u8))
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !all_digits(s) {
        return None;
    }
    s.parse().ok()
}

fn validate_date(year: u32, month: u32, day: u32) -> Result<(), DateError> {
    if !(1900..=2100).contains(&year) {
        return Err(DateError::Year(year));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Month(month));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(DateError::Day { year, month });
    }
    Ok(())
}

fn parse_date(s: &str) -> Result<(), DateError> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Shape);
    }
    let (Some(year), Some(month), Some(day)) = (number(&s[..4]), number(&s[5..7]), number(&s[8..])) else {
        return Err(DateError::Shape);
    };
    validate_date(year, month, day)
}

/// What a date written another way (`15/03/2024`, `2024-3-5`) most likely
/// means, in `YYYY-MM-DD`. Day-first, as Indonesians write dates.
fn date_suggestion(s: &str) -> Option<String> {
    let mut parts = s.trim().split(['/', '-', '.']);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    validate_date(year, month, day).ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A real calendar date written `YYYY-MM-DD`.
pub(crate) fn check_date(s: &str) -> Result<(), String> {
    let found = Quoted(s);
    match parse_date(s) {
        Ok(()) => Ok(()),
        Err(DateError::Shape) => {
            let hint = date_suggestion(s).map(|d| format!("; write {d}")).unwrap_or_default();
            Err(format!("must be a date written YYYY-MM-DD, such as 2024-03-15, found {found}{hint}"))
        }
        Err(DateError::Year(_)) => Err(format!("must have a year between 1900 and 2100, found {found}")),
        Err(DateError::Month(m)) => {
            let day = number(&s[8..]).unwrap_or(0);
            let hint = if (1..=12).contains(&day) {
                format!(" (are the month and day swapped? {}-{day:02}-{m:02})", &s[..4])
            } else {
                String::new()
            };
            Err(format!("is not a real date: there is no month {m}, found {found}{hint}"))
        }
        Err(DateError::Day { year, month }) => Err(format!(
            "is not a real date: {} {year} has {} days, found {found}",
            crate::date::month_name(month as u8, crate::lang::Lang::En).unwrap_or_default(),
            days_in_month(year, month)
        )),
    }
}

/// Levenshtein distance, case-insensitive, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            row[j + 1] = substitute.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// The candidate within edit distance 2 of `word` (and less than the word's
/// length, so `x` does not suggest `id`); the closest wins, ties go to the
/// alphabetically first so messages do not depend on hash order.
pub(crate) fn closest<'k>(word: &str, candidates: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    if word.len() > 64 {
        return None;
    }
    let limit = 2.min(word.chars().count().saturating_sub(1));
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= limit && c.len() <= 64)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_dates() {
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2000-02-29").is_ok());
        assert!(check_date("2023-02-29").unwrap_err().contains("February 2023 has 28 days"));
        assert!(check_date("1900-02-29").unwrap_err().contains("February 1900 has 28 days"));
        assert!(check_date("2024-04-31").unwrap_err().contains("April 2024 has 30 days"));
        assert!(check_date("2024-13-05").unwrap_err().contains("there is no month 13"));
        assert!(check_date("2024-13-05").unwrap_err().contains("2024-05-13"));
        assert!(check_date("0224-01-05").unwrap_err().contains("year between 1900 and 2100"));
        assert!(check_date("2024-00-10").is_err());
        assert!(check_date("2024-01-00").is_err());
        assert!(check_date("2024-1-5").unwrap_err().ends_with("; write 2024-01-05"));
        assert!(check_date("15/03/2024").unwrap_err().ends_with("; write 2024-03-15"));
        assert!(check_date("+024-01-05").is_err());
        assert!(check_date("2024-01-05T00:00").is_err());
        assert!(check_date("２０２４-01-05").is_err());
    }

    #[test]
    fn closest_suggests_near_names_only() {
        let known = ["name", "price", "stock", "id"];
        assert_eq!(closest("prise", known), Some("price"));
        assert_eq!(closest("Price", known), Some("price"));
        assert_eq!(closest("colour", known), None);
        assert_eq!(closest("x", known), None);
        assert_eq!(closest("ids", known), Some("id"));
    }

    #[test]
    fn quote_truncates_and_escapes() {
        assert_eq!(quote("Se'i \"babi\""), "\"Se'i \\\"babi\\\"\"");
        assert_eq!(quote(&"é".repeat(50)), format!("\"{}…\"", "é".repeat(40)));
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
    }

    #[test]
    fn plain_image_addresses_are_the_accepted_ones() {
        for s in [
            "img/kopi.svg",
            "https://cdn.nttmart.id/a.jpg",
            "https://x",
            "https://x?y#z",
            "a..b/c.svg",
            "https:/x",
            "https://",
            "https:///x",
            "https://?x",
            "HTTPS://x",
            "//x",
            "../x",
            "a/../x",
            "a\\b",
            "img/a:b.svg",
            "c:x",
            "a b",
            "a\u{7f}",
            "é",
            "",
        ] {
            assert_eq!(check_image_src(s), check_image_src_fully(s), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_image_shortcut_changes_no_verdict(s in "(https://|http://|//|/|[a-zA-Z]:|javascript:)?[a-zA-Z0-9./:?#\\\\ \\x00\\x7f-]{0,12}") {
            proptest::prop_assert_eq!(check_image_src(&s), check_image_src_fully(&s));
        }
    }

    #[test]
    fn scheme_detection() {
        assert_eq!(scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(scheme("img/a:b.svg"), None);
        assert_eq!(scheme("C:\\foto.jpg"), Some("C"));
        assert_eq!(scheme(":x"), None);
    }
}
