//! Feeds arbitrary bytes to the catalog feed reader. It must never panic, and
//! whatever it accepts must serialise back to a feed that reads identically
//! and without errors.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nttmart_domain::feed;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = feed::parse(data) else {
        return;
    };
    for problem in &parsed.problems {
        let _ = problem.to_string();
    }
    if let Some(catalog) = &parsed.catalog {
        assert!(
            !catalog.products.is_empty(),
            "an accepted catalog has products"
        );
        let written = serde_json::to_vec(catalog).expect("a catalog serialises");
        let again = feed::parse(&written).expect("a written catalog is JSON");
        assert!(
            again.errors().next().is_none(),
            "a written catalog has no errors: {:?}",
            again.problems
        );
        assert_eq!(
            again.catalog.as_ref(),
            Some(catalog),
            "a written catalog reads back identically"
        );
    }
});
