//! The kiosk's lock (how long it stays open without a touch), and the shop's time zone.

use leptos::prelude::*;

use super::SettingsChanged;
use crate::components::text_field::{FormState, TextField, problem_of};
use crate::functions::settings::{SaveKioskSettings, SaveTimeZone};
use crate::lang::use_lang;
use crate::problems::Field;
use crate::shell::tr;

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
            <h2 id="kiosk-title">{move || tr(lang.get(), "自動ロック", "Automatic lock")}</h2>
            <p class="muted">{move || tr(
                lang.get(),
                "操作がないとキオスクは自動でロックされ、お客さまの情報が見えなくなります。",
                "Without a touch the kiosk locks itself, and no customer's data stays on the screen.",
            )}</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <TextField
                    name="idle_lock_minutes"
                    label=Signal::derive(move || match lang.get() {
                        crate::lang::Lang::Ja => format!("ロックまでの時間（{min}〜{max}分）"),
                        crate::lang::Lang::En => format!("Lock after (minutes, {min} to {max})"),
                    })
                    problem=problem_of(problems, Field::IdleLock)
                    numeric=true
                    value=idle_lock_minutes.to_string()
                />
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || tr(lang.get(), "保存しました。", "Saved.")}</p>
                </Show>
                <Show when=move || refused.get()>
                    <p class="notice notice--error" role="alert">{move || tr(lang.get(), "保存できませんでした。ロックを解除し直してください。", "It could not be saved. Please unlock the kiosk again.")}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || tr(lang.get(), "保存する", "Save")}
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
            <h2 id="time-zone-title">{move || tr(lang.get(), "タイムゾーン", "Time zone")}</h2>
            <p class="muted">{move || tr(
                lang.get(),
                "「今日」や、お店のようすの日付と時間はこのタイムゾーンで数えます。",
                "“Today”, and the days and hours of the insights, are counted in this time zone.",
            )}</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <TextField
                    name="time_zone"
                    label=Signal::derive(move || tr(lang.get(), "タイムゾーン（例：Asia/Tokyo）", "Time zone (e.g. Asia/Tokyo)").to_owned())
                    problem=problem_of(problems, Field::TimeZone)
                    value=time_zone
                />
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || tr(lang.get(), "保存しました。", "Saved.")}</p>
                </Show>
                <Show when=move || refused.get()>
                    <p class="notice notice--error" role="alert">{move || tr(lang.get(), "保存できませんでした。ロックを解除し直してください。", "It could not be saved. Please unlock the kiosk again.")}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || tr(lang.get(), "保存する", "Save")}
                </button>
            </ActionForm>
        </section>
    }
}
