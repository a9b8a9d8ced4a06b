use leptos::prelude::*;

/// The one search box. A real `type="search"` input with a visible label
/// for screen readers; `on_input` fires on every keystroke.
#[component]
pub fn SearchBox(
    #[prop(into)] value: Signal<String>,
    on_input: impl Fn(String) + 'static,
    #[prop(optional)] on_submit: Option<Box<dyn Fn(String)>>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let label = crate::i18n::tr("Cari produk desa", "Search village products");
    let placeholder = crate::i18n::tr("Cari kopi, tenun, madu…", "Search coffee, ikat, honey…");
    view! {
        <form class="search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            if let (Some(submit), Some(el)) = (on_submit.as_ref(), input.get()) {
                submit(el.value());
            }
        }>
            <label class="visually-hidden" for="search-input">{label}</label>
            <input
                id="search-input"
                node_ref=input
                class="search__input"
                type="search"
                name="q"
                placeholder=placeholder
                autocomplete="off"
                enterkeyhint="search"
                prop:value=move || value.get()
                on:input=move |ev| on_input(event_target_value(&ev))
            />
        </form>
    }
}
