//! The daily backup: on or off, the hour, how many are kept; how the last one went; and a
//! backup made now.

use leptos::prelude::*;

use crate::components::after_hydration::AfterHydration;
use crate::functions::data_care::{
    BackupNow, BackupSettings, BackupsSaved, SaveBackups, get_backups,
};
use crate::lang::{Lang, use_lang};
use crate::shell::tr;
use joren::backup::BackupScheduleError;

#[component]
pub fn BackupsSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveBackups>::new();
    let now = ServerAction::<BackupNow>::new();
    // The audit log shows the change.
    let changed = expect_context::<super::SettingsChanged>();
    Effect::new(move |_| {
        if let Some(Ok(BackupsSaved::Saved)) = save.value().get() {
            changed.bump();
        }
    });
    let settings = LocalResource::new(move || {
        save.version().track();
        now.version().track();
        get_backups()
    });
    let content = move || {
        Suspend::new(async move {
            match settings.await {
                Ok(settings) => form(settings, save, now).into_any(),
                Err(_) => view! {
                    <p class="notice notice--error" role="alert">{move || tr(lang.get(), "読み込めませんでした。", "It could not be read.")}</p>
                }
                .into_any(),
            }
        })
    };
    view! {
        <section class="card card--form" aria-labelledby="backups-title">
            <h2 id="backups-title">{move || tr(lang.get(), "バックアップ", "Backups")}</h2>
            <p class="muted">{move || tr(
                lang.get(),
                "毎日決まった時刻に、お店のデータをまるごと別のファイルに写します。営業中でもかまいません。",
                "Once a day, at the hour you choose, a copy of all of the shop's data is made in a file of its own, even while the shop is open.",
            )}</p>
            <AfterHydration><Transition fallback=|| ()>{content}</Transition></AfterHydration>
        </section>
    }
}

fn form(
    settings: BackupSettings,
    save: ServerAction<SaveBackups>,
    now: ServerAction<BackupNow>,
) -> impl IntoView {
    let lang = use_lang();
    let schedule = settings.schedule;
    let problem = move || match save.value().get() {
        Some(Ok(BackupsSaved::Invalid(problem))) => Some(match (problem, lang.get()) {
            (BackupScheduleError::Hour, Lang::Ja) => {
                "時刻は0から23までの整数で入力してください。".to_owned()
            }
            (BackupScheduleError::Hour, Lang::En) => {
                "The hour is a whole number from 0 to 23.".to_owned()
            }
            (BackupScheduleError::Keep { max }, Lang::Ja) => {
                format!("残しておく数は1から{max}までの整数で入力してください。")
            }
            (BackupScheduleError::Keep { max }, Lang::En) => {
                format!("Keep a whole number of backups from 1 to {max}.")
            }
        }),
        _ => None,
    };
    let saved = move || matches!(save.value().get(), Some(Ok(BackupsSaved::Saved)));
    let made = move || match now.value().get() {
        Some(Ok(file)) => Some((true, file)),
        Some(Err(error)) => Some((false, error.to_string())),
        None => None,
    };
    let last = match (settings.last_at, settings.last_file, settings.last_error) {
        (Some(at), Some(file), _) => Some((true, at, file)),
        (Some(at), None, Some(error)) => Some((false, at, error)),
        _ => None,
    };
    let folder = settings.folder;
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <label class="check">
                <input type="checkbox" name="enabled" value="yes" checked=schedule.enabled/>
                {move || tr(lang.get(), "毎日バックアップする", "Back up every day")}
            </label>
            <div class="field">
                <label for="backup-hour">{move || tr(lang.get(), "時刻（0〜23時、お店の時間）", "Hour (0 to 23, shop time)")}</label>
                <input id="backup-hour" name="hour" inputmode="numeric" value=schedule.hour.to_string()/>
            </div>
            <div class="field">
                <label for="backup-keep">{move || tr(lang.get(), "残しておく数（1〜365）", "How many to keep (1 to 365)")}</label>
                <input id="backup-keep" name="keep" inputmode="numeric" value=schedule.keep.to_string()/>
            </div>
            <p class="muted">{move || match lang.get() {
                Lang::Ja => format!("保存先: {folder}"),
                Lang::En => format!("Saved in: {folder}"),
            }}</p>
            {move || problem().map(|problem| view! { <p class="notice notice--error" role="alert">{problem}</p> })}
            <Show when=saved>
                <p class="notice" role="status">{move || tr(lang.get(), "保存しました。", "Saved.")}</p>
            </Show>
            <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                {move || tr(lang.get(), "保存する", "Save")}
            </button>
        </ActionForm>
        <div class="backups__now">
            <p>{last.map(|(ok, at, what)| {
                if ok {
                    view! { <span>{move || tr(lang.get(), "前回のバックアップ: ", "Last backup: ")}{at.clone()}" — "{what.clone()}</span> }.into_any()
                } else {
                    view! { <span class="notice--error">{move || tr(lang.get(), "前回のバックアップに失敗: ", "The last backup failed: ")}{at.clone()}" — "{what.clone()}</span> }.into_any()
                }
            })}</p>
            <ActionForm action=now>
                <button type="submit" class="button" disabled=move || now.pending().get()>
                    {move || if now.pending().get() {
                        tr(lang.get(), "バックアップ中…", "Backing up…")
                    } else {
                        tr(lang.get(), "今すぐバックアップ", "Back up now")
                    }}
                </button>
            </ActionForm>
            {move || made().map(|(ok, what)| if ok {
                view! { <p class="notice" role="status">{move || tr(lang.get(), "バックアップしました: ", "Backed up: ")}{what.clone()}</p> }.into_any()
            } else {
                view! { <p class="notice notice--error" role="alert">{what}</p> }.into_any()
            })}
        </div>
    }
}
