//! Text made safe for the markup the tool writes (HTML pages, SVG cards,
//! JSON-LD inside a script element) and short texts cut for previews. A
//! leaf: every renderer uses it, it uses nothing of the tool.

/// The five markup characters as entities, for element text and quoted
/// attribute values; with `xml_only_chars`, also the control characters
/// XML 1.0 does not allow at all become spaces (HTML keeps them).
pub fn escape_markup(s: &str, xml_only_chars: bool) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_only_chars && (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML text and (quoted) attribute values.
pub fn html(s: &str) -> String {
    escape_markup(s, false)
}

/// Escapes text for SVG/XML content and attribute values.
pub fn xml(s: &str) -> String {
    escape_markup(s, true)
}

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and
/// `&` become `\u003c`, `\u003e` and `\u0026`, so no string in it can close
/// the script element (`</script>`) or open a comment (`<!--`). These
/// characters only ever occur inside JSON strings, where the escapes mean the
/// same characters.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).expect("a JSON value serialises");
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Whitespace collapsed, cut at a word to at most `max` characters (with `…`).
pub fn summarize(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut out = String::new();
    let mut len = 0;
    for word in collapsed.split(' ') {
        let extra = word.chars().count() + usize::from(!out.is_empty());
        // Keep room for the ellipsis.
        if len + extra + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        len += extra;
    }
    if out.is_empty() {
        out = collapsed.chars().take(max.saturating_sub(1)).collect();
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '-', '–', '—', '.', ' ']);
    format!("{trimmed}…")
}

/// A short content hash for URLs (`?v=…`) and release versions: previews
/// and browsers that cache by URL fetch a changed file again.
pub fn version_of(bytes: &[u8]) -> String {
    let h = nttmart_domain::digest::fnv1a64(bytes);
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_html() {
        assert_eq!(html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(xml("a\u{1}b"), "a b");
        assert_eq!(html("a\u{1}b"), "a\u{1}b");
    }

    #[test]
    fn json_for_script_cannot_close_the_script() {
        let v = json!({"name": "</script><!-- & >"});
        let s = json_for_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn summaries_cut_at_a_word() {
        assert_eq!(summarize("  Kopi\n petik   merah. ", 160), "Kopi petik merah.");
        let long = "kata ".repeat(60);
        let s = summarize(&long, 160);
        assert!(s.chars().count() <= 160, "{s}");
        assert!(s.ends_with("kata…"), "{s}");
        assert_eq!(summarize("Supercalifragilistic", 6), "Super…");
    }

    #[test]
    fn versions_follow_the_content() {
        assert_eq!(version_of(b"a"), version_of(b"a"));
        assert_ne!(version_of(b"a"), version_of(b"b"));
        assert_eq!(version_of(b"a").len(), 8);
    }
}
