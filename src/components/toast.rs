//! Short confirmations ("Ditambahkan ke keranjang", "Dihapus — Batalkan")
//! in one polite live region, so screen readers hear them too.

use crate::i18n::use_lang;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct Toast {
    pub message: String,
    /// An optional action such as undo: its label and what it does. A plain
    /// closure rather than a `Callback`: the component that offered "undo"
    /// (a cart line) may be gone by the time the customer taps it.
    pub action: Option<(String, Arc<dyn Fn() + Send + Sync>)>,
}

#[derive(Clone, Copy)]
pub struct ToastCtx {
    current: RwSignal<Option<(u32, Toast)>>,
    next_id: StoredValue<u32>,
}

impl ToastCtx {
    pub fn show(&self, toast: Toast) {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        self.current.set(Some((id, toast)));
        let current = self.current;
        // Long enough to read and reach "undo" with a thumb.
        set_timeout(
            move || {
                if current.with_untracked(|c| c.as_ref().map(|(i, _)| *i)) == Some(id) {
                    current.set(None);
                }
            },
            Duration::from_millis(6000),
        );
    }

    pub fn say(&self, message: impl Into<String>) {
        self.show(Toast { message: message.into(), action: None });
    }
}

pub fn provide_toast() -> ToastCtx {
    let ctx = ToastCtx { current: RwSignal::new(None), next_id: StoredValue::new(0) };
    provide_context(ctx);
    ctx
}

pub fn use_toast() -> ToastCtx {
    expect_context::<ToastCtx>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let ctx = use_toast();
    let lang = use_lang();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || ctx.current.get().map(|(_, toast)| {
                let action = toast.action.clone().map(|(label, run)| view! {
                    <button type="button" class="toast__action" on:click=move |_| {
                        run();
                        ctx.current.set(None);
                    }>{label}</button>
                });
                view! {
                    <div class="toast">
                        <span>{toast.message.clone()}</span>
                        {action}
                        <button type="button" class="toast__close" aria-label=move || lang.get().pick("Tutup", "Close") on:click=move |_| ctx.current.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
