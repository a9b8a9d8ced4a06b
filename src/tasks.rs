//! Work cut into browser tasks. A phone with a slow CPU cannot react to a
//! tap while a task runs, and Lighthouse's time to interactive ends with the
//! last task over 50 ms of a phone's time (issue 20). The start-up does its
//! work in pieces that each stay under that: the module, the shell, the
//! feed, the first screen and each part below it.

use leptos::prelude::{RwSignal, Set};
use std::time::Duration;

/// Ends the current task; the rest runs in a new one after the browser has
/// handled pending input and paints.
pub async fn yield_now() {
    sleep_ms(0).await;
}

/// Resolves after `ms` milliseconds (a timer task).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `steps` in order, each in a task of its own after the current one.
pub fn one_per_task(steps: Vec<Box<dyn FnOnce()>>) {
    fn next(mut steps: std::vec::IntoIter<Box<dyn FnOnce()>>) {
        if let Some(step) = steps.next() {
            leptos::prelude::set_timeout(
                move || {
                    step();
                    next(steps);
                },
                Duration::ZERO,
            );
        }
    }
    next(steps.into_iter());
}

/// `N` flags that turn true in order, each in a task of its own after this
/// one: the parts of a view, shown one task at a time.
pub fn in_turn<const N: usize>() -> [RwSignal<bool>; N] {
    let flags = std::array::from_fn(|_| RwSignal::new(false));
    turn_on(flags);
    flags
}

/// `N` parts of a page, each shown (its signal turning true) in a task of
/// its own, in order, from the frame after this one.
pub fn parts<const N: usize>() -> [RwSignal<bool>; N] {
    let flags = std::array::from_fn(|_| RwSignal::new(false));
    after_next_frame(move || turn_on(flags));
    flags
}

fn turn_on<const N: usize>(flags: [RwSignal<bool>; N]) {
    one_per_task(flags.map(|flag| Box::new(move || flag.set(true)) as Box<dyn FnOnce()>).into());
}

/// Runs `f` in a task after the next frame: after whatever the current
/// task changed is on screen.
pub fn after_next_frame(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || leptos::prelude::set_timeout(f, Duration::ZERO));
}
