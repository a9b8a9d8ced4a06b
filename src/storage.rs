//! localStorage, which may be missing (some in-app browsers), full, or
//! blocked; every failure is a value, never a panic.

const PREFIX: &str = "nttmart.";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(&format!("{PREFIX}{key}")).ok().flatten()
}

/// Saves a value; `false` when the browser refused (quota, private mode).
pub fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(&format!("{PREFIX}{key}"), value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// The full storage key, for matching `storage` events from other tabs.
pub fn full_key(key: &str) -> String {
    format!("{PREFIX}{key}")
}
