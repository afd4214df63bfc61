//! `/settings/data`: the owner's data care — the export, the daily backup and the privacy
//! notice customers read. What was done with the data is on the audit log's screen.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use leptos::prelude::*;

use super::{backups, export, privacy, refused};
use crate::components::suspended::suspended;
use crate::functions::privacy::get_privacy_notices;
use crate::lang::use_lang;

#[component]
pub fn DataCare() -> impl IntoView {
    let lang = use_lang();
    // Owner-only: a member of staff is refused here, as at the settings.
    let notices = Resource::new(|| (), |_| get_privacy_notices());

    let content = move || {
        Suspend::new(async move {
            let notices = match notices.await {
                Ok(notices) => notices,
                Err(error) => return refused(&error, lang),
            };
            view! {
                <div class="settings">
                    <header class="topbar">
                        <h1 class="topbar__title">{move || td_string!(lang.get(), settings.data_care)}</h1>
                        <a class="button" href="/settings">{move || td_string!(lang.get(), settings.settings)}</a>
                        <a class="button" href="/settings/audit">{move || td_string!(lang.get(), settings.audit_log)}</a>
                        <a class="button" href="/">{move || td_string!(lang.get(), settings.back_to_the_register)}</a>
                    </header>
                    <main class="screen settings__main">
                        <div class="settings__column">
                            <export::ExportSection/>
                        </div>
                        <div class="settings__column">
                            <backups::BackupsSection/>
                        </div>
                        <privacy::PrivacySection notices/>
                    </main>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <PageTitle text=|l| td_string!(l, settings.data_care)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}
