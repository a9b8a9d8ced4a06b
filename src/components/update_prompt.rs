//! "A new version is ready": the service worker (via public/boot.js) has
//! installed a new release beside the running one. The customer chooses
//! when to reload, so nobody loses what they were typing; the kiosk, where
//! nobody is at the keyboard, applies it at its next idle reset.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// Sent by boot.js when a new release is waiting.
pub const UPDATE_READY: &str = "nttmart:update-ready";
/// Sent to boot.js to activate the waiting release and reload.
pub const APPLY_UPDATE: &str = "nttmart:apply-update";

/// Whether a new release is waiting; provided at the root.
#[derive(Clone, Copy)]
pub struct UpdateCtx {
    pub ready: ReadSignal<bool>,
}

impl UpdateCtx {
    pub fn apply(&self) {
        if let Some(window) = web_sys::window() {
            if let Ok(event) = web_sys::Event::new(APPLY_UPDATE) {
                let _ = window.dispatch_event(&event);
            }
        }
    }
}

pub fn provide_update() -> UpdateCtx {
    let (ready, set_ready) = signal(false);
    // Lives as long as the app: never removed.
    let _ = window_event_listener_untyped(UPDATE_READY, move |_| set_ready.set(true));
    let ctx = UpdateCtx { ready };
    provide_context(ctx);
    ctx
}

#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let ctx = expect_context::<UpdateCtx>();
    let lang = use_lang();
    let (dismissed, set_dismissed) = signal(false);
    move || {
        (ctx.ready.get() && !dismissed.get()).then(|| {
            let l = lang.get();
            view! {
                <div class="update-prompt" role="status">
                    <p>{l.pick("Versi baru NTT Mart sudah siap.", "A new version of NTT Mart is ready.")}</p>
                    <button type="button" class="button" on:click=move |_| ctx.apply()>
                        {l.pick("Muat ulang", "Reload")}
                    </button>
                    <button type="button" class="button button--quiet" on:click=move |_| set_dismissed.set(true)>
                        {l.pick("Nanti", "Later")}
                    </button>
                </div>
            }
        })
    }
}
