use crate::i18n::tr;
use leptos::prelude::*;
use nttmart_domain::catalog::{Certifications, Halal};

/// Certification badges. Non-halal products are labelled just as clearly as
/// halal ones, so nobody buys pork by mistake.
#[component]
pub fn CertBadges(certs: Certifications) -> impl IntoView {
    let halal = match certs.halal {
        Halal::Certified { .. } => Some(view! { <li class="badge badge--halal">"Halal"</li> }.into_any()),
        Halal::NotHalal => {
            Some(view! { <li class="badge badge--nonhalal">{tr("Non-halal", "Not halal")}</li> }.into_any())
        }
        Halal::NotApplicable => None,
    };
    let bpom = certs.bpom.map(|n| {
        let label = if n.starts_with("ML") { "BPOM ML" } else { "BPOM MD" };
        view! { <li class="badge badge--bpom">{label}</li> }
    });
    let pirt = certs.pirt.map(|_| view! { <li class="badge badge--pirt">"P-IRT"</li> });
    view! {
        <ul class="badges" aria-label=tr("Sertifikasi", "Certifications")>{halal}{bpom}{pirt}</ul>
    }
}
