//! Ending abandoned sessions: after the idle period without a touch, key
//! press, scroll or input, "Still there?" counts down, then the kiosk resets
//! for the next visitor. The arithmetic is `nttmart_domain::kiosk::IdleTimer`.

use super::{now_ms, use_session, Attract};
use leptos::prelude::*;
use nttmart_domain::kiosk::IdleState;
use std::time::Duration;

/// Listens for interaction anywhere and checks the idle timer four times a
/// second. Call once, from the kiosk page.
pub fn watch_idle() {
    let session = use_session();
    let timer = session.params.timer();

    let on_pointer = window_event_listener(leptos::ev::pointerdown, move |_| {
        session.touch();
        session.start(true);
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |_| {
        session.touch();
        session.start(false);
    });
    let on_input = window_event_listener(leptos::ev::input, move |_| session.touch());
    // Scroll does not bubble; the kiosk's own scroller reports it through
    // `on:scroll`, and this catches the window.
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| session.touch());

    let tick = set_interval_with_handle(
        move || {
            if session.attract.get_untracked() != Attract::Hidden {
                // Nothing to end while the attract loop runs.
                if session.asking.get_untracked().is_some() {
                    session.asking.set(None);
                }
                return;
            }
            let quiet = (now_ms() - session.last_activity.get_value()).max(0.0) as u64;
            match timer.state(quiet) {
                // An answered dialog closes itself (see `Session::touch`).
                IdleState::Active => {}
                IdleState::Asking { seconds_left } => {
                    if !session.closing.get_untracked() && session.asking.get_untracked() != Some(seconds_left) {
                        session.asking.set(Some(seconds_left));
                    }
                }
                IdleState::Reset => session.reset_after_idle(),
            }
        },
        Duration::from_millis(250),
    );
    on_cleanup(move || {
        on_pointer.remove();
        on_key.remove();
        on_input.remove();
        on_scroll.remove();
        if let Ok(handle) = tick {
            handle.clear();
        }
    });
}

/// "Masih di sini?": the countdown before the reset, with one big button to
/// carry on. Any touch anywhere carries on too.
#[component]
pub fn IdleDialog() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let button = NodeRef::<leptos::html::Button>::new();
    let open = Memo::new(move |_| session.asking.get().is_some());
    let left = move || session.asking.get().unwrap_or(0);
    Effect::new(move |_| {
        if open.get() {
            if let Some(b) = button.get() {
                let _ = b.focus();
            }
        }
    });
    move || {
        // The language cannot change while the dialog is open.
        let l = lang.get_untracked();
        open.get().then(|| view! {
            <div class="kiosk-idle" class:kiosk-idle--closing=move || session.closing.get() role="alertdialog" aria-modal="true" aria-labelledby="kiosk-idle-title" aria-describedby="kiosk-idle-text">
                <div class="kiosk-idle__box">
                    <h2 id="kiosk-idle-title" class="kiosk-idle__title">{l.pick("Masih di sini?", "Still there?")}</h2>
                    <p id="kiosk-idle-text" class="kiosk-idle__text">
                        {move || l.pick(
                            format!("Layar dimulai ulang dalam {} detik dan keranjang dikosongkan.", left()),
                            format!("The screen restarts in {} seconds and the cart will be emptied.", left()),
                        )}
                    </p>
                    <p class="kiosk-idle__count" aria-hidden="true">{left}</p>
                    <button type="button" class="kiosk-button kiosk-button--primary kiosk-button--big kiosk-idle__continue" node_ref=button
                        on:click=move |_| session.touch()>
                        {l.pick("Ya, lanjutkan", "Yes, continue")}
                    </button>
                </div>
            </div>
        })
    }
}
