//! The HTML document around every screen, and the router that picks the screen.

use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

use crate::assets::{SiteAssets, SiteHead};
use crate::lang::{self, provide_lang};
use crate::routes::insights::InsightsScreen;
use crate::routes::introduce::IntroduceScreen;
use crate::routes::introduction::IntroductionScreen;
use crate::routes::privacy::PrivacyScreen;
use crate::routes::regular::{
    RegularScreen, data::DataScreen, edit::EditRegular, print::PrintScreen,
};
use crate::routes::{
    kiosk::KioskScreen, not_found::NotFound, settings::Settings, settings::audit::AuditScreen,
    settings::data_care::DataCare,
};

/// The document the server sends; the browser then hydrates `App` inside it. `assets` names
/// the built site's stylesheet, script and wasm.
pub fn shell(assets: SiteAssets) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::set_page_policy();
    // `cargo leptos watch`: the page reloads itself after each rebuild (never in a shop).
    #[cfg(feature = "ssr")]
    let live_reload = crate::security::live_reload_port().map(|port| {
        let options = leptos::config::LeptosOptions::builder()
            .output_name("joren")
            .reload_port(port)
            .build();
        view! { <AutoReload options/> }
    });
    #[cfg(not(feature = "ssr"))]
    let live_reload: Option<()> = None;
    let lang = provide_lang();
    view! {
        <!DOCTYPE html>
        <html lang=move || lang.get().code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="theme-color" content="#f6efe4"/>
                // Which views this server's build renders; the wasm checks it (`crate::VIEWS`).
                <meta name="joren-views" content=crate::VIEWS/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // The home-screen app: its manifest and icons, and the service worker that
                // shows the offline page (public/sw.js).
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <meta name="mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-capable" content="yes"/>
                <script src="/pwa.js" defer></script>
                <SiteHead assets/>
                {live_reload}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // On the server `shell` has already provided the language; in the browser this is the
    // root, so it provides it here from the page the server rendered.
    let lang = use_context::<lang::UseLang>()
        .map(|use_lang| use_lang.0)
        .unwrap_or_else(provide_lang);
    // Only a choice the person makes is kept, not the language the browser suggested.
    Effect::watch(
        move || lang.get(),
        |chosen, _, _| lang::remember(*chosen),
        false,
    );

    // A page that takes longer than 100 ms to load shows a bar along the top (style/main.css).
    let (routing, set_routing) = signal(false);

    view! {
        <Title formatter=title_text/>
        <Router set_is_routing=set_routing>
            <Show when=move || routing.get()>
                <div class="route-progress" role="progressbar" aria-label=move || td_string!(lang.get(), common.loading)></div>
            </Show>
            <Routes fallback=NotFound>
                // Each screen is rendered whole on the server (its resources awaited) before
                // it is sent: screens nest several resources, and streaming them out of order
                // could race hydration.
                <Route path=path!("") view=KioskScreen ssr=SsrMode::Async/>
                <Route path=path!("settings") view={Lazy::<SettingsPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("settings/data") view={Lazy::<DataCarePage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("settings/audit") view={Lazy::<AuditPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("insights") view={Lazy::<InsightsPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("regulars/:id") view={Lazy::<RegularPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("regulars/:id/edit") view={Lazy::<EditRegularPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("regulars/:id/print") view={Lazy::<PrintPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("regulars/:id/data") view={Lazy::<DataPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("introduce") view={Lazy::<IntroducePage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("introductions/:id") view={Lazy::<IntroductionPage>::new()} ssr=SsrMode::Async/>
                <Route path=path!("privacy") view={Lazy::<PrivacyPage>::new()} ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

// Every screen but the kiosk's is a lazy route: its views are split out of the main wasm
// (`cargo leptos build --split`) and the browser loads them when the screen is first opened,
// so the register's first load carries only the register. A screen's data is read by its own
// component, as before, so each `data` is empty.

/// `/settings`: the owner's settings.
struct SettingsPage;

#[lazy_route]
impl LazyRoute for SettingsPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <Settings/> }.into_any()
    }
}

/// `/settings/audit`: the audit log.
struct AuditPage;

#[lazy_route]
impl LazyRoute for AuditPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <AuditScreen/> }.into_any()
    }
}

/// `/settings/data`: the owner's export, backups and privacy notice.
struct DataCarePage;

#[lazy_route]
impl LazyRoute for DataCarePage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <DataCare/> }.into_any()
    }
}

/// `/insights`: the owner's insights.
struct InsightsPage;

#[lazy_route]
impl LazyRoute for InsightsPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <InsightsScreen/> }.into_any()
    }
}

/// `/regulars/:id`: a regular's card.
struct RegularPage;

#[lazy_route]
impl LazyRoute for RegularPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RegularScreen/> }.into_any()
    }
}

/// `/regulars/:id/edit`: a regular's profile, edited.
struct EditRegularPage;

#[lazy_route]
impl LazyRoute for EditRegularPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <EditRegular/> }.into_any()
    }
}

/// `/regulars/:id/print`: a creator's printable card.
struct PrintPage;

#[lazy_route]
impl LazyRoute for PrintPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <PrintScreen/> }.into_any()
    }
}

/// `/regulars/:id/data`: everything kept about a regular, for their request.
struct DataPage;

#[lazy_route]
impl LazyRoute for DataPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <DataScreen/> }.into_any()
    }
}

/// `/introduce`: introducing two people.
struct IntroducePage;

#[lazy_route]
impl LazyRoute for IntroducePage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <IntroduceScreen/> }.into_any()
    }
}

/// `/introductions/:id`: one introduction and what came of it.
struct IntroductionPage;

#[lazy_route]
impl LazyRoute for IntroductionPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <IntroductionScreen/> }.into_any()
    }
}

/// `/privacy`: what the shop keeps and why.
struct PrivacyPage;

#[lazy_route]
impl LazyRoute for PrivacyPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <PrivacyScreen/> }.into_any()
    }
}

/// The document title for a page title that may hold what people typed (a shop's name).
fn title_text(page: String) -> String {
    let title = if page.is_empty() {
        "Joren".to_owned()
    } else {
        format!("{page} · Joren")
    };
    // On the server leptos_meta writes the title into the HTML as it is, so it is escaped
    // here; in the browser it becomes `document.title`, plain text, and must not be.
    if cfg!(feature = "ssr") {
        crate::markup::escape(&title).into_owned()
    } else {
        title
    }
}
