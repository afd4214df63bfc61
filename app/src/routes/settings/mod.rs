//! The owner's three screens. `/settings`: the stamp rules, staff, the kiosk's lock, the
//! shop's time zone and who is waiting after wrong PINs. `/settings/data` (`data_care`): the
//! export, the daily backup and the privacy notice. `/settings/audit` (`audit`): the audit
//! log. Each is a screen of its own, so a tablet downloads each one's code when it is first
//! opened. Everything here is read and changed through owner-only server functions; a member
//! of staff who opens any of the addresses sees only that it is for the owner.

pub(crate) mod audit;
mod backups;
pub(crate) mod data_care;
mod export;
mod kiosk;
mod lockouts;
mod privacy;
mod staff;
mod stamps;

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use leptos::prelude::*;

use crate::components::suspended::suspended;
use crate::error::AppError;
use crate::functions::settings::{OwnerSettings, get_settings};
use crate::lang::use_lang;

/// Bumped by a section after it changed something, so that the lists that show the change
/// (staff, waits) read again, each inside its own section: the forms keep
/// their messages.
#[derive(Clone, Copy)]
pub(crate) struct SettingsChanged(pub RwSignal<u32>);

impl SettingsChanged {
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

/// The settings as the lists (staff, waits) show them, read in the browser once and again
/// after each change; the sections share it rather than each asking the server.
#[derive(Clone, Copy)]
pub(crate) struct SettingsLists(pub LocalResource<Result<OwnerSettings, AppError>>);

#[component]
pub fn Settings() -> impl IntoView {
    let lang = use_lang();
    let settings = Resource::new(|| (), |_| get_settings());
    let changed = SettingsChanged(RwSignal::new(0));
    provide_context(changed);
    provide_context(SettingsLists(LocalResource::new(move || {
        changed.0.track();
        get_settings()
    })));

    let content = move || {
        Suspend::new(async move {
            let settings = match settings.await {
                Ok(settings) => settings,
                Err(error) => return refused(&error, lang),
            };
            view! {
                <div class="settings">
                    <header class="topbar">
                        <h1 class="topbar__title">{move || td_string!(lang.get(), settings.settings)}</h1>
                        <a class="button" href="/settings/data">{move || td_string!(lang.get(), settings.data_care)}</a>
                        <a class="button" href="/settings/audit">{move || td_string!(lang.get(), settings.audit_log)}</a>
                        <a class="button" href="/insights">{move || td_string!(lang.get(), settings.insights)}</a>
                        <a class="button" href="/">{move || td_string!(lang.get(), settings.back_to_the_register)}</a>
                    </header>
                    <main class="screen settings__main">
                        <div class="settings__column">
                            <stamps::StampsSection rules=settings.stamp_rules.clone()/>
                            <staff::StaffSection/>
                        </div>
                        <div class="settings__column">
                            <kiosk::KioskSection idle_lock_minutes=settings.idle_lock_minutes/>
                            <kiosk::TimeZoneSection time_zone=settings.time_zone.clone()/>
                            <lockouts::LockoutsSection/>
                        </div>
                    </main>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <PageTitle text=|l| td_string!(l, settings.settings)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}

/// What an owner's screen shows instead of itself: a member of staff is told it is the
/// owner's; a locked kiosk, or a read that failed (the database restarting), says that
/// instead, as a regular's screen does.
pub(crate) fn refused(error: &AppError, lang: RwSignal<crate::lang::Lang>) -> AnyView {
    match error {
        AppError::OwnerOnly => for_the_owner_only(lang),
        error => crate::components::unavailable::unavailable(Some(error)),
    }
}

/// What a member of staff sees at an owner's screen.
fn for_the_owner_only(lang: RwSignal<crate::lang::Lang>) -> AnyView {
    view! {
        <main class="screen screen--centered">
            <section class="card card--narrow">
                <h1>{move || td_string!(lang.get(), settings.for_the_owner_only)}</h1>
                <p>{move || td_string!(lang.get(), settings.the_owner_can_open_it)}</p>
                <a class="button button--primary" href="/">{move || td_string!(lang.get(), settings.back_to_the_start)}</a>
            </section>
        </main>
    }
    .into_any()
}
