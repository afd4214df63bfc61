//! `/`: the kiosk. Asks for the owner at first start, shows the lock screen when no one is
//! signed in, and the register once someone has unlocked it.

use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::suspended::suspended;
use crate::contexts::RefreshKiosk;
use crate::functions::staff::{Kiosk, get_kiosk};
use crate::lang::use_lang;
use crate::routes::first_start::FirstStart;
use crate::routes::lock::LockScreen;
use crate::routes::register::Register;

#[component]
pub fn KioskScreen() -> impl IntoView {
    let lang = use_lang();
    let kiosk = Resource::new(|| (), |_| get_kiosk());
    provide_context(RefreshKiosk(Callback::new(move |()| kiosk.refetch())));

    let screen = move || {
        Suspend::new(async move {
            match kiosk.await {
                Ok(kiosk) => screen_for(kiosk).into_any(),
                Err(_) => view! {
                    <main class="screen screen--centered">
                        <p class="notice notice--error" role="alert">
                            {move || td_string!(lang.get(), lock.the_kiosk_could_not_be_2)}
                        </p>
                    </main>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(screen)}</Transition>
    }
}

fn screen_for(kiosk: Kiosk) -> impl IntoView {
    let title = kiosk.shop_name.clone();
    let screen = if kiosk.needs_first_start {
        view! { <FirstStart/> }.into_any()
    } else if let Some(staff) = kiosk.signed_in.clone() {
        view! { <Register shop_name=kiosk.shop_name.clone() staff idle_lock_minutes=kiosk.idle_lock_minutes/> }.into_any()
    } else {
        view! { <LockScreen shop_name=kiosk.shop_name.clone() staff=kiosk.staff.clone()/> }
            .into_any()
    };
    view! {
        <Title text=title/>
        {screen}
    }
}
