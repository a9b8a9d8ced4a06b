//! The two languages of the storefront: Bahasa Indonesia first, English for
//! visitors (tourists in Labuan Bajo and Kupang).

/// A UI language. Every user-facing string is written in both, side by side
/// at its point of use with [`Lang::pick`], so a missing translation is a
/// compile error rather than a blank on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// BCP 47 tag for the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Some(Lang::Id),
            "en" | "en-us" | "en-gb" | "en-au" => Some(Lang::En),
            _ => None,
        }
    }

    /// The Indonesian or the English version of a text.
    pub fn pick<T>(self, id: T, en: T) -> T {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// The other language, for the switch button.
    pub fn other(self) -> Lang {
        self.pick(Lang::En, Lang::Id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_tolerate_variants() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code(" EN-us "), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::Id.pick("Halo", "Hello"), "Halo");
        assert_eq!(Lang::En.pick("Halo", "Hello"), "Hello");
        assert_eq!(Lang::Id.other(), Lang::En);
    }
}
