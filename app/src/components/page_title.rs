//! A screen's document title, in the kiosk's language.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::lang::{Text, use_lang};

/// The screen's title, in the kiosk's language.
///
/// On the server it is plain text, read nowhere else: `leptos_axum` reads the page's title
/// again after the page is rendered, to write it into the head, and under load that read came
/// where no reactive value could be read (the page's own values gone, or none reachable at
/// all), panicked, and dropped the response (a few in a thousand insights pages). In the
/// browser it follows the language.
#[component]
pub fn PageTitle(text: Text) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    let title = text(lang.get_untracked());
    #[cfg(not(feature = "ssr"))]
    let title = move || text(lang.get());
    view! { <Title text=title/> }
}
