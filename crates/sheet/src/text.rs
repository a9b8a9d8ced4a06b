//! Text as the feed wants it: slugs, calendar dates, one-line cells.

/// `Kopi Arabika Flores Bajawa` + `250 g` → `kopi-arabika-flores-bajawa-250-g`.
/// Lowercase ASCII letters and digits separated by single hyphens; apostrophes
/// vanish (`Se'i` → `sei`), common accented letters lose their accent.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let mapped: Option<&str> = match c {
            '\'' | '\u{2019}' | '\u{2018}' | '`' => continue,
            '×' => Some("x"),
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' => Some("a"),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => Some("e"),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => Some("i"),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => Some("o"),
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => Some("u"),
            'ñ' | 'Ñ' => Some("n"),
            'ç' | 'Ç' => Some("c"),
            _ => None,
        };
        let piece: String = match mapped {
            Some(m) => m.to_string(),
            None if c.is_ascii_alphanumeric() => c.to_ascii_lowercase().to_string(),
            None => {
                pending_dash = true;
                continue;
            }
        };
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        out.push_str(&piece);
    }
    out
}

/// Whether `s` is a valid `YYYY-MM-DD` calendar date.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Collapses runs of whitespace, including newlines, into single spaces.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Kopi Arabika Flores Bajawa 250 g"), "kopi-arabika-flores-bajawa-250-g");
        assert_eq!(slugify("Se'i Babi (non-halal) 250 g"), "sei-babi-non-halal-250-g");
        assert_eq!(slugify("  Tenun Ikat — 1 lembar 200 × 60 cm "), "tenun-ikat-1-lembar-200-x-60-cm");
        assert_eq!(slugify("Kakao & Cokelat"), "kakao-cokelat");
        assert_eq!(slugify("Café Kelimutu"), "cafe-kelimutu");
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2025-08-12"));
        assert!(is_iso_date("2028-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("12/08/2025"));
    }
}
