//! WCAG 2.2 AA contrast of every text/background pair the stylesheet uses,
//! computed from the design tokens in style/main.css, so changing a token
//! to a colour that fails AA fails the build.

use nttmart_browser_tests::repo_root;
use std::collections::HashMap;

/// `--name: #rrggbb;` declarations from the stylesheet's `:root` block.
fn tokens() -> HashMap<String, [u8; 3]> {
    let css = std::fs::read_to_string(repo_root().join("style/main.css")).unwrap();
    let root = css.split(":root {").nth(1).unwrap().split('}').next().unwrap();
    root.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().trim_end_matches(';').split_once(':')?;
            Some((name.trim().to_string(), hex(value.trim())?))
        })
        .collect()
}

fn hex(s: &str) -> Option<[u8; 3]> {
    let s = s.strip_prefix('#')?;
    let s: String = if s.len() == 3 { s.chars().flat_map(|c| [c, c]).collect() } else { s.to_string() };
    if s.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(&s, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}

fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn contrast_formula_matches_known_values() {
    assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    assert!((ratio([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.01);
}

#[test]
fn every_text_pair_meets_wcag_aa() {
    let t = tokens();
    let color = |name: &str| -> [u8; 3] {
        if let Some(c) = hex(name) {
            return c;
        }
        *t.get(name).unwrap_or_else(|| panic!("no token {name} in style/main.css"))
    };
    // (text, background, minimum): 4.5 for body text, 3.0 for large or bold
    // display text (WCAG 1.4.3) and for UI component boundaries (1.4.11).
    let pairs: &[(&str, &str, f64, &str)] = &[
        ("--ink", "--paper", 4.5, "body text"),
        ("--ink", "#ffffff", 4.5, "card text"),
        ("--ink-soft", "--paper", 4.5, "secondary text"),
        ("--ink-soft", "#ffffff", 4.5, "card secondary text"),
        ("--ink-soft", "--cream", 4.5, "loader text"),
        ("--indigo", "--cream", 4.5, "header links"),
        ("--indigo", "#ffffff", 4.5, "prices, chips, buttons"),
        ("--indigo", "--paper", 4.5, "links"),
        ("#ffffff", "--indigo", 4.5, "primary buttons, hero"),
        ("#ffffff", "--madder", 4.5, "Produk Desa mark, non-halal badge"),
        ("--madder", "#ffffff", 4.5, "sold out, clear all"),
        ("--leaf", "#ffffff", 4.5, "halal badge"),
        ("#7a4b12", "#ffffff", 4.5, "P-IRT badge"),
        ("--ochre", "--indigo", 4.5, "hero eyebrow"),
        ("#e8e2f5", "--indigo", 4.5, "hero tagline"),
        ("#d6d9ea", "--indigo", 4.5, "hero stats"),
        ("#8a7d74", "#ffffff", 3.0, "options with no results (disabled)"),
        ("#ffffff", "#1f7a3f", 4.5, "WhatsApp button"),
        ("#ffffff", "--ink", 4.5, "toast text"),
        ("--ochre", "--ink", 4.5, "toast action"),
        ("--madder", "--cream", 4.5, "unavailable cart line status"),
        ("#ffffff", "--ink-soft", 4.5, "empty cart count"),
    ];
    let mut failures = Vec::new();
    for (fg, bg, min, what) in pairs {
        let r = ratio(color(fg), color(bg));
        if r < *min {
            failures.push(format!("{what}: {fg} on {bg} is {r:.2}:1, needs {min}:1"));
        }
    }
    // The focus outline must stand out from the page (non-text contrast 3:1)
    // against at least one side of it: ochre sits next to white cards or
    // indigo buttons.
    let focus = ratio(color("--ochre"), color("--indigo"));
    if focus < 3.0 {
        failures.push(format!("focus ring ochre vs indigo is {focus:.2}:1, needs 3:1"));
    }
    assert!(failures.is_empty(), "contrast failures:\n{}", failures.join("\n"));
}
