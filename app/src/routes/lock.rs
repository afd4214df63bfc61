//! The lock screen: what the tablet shows when no one is signed in. Nothing personal.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::language_switch::LanguageSwitch;
use crate::functions::shop::get_shop_sign;
use crate::lang::use_lang;
use crate::shell::tr;

#[component]
pub fn LockScreen() -> impl IntoView {
    let lang = use_lang();
    let sign = Resource::new(|| (), |_| get_shop_sign());

    let shop_name = move || {
        Suspend::new(async move {
            match sign.await {
                Ok(sign) => view! {
                    <Title text=sign.name.clone()/>
                    <h1 class="lock__shop" id="shop-name">{sign.name}</h1>
                }
                .into_any(),
                Err(_) => view! {
                    <h1 class="lock__shop" id="shop-name">"Joren"</h1>
                    <p class="notice notice--error" role="alert">
                        {move || tr(lang.get(), "お店の情報を読み込めませんでした。", "The shop's details could not be loaded.")}
                    </p>
                }
                .into_any(),
            }
        })
    };

    view! {
        <main class="screen lock">
            <section class="lock__sign" aria-labelledby="shop-name">
                <p class="wordmark" aria-hidden="true">
                    <span class="wordmark__kanji">"常連"</span>
                    <span class="wordmark__latin">"Joren"</span>
                </p>
                <Suspense fallback=|| view! { <h1 class="lock__shop" id="shop-name">"\u{00a0}"</h1> }>
                    {shop_name}
                </Suspense>
                <p class="lock__tagline">
                    {move || tr(lang.get(), "常連さん同士を、つなぐお店に。", "A shop where regulars meet.")}
                </p>
                <p class="lock__status" role="status">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M7 10V7a5 5 0 0 1 10 0v3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                        <rect x="4.5" y="10" width="15" height="11" rx="2.5" fill="currentColor"/>
                    </svg>
                    {move || tr(lang.get(), "ロック中", "Locked")}
                </p>
            </section>
            <footer class="lock__footer">
                <LanguageSwitch/>
            </footer>
        </main>
    }
}
