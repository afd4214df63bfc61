//! The owner's settings: the kiosk's idle lock, who is locked out, and the audit log.
//! Every function here is for the owner only.

use joren::Staff;
use joren::audit::AuditAction;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::functions::staff::FormOutcome;

/// What the settings screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerSettings {
    pub staff: Vec<Staff>,
    pub idle_lock_minutes: u32,
    /// The shop's time zone, as an IANA name (Asia/Tokyo).
    pub time_zone: String,
    pub stamp_rules: joren::loyalty::StampRulesDraft,
    pub lockouts: Vec<LockoutLine>,
}

/// Someone, or some tablet, that has to wait before a PIN is checked again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutLine {
    pub who: Lockee,
    pub failures: u32,
    /// In the shop's time; `None` while below the free attempts.
    pub until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lockee {
    Staff { id: i64, name: String },
    Client { address: String },
}

/// One line of the audit log, in the shop's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: String,
    pub by: Option<String>,
    pub action: AuditAction,
    pub regular: Option<String>,
    pub detail: joren::audit::AuditDetail,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    /// Pass as `before` to read the next, older page.
    pub older: Option<i64>,
}

pub const AUDIT_PAGE_SIZE: u32 = 50;

#[server(endpoint = "get_settings")]
pub async fn get_settings() -> Result<OwnerSettings, AppError> {
    use crate::auth::require_owner;
    use crate::time::shop_time;
    use joren::storage::now_millis;

    let (state, shop, _owner) = require_owner().await?;
    let staff = state.store.staff(shop.id).await?;
    let lockouts = state.store.lockouts(shop.id, now_millis()).await?;
    let lang = crate::lang::request_lang();
    let time = |until: i64| shop_time(until, &shop.time_zone, lang);
    let lockouts = lockouts
        .staff
        .into_iter()
        .map(|lockout| LockoutLine {
            who: Lockee::Staff {
                id: lockout.staff.id.0,
                name: lockout.staff.name.to_string(),
            },
            failures: lockout.failures,
            until: lockout.locked_until.map(time),
        })
        .chain(lockouts.clients.into_iter().map(|lockout| LockoutLine {
            who: Lockee::Client {
                address: lockout.client,
            },
            failures: lockout.failures,
            until: Some(time(lockout.locked_until)),
        }))
        .collect();
    Ok(OwnerSettings {
        staff,
        idle_lock_minutes: shop.idle_lock.minutes(),
        time_zone: shop.time_zone.as_str().to_owned(),
        stamp_rules: shop.stamp_rules.to_draft(),
        lockouts,
    })
}

#[server(endpoint = "save_kiosk_settings")]
pub async fn save_kiosk_settings(idle_lock_minutes: String) -> Result<FormOutcome, AppError> {
    use crate::auth::require_owner;
    use crate::problems::{Field, FieldProblem, Problem};
    use joren::IdleLock;

    let (state, shop, owner) = require_owner().await?;
    let idle_lock = match IdleLock::parse(&idle_lock_minutes) {
        Ok(idle_lock) => idle_lock,
        Err(error) => {
            return Ok(FormOutcome::Invalid(vec![FieldProblem {
                field: Field::IdleLock,
                problem: Problem::from(error),
            }]));
        }
    };
    state
        .store
        .set_idle_lock(shop.id, idle_lock, owner.id)
        .await?;
    Ok(FormOutcome::Saved)
}

/// The shop's time zone: "today" and the insights' days and hours follow it.
#[server(endpoint = "save_time_zone")]
pub async fn save_time_zone(time_zone: String) -> Result<FormOutcome, AppError> {
    use crate::auth::require_owner;
    use crate::problems::{Field, FieldProblem, Problem};
    use joren::TimeZoneName;

    let (state, shop, owner) = require_owner().await?;
    let zone = TimeZoneName::parse(time_zone.trim())
        .ok()
        .filter(|zone| jiff::tz::TimeZone::get(zone.as_str()).is_ok());
    let Some(zone) = zone else {
        return Ok(FormOutcome::Invalid(vec![FieldProblem {
            field: Field::TimeZone,
            problem: Problem::UnknownTimeZone,
        }]));
    };
    state.store.set_time_zone(shop.id, &zone, owner.id).await?;
    Ok(FormOutcome::Saved)
}

/// The stamp card: stamps per card, the reward, the gap between stamps, the presence window,
/// and the thank-you stamp (a checkbox: sent only when ticked).
#[server(endpoint = "save_stamp_rules")]
pub async fn save_stamp_rules(
    stamps_per_card: String,
    reward: String,
    min_gap_minutes: String,
    presence_minutes: String,
    thank_you_stamp: Option<String>,
) -> Result<FormOutcome, AppError> {
    use crate::auth::require_owner;
    use crate::problems::field_problems;
    use joren::loyalty::{StampRules, StampRulesDraft};

    let (state, shop, owner) = require_owner().await?;
    let draft = StampRulesDraft {
        stamps_per_card,
        reward,
        min_gap_minutes,
        presence_minutes,
        thank_you_stamp: thank_you_stamp.is_some(),
    };
    let rules = match StampRules::parse(&draft) {
        Ok(rules) => rules,
        Err(problems) => return Ok(FormOutcome::Invalid(field_problems(problems))),
    };
    state
        .store
        .set_stamp_rules(shop.id, &rules, owner.id)
        .await?;
    Ok(FormOutcome::Saved)
}

/// Lets a member of staff, or a tablet's address, try a PIN again now.
#[server(endpoint = "clear_lockout")]
pub async fn clear_lockout(
    staff_id: Option<i64>,
    client: Option<String>,
) -> Result<bool, AppError> {
    use crate::auth::require_owner;
    use joren::StaffId;

    let (state, shop, owner) = require_owner().await?;
    let cleared = match (staff_id, client) {
        (Some(staff), None) => {
            state
                .store
                .clear_staff_lockout(shop.id, StaffId(staff), owner.id)
                .await?
        }
        // An address is at most an IPv6 address long; anything longer cannot be stored.
        (None, Some(client)) if client.len() <= 64 => {
            state
                .store
                .clear_client_lockout(shop.id, &client, owner.id)
                .await?
        }
        _ => {
            return Err(AppError::Invalid(
                "say whose wait to clear: a member or an address".into(),
            ));
        }
    };
    Ok(cleared)
}

#[server(endpoint = "get_audit_log")]
pub async fn get_audit_log(before: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::auth::require_owner;
    use crate::time::shop_time;

    let (state, shop, _owner) = require_owner().await?;
    let lang = crate::lang::request_lang();
    let entries = state
        .store
        .audit_log(shop.id, before, AUDIT_PAGE_SIZE)
        .await?;
    let older = (entries.len() == AUDIT_PAGE_SIZE as usize)
        .then(|| entries.last().map(|entry| entry.id))
        .flatten();
    let lines = entries
        .into_iter()
        .map(|entry| AuditLine {
            id: entry.id,
            at: shop_time(entry.at, &shop.time_zone, lang),
            by: entry.by_name,
            action: entry.action,
            regular: entry.regular_name,
            detail: entry.detail,
        })
        .collect();
    Ok(AuditPage { lines, older })
}
