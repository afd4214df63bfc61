//! `/settings`: the owner's screen — the stamp rules, staff, the kiosk's lock, who is waiting
//! after wrong PINs, the export, the daily backup, the privacy notice, and the audit log.
//! Everything here is read and changed through owner-only server functions; a member of staff
//! who opens the address sees only that it is for the owner.

pub(crate) mod audit;
mod backups;
mod export;
mod kiosk;
mod lockouts;
mod privacy;
mod staff;
mod stamps;

use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::suspended::suspended;
use crate::error::AppError;
use crate::functions::privacy::get_privacy_notices;
use crate::functions::settings::{OwnerSettings, get_settings};
use crate::lang::use_lang;

/// Bumped by a section after it changed something, so that the lists that show the change
/// (staff, waits, the audit log) read again, each inside its own section: the forms keep
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
    let notices = Resource::new(|| (), |_| get_privacy_notices());
    let changed = SettingsChanged(RwSignal::new(0));
    provide_context(changed);
    provide_context(SettingsLists(LocalResource::new(move || {
        changed.0.track();
        get_settings()
    })));

    let content = move || {
        Suspend::new(async move {
            let (Ok(settings), Ok(notices)) = (settings.await, notices.await) else {
                return view! {
                    <main class="screen screen--centered">
                        <section class="card card--narrow">
                            <h1>{move || td_string!(lang.get(), settings.for_the_owner_only)}</h1>
                            <p>{move || td_string!(lang.get(), settings.the_owner_can_open_it)}</p>
                            <a class="button button--primary" href="/">{move || td_string!(lang.get(), settings.back_to_the_start)}</a>
                        </section>
                    </main>
                }
                .into_any();
            };
            view! {
                <div class="settings">
                    <header class="topbar">
                        <h1 class="topbar__title">{move || td_string!(lang.get(), settings.settings)}</h1>
                        <a class="button" href="/insights">{move || td_string!(lang.get(), settings.insights)}</a>
                        <a class="button" href="/">{move || td_string!(lang.get(), settings.back_to_the_register)}</a>
                    </header>
                    <main class="screen settings__main">
                        <div class="settings__column">
                            <stamps::StampsSection rules=settings.stamp_rules.clone()/>
                            <staff::StaffSection/>
                            <export::ExportSection/>
                        </div>
                        <div class="settings__column">
                            <kiosk::KioskSection idle_lock_minutes=settings.idle_lock_minutes/>
                            <kiosk::TimeZoneSection time_zone=settings.time_zone.clone()/>
                            <lockouts::LockoutsSection/>
                            <backups::BackupsSection/>
                        </div>
                        <privacy::PrivacySection notices/>
                        <audit::AuditSection/>
                    </main>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <Title text=move || td_string!(lang.get(), settings.settings)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}
