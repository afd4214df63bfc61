//! Data care (docs/product.md, flow 8), for the owner: a regular's own data on request, their
//! erasure, and the daily backup.

use leptos::prelude::*;

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A regular's own data as its printable page shows it, in the language asked for, times in
/// the shop's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataPage {
    pub regular_id: i64,
    pub nickname: String,
    pub shop: String,
    pub produced_at: String,
    pub sections: Vec<DataSection>,
}

/// One part of the page: a heading and a table (or a line saying there is nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSection {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Who backs this shop's data up, as the owner's settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Backups {
    /// The data is in PostgreSQL, whose server backs it up: Joren makes no backups.
    ByTheDatabase,
    /// The database holds several shops' data and this is not the main shop: its backups are
    /// the installation's, set up by whoever runs it, and nothing of them (their folder on
    /// the server, their files) is shown here.
    ByTheInstallation,
    /// Joren, as this owner sets it.
    ByJoren(BackupSettings),
}

/// The daily backup, for the owner who sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSettings {
    pub schedule: joren::backup::BackupSchedule,
    /// When the last backup was made or tried, in shop time.
    pub last_at: Option<String>,
    pub last_file: Option<String>,
    pub last_error: Option<String>,
    /// The folder on the server the backups go to.
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackupsSaved {
    Saved,
    Invalid(joren::backup::BackupScheduleError),
}

#[server(endpoint = "get_personal_data")]
pub async fn get_personal_data(
    regular_id: i64,
    lang: String,
) -> Result<Option<DataPage>, AppError> {
    use crate::auth::require_owner;
    use crate::lang::Lang;
    use joren::storage::now_millis;

    let (state, shop, _owner) = require_owner().await?;
    let lang = Lang::from_code(&lang).unwrap_or(Lang::ja);
    let data = state
        .store
        .personal_data(&shop, joren::RegularId(regular_id), now_millis())
        .await?;
    Ok(data.map(|data| page::data_page(data, &shop.time_zone, lang)))
}

/// Erases a regular's personal data; `false` when there was no such regular.
#[server(endpoint = "erase_regular")]
pub async fn erase_regular(regular_id: i64) -> Result<bool, AppError> {
    use crate::auth::require_owner;
    use joren::storage::now_millis;

    let (state, shop, owner) = require_owner().await?;
    state
        .store
        .erase_regular(&shop, joren::RegularId(regular_id), owner.id, now_millis())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "get_backups")]
pub async fn get_backups() -> Result<Backups, AppError> {
    use crate::auth::require_owner;
    use crate::time::shop_time;

    let (state, shop, _owner) = require_owner().await?;
    if !runs_the_backups(&state, &shop) {
        return Ok(Backups::ByTheInstallation);
    }
    if state.store.engine() == joren::storage::Engine::Postgres {
        return Ok(Backups::ByTheDatabase);
    }
    let (schedule, status) = state.store.backup_schedule().await?;
    Ok(Backups::ByJoren(BackupSettings {
        schedule,
        last_at: status
            .last_at
            .map(|at| shop_time(at, &shop.time_zone, crate::lang::request_lang())),
        last_file: status.last_file,
        last_error: status.last_error,
        folder: state.backup_dir.display().to_string(),
    }))
}

/// Whether this shop's owner runs Joren's backups. A backup copies the whole database file,
/// with every shop in it, so only the owner of the installation's main shop sets them up
/// or makes one; the owners of the other shops export their own shop's data.
#[cfg(feature = "ssr")]
fn runs_the_backups(state: &crate::state::AppState, shop: &joren::Shop) -> bool {
    shop.slug == state.main_shop
}

/// Refuses (403) an owner who does not run the installation's backups.
#[cfg(feature = "ssr")]
fn require_backups_here(
    state: &crate::state::AppState,
    shop: &joren::Shop,
) -> Result<(), AppError> {
    if runs_the_backups(state, shop) {
        Ok(())
    } else {
        Err(AppError::MainShopOnly)
    }
}

/// Saves the daily backup setting. The checkbox sends its value only when ticked.
#[server(endpoint = "save_backups")]
pub async fn save_backups(
    enabled: Option<String>,
    hour: String,
    keep: String,
) -> Result<BackupsSaved, AppError> {
    use crate::auth::require_owner;
    use joren::backup::BackupSchedule;
    use joren::storage::now_millis;

    let (state, shop, owner) = require_owner().await?;
    require_backups_here(&state, &shop)?;
    let schedule = match BackupSchedule::parse(enabled.is_some(), &hour, &keep) {
        Ok(schedule) => schedule,
        Err(problem) => return Ok(BackupsSaved::Invalid(problem)),
    };
    state
        .store
        .set_backup_schedule(shop.id, &schedule, owner.id, now_millis())
        .await?;
    Ok(BackupsSaved::Saved)
}

/// Makes a backup now, into the backup folder; answers the file's name.
#[server(endpoint = "backup_now")]
pub async fn backup_now() -> Result<String, AppError> {
    use crate::auth::require_owner;
    use joren::storage::now_millis;

    let (state, shop, _owner) = require_owner().await?;
    require_backups_here(&state, &shop)?;
    match state
        .store
        .backup_into(&state.backup_dir, &shop.time_zone, now_millis())
        .await
    {
        Ok(path) => Ok(path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()),
        Err(error) => {
            tracing::error!(%error, "the backup failed");
            Err(AppError::BackupFailed(error.to_string()))
        }
    }
}

#[cfg(feature = "ssr")]
mod page {
    use super::{DataPage, DataSection};
    use crate::i18n::td_string;
    use crate::lang::Lang;
    use crate::time::shop_time;
    use crate::words::audit::{action_words, detail_words};
    use crate::words::outcome_words;
    use joren::TimeZoneName;
    use joren::check_in::LedgerKind;
    use joren::personal_data::PersonalData;

    fn section(title: &str, columns: &[&str], rows: Vec<Vec<String>>) -> DataSection {
        DataSection {
            title: title.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows,
        }
    }

    pub(super) fn data_page(data: PersonalData, zone: &TimeZoneName, lang: Lang) -> DataPage {
        let time = |millis: i64| shop_time(millis, zone, lang);
        let or_dash = |text: Option<String>| text.unwrap_or_else(|| "—".to_owned());
        let regular = &data.regular;
        let profile = &regular.profile;
        let or_dash_text = |text: String| or_dash(Some(text).filter(|t| !t.is_empty()));
        let tags = |tags: &joren::Tags| {
            or_dash_text(
                tags.iter()
                    .map(|tag| tag.as_str().to_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        let consent = |given: Option<joren::Consent>, by: &Option<String>| match given {
            Some(consent) => td_string!(
                lang,
                privacy.consent_given,
                at = time(consent.given_at),
                by = by
                    .clone()
                    .unwrap_or_else(|| td_string!(lang, privacy.recorder_unknown).to_owned())
            )
            .to_string(),
            None => td_string!(lang, privacy.not_given).to_owned(),
        };
        let profile_rows = vec![
            vec![
                td_string!(lang, privacy.nickname).into(),
                profile.nickname.to_string(),
            ],
            vec![
                td_string!(lang, privacy.reading).into(),
                or_dash(profile.reading.as_ref().map(ToString::to_string)),
            ],
            vec![
                td_string!(lang, privacy.tagline).into(),
                or_dash(profile.tagline.as_ref().map(ToString::to_string)),
            ],
            vec![
                td_string!(lang, privacy.interests).into(),
                tags(&profile.interests),
            ],
            vec![
                td_string!(lang, privacy.offers).into(),
                tags(&profile.offers),
            ],
            vec![
                td_string!(lang, privacy.looking_for).into(),
                tags(&profile.looking_for),
            ],
            vec![
                td_string!(lang, privacy.links).into(),
                or_dash_text(
                    profile
                        .links
                        .iter()
                        .map(|link| link.address())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ],
            vec![
                td_string!(lang, privacy.staff_notes).into(),
                or_dash(profile.notes.as_ref().map(ToString::to_string)),
            ],
            vec![
                td_string!(lang, privacy.may_be_introduced).into(),
                consent(
                    regular.consents.may_be_introduced,
                    &data.may_be_introduced_recorded_by,
                ),
            ],
            vec![
                td_string!(lang, privacy.may_show_links).into(),
                consent(
                    regular.consents.may_show_links,
                    &data.may_show_links_recorded_by,
                ),
            ],
            vec![
                td_string!(lang, privacy.registered).into(),
                time(regular.created_at),
            ],
            vec![
                td_string!(lang, privacy.came_with_a_regular).into(),
                or_dash(data.came_with_a_regular_at.map(time)),
            ],
            vec![
                td_string!(lang, privacy.brought_newcomers).into(),
                or_dash_text(
                    data.brought_newcomers_at
                        .iter()
                        .map(|at| time(*at))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ],
            vec![
                td_string!(lang, privacy.stamps).into(),
                format!(
                    "{} ({}: {}, {}: {})",
                    regular.card.stamps,
                    td_string!(lang, privacy.rewards_earned),
                    regular.card.rewards_earned,
                    td_string!(lang, privacy.redeemed),
                    regular.card.rewards_redeemed
                ),
            ],
        ];
        let yes = |flag: bool| {
            if flag {
                "✓".to_owned()
            } else {
                String::new()
            }
        };
        let visits = data
            .visits
            .iter()
            .map(|visit| {
                vec![
                    time(visit.checked_in_at),
                    or_dash(visit.by.clone()),
                    yes(visit.stamped),
                    or_dash(visit.left_at.map(time)),
                    or_dash(visit.undone_at.map(time)),
                ]
            })
            .collect();
        let ledger = data
            .ledger
            .iter()
            .map(|entry| {
                vec![
                    time(entry.at),
                    match entry.kind {
                        LedgerKind::Earned => td_string!(lang, privacy.earned),
                        LedgerKind::Redeemed => td_string!(lang, privacy.redeemed_2),
                        LedgerKind::TakenBack => td_string!(lang, privacy.taken_back),
                        LedgerKind::CarriedOver => td_string!(lang, privacy.carried_over),
                        LedgerKind::ThankYou => td_string!(lang, privacy.thank_you),
                    }
                    .to_owned(),
                    match (entry.kind, entry.stamps) {
                        (LedgerKind::ThankYou, _) => {
                            td_string!(lang, privacy.for_bringing_a_newcomer).to_owned()
                        }
                        (_, Some(stamps)) => {
                            td_string!(lang, privacy.paper_card_stamps, count = stamps).to_string()
                        }
                        (_, None) => entry.reward.clone(),
                    },
                    or_dash(entry.by.clone()),
                ]
            })
            .collect();
        let introductions = data
            .introductions
            .iter()
            .map(|met| {
                vec![
                    time(met.at),
                    or_dash(met.by.clone()),
                    or_dash(met.note.clone()),
                    met.outcomes
                        .iter()
                        .map(|change| {
                            let note = change
                                .note
                                .as_deref()
                                .map(|n| format!("（{n}）"))
                                .unwrap_or_default();
                            format!(
                                "{} {}{note}",
                                time(change.at),
                                outcome_words(change.outcome, lang)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
            .collect();
        let links = data
            .short_links
            .iter()
            .map(|link| {
                vec![
                    link.code.clone(),
                    if link.target.is_empty() {
                        td_string!(lang, privacy.public_card).to_owned()
                    } else {
                        link.target.clone()
                    },
                    time(link.created_at),
                    link.scans.to_string(),
                ]
            })
            .collect();
        let audit = data
            .audit
            .iter()
            .map(|entry| {
                vec![
                    time(entry.at),
                    or_dash(entry.by_name.clone()),
                    action_words(entry.action, lang).to_owned(),
                    detail_words(&entry.detail, lang),
                ]
            })
            .collect();
        DataPage {
            regular_id: regular.id.0,
            nickname: profile.nickname.to_string(),
            shop: data.shop.clone(),
            produced_at: time(data.produced_at),
            sections: vec![
                section(
                    td_string!(lang, privacy.profile_and_consents),
                    &[
                        td_string!(lang, privacy.field),
                        td_string!(lang, privacy.kept),
                    ],
                    profile_rows,
                ),
                section(
                    td_string!(lang, privacy.visits),
                    &[
                        td_string!(lang, privacy.when),
                        td_string!(lang, privacy.checked_in_by),
                        td_string!(lang, privacy.stamp),
                        td_string!(lang, privacy.left),
                        td_string!(lang, privacy.undone),
                    ],
                    visits,
                ),
                section(
                    td_string!(lang, privacy.rewards),
                    &[
                        td_string!(lang, privacy.when),
                        td_string!(lang, privacy.what),
                        td_string!(lang, privacy.reward),
                        td_string!(lang, privacy.staff),
                    ],
                    ledger,
                ),
                section(
                    td_string!(lang, privacy.introductions_without_the_other_person),
                    &[
                        td_string!(lang, privacy.when),
                        td_string!(lang, privacy.by),
                        td_string!(lang, privacy.note),
                        td_string!(lang, privacy.what_it_led_to),
                    ],
                    introductions,
                ),
                section(
                    td_string!(lang, privacy.short_links_of_the_qr),
                    &[
                        td_string!(lang, privacy.code),
                        td_string!(lang, privacy.leads_to),
                        td_string!(lang, privacy.made),
                        td_string!(lang, privacy.scans),
                    ],
                    links,
                ),
                section(
                    td_string!(lang, privacy.what_staff_did_with_this),
                    &[
                        td_string!(lang, privacy.when),
                        td_string!(lang, privacy.who),
                        td_string!(lang, privacy.what_2),
                        td_string!(lang, privacy.detail),
                    ],
                    audit,
                ),
            ],
        }
    }
}
