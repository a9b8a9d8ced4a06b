//! Normalising text for search: customers type on phone keyboards, without
//! accents or apostrophes ("sei" for se'i, "ende lio" for Ende-Lio), and the
//! index must meet them there.

/// Lower-cases, strips diacritics and drops apostrophes so that `Se'i`,
/// `SE’I` and `sei` all fold to `sei`. Other punctuation becomes a space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold` into an existing buffer, for the index builder's hot loop.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            match c {
                'A'..='Z' => out.push(c.to_ascii_lowercase()),
                'a'..='z' | '0'..='9' => out.push(c),
                '\'' | '`' => {}
                _ => out.push(' '),
            }
            continue;
        }
        match c {
            // Apostrophe look-alikes inside words (se’i, Ba’a).
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{00b4}' => {}
            // Lower-case first so the accent table needs only one case, and
            // check every resulting char so folding twice changes nothing.
            _ => {
                for lower in c.to_lowercase() {
                    match strip_accent(lower) {
                        Some(base) => out.push_str(base),
                        None if lower.is_alphanumeric() => out.push(lower),
                        None => out.push(' '),
                    }
                }
            }
        }
    }
}

/// The ASCII base of common accented Latin letters (Latin-1 and Latin
/// Extended-A cover what appears in Indonesian names and loanwords).
fn strip_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Folded words of `text`, in order.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text).split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_accents_and_apostrophes() {
        assert_eq!(fold("Se'i Sapi"), "sei sapi");
        assert_eq!(fold("SE’I"), "sei");
        assert_eq!(fold("Café Crème"), "cafe creme");
        assert_eq!(fold("Ba'a, Rote-Ndao"), "baa  rote ndao");
    }

    #[test]
    fn tokenises_on_punctuation_and_whitespace() {
        assert_eq!(tokens("Kopi Arabika (250 g) — Bajawa/Ngada"), ["kopi", "arabika", "250", "g", "bajawa", "ngada"]);
        assert!(tokens("  ,.;  ").is_empty());
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn tokens_are_nonempty_and_lowercase(s in "\\PC*") {
            for t in tokens(&s) {
                prop_assert!(!t.is_empty());
                prop_assert!(!t.chars().any(char::is_whitespace));
                prop_assert_eq!(t.to_lowercase(), t.clone());
            }
        }
    }
}
