//! How a validation message shows a JSON number with a fraction or an
//! exponent (`found 12500.5`, `found 25000.0`): as Rust's `{:?}` shows the
//! numbers staff actually type, with integer arithmetic only. Formatting a
//! float with `{:?}` links core's float printer and its tables (~12 KB of
//! brotli) into the wasm bundle, for a message nearly nobody sees.

/// Up to six decimals below 1e16 (trailing zeros dropped, at least one
/// kept); above, about 15 significant digits as `<digits>e<exponent>`.
pub fn show(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let a = f.abs();
    if a.is_infinite() {
        return format!("{sign}inf");
    }
    if a < 1e16 {
        let whole = a.trunc();
        let mut int = whole as u64;
        let mut frac = ((a - whole) * 1e6).round() as u64;
        if frac == 1_000_000 {
            int += 1;
            frac = 0;
        }
        let digits = format!("{frac:06}");
        let digits = digits.trim_end_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        return format!("{sign}{int}.{digits}");
    }
    // Scale into u128's range by powers of ten; the exponent keeps count.
    let mut scaled = a;
    let mut exponent = 0;
    while scaled >= 1e30 {
        scaled /= 1e10;
        exponent += 10;
    }
    let text = (scaled as u128).to_string();
    exponent += text.len() as i32 - 1;
    let mantissa: String = text.chars().take(15).collect();
    let mantissa = mantissa.trim_end_matches('0');
    match mantissa.split_at(1) {
        (first, "") => format!("{sign}{first}e{exponent}"),
        (first, rest) => format!("{sign}{first}.{rest}e{exponent}"),
    }
}

#[cfg(test)]
mod tests {
    use super::show;
    use proptest::prelude::*;

    #[test]
    fn numbers_staff_type_look_as_written() {
        for (f, text) in [
            (12500.5, "12500.5"),
            (25000.0, "25000.0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (-2.25, "-2.25"),
            (-0.0, "-0.0"),
            (0.999_999_9, "1.0"),
            (1e30, "1e30"),
            (1e300, "1e300"),
            (2.5e20, "2.5e20"),
            (f64::MAX, "1.79769313486231e308"),
        ] {
            assert_eq!(show(f), text, "{f:?}");
        }
    }

    proptest! {
        /// Numbers of up to 15 significant digits and six decimals (what a
        /// price or stock typed with a fraction looks like) print as `{:?}`.
        #[test]
        fn matches_debug_for_short_decimals(whole in 0u64..1_000_000_000, micros in 0u64..1_000_000, negative: bool) {
            let text = format!("{}{whole}.{micros:06}", if negative { "-" } else { "" });
            let f: f64 = text.parse().unwrap();
            prop_assume!(format!("{f:?}").split('.').nth(1).is_some_and(|d| d.len() <= 6));
            prop_assert_eq!(show(f), format!("{f:?}"));
        }
    }
}
