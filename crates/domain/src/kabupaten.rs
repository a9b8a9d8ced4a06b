//! The 22 kabupaten/kota of Nusa Tenggara Timur. This is fixed government
//! geography, not catalog content, so it lives in code: the feed refers to a
//! kabupaten by slug and validation rejects anything not listed here.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Kabupaten,
    Kota,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kabupaten {
    /// BPS region code, e.g. `5309` for Ngada. P-IRT numbers embed it.
    pub code: &'static str,
    /// URL slug used in the feed and in links: `/kabupaten/ngada`.
    pub slug: &'static str,
    pub name: &'static str,
    /// Seat of government, where the NTT Mart outlet usually stands.
    pub capital: &'static str,
    pub kind: Kind,
    /// Main island, for grouping on the outlet map.
    pub island: &'static str,
}

impl Kabupaten {
    /// "Kabupaten Ngada" / "Kota Kupang": how the region is named in full.
    pub fn full_name(&self) -> String {
        match self.kind {
            Kind::Kabupaten => format!("Kabupaten {}", self.name),
            Kind::Kota => self.name.to_string(),
        }
    }
}

const fn kab(
    code: &'static str,
    slug: &'static str,
    name: &'static str,
    capital: &'static str,
    island: &'static str,
) -> Kabupaten {
    Kabupaten { code, slug, name, capital, kind: Kind::Kabupaten, island }
}

pub const ALL: [Kabupaten; 22] = [
    kab("5301", "kupang", "Kupang", "Oelamasi", "Timor"),
    kab("5302", "timor-tengah-selatan", "Timor Tengah Selatan", "SoE", "Timor"),
    kab("5303", "timor-tengah-utara", "Timor Tengah Utara", "Kefamenanu", "Timor"),
    kab("5304", "belu", "Belu", "Atambua", "Timor"),
    kab("5305", "alor", "Alor", "Kalabahi", "Alor"),
    kab("5306", "flores-timur", "Flores Timur", "Larantuka", "Flores"),
    kab("5307", "sikka", "Sikka", "Maumere", "Flores"),
    kab("5308", "ende", "Ende", "Ende", "Flores"),
    kab("5309", "ngada", "Ngada", "Bajawa", "Flores"),
    kab("5310", "manggarai", "Manggarai", "Ruteng", "Flores"),
    kab("5311", "sumba-timur", "Sumba Timur", "Waingapu", "Sumba"),
    kab("5312", "sumba-barat", "Sumba Barat", "Waikabubak", "Sumba"),
    kab("5313", "lembata", "Lembata", "Lewoleba", "Lembata"),
    kab("5314", "rote-ndao", "Rote Ndao", "Ba'a", "Rote"),
    kab("5315", "manggarai-barat", "Manggarai Barat", "Labuan Bajo", "Flores"),
    kab("5316", "nagekeo", "Nagekeo", "Mbay", "Flores"),
    kab("5317", "sumba-tengah", "Sumba Tengah", "Waibakul", "Sumba"),
    kab("5318", "sumba-barat-daya", "Sumba Barat Daya", "Tambolaka", "Sumba"),
    kab("5319", "manggarai-timur", "Manggarai Timur", "Borong", "Flores"),
    kab("5320", "sabu-raijua", "Sabu Raijua", "Menia", "Sabu"),
    kab("5321", "malaka", "Malaka", "Betun", "Timor"),
    Kabupaten {
        code: "5371",
        slug: "kota-kupang",
        name: "Kota Kupang",
        capital: "Kupang",
        kind: Kind::Kota,
        island: "Timor",
    },
];

pub fn by_slug(slug: &str) -> Option<&'static Kabupaten> {
    ALL.iter().find(|k| k.slug == slug)
}

pub fn by_code(code: &str) -> Option<&'static Kabupaten> {
    ALL.iter().find(|k| k.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_slugs_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.slug, b.slug);
            }
        }
    }

    #[test]
    fn looks_up_by_slug_and_code() {
        assert_eq!(by_slug("ngada").map(|k| k.capital), Some("Bajawa"));
        assert_eq!(by_code("5371").map(|k| k.full_name()), Some("Kota Kupang".into()));
        assert_eq!(by_slug("ngada").unwrap().full_name(), "Kabupaten Ngada");
        assert!(by_slug("bali").is_none());
    }
}
