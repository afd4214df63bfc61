//! The kiosk's lock (how long it stays open without a touch), and the shop's time zone.

use crate::i18n::td_string;
use leptos::prelude::*;

use super::SettingsChanged;
use crate::components::text_field::{FormState, TextField, problem_of};
use crate::functions::settings::{SaveKioskSettings, SaveTimeZone};
use crate::lang::use_lang;
use crate::problems::Field;

#[component]
pub fn KioskSection(idle_lock_minutes: u32) -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<SettingsChanged>();
    let save = ServerAction::<SaveKioskSettings>::new();
    let FormState {
        problems,
        saved,
        refused,
    } = FormState::of(save.value().into());
    Effect::new(move |_| {
        if saved.get() {
            changed.bump();
        }
    });
    let (min, max) = (joren::IdleLock::MIN_MINUTES, joren::IdleLock::MAX_MINUTES);

    view! {
        <section class="card card--form" aria-labelledby="kiosk-title">
            <h2 id="kiosk-title">{move || td_string!(lang.get(), settings.automatic_lock)}</h2>
            <p class="muted">{move || td_string!(lang.get(), settings.without_a_touch_the_kiosk)}</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <TextField
                    name="idle_lock_minutes"
                    label=Signal::derive(move || {
                        td_string!(lang.get(), settings.lock_after_minutes, min = min, max = max).to_string()
                    })
                    problem=problem_of(problems, Field::IdleLock)
                    numeric=true
                    value=idle_lock_minutes.to_string()
                />
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || td_string!(lang.get(), settings.saved)}</p>
                </Show>
                <Show when=move || refused.get()>
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_saved)}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                    {move || td_string!(lang.get(), settings.save)}
                </button>
            </ActionForm>
        </section>
    }
}

/// The shop's time zone: "today", the times on screen and the insights' days follow it.
#[component]
pub fn TimeZoneSection(time_zone: String) -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<SettingsChanged>();
    let save = ServerAction::<SaveTimeZone>::new();
    let FormState {
        problems,
        saved,
        refused,
    } = FormState::of(save.value().into());
    Effect::new(move |_| {
        if saved.get() {
            changed.bump();
        }
    });

    view! {
        <section class="card card--form" aria-labelledby="time-zone-title">
            <h2 id="time-zone-title">{move || td_string!(lang.get(), settings.time_zone)}</h2>
            <p class="muted">{move || td_string!(lang.get(), settings.today_and_the_days_and)}</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <TextField
                    name="time_zone"
                    label=Signal::derive(move || td_string!(lang.get(), settings.time_zone_e_g_asia).to_owned())
                    problem=problem_of(problems, Field::TimeZone)
                    value=time_zone
                />
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || td_string!(lang.get(), settings.saved)}</p>
                </Show>
                <Show when=move || refused.get()>
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_saved)}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                    {move || td_string!(lang.get(), settings.save)}
                </button>
            </ActionForm>
        </section>
    }
}
