//! The kiosk's lock: how long it stays open without a touch.

use leptos::prelude::*;

use super::SettingsChanged;
use crate::components::text_field::{TextField, problem_of};
use crate::functions::settings::SaveKioskSettings;
use crate::functions::staff::FormOutcome;
use crate::lang::use_lang;
use crate::problems::Field;
use crate::shell::tr;

#[component]
pub fn KioskSection(idle_lock_minutes: u32) -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<SettingsChanged>();
    let save = ServerAction::<SaveKioskSettings>::new();
    let problems = Signal::derive(move || match save.value().get() {
        Some(Ok(FormOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    let saved = move || matches!(save.value().get(), Some(Ok(FormOutcome::Saved)));
    Effect::new(move |_| {
        if saved() {
            changed.bump();
        }
    });
    let refused = move || matches!(save.value().get(), Some(Err(_)));
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
                <Show when=saved>
                    <p class="notice" role="status">{move || tr(lang.get(), "保存しました。", "Saved.")}</p>
                </Show>
                <Show when=refused>
                    <p class="notice notice--error" role="alert">{move || tr(lang.get(), "保存できませんでした。ロックを解除し直してください。", "It could not be saved. Please unlock the kiosk again.")}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || tr(lang.get(), "保存する", "Save")}
                </button>
            </ActionForm>
        </section>
    }
}
