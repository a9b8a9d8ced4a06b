//! Calendar dates as the feed writes them (`YYYY-MM-DD`) and as people read
//! them: "12 Agustus 2025" in Bahasa Indonesia, "12 August 2025" in English.
//! Only whole days; there are no times or time zones in the feed.

use crate::lang::Lang;
use std::fmt;

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A valid calendar date. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31, within the month's length.
    pub day: u8,
}

impl Date {
    /// Reads `YYYY-MM-DD` exactly (four-digit year, two-digit month and day,
    /// surrounding whitespace allowed). Impossible dates such as `2025-02-30`
    /// are rejected.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.trim().as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            bytes[range].iter().try_fold(0u16, |n, &b| b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0')))
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// "12 Agustus 2025" / "12 August 2025": day without a leading zero.
    pub fn format(self, lang: Lang) -> String {
        format!("{} {} {}", self.day, month_name(self.month, lang).unwrap_or_default(), self.year)
    }
}

/// A moment as people in NTT read it, in WITA (UTC+8, no daylight
/// saving): "5 Desember 2026, 14.30 WITA" / "5 December 2026, 14:30 WITA".
pub fn format_wita(unix_ms: u64, lang: Lang) -> String {
    const WITA_MS: u64 = 8 * 60 * 60 * 1000;
    let local = unix_ms.saturating_add(WITA_MS);
    let (year, month, day) = civil_from_days(local / 86_400_000);
    let minutes = local % 86_400_000 / 60_000;
    let date = Date {
        year: u16::try_from(year).unwrap_or(u16::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    };
    let sep = lang.pick('.', ':');
    format!("{}, {:02}{sep}{:02} WITA", date.format(lang), minutes / 60, minutes % 60)
}

/// `YYYY-MM-DD`, the feed's form.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The month's name (1 = January) in the given language.
pub fn month_name(month: u8, lang: Lang) -> Option<&'static str> {
    let index = usize::from(month).checked_sub(1)?;
    lang.pick(MONTHS_ID.get(index), MONTHS_EN.get(index)).copied()
}

/// Formats a feed date for reading; `None` if it is not a valid `YYYY-MM-DD`.
pub fn format_iso(text: &str, lang: Lang) -> Option<String> {
    Date::parse(text).map(|d| d.format(lang))
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`, for non-negative days).
pub fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Seconds since 1970 as an HTTP date (RFC 9110's IMF-fixdate), the form
/// of a `Last-Modified` header: `Sat, 06 Dec 2025 03:25:00 GMT`. The build
/// records catalog.json's in the pages (`nttmart-feed-source`), and the
/// storefront compares it with the server's.
pub fn http_date(seconds: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_as_servers_send_them() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_764_991_500), "Sat, 06 Dec 2025 03:25:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(http_date(4_107_542_399), "Sun, 28 Feb 2100 23:59:59 GMT");
    }

    #[test]
    fn date_parses_feed_form() {
        assert_eq!(Date::parse("2025-08-12"), Some(Date { year: 2025, month: 8, day: 12 }));
        assert_eq!(Date::parse(" 2026-01-02\n"), Some(Date { year: 2026, month: 1, day: 2 }));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
    }

    #[test]
    fn date_rejects_malformed_and_impossible() {
        for bad in [
            "",
            "2025-8-12",
            "2025/08/12",
            "12-08-2025",
            "2025-08-12T00:00",
            "20250812",
            "2025-13-01",
            "2025-00-10",
            "2025-08-00",
            "2025-04-31",
            "2025-02-29",
            "1900-02-29",
            "0000-01-01",
            "2025-0a-12",
            "+025-08-12",
            "2025-08-1 ",
            "２０２５-08-12",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad:?} should not parse");
        }
        assert!(Date::parse("2000-02-29").is_some(), "2000 is a leap year");
    }

    #[test]
    fn date_formats_in_both_languages() {
        let d = Date::parse("2025-08-12").unwrap();
        assert_eq!(d.format(Lang::Id), "12 Agustus 2025");
        assert_eq!(d.format(Lang::En), "12 August 2025");
        assert_eq!(format_iso("2026-01-05", Lang::Id).as_deref(), Some("5 Januari 2026"));
        assert_eq!(format_iso("2026-05-31", Lang::En).as_deref(), Some("31 May 2026"));
        assert_eq!(format_iso("2026-12-10", Lang::Id).as_deref(), Some("10 Desember 2026"));
        assert_eq!(format_iso("kemarin", Lang::Id), None);
    }

    #[test]
    fn date_month_names_cover_the_year() {
        for lang in Lang::ALL {
            assert_eq!(month_name(0, lang), None);
            assert_eq!(month_name(13, lang), None);
            for m in 1..=12 {
                assert!(month_name(m, lang).is_some_and(|n| !n.is_empty()));
            }
        }
        assert_eq!(month_name(3, Lang::Id), Some("Maret"));
        assert_eq!(month_name(3, Lang::En), Some("March"));
        assert_eq!(month_name(10, Lang::Id), Some("Oktober"));
    }

    #[test]
    fn date_round_trips_and_orders() {
        for text in ["2025-08-12", "2027-01-14", "2024-02-29", "0001-01-01"] {
            assert_eq!(Date::parse(text).unwrap().to_string(), text);
        }
        assert!(Date::parse("2025-12-31").unwrap() < Date::parse("2026-01-01").unwrap());
        assert!(Date::parse("2026-01-30").unwrap() > Date::parse("2026-01-08").unwrap());
    }

    #[test]
    fn date_leap_years() {
        assert!(is_leap_year(2024) && is_leap_year(2000));
        assert!(!is_leap_year(2025) && !is_leap_year(1900));
        assert_eq!(days_in_month(2026, 2), 28);
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2026, 13), 0);
    }
}

#[cfg(test)]
mod wita_tests {
    use super::*;

    #[test]
    fn moments_are_shown_in_wita() {
        // 2025-11-27 16:30 UTC is 28 November, 00.30 in Kupang.
        assert_eq!(format_wita(1_764_261_000_000, Lang::Id), "28 November 2025, 00.30 WITA");
        assert_eq!(format_wita(1_764_261_000_000, Lang::En), "28 November 2025, 00:30 WITA");
        assert_eq!(format_wita(0, Lang::Id), "1 Januari 1970, 08.00 WITA");
    }
}
