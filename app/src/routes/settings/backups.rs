//! The daily backup: on or off, the hour, how many are kept; how the last one went; and a
//! backup made now.

use crate::i18n::td_string;
use leptos::prelude::*;

use crate::components::after_hydration::AfterHydration;
use crate::functions::data_care::{
    BackupNow, BackupSettings, Backups, BackupsSaved, SaveBackups, get_backups,
};
use crate::lang::use_lang;
use joren::backup::BackupScheduleError;

#[component]
pub fn BackupsSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveBackups>::new();
    let now = ServerAction::<BackupNow>::new();
    let settings = LocalResource::new(move || {
        save.version().track();
        now.version().track();
        get_backups()
    });
    let content = move || {
        Suspend::new(async move {
            match settings.await {
                Ok(Backups::ByTheDatabase) => view! {
                    <p>{move || td_string!(lang.get(), settings.backups_by_the_database)}</p>
                }
                .into_any(),
                Ok(Backups::ByTheInstallation) => view! {
                    <p>{move || td_string!(lang.get(), settings.backups_by_the_installation)}</p>
                }
                .into_any(),
                Ok(Backups::ByJoren(settings)) => form(settings, save, now).into_any(),
                Err(_) => view! {
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_read)}</p>
                }
                .into_any(),
            }
        })
    };
    view! {
        <section class="card card--form" aria-labelledby="backups-title">
            <h2 id="backups-title">{move || td_string!(lang.get(), settings.backups)}</h2>
            <p class="muted">{move || td_string!(lang.get(), settings.once_a_day_at_the)}</p>
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
        Some(Ok(BackupsSaved::Invalid(problem))) => Some(match problem {
            BackupScheduleError::Hour => td_string!(lang.get(), settings.hour_problem).to_owned(),
            BackupScheduleError::Keep { max } => {
                td_string!(lang.get(), settings.keep_problem, max = max).to_string()
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
                {move || td_string!(lang.get(), settings.back_up_every_day)}
            </label>
            <div class="field">
                <label for="backup-hour">{move || td_string!(lang.get(), settings.hour_0_to_23_shop)}</label>
                <input id="backup-hour" name="hour" inputmode="numeric" value=schedule.hour.to_string()/>
            </div>
            <div class="field">
                <label for="backup-keep">{move || td_string!(lang.get(), settings.how_many_to_keep_1)}</label>
                <input id="backup-keep" name="keep" inputmode="numeric" value=schedule.keep.to_string()/>
            </div>
            <p class="muted">{move || td_string!(lang.get(), settings.saved_in, folder = &folder).to_string()}</p>
            {move || problem().map(|problem| view! { <p class="notice notice--error" role="alert">{problem}</p> })}
            <Show when=saved>
                <p class="notice" role="status">{move || td_string!(lang.get(), settings.saved)}</p>
            </Show>
            <button type="submit" class="button button--primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                {move || td_string!(lang.get(), settings.save)}
            </button>
        </ActionForm>
        <div class="backups__now">
            <p>{last.map(|(ok, at, what)| {
                if ok {
                    view! { <span>{move || td_string!(lang.get(), settings.last_backup)}{at.clone()}" — "{what.clone()}</span> }.into_any()
                } else {
                    view! { <span class="notice--error">{move || td_string!(lang.get(), settings.the_last_backup_failed)}{at.clone()}" — "{what.clone()}</span> }.into_any()
                }
            })}</p>
            <ActionForm action=now>
                <button type="submit" class="button" disabled=move || now.pending().get() aria-busy=move || now.pending().get().then_some("true")>
                    {move || if now.pending().get() {
                        td_string!(lang.get(), settings.backing_up)
                    } else {
                        td_string!(lang.get(), settings.back_up_now)
                    }}
                </button>
            </ActionForm>
            {move || made().map(|(ok, what)| if ok {
                view! { <p class="notice" role="status">{move || td_string!(lang.get(), settings.backed_up)}{what.clone()}</p> }.into_any()
            } else {
                view! { <p class="notice notice--error" role="alert">{what}</p> }.into_any()
            })}
        </div>
    }
}
