//! The root components: [`Shell`] loads the feed once, shares it through
//! context and routes between pages; a feed that cannot be used never leaves
//! the page blank: it shows `FeedErrorView` with a retry button.
//!
//! Two entry points share the shell, each a bundle of its own (a binary in
//! Cargo.toml, an HTML file for Trunk): the storefront every phone loads
//! (its routes in src/main.rs, started by `crate::start`), and
//! `pages::kiosk::KioskApp`, the promotional kiosk at `/kiosk`.
//! A phone never downloads the kiosk's code, and the kiosk none of the shop's
//! pages. A link from one to the other is a full page load
//! ([`ServedElsewhere`]).

use crate::catalog_source::{network_catalog, saved_catalog, Feed, Fetched, LoadError, Loaded, Source};
use crate::components::feed_error::FeedErrorView;
use crate::components::feed_notice::FeedNotice;
use crate::components::header::Header;
use crate::components::loading::LoadingView;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;
use nttmart_domain::browse::Browser;
use nttmart_domain::Catalog;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[derive(Clone, Debug)]
pub enum FeedState {
    Loading,
    Ready(Loaded),
    Failed(LoadError),
}

/// Shared handle to the catalog for every page.
#[derive(Clone, Copy)]
pub struct CatalogCtx {
    state: RwSignal<FeedState>,
    /// Changes when the feed state's kind changes or a new catalogue
    /// arrives, not on every write to `state`.
    phase: Memo<Phase>,
    /// Whether a route has built its page (`when_ready`, or a page's
    /// stand-in such as the retry for a chunk that could not be fetched):
    /// until then index.html's first screen stays.
    page_built: RwSignal<bool>,
    feed: Feed,
}

impl CatalogCtx {
    /// The loaded catalog. Pages are only mounted once the feed is ready,
    /// so this panics only on a programming error.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.state.with_untracked(|s| match s {
            FeedState::Ready(loaded) => loaded.catalog.clone(),
            _ => unreachable!("pages render only after the feed has loaded"),
        })
    }

    /// Loads the feed: the saved copy at once if there is one (it works with
    /// no signal and costs no download), then the network copy behind it.
    /// The loading view shows only while there is nothing to show.
    pub fn load(&self) {
        let (state, feed) = (self.state, self.feed);
        state.set(FeedState::Loading);
        spawn_local(async move {
            if let Some(saved) = saved_catalog(feed).await {
                // Rendering the pages is a task of its own.
                crate::tasks::yield_now().await;
                state.set(FeedState::Ready(saved));
            }
            Self::revalidate(state, feed).await;
        });
    }

    /// Fetches the feed again without leaving the current page; the pages
    /// are rebuilt only if the feed changed.
    pub fn refresh(&self) {
        spawn_local(Self::revalidate(self.state, self.feed));
    }

    async fn revalidate(state: RwSignal<FeedState>, feed: Feed) {
        let shown = state.with_untracked(|s| match s {
            FeedState::Ready(loaded) => Some(loaded.digest),
            _ => None,
        });
        match network_catalog(feed, shown).await {
            Ok(Fetched::New(loaded)) => {
                crate::tasks::yield_now().await;
                state.set(FeedState::Ready(loaded));
            }
            Ok(Fetched::Unchanged) => state.update(|s| {
                if let FeedState::Ready(loaded) = s {
                    loaded.source = Source::Network;
                    loaded.network_error = None;
                }
            }),
            // Keep what is on screen and say why it is not the latest.
            Err(error) if shown.is_some() => state.update(|s| {
                if let FeedState::Ready(loaded) = s {
                    if loaded.source != Source::Network {
                        loaded.network_error = Some(error);
                    }
                }
            }),
            Err(error) => state.set(FeedState::Failed(error)),
        }
    }

    /// Where the shown catalog came from, and why not the network.
    pub fn source(&self) -> Option<(Source, Option<LoadError>)> {
        self.state.with(|s| match s {
            FeedState::Ready(loaded) => Some((loaded.source, loaded.network_error.clone())),
            _ => None,
        })
    }

    pub fn browser(&self) -> Arc<Browser> {
        self.state.with_untracked(|s| match s {
            FeedState::Ready(loaded) => loaded.browser.clone(),
            _ => unreachable!("pages render only after the feed has loaded"),
        })
    }
}

pub fn use_catalog() -> Arc<Catalog> {
    expect_context::<CatalogCtx>().catalog()
}

pub fn use_browser() -> Arc<Browser> {
    expect_context::<CatalogCtx>().browser()
}

/// A route's page, built once the feed is ready and built afresh for each
/// newer catalogue (pages read it once, when they are created). The router
/// and its routes are mounted before the feed has arrived, so matching the
/// address is not in the same task as building the page (issue 20). A
/// function pointer, not a generic: one gate for every page costs the
/// bundle once.
pub fn when_ready(page: fn() -> AnyView) -> impl IntoView {
    let ctx = expect_context::<CatalogCtx>();
    move || {
        let ready = ctx.ready();
        if ready {
            ctx.built();
        }
        ready.then(page)
    }
}

/// Whether the feed is ready (tracked): a view that stands in for a page
/// shows only then, as the pages do.
pub fn feed_ready() -> bool {
    expect_context::<CatalogCtx>().ready()
}

/// Tells the shell that the page is (being) built: index.html's first screen
/// can go. A view that stands in for a route's page and does not go through
/// `when_ready` calls it.
pub fn page_built() {
    expect_context::<CatalogCtx>().built();
}

impl CatalogCtx {
    fn ready(&self) -> bool {
        matches!(self.phase.get(), Phase::Ready(_))
    }

    fn built(&self) {
        if !self.page_built.get_untracked() {
            self.page_built.set(true);
        }
    }
}

/// A value built once per catalogue, for the current one only. It holds a
/// `Weak` to the catalogue rather than its address: the allocation then
/// stays reserved, so a newer catalogue can never be taken for the one the
/// value was built from.
pub struct PerCatalog<T>(std::cell::RefCell<Option<(std::sync::Weak<Catalog>, T)>>);

impl<T: Clone> PerCatalog<T> {
    pub const fn new() -> Self {
        PerCatalog(std::cell::RefCell::new(None))
    }

    pub fn get(&self, catalog: &Arc<Catalog>) -> Option<T> {
        let cell = self.0.borrow();
        cell.as_ref().filter(|(c, _)| std::sync::Weak::ptr_eq(c, &Arc::downgrade(catalog))).map(|(_, v)| v.clone())
    }

    pub fn set(&self, catalog: &Arc<Catalog>, value: T) {
        *self.0.borrow_mut() = Some((Arc::downgrade(catalog), value));
    }
}

thread_local! {
    static SEARCHABLE: PerCatalog<Arc<Browser>> = const { PerCatalog::new() };
}

/// The catalogue with text search, built the first time a page that
/// searches asks for it and kept while the catalogue stays the same; the
/// context's `use_browser` has filters and counts only.
pub fn use_search() -> Arc<Browser> {
    let catalog = use_catalog();
    SEARCHABLE.with(|cache| {
        cache.get(&catalog).unwrap_or_else(|| {
            let built = Arc::new(Browser::build(&catalog));
            cache.set(&catalog, built.clone());
            built
        })
    })
}

const BOOT_ID: &str = "boot";

/// Removes index.html's first screen. Whatever the customer already typed
/// into its search box (and the focus) moves to the app's box.
fn take_over_from_boot() {
    let document = document();
    let Some(boot) = document.get_element_by_id(BOOT_ID) else { return };
    let typed = document
        .get_element_by_id("boot-search")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .filter(|v| !v.is_empty());
    let focused = document.active_element().is_some_and(|e| e.id() == "boot-search");
    boot.remove();
    // Shown now rather than when the class binding catches up, so the
    // search box below can take the focus.
    if let Some(app) = document.query_selector(".app--booting").ok().flatten() {
        let _ = app.class_list().remove_1("app--booting");
    }
    let Some(input) =
        document.get_element_by_id("search-input").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    if let Some(typed) = typed {
        input.set_value(&typed);
    }
    if focused {
        let _ = input.focus();
    }
}

/// How often a failed first load tries again by itself.
const AUTO_RETRY: std::time::Duration = std::time::Duration::from_secs(20);

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Loading,
    /// Identified by the catalog's address, so a refreshed feed re-renders
    /// the pages (which read the catalog once, when they are created).
    Ready(usize),
    Failed,
}

/// Where the last hand-off to the other entry point went, and when:
/// `<ms since epoch> <path>`. Cleared when the other entry point arrives.
const HANDOFF_KEY: &str = "handoff";
/// A hand-off older than this is forgotten (the page was closed meanwhile).
const HANDOFF_MS: u64 = 30_000;

/// Called by each entry point at start: if the page is its own, a hand-off
/// that led here has arrived.
pub fn arrived(kiosk: bool) {
    let path = window().location().pathname().unwrap_or_default();
    if nttmart_domain::kiosk::is_kiosk_path(&path) == kiosk {
        crate::storage::remove(HANDOFF_KEY);
    }
}

/// The fallback route of an entry point (`kiosk`: which one). A path that
/// belongs to the other entry point, reached by a client-side navigation, is
/// loaded from the server, which answers it with the right bundle; anything
/// else is `children`. So is a hand-off that came straight back (a host
/// without the kiosk's folder answers `/kiosk` with index.html): the page
/// says "not found" rather than reloading for ever.
#[component]
pub fn ServedElsewhere(kiosk: bool, children: ChildrenFn) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    if nttmart_domain::kiosk::is_kiosk_path(&path) == kiosk {
        return children().into_any();
    }
    let mut target = path;
    for (mark, part) in [('?', location.search.get_untracked()), ('#', location.hash.get_untracked())] {
        if !part.is_empty() && !part.starts_with(mark) {
            target.push(mark);
        }
        target.push_str(&part);
    }
    // Integer milliseconds: no float printing or parsing in the bundle.
    let now = js_sys::Date::now() as u64;
    let came_back = crate::storage::get(HANDOFF_KEY).is_some_and(|last| {
        last.split_once(' ').is_some_and(|(at, to)| {
            to == target && at.parse::<u64>().is_ok_and(|at| now.checked_sub(at).is_some_and(|age| age < HANDOFF_MS))
        })
    });
    if came_back {
        crate::storage::remove(HANDOFF_KEY);
        return children().into_any();
    }
    crate::storage::set(HANDOFF_KEY, &format!("{now} {target}"));
    // After the router has written the address into the history (it does
    // so once the route has rendered): then a reload fetches it, and Back
    // still leads to the page the link was on.
    set_timeout(
        move || {
            let here = window().location();
            let current = format!(
                "{}{}{}",
                here.pathname().unwrap_or_default(),
                here.search().unwrap_or_default(),
                here.hash().unwrap_or_default()
            );
            let _ = if current == target { here.reload() } else { here.assign(&target) };
        },
        std::time::Duration::ZERO,
    );
    ().into_any()
}

/// What both entry points share: the feed, the cart, the language, the
/// header, notices and the update prompt; `routes` are the pages, `feed`
/// the file they read.
#[component]
pub fn Shell(routes: fn() -> AnyView, feed: Feed) -> impl IntoView {
    crate::i18n::provide_lang();
    crate::components::toast::provide_toast();
    crate::components::update_prompt::provide_update();
    let cart = crate::cart_state::provide_cart();
    let skip = crate::i18n::tr("Langsung ke konten", "Skip to content");
    let state = RwSignal::new(FeedState::Loading);
    // Re-render the page tree only when the phase changes, not on every
    // state write.
    let phase = Memo::new(move |_| {
        state.with(|s| match s {
            FeedState::Loading => Phase::Loading,
            FeedState::Ready(loaded) => Phase::Ready(Arc::as_ptr(&loaded.catalog) as usize),
            FeedState::Failed(_) => Phase::Failed,
        })
    });
    let ctx = CatalogCtx { state, phase, page_built: RwSignal::new(false), feed };
    provide_context(ctx);
    ctx.load();

    // The shell's state above in this task; then the router with the page
    // area, the routes (matching the address; each page waits for the feed,
    // `when_ready`) and the header, each in a task of its own
    // (src/tasks.rs). The app stays hidden until its first screen is
    // ready, so no part is ever seen missing.
    let [body_shown, routes_shown, header_shown] = crate::tasks::in_turn::<3>();

    // index.html's first screen stays until there is something better to
    // show: the page, or the error. The swap happens in one frame. While a
    // page's chunk is still on its way the first screen stays (a shared
    // product link's has the product and its order link), not an empty
    // page. Every route's page says when it is built (`when_ready`, or
    // `page_built` for a stand-in); one that never did would keep the
    // first screen, and every browser test of it would fail.
    let booting = RwSignal::new(document().get_element_by_id(BOOT_ID).is_some());
    Effect::new(move |_| {
        let shown = body_shown.get() && routes_shown.get() && header_shown.get();
        let page = match phase.get() {
            Phase::Loading => false,
            Phase::Ready(_) => ctx.page_built.get(),
            Phase::Failed => true,
        };
        if page && shown && booting.get_untracked() {
            // After this flush has put the page into the (hidden) DOM, and
            // before the next paint.
            request_animation_frame(move || {
                take_over_from_boot();
                booting.set(false);
            });
        }
    });

    // The saved cart meets the (new) feed: prices, stock and withdrawn
    // products are brought up to date, each change becoming a notice.
    // In a task after the page's first render.
    Effect::new(move |_| {
        if let Phase::Ready(_) = phase.get() {
            let catalog = ctx.catalog();
            set_timeout(
                move || {
                    cart.reconcile(&catalog);
                },
                std::time::Duration::ZERO,
            );
        }
    });

    let body = move || {
        let skip = skip.clone();
        view! {
            <Router>
                <div class="app" class:app--booting=move || booting.get()>
                <a class="skip-link" href="#main">{skip}</a>
                {move || header_shown.get().then(|| view! { <Header/> })}
                <crate::components::update_prompt::UpdatePrompt/>
                <main id="main" tabindex="-1">
                    {move || match phase.get() {
                        Phase::Loading => view! { <LoadingView/> }.into_any(),
                        Phase::Failed => {
                            let error = ctx.state.with_untracked(|s| match s {
                                FeedState::Failed(e) => e.clone(),
                                _ => LoadError::Network(String::new()),
                            });
                            // Nobody may be there to tap "try again" (a kiosk), or
                            // the phone just lost its signal: retry by itself.
                            let timer = set_interval_with_handle(move || ctx.load(), AUTO_RETRY).ok();
                            let online = window_event_listener(leptos::ev::online, move |_| ctx.load());
                            on_cleanup(move || {
                                if let Some(timer) = timer {
                                    timer.clear();
                                }
                                online.remove();
                            });
                            view! { <FeedErrorView error=error on_retry=move || ctx.load()/> }.into_any()
                        }
                        Phase::Ready(_) => view! { <FeedNotice/> }.into_any(),
                    }}
                    {move || routes_shown.get().then(routes)}
                </main>
                <crate::components::toast::ToastRegion/>
                </div>
            </Router>
        }
    };
    move || body_shown.get().then(|| untrack(body))
}
