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
