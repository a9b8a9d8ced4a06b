//! Integer Rupiah. Money never touches floating point: prices in the feed,
//! line totals and order totals are all whole Rupiah in a `u64`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of Indonesian Rupiah. The Rupiah has no minor unit in practice,
/// so one unit is one Rupiah.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rupiah(pub u64);

/// The highest price a single product may carry. The dearest real items are
/// hand-woven tenun at around Rp 25 juta; ten times that catches typos such as
/// an extra pair of zeros without rejecting genuine masterpieces.
pub const MAX_PRICE: Rupiah = Rupiah(250_000_000);

impl Rupiah {
    pub const ZERO: Rupiah = Rupiah(0);

    pub fn checked_add(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_add(other.0).map(Rupiah)
    }

    pub fn checked_mul(self, quantity: u32) -> Option<Rupiah> {
        self.0.checked_mul(u64::from(quantity)).map(Rupiah)
    }

    /// Reads a price the way staff type it in a spreadsheet: `Rp 25.000`,
    /// `Rp25.000,-`, `25.000`, `25000` or `25.000,00`. Indonesian notation
    /// uses `.` for thousands and `,` for decimals; a non-zero decimal part
    /// is an error because Rupiah prices are whole.
    pub fn parse(text: &str) -> Result<Rupiah, MoneyError> {
        let mut s = text.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        for prefix in ["Rp.", "RP.", "rp.", "Rp", "RP", "rp", "IDR", "idr"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start();
                break;
            }
        }
        let s = s.strip_suffix(",-").unwrap_or(s).trim();
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (whole, fraction) = match s.split_once(',') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        if let Some(f) = fraction {
            if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
                return Err(MoneyError::NotANumber);
            }
            if f.chars().any(|c| c != '0') {
                return Err(MoneyError::Fractional);
            }
        }
        let groups: Vec<&str> = whole.split(['.', ' ', '\u{a0}']).collect();
        if groups.iter().any(|g| g.is_empty() || !g.chars().all(|c| c.is_ascii_digit())) {
            return Err(MoneyError::NotANumber);
        }
        // A dot is a thousands separator only when every group after the first
        // has exactly three digits; "12.5" is a decimal typed the English way.
        if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
            return Err(MoneyError::Fractional);
        }
        let digits: String = groups.concat();
        digits.parse::<u64>().map(Rupiah).map_err(|_| MoneyError::TooLarge)
    }
}

impl fmt::Display for Rupiah {
    /// `Rp 125.000`: Indonesian thousands separators, no decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Rp ")?;
        f.write_str(&group_thousands(self.0))
    }
}

/// `1234567` → `1.234.567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NotANumber,
    Negative,
    Fractional,
    TooLarge,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Empty => "the price is empty",
            MoneyError::NotANumber => "not a price; write it as 25000 or Rp 25.000",
            MoneyError::Negative => "a price cannot be negative",
            MoneyError::Fractional => "Rupiah prices are whole numbers; remove the decimals",
            MoneyError::TooLarge => "the number is too large",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_with_indonesian_separators() {
        assert_eq!(Rupiah(0).to_string(), "Rp 0");
        assert_eq!(Rupiah(999).to_string(), "Rp 999");
        assert_eq!(Rupiah(1_000).to_string(), "Rp 1.000");
        assert_eq!(Rupiah(125_000).to_string(), "Rp 125.000");
        assert_eq!(Rupiah(25_000_000).to_string(), "Rp 25.000.000");
    }

    #[test]
    fn parses_spreadsheet_prices() {
        for (text, want) in [
            ("25000", 25_000),
            ("Rp 25.000", 25_000),
            ("Rp25.000,-", 25_000),
            ("Rp. 1.250.000", 1_250_000),
            ("25.000,00", 25_000),
            (" IDR 75000 ", 75_000),
        ] {
            assert_eq!(Rupiah::parse(text), Ok(Rupiah(want)), "{text}");
        }
    }

    #[test]
    fn rejects_bad_prices() {
        assert_eq!(Rupiah::parse(""), Err(MoneyError::Empty));
        assert_eq!(Rupiah::parse("Rp -5.000"), Err(MoneyError::Negative));
        assert_eq!(Rupiah::parse("12500,5"), Err(MoneyError::Fractional));
        assert_eq!(Rupiah::parse("12.5"), Err(MoneyError::Fractional));
        assert_eq!(Rupiah::parse("dua puluh ribu"), Err(MoneyError::NotANumber));
        assert_eq!(Rupiah::parse("99999999999999999999999"), Err(MoneyError::TooLarge));
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(n in any::<u64>()) {
            prop_assert_eq!(Rupiah::parse(&Rupiah(n).to_string()), Ok(Rupiah(n)));
        }

        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = Rupiah::parse(&s);
        }
    }
}

/// An amount in Indonesian words, as invoices and receipts spell it out
/// ("terbilang") so that a figure cannot be altered unnoticed:
/// `135000` → "seratus tiga puluh lima ribu rupiah".
///
/// The forms follow the KBBI: se- for one of ten, hundred and thousand
/// (sepuluh, seratus, seribu) but "satu juta", "satu miliar", "satu triliun";
/// 11–19 are "-belas" (sebelas, dua belas). Every `u64` is covered, up to
/// kuintiliun (10^18).
pub fn terbilang(amount: Rupiah) -> String {
    const DIGITS: [&str; 10] = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
    const SCALES: [&str; 7] = ["", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuintiliun"];

    // Words for 1..=999, pushed onto `words`.
    fn below_thousand(n: u64, words: &mut Vec<&'static str>) {
        let (hundreds, rest) = (n / 100, n % 100);
        match hundreds {
            0 => {}
            1 => words.push("seratus"),
            h => words.extend([DIGITS[h as usize], "ratus"]),
        }
        match rest {
            0 => {}
            10 => words.push("sepuluh"),
            11 => words.push("sebelas"),
            12..=19 => words.extend([DIGITS[(rest - 10) as usize], "belas"]),
            1..=9 => words.push(DIGITS[rest as usize]),
            _ => {
                words.extend([DIGITS[(rest / 10) as usize], "puluh"]);
                if rest % 10 != 0 {
                    words.push(DIGITS[(rest % 10) as usize]);
                }
            }
        }
    }

    let mut n = amount.0;
    if n == 0 {
        return "nol rupiah".to_string();
    }
    // Groups of three digits, least significant first; a u64 has at most 7.
    let mut groups = Vec::with_capacity(SCALES.len());
    while n > 0 {
        groups.push(n % 1000);
        n /= 1000;
    }
    let mut words = Vec::new();
    for (scale, &group) in groups.iter().enumerate().rev() {
        match (group, scale) {
            (0, _) => {}
            // Only the thousands take se-: "seribu", yet "satu juta".
            (1, 1) => words.push("seribu"),
            _ => {
                below_thousand(group, &mut words);
                if scale > 0 {
                    words.push(SCALES[scale]);
                }
            }
        }
    }
    words.push("rupiah");
    words.join(" ")
}

#[cfg(test)]
mod terbilang_tests {
    use super::*;
    use proptest::prelude::*;

    fn words(n: u64) -> String {
        terbilang(Rupiah(n))
    }

    #[test]
    fn examples_from_invoices() {
        assert_eq!(words(135_000), "seratus tiga puluh lima ribu rupiah");
        assert_eq!(words(1_001_000), "satu juta seribu rupiah");
        assert_eq!(words(11), "sebelas rupiah");
        assert_eq!(words(0), "nol rupiah");
        assert_eq!(words(25_750), "dua puluh lima ribu tujuh ratus lima puluh rupiah");
        assert_eq!(words(2_499_500), "dua juta empat ratus sembilan puluh sembilan ribu lima ratus rupiah");
    }

    #[test]
    fn ones_and_tens() {
        for (n, want) in [
            (1, "satu"),
            (9, "sembilan"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (17, "tujuh belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (21, "dua puluh satu"),
            (70, "tujuh puluh"),
            (99, "sembilan puluh sembilan"),
        ] {
            assert_eq!(words(n), format!("{want} rupiah"), "{n}");
        }
    }

    #[test]
    fn hundreds_and_thousands() {
        for (n, want) in [
            (100, "seratus"),
            (101, "seratus satu"),
            (110, "seratus sepuluh"),
            (111, "seratus sebelas"),
            (115, "seratus lima belas"),
            (200, "dua ratus"),
            (999, "sembilan ratus sembilan puluh sembilan"),
            (1_000, "seribu"),
            (1_001, "seribu satu"),
            (1_100, "seribu seratus"),
            (1_500, "seribu lima ratus"),
            (2_000, "dua ribu"),
            (10_000, "sepuluh ribu"),
            (11_000, "sebelas ribu"),
            (15_000, "lima belas ribu"),
            (100_000, "seratus ribu"),
            (101_000, "seratus satu ribu"),
            (111_111, "seratus sebelas ribu seratus sebelas"),
            (21_000, "dua puluh satu ribu"),
            (521_000, "lima ratus dua puluh satu ribu"),
        ] {
            assert_eq!(words(n), format!("{want} rupiah"), "{n}");
        }
    }

    #[test]
    fn millions_and_up() {
        for (n, want) in [
            (1_000_000, "satu juta"),
            (1_000_001, "satu juta satu"),
            (10_000_000, "sepuluh juta"),
            (12_000_000, "dua belas juta"),
            (100_000_000, "seratus juta"),
            (250_000_000, "dua ratus lima puluh juta"),
            (1_000_000_000, "satu miliar"),
            (1_100_000_000, "satu miliar seratus juta"),
            (7_000_001_000, "tujuh miliar seribu"),
            (1_000_000_000_000, "satu triliun"),
            (2_000_000_000_000, "dua triliun"),
            (3_000_000_000_100, "tiga triliun seratus"),
            (1_000_000_000_000_000, "satu kuadriliun"),
            (
                u64::MAX,
                "delapan belas kuintiliun empat ratus empat puluh enam kuadriliun tujuh ratus empat puluh empat triliun \
                 tujuh puluh tiga miliar tujuh ratus sembilan juta lima ratus lima puluh satu ribu enam ratus lima belas",
            ),
        ] {
            assert_eq!(words(n), format!("{want} rupiah"), "{n}");
        }
    }

    proptest! {
        #[test]
        fn words_are_well_formed(n in any::<u64>()) {
            let text = words(n);
            prop_assert!(text.ends_with(" rupiah"));
            prop_assert!(!text.contains("  ") && !text.starts_with(' '));
            // One ten, hundred or teen is always se-; one thousand is too,
            // unless the one ends a bigger number ("dua puluh satu ribu").
            // Nol only stands alone.
            let tokens: Vec<&str> = text.split(' ').collect();
            for (i, pair) in tokens.windows(2).enumerate() {
                prop_assert!(pair[0] != "satu" || !["puluh", "ratus", "belas"].contains(&pair[1]), "{}: {}", n, text);
                let ends_number = i > 0 && ["puluh", "ratus", "seratus"].contains(&tokens[i - 1]);
                prop_assert!(pair != ["satu", "ribu"] || ends_number, "{}: {}", n, text);
            }
            prop_assert!(n == 0 || !tokens.contains(&"nol"), "{}: {}", n, text);
        }
    }
}
