//! Who has to wait after wrong PINs, and letting them try again.

use crate::i18n::td_string;
use leptos::prelude::*;

use crate::components::after_hydration::AfterHydration;

use super::{SettingsChanged, SettingsLists};
use crate::functions::settings::{ClearLockout, Lockee, LockoutLine};
use crate::lang::use_lang;

#[component]
pub fn LockoutsSection() -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<SettingsChanged>();
    let clear = ServerAction::<ClearLockout>::new();
    Effect::new(move |_| {
        if clear.value().get().is_some() {
            changed.bump();
        }
    });
    let lockouts = expect_context::<SettingsLists>().0;

    view! {
        <section class="card card--form" aria-labelledby="lockouts-title">
            <h2 id="lockouts-title">{move || td_string!(lang.get(), settings.wrong_pins)}</h2>
            <AfterHydration><Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let lockouts = lockouts.await.map(|settings| settings.lockouts).unwrap_or_default();
                    lockout_list(lockouts, clear)
                })}
            </Transition></AfterHydration>
        </section>
    }
}

fn lockout_list(lockouts: Vec<LockoutLine>, clear: ServerAction<ClearLockout>) -> impl IntoView {
    let lang = use_lang();
    let empty = lockouts.is_empty();
    view! {
            {empty.then(|| view! {
                <p class="muted">{move || td_string!(lang.get(), settings.nobody_and_no_tablet_is)}</p>
            })}
            <ul class="lockouts">
                {lockouts.into_iter().map(|line| {
                    let who = match &line.who {
                        Lockee::Staff { name, .. } => name.clone(),
                        Lockee::Client { address } => address.clone(),
                    };
                    let is_client = matches!(line.who, Lockee::Client { .. });
                    let (staff_id, client) = match line.who.clone() {
                        Lockee::Staff { id, .. } => (Some(id), None),
                        Lockee::Client { address } => (None, Some(address)),
                    };
                    let failures = line.failures;
                    let until = line.until.clone();
                    let state = move || match &until {
                        Some(until) => td_string!(lang.get(), settings.wrong_in_a_row_until, failures = failures, until = until).to_string(),
                        None => td_string!(lang.get(), settings.wrong_in_a_row, failures = failures).to_string(),
                    };
                    let label = who.clone();
                    // The spinner shows on the line being cleared, not on every line.
                    let this_line = {
                        let client = client.clone();
                        move || {
                            clear.input().with(|input| {
                                input
                                    .as_ref()
                                    .is_some_and(|i| i.staff_id == staff_id && i.client == client)
                            })
                        }
                    };
                    view! {
                        <li class="lockouts__line">
                            <span>
                                <strong>{who}</strong>
                                {is_client.then(|| view! { <span class="badge">{move || td_string!(lang.get(), settings.tablet)}</span> })}
                                <br/>
                                <span class="muted">{state}</span>
                            </span>
                            <button
                                type="button"
                                class="button"
                                aria-label=move || td_string!(lang.get(), settings.let_them_try_again, name = &label).to_string()
                                disabled=move || clear.pending().get()
                                aria-busy=move || this_line().then_some("true")
                                on:click=move |_| {
                                    clear.dispatch(ClearLockout { staff_id, client: client.clone() });
                                }
                            >
                                {move || td_string!(lang.get(), settings.clear)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
    }
}
