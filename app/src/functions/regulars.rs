//! A regular's own card: profile, consents, stamps, visits and rewards; and editing it.
//! Every function needs an unlocked kiosk.

// `save_regular` takes the edit form's fields one by one, as the form posts them; the
// server macro also generates a browser-side function with the same arguments.
#![allow(clippy::too_many_arguments)]

use joren::checkin::{LedgerKind, Regular};
use joren::regular::RegularDraft;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::functions::introductions::IntroductionView;
use crate::problems::FieldProblem;

/// Everything the regular's screen shows, times already in the shop's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegularCard {
    pub regular: Regular,
    /// The edit form, filled.
    pub draft: RegularDraft,
    pub stamps_per_card: u32,
    pub reward: String,
    pub since: String,
    pub may_be_introduced_since: Option<String>,
    pub may_show_links_since: Option<String>,
    pub visits: Vec<VisitLine>,
    pub ledger: Vec<LedgerLine>,
    /// The people they met here, newest first.
    pub met: Vec<IntroductionView>,
    /// Their links, each with its QR code when they agreed to show them.
    pub links: Vec<LinkView>,
}

/// One of a regular's links as their card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    /// "@yu_photo" or "yu-photo.example/works".
    pub label: String,
    pub url: String,
    /// An SVG drawn on the server; `None` without the consent to show links.
    pub qr_svg: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLine {
    pub at: String,
    pub by: Option<String>,
    pub stamped: bool,
    pub earned_reward: bool,
    pub left_at: Option<String>,
    pub undone: Option<String>,
    pub undone_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub at: String,
    pub kind: LedgerKind,
    pub by: Option<String>,
    pub reward: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveRegularOutcome {
    Saved { regular: i64 },
    Invalid(Vec<FieldProblem>),
}

/// A regular's links as their card shows them: with QR codes only when they agreed.
#[cfg(feature = "ssr")]
pub(crate) fn link_views(regular: &Regular) -> Vec<LinkView> {
    let may_show = regular.consents.may_show_links();
    regular
        .profile
        .links
        .iter()
        .map(|link| LinkView {
            label: link.label(),
            url: link.url().to_owned(),
            qr_svg: may_show.then(|| crate::qr::qr_svg(link.url())).flatten(),
        })
        .collect()
}

/// How much history the card shows.
pub const HISTORY_LINES: u32 = 30;

#[server(endpoint = "get_regular")]
pub async fn get_regular(regular_id: i64) -> Result<Option<RegularCard>, ServerFnError> {
    use crate::auth::{internal, require_staff};
    use crate::time::shop_time;
    use joren::RegularId;

    let (state, shop, _staff) = require_staff().await?;
    let id = RegularId(regular_id);
    let Some(regular) = state.store.regular(shop.id, id).await.map_err(internal)? else {
        return Ok(None);
    };
    let time = |millis: i64| shop_time(millis, &shop.time_zone);
    let visits = state
        .store
        .visits(shop.id, id, HISTORY_LINES)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|visit| VisitLine {
            at: time(visit.checked_in_at),
            by: visit.by,
            stamped: visit.stamped,
            earned_reward: visit.earned_reward,
            left_at: visit.left_at.map(time),
            undone: visit.undone_at.map(time),
            undone_by: visit.undone_by,
        })
        .collect();
    let ledger = state
        .store
        .reward_ledger(shop.id, id, HISTORY_LINES)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|entry| LedgerLine {
            at: time(entry.at),
            kind: entry.kind,
            by: entry.by,
            reward: entry.reward,
        })
        .collect();
    let met = state
        .store
        .introductions_of(shop.id, id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|introduction| {
            crate::functions::introductions::introduction_view(introduction, &shop.time_zone)
        })
        .collect();
    let links = link_views(&regular);
    Ok(Some(RegularCard {
        met,
        links,
        draft: regular.profile.to_draft(&regular.consents),
        stamps_per_card: shop.stamp_rules.stamps_per_card,
        reward: shop.stamp_rules.reward.to_string(),
        since: time(regular.created_at),
        may_be_introduced_since: regular.consents.may_be_introduced.map(|c| time(c.given_at)),
        may_show_links_since: regular.consents.may_show_links.map(|c| time(c.given_at)),
        regular,
        visits,
        ledger,
    }))
}

/// Saves a regular's profile: a new one when `regular_id` is empty. Checkboxes send their
/// value only when ticked.
#[server(endpoint = "save_regular")]
pub async fn save_regular(
    regular_id: Option<i64>,
    nickname: String,
    reading: String,
    tagline: String,
    interests: String,
    offers: String,
    looking_for: String,
    links: String,
    notes: String,
    may_be_introduced: Option<String>,
    may_show_links: Option<String>,
) -> Result<SaveRegularOutcome, ServerFnError> {
    use crate::auth::{internal, require_staff};
    use crate::problems::field_problems;
    use joren::RegularId;
    use joren::regular::{Consents, Profile};
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    let draft = RegularDraft {
        nickname,
        reading,
        tagline,
        interests,
        offers,
        looking_for,
        links,
        notes,
        may_be_introduced: may_be_introduced.is_some(),
        may_show_links: may_show_links.is_some(),
    };
    let profile = match Profile::parse(&draft) {
        Ok(profile) => profile,
        Err(problems) => return Ok(SaveRegularOutcome::Invalid(field_problems(problems))),
    };
    let id = match regular_id {
        None => {
            let consents = Consents::default().after_draft(&draft, now_millis());
            state
                .store
                .add_regular(shop.id, &profile, &consents, staff.id)
                .await
                .map_err(internal)?
        }
        Some(id) => {
            let id = RegularId(id);
            let found = state
                .store
                .update_regular(
                    shop.id,
                    id,
                    &profile,
                    draft.may_be_introduced,
                    draft.may_show_links,
                    staff.id,
                )
                .await
                .map_err(internal)?;
            if !found {
                return Err(ServerFnError::new("no such regular"));
            }
            id
        }
    };
    Ok(SaveRegularOutcome::Saved { regular: id.0 })
}
