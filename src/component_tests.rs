//! Component tests: each mounts one component into a real DOM in headless
//! Chromium (wasm-bindgen-test) and inspects what it rendered.

use crate::catalog_source::LoadError;
use crate::components::badges::CertBadges;
use crate::components::feed_error::FeedErrorView;
use leptos::prelude::*;
use nttmart_domain::catalog::{Certifications, Halal};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

#[wasm_bindgen_test]
fn non_halal_products_are_labelled() {
    let root = container();
    let certs = Certifications { halal: Halal::NotHalal, bpom: Some("MD123456789012".into()), pirt: None };
    let handle = leptos::mount::mount_to(root.clone(), move || {
        crate::i18n::provide_lang();
        view! { <CertBadges certs=certs.clone()/> }
    });
    let text = root.text_content().unwrap();
    assert!(text.contains("Non-halal"), "{text}");
    assert!(text.contains("BPOM MD"), "{text}");
    assert!(!text.contains("Halal") || text.contains("Non-halal"));
    assert!(root.query_selector(".badge--halal").unwrap().is_none());
    drop(handle);
}

#[wasm_bindgen_test]
fn feed_error_offers_a_working_retry() {
    let root = container();
    let retries = Rc::new(Cell::new(0));
    let counter = retries.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let counter = counter.clone();
        crate::i18n::provide_lang();
        view! { <FeedErrorView error=LoadError::Http(503) on_retry=move || counter.set(counter.get() + 1)/> }
    });
    let text = root.text_content().unwrap();
    assert!(text.contains("503"), "{text}");
    let button: web_sys::HtmlElement = root.query_selector("button").unwrap().expect("retry button").unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Coba lagi");
    button.click();
    button.click();
    assert_eq!(retries.get(), 2);
    drop(handle);
}
