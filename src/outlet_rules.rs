//! The outlets' delivery and payment rules, for checkout and the outlet's
//! slip. The index feed leaves them out (their reading code would cost
//! every first page ~11 KB of wasm: `nttmart_domain::detail`), so they
//! come from their own small file, fetched once per visit when a page
//! needs them, saved on the device for visits without signal, and read
//! from the whole `/catalog.json` on a host where `nttmart pages` never
//! wrote the file.

use crate::catalog_source::fetch_once;
use crate::feed_cache;
use leptos::prelude::*;
use nttmart_domain::detail::{parse_outlet_rules, OutletRules, OUTLET_RULES_PATH};
use nttmart_domain::feed;
use std::cell::RefCell;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum Rules {
    Loading,
    Ready(Arc<Vec<OutletRules>>),
    /// Neither the network nor the device has them: checkout goes on with
    /// the outlet quoting delivery and payment, and says so.
    Unavailable,
}

thread_local! {
    static STATE: RefCell<Option<ArcRwSignal<Rules>>> = const { RefCell::new(None) };
}

/// The rules, fetched on first use in this visit.
pub fn use_rules() -> ArcRwSignal<Rules> {
    let (state, new) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        match &*s {
            Some(state) => (state.clone(), false),
            None => {
                let state = ArcRwSignal::new(Rules::Loading);
                *s = Some(state.clone());
                (state, true)
            }
        }
    });
    if new {
        fetch(state.clone());
    }
    state
}

/// Tries again after a failure (the "Coba lagi" button, the signal returning).
pub fn retry() {
    let state = use_rules();
    if state.get_untracked() == Rules::Unavailable {
        state.set(Rules::Loading);
        fetch(state);
    }
}

fn fetch(state: ArcRwSignal<Rules>) {
    leptos::task::spawn_local(async move {
        let url = format!("/{OUTLET_RULES_PATH}");
        let saved = feed_cache::load(&url).await.and_then(|(bytes, _)| parse_outlet_rules(&bytes).ok());
        let had_saved = saved.is_some();
        if let Some(rules) = saved {
            state.set(Rules::Ready(Arc::new(rules)));
        }
        let fetched = match fetch_once(&url).await {
            Ok(bytes) => match parse_outlet_rules(&bytes) {
                Ok(rules) => {
                    feed_cache::store(&url, &bytes).await;
                    Some(rules)
                }
                Err(_) => from_whole_feed().await,
            },
            Err(e) if e.is_transient() => None,
            // No such file: a host where only catalog.json was published.
            Err(_) => from_whole_feed().await,
        };
        match fetched {
            Some(rules) => state.set(Rules::Ready(Arc::new(rules))),
            // A failed refresh keeps the saved copy.
            None if !had_saved => state.set(Rules::Unavailable),
            None => {}
        }
    });
}

async fn from_whole_feed() -> Option<Vec<OutletRules>> {
    let bytes = fetch_once("/catalog.json").await.ok()?;
    let catalog = feed::parse(&bytes).ok()?.catalog?;
    Some(nttmart_domain::detail::outlet_rules_of(&catalog).outlets)
}
