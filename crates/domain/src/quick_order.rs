//! Ordering one product straight from its page: a `wa.me` link to the outlet
//! of the product's kabupaten with the product already named.
//!
//! This is what a customer can do before the app has loaded (the static
//! first screen `nttmart pages` writes) and in a browser that cannot run
//! the app at all, so it needs nothing but the product and the catalog: no
//! cart, no form. The outlet answers with stock, delivery and payment, as
//! outlets did before the storefront could say them.

use crate::catalog::{Catalog, LaunchStatus, Outlet, Product, Variant};
use crate::lang::Lang;
use crate::order::{single_line, whatsapp_url};

/// The provincial capital's outlet takes orders for kabupaten whose own
/// outlet has not opened yet: it is the first that opened and the hub the
/// others' goods pass through.
pub const FALLBACK_KABUPATEN: &str = "kota-kupang";

/// The outlet that takes an order for `product`: its kabupaten's outlet if
/// that one is open, otherwise Kota Kupang's, otherwise the first open one.
/// `None` only when no outlet is open at all.
pub fn outlet_for<'a>(catalog: &'a Catalog, product: &Product) -> Option<&'a Outlet> {
    let open = |slug: &str| catalog.outlet(slug).filter(|o| o.status == LaunchStatus::Launched);
    catalog
        .village(&product.village)
        .and_then(|v| open(&v.kabupaten))
        .or_else(|| open(FALLBACK_KABUPATEN))
        .or_else(|| catalog.outlets.iter().find(|o| o.status == LaunchStatus::Launched))
}

/// The message: greeting, one line for the product with its price, its
/// code (what staff look up), its link, and what the customer needs to hear
/// back.
pub fn message(outlet: &Outlet, product: &Product, variant: &Variant, url: &str, lang: Lang) -> String {
    let unit = single_line(&product.unit);
    let unit = if unit.is_empty() { String::new() } else { format!(" ({unit})") };
    let (greeting, code, ask) = match lang {
        Lang::Id => (
            format!("Halo {}, saya mau pesan:", single_line(&outlet.name)),
            "Kode produk",
            "Mohon info ketersediaan, ongkir dan cara bayarnya. Terima kasih.",
        ),
        Lang::En => (
            format!("Hello {}, I would like to order:", single_line(&outlet.name)),
            "Product code",
            "Please let me know if it is available, the delivery fee and how to pay. Thank you.",
        ),
    };
    format!(
        "{greeting}\n1 × {name}{unit} — {price}\n{code}: {id}\n{url}\n\n{ask}",
        name = single_line(&product.line_name(variant)),
        price = variant.price,
        id = single_line(&variant.id),
    )
}

/// The `wa.me` link to [`outlet_for`] with [`message`], or `None` when no
/// outlet takes orders.
pub fn link(catalog: &Catalog, product: &Product, variant: &Variant, url: &str, lang: Lang) -> Option<String> {
    let outlet = outlet_for(catalog, product)?;
    Some(whatsapp_url(&outlet.whatsapp, &message(outlet, product, variant, url, lang)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::tests::{catalog, product};
    use crate::catalog::{Delivery, Payment, Village};
    use crate::order::percent_encode;

    fn outlet(kabupaten: &str, whatsapp: &str, status: LaunchStatus) -> Outlet {
        Outlet {
            kabupaten: kabupaten.into(),
            name: format!("NTT Mart {kabupaten}"),
            town: "Kota".into(),
            status,
            launch_date: None,
            whatsapp: whatsapp.into(),
            address: "Jl. El Tari 1".into(),
            hours: "08.00–20.00 WITA".into(),
            delivery: Delivery::default(),
            payment: Payment::default(),
        }
    }

    fn village(id: &str, kabupaten: &str) -> Village {
        Village {
            id: id.into(),
            name: id.into(),
            kabupaten: kabupaten.into(),
            cooperative: "Koperasi Desa Merah Putih".into(),
            flagship: "kopi".into(),
            story: String::new(),
        }
    }

    fn shop(outlets: Vec<Outlet>) -> Catalog {
        let mut kopi = product("NGD-0001", "Kopi Arabika\nBajawa", 85_000, 4);
        kopi.village = "beiwali".into();
        let mut madu = product("STG-0002", "Madu Hutan", 120_000, 4);
        madu.village = "anakalang".into();
        madu.unit = String::new();
        let mut c = catalog(vec![kopi, madu]);
        c.villages = vec![village("beiwali", "ngada"), village("anakalang", "sumba-tengah")];
        c.outlets = outlets;
        c
    }

    #[test]
    fn goes_to_the_products_own_kabupaten_when_its_outlet_is_open() {
        let c = shop(vec![
            outlet("kota-kupang", "6281000000001", LaunchStatus::Launched),
            outlet("ngada", "6281000000002", LaunchStatus::Launched),
        ]);
        assert_eq!(outlet_for(&c, &c.products[0]).unwrap().kabupaten, "ngada");
    }

    #[test]
    fn an_outlet_not_yet_open_hands_over_to_kota_kupang_then_to_any_open_one() {
        let c = shop(vec![
            outlet("sumba-tengah", "6281000000003", LaunchStatus::Planned),
            outlet("kota-kupang", "6281000000001", LaunchStatus::Launched),
        ]);
        assert_eq!(outlet_for(&c, &c.products[1]).unwrap().kabupaten, "kota-kupang");
        // No own outlet and no Kupang: the first open outlet.
        let c = shop(vec![
            outlet("sumba-tengah", "6281000000003", LaunchStatus::Planned),
            outlet("ende", "6281000000004", LaunchStatus::Launched),
        ]);
        assert_eq!(outlet_for(&c, &c.products[1]).unwrap().kabupaten, "ende");
        let c = shop(vec![outlet("sumba-tengah", "6281000000003", LaunchStatus::Planned)]);
        assert!(outlet_for(&c, &c.products[1]).is_none());
        assert!(link(&c, &c.products[1], c.products[1].first_variant(), "https://x", Lang::Id).is_none());
    }

    #[test]
    fn message_names_the_product_price_code_and_link_on_lines_of_their_own() {
        let c = shop(vec![outlet("ngada", "6281000000002", LaunchStatus::Launched)]);
        let url = "https://nttmart.example/produk/ngd-0001";
        let text = message(&c.outlets[0], &c.products[0], c.products[0].first_variant(), url, Lang::Id);
        assert_eq!(
            text,
            "Halo NTT Mart ngada, saya mau pesan:\n\
             1 × Kopi Arabika Bajawa (250 g) — Rp 85.000\n\
             Kode produk: NGD-0001\n\
             https://nttmart.example/produk/ngd-0001\n\n\
             Mohon info ketersediaan, ongkir dan cara bayarnya. Terima kasih."
        );
        let en = message(&c.outlets[0], &c.products[0], c.products[0].first_variant(), url, Lang::En);
        assert!(en.starts_with("Hello NTT Mart ngada, I would like to order:\n1 × Kopi Arabika Bajawa"), "{en}");
    }

    #[test]
    fn a_product_without_a_unit_has_no_empty_brackets() {
        let c = shop(vec![outlet("kota-kupang", "6281000000001", LaunchStatus::Launched)]);
        let text = message(&c.outlets[0], &c.products[1], c.products[1].first_variant(), "https://x", Lang::Id);
        assert!(text.contains("1 × Madu Hutan — Rp 120.000\n"), "{text}");
    }

    #[test]
    fn link_opens_whatsapp_at_the_outlet_with_the_message() {
        let c = shop(vec![outlet("ngada", "6281000000002", LaunchStatus::Launched)]);
        let url =
            link(&c, &c.products[0], c.products[0].first_variant(), "https://x/produk/ngd-0001", Lang::Id).unwrap();
        let text = message(
            &c.outlets[0],
            &c.products[0],
            c.products[0].first_variant(),
            "https://x/produk/ngd-0001",
            Lang::Id,
        );
        assert_eq!(url, format!("https://wa.me/6281000000002?text={}", percent_encode(&text)));
    }
}
