//! Indonesian mobile numbers as customers type them at checkout:
//! `0812-3456-7890`, `+62 812 3456 7890`, `62812…`, `(0812) 345 678`.
//!
//! The outlet answers the order on WhatsApp, so the number must be a
//! reachable Indonesian mobile number. It is normalised to international form
//! without `+` (`6281234567890`), the form `wa.me` links and the feed use.

use crate::lang::Lang;
use std::fmt;

/// Fewest digits in normalised form: `62` + `8` + 8 digits, i.e. a local
/// number of `08` and 8 digits.
pub const MIN_DIGITS: usize = 11;
/// Most digits in normalised form: `62` + `8` + 12 digits (local `08` + 12),
/// which is also the E.164 maximum of 15.
pub const MAX_DIGITS: usize = 15;

/// A normalised Indonesian mobile number: `628…`, digits only.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Reads a number as typed; see [`normalise`].
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        normalise(input).map(Phone)
    }

    /// The normalised digits, `6281234567890`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+62 812-3456-7890`: how the number is shown back to people, grouped
    /// the way Indonesians write it so that a typo is easy to spot.
    pub fn display(&self) -> String {
        // Always `62` followed by ASCII digits, so byte slicing is safe.
        let national = &self.0[2..];
        let (first, rest) = national.split_at(3.min(national.len()));
        let (second, third) = rest.split_at(4.min(rest.len()));
        let mut out = format!("+62 {first}");
        for group in [second, third] {
            if !group.is_empty() {
                out.push('-');
                out.push_str(group);
            }
        }
        out
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// What is wrong with a typed number, in terms a customer can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing typed (or only separators).
    Empty,
    /// Contains letters; people sometimes type their name into the wrong box.
    Letters,
    /// A character other than digits, spaces, `-`, `.`, `(`, `)` or a
    /// leading `+`.
    UnexpectedCharacter(char),
    /// A foreign number (`+1…`, `0061…`): outlets only message Indonesian
    /// numbers.
    NotIndonesian,
    /// Indonesian but not a mobile number (a landline such as `0380…`, or a
    /// toll-free `0800…`), so it has no WhatsApp.
    NotMobile,
    TooShort,
    TooLong,
}

impl PhoneError {
    /// The explanation shown under the phone field.
    pub fn message(self, lang: Lang) -> String {
        match self {
            PhoneError::Empty => lang
                .pick("Isi nomor HP (WhatsApp) Anda.", "Enter your mobile (WhatsApp) number.")
                .into(),
            PhoneError::Letters => lang
                .pick(
                    "Nomor HP hanya berisi angka; hapus hurufnya.",
                    "A phone number has only digits; remove the letters.",
                )
                .into(),
            PhoneError::UnexpectedCharacter(c) => match lang {
                Lang::Id => format!(
                    "Tanda “{c}” tidak bisa dipakai di nomor HP; tulis angka saja, boleh dengan spasi atau tanda -."
                ),
                Lang::En => format!(
                    "“{c}” cannot be part of a phone number; write digits only, spaces and dashes are fine."
                ),
            },
            PhoneError::NotIndonesian => lang
                .pick(
                    "Ini bukan nomor Indonesia. Masukkan nomor HP yang diawali 08 atau +62.",
                    "This is not an Indonesian number. Enter a mobile number starting with 08 or +62.",
                )
                .into(),
            PhoneError::NotMobile => lang
                .pick(
                    "Ini bukan nomor HP. Masukkan nomor HP (WhatsApp) yang diawali 08, misalnya 0812-3456-7890.",
                    "This is not a mobile number. Enter a mobile (WhatsApp) number starting with 08, such as 0812-3456-7890.",
                )
                .into(),
            PhoneError::TooShort => lang
                .pick(
                    "Nomor terlalu pendek: nomor HP terdiri dari 10 sampai 14 angka, misalnya 0812-3456-7890.",
                    "The number is too short: a mobile number has 10 to 14 digits, such as 0812-3456-7890.",
                )
                .into(),
            PhoneError::TooLong => lang
                .pick(
                    "Nomor terlalu panjang: nomor HP terdiri dari 10 sampai 14 angka, misalnya 0812-3456-7890.",
                    "The number is too long: a mobile number has 10 to 14 digits, such as 0812-3456-7890.",
                )
                .into(),
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PhoneError {}

/// Normalises a typed Indonesian mobile number to `628…` (E.164 without `+`).
///
/// Accepts the local form `08…`, `+62…`, `62…`, `0062…` and a bare `8…`,
/// with spaces, dashes, dots and parentheses anywhere, and forgives the
/// common `+62 0812…` (a trunk `0` kept after the country code). Idempotent:
/// a normalised number normalises to itself.
pub fn normalise(input: &str) -> Result<String, PhoneError> {
    let mut digits = String::with_capacity(input.len().min(32));
    let mut plus = false;
    let mut letters = false;
    let mut unexpected = None;
    for c in input.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '\t' | '-' | '.' | '(' | ')' => {}
            // Only before the first digit: `+62`, `(+62)`.
            '+' if digits.is_empty() && !plus => plus = true,
            c if c.is_alphabetic() => letters = true,
            c => {
                unexpected.get_or_insert(c);
            }
        }
    }
    // Letters first: "0812 abc" is more likely a name in the wrong field
    // than a stray symbol.
    if letters {
        return Err(PhoneError::Letters);
    }
    if let Some(c) = unexpected {
        return Err(PhoneError::UnexpectedCharacter(c));
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }

    // `Some(national)` when a country code was typed, `None` for local forms.
    let after_country_code = if plus {
        Some(digits.strip_prefix("62").ok_or(PhoneError::NotIndonesian)?)
    } else if let Some(international) = digits.strip_prefix("00") {
        Some(international.strip_prefix("62").ok_or(PhoneError::NotIndonesian)?)
    } else {
        digits.strip_prefix("62")
    };
    let national = match after_country_code {
        // `+62 0812…`: the local trunk 0 typed after the country code.
        Some(national) => national.strip_prefix('0').unwrap_or(national),
        None => digits.strip_prefix('0').unwrap_or(&digits),
    };
    // Mobile numbers are `8` then an operator digit 1–9; `80…` is toll-free.
    match national.as_bytes() {
        [] => return Err(PhoneError::TooShort),
        [b'8'] => {}
        [b'8', b'0', ..] => return Err(PhoneError::NotMobile),
        [b'8', ..] => {}
        _ => return Err(PhoneError::NotMobile),
    }
    let normalised = format!("62{national}");
    if normalised.len() < MIN_DIGITS {
        Err(PhoneError::TooShort)
    } else if normalised.len() > MAX_DIGITS {
        Err(PhoneError::TooLong)
    } else {
        Ok(normalised)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_every_usual_format() {
        for typed in [
            "0812-3456-7890",
            "0812 3456 7890",
            "0812.3456.7890",
            "+62 812 3456 7890",
            "+62 812-3456-7890",
            "+62-812-3456-7890",
            "(+62) 812 3456 7890",
            "+62 0812 3456 7890",
            "62812-3456-7890",
            "6281234567890",
            "0062 812 3456 7890",
            "812 3456 7890",
            " \u{a0}0812 3456 7890\t",
        ] {
            assert_eq!(normalise(typed).as_deref(), Ok("6281234567890"), "{typed}");
        }
        assert_eq!(normalise("(0812) 345 678").as_deref(), Ok("62812345678"));
        assert_eq!(normalise("0811-380-1234").as_deref(), Ok("628113801234"));
    }

    #[test]
    fn accepts_the_length_range() {
        assert_eq!(normalise("0812 3456 7").as_deref(), Err(&PhoneError::TooShort));
        assert_eq!(normalise("0812 3456 78").as_deref(), Ok("62812345678"));
        assert_eq!(normalise("0812 3456 7890 12").as_deref(), Ok("628123456789012"));
        assert_eq!(normalise("0812 3456 7890 123"), Err(PhoneError::TooLong));
    }

    #[test]
    fn explains_what_is_wrong() {
        use PhoneError::*;
        for (typed, want) in [
            ("", Empty),
            ("  ", Empty),
            ("- ()", Empty),
            ("Maria", Letters),
            ("0812-3456-789O", Letters),
            ("0812/3456/7890", UnexpectedCharacter('/')),
            ("0812+3456", UnexpectedCharacter('+')),
            ("++62812345678", UnexpectedCharacter('+')),
            ("0812#3456", UnexpectedCharacter('#')),
            ("+1 555 123 4567", NotIndonesian),
            ("0061 412 345 678", NotIndonesian),
            ("0380 821 234", NotMobile),
            ("(0380) 833-456", NotMobile),
            ("+62 380 821234", NotMobile),
            ("0800 123 4567", NotMobile),
            ("12345678901", NotMobile),
            ("0", TooShort),
            ("62", TooShort),
            ("+62", TooShort),
            ("0812", TooShort),
            ("0812345", TooShort),
            ("0812 3456 7890 1234 5", TooLong),
        ] {
            assert_eq!(normalise(typed), Err(want), "{typed:?}");
        }
    }

    #[test]
    fn messages_are_plain_and_bilingual() {
        assert_eq!(
            PhoneError::TooShort.to_string(),
            "The number is too short: a mobile number has 10 to 14 digits, such as 0812-3456-7890."
        );
        assert!(PhoneError::NotMobile.message(Lang::Id).starts_with("Ini bukan nomor HP"));
        assert!(PhoneError::UnexpectedCharacter('#').message(Lang::Id).contains("“#”"));
    }

    #[test]
    fn displays_grouped() {
        let show = |s: &str| Phone::parse(s).unwrap().display();
        assert_eq!(show("0812-3456-7890"), "+62 812-3456-7890");
        assert_eq!(show("0812345678"), "+62 812-3456-78");
        assert_eq!(show("08123456789012"), "+62 812-3456-789012");
        assert_eq!(Phone::parse("0812 3456 7890").unwrap().as_str(), "6281234567890");
        assert_eq!(Phone::parse("0812 3456 7890").unwrap().to_string(), "+62 812-3456-7890");
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = normalise(&s);
        }

        #[test]
        fn never_panics_on_number_like_text(s in "[0-9 +().\\-]{0,24}") {
            if let Ok(n) = normalise(&s) {
                prop_assert!(n.starts_with("628"));
                prop_assert!((MIN_DIGITS..=MAX_DIGITS).contains(&n.len()));
                prop_assert!(n.bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(normalise(&n), Ok(n.clone()), "idempotent");
                let shown = Phone(n.clone()).display();
                prop_assert_eq!(normalise(&shown), Ok(n), "display reads back");
            }
        }

        #[test]
        fn every_local_mobile_number_is_accepted(
            operator in 1u8..=9,
            rest in "[0-9]{7,11}",
            sep in prop::sample::select(vec!["", " ", "-", "."]),
        ) {
            let local = format!("08{operator}{sep}{rest}");
            let want = format!("628{operator}{rest}");
            prop_assert_eq!(normalise(&local), Ok(want.clone()));
            prop_assert_eq!(normalise(&format!("+62 8{operator}{sep}{rest}")), Ok(want));
        }
    }
}
