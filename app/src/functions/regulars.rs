//! A regular's own card: profile, consents, stamps, visits and rewards; and editing it.
//! Every function needs an unlocked kiosk.

// `save_regular` takes the edit form's fields one by one, as the form posts them; the
// server macro also generates a browser-side function with the same arguments.
#![allow(clippy::too_many_arguments)]

use joren::check_in::LedgerKind;
use joren::loyalty::Card;
use joren::regular::RegularDraft;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::functions::introductions::IntroductionView;
use crate::functions::links::LinkView;
use crate::problems::FieldProblem;

/// Everything the regular's screen shows, times already in the shop's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegularCard {
    pub regular: RegularView,
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
    /// The regular who brought them ("came with …"), and the newcomers they brought, newest
    /// first; erased people left out.
    pub came_with: Option<BroughtLine>,
    pub brought: Vec<BroughtLine>,
    /// Their links, each with its QR code when they agreed to show them.
    pub links: Vec<LinkView>,
    /// Their public creator card's address, with the shop's public address and consent.
    pub public_card: Option<String>,
    /// The owner is looking: their own data and erasure are offered.
    pub viewer_is_owner: bool,
    /// The owner may carry a paper card over for them: none was yet, and the card is longer
    /// than one stamp.
    pub may_carry_over: bool,
}

/// One end of "who brought whom" on a regular's card: the other person, and when the
/// newcomer came (in the shop's time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BroughtLine {
    pub regular: i64,
    pub nickname: String,
    pub at: String,
}

/// A regular as their card shows them: plain text. The browser only shows it, so it never
/// runs the core's checks of a nickname, a tag or a link (and their Unicode tables) to read
/// it; the edit form's `draft` is plain text too, and the server checks what is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegularView {
    pub id: i64,
    pub nickname: String,
    pub reading: Option<String>,
    pub tagline: Option<String>,
    pub interests: Vec<String>,
    pub offers: Vec<String>,
    pub looking_for: Vec<String>,
    /// Staff notes.
    pub notes: Option<String>,
    pub card: Card,
    pub visits: u32,
}

#[cfg(feature = "ssr")]
impl From<&joren::check_in::Regular> for RegularView {
    fn from(regular: &joren::check_in::Regular) -> Self {
        let profile = &regular.profile;
        let tags = |tags: &joren::Tags| tags.iter().map(|tag| tag.as_str().to_owned()).collect();
        RegularView {
            id: regular.id.0,
            nickname: profile.nickname.to_string(),
            reading: profile.reading.as_ref().map(ToString::to_string),
            tagline: profile.tagline.as_ref().map(ToString::to_string),
            interests: tags(&profile.interests),
            offers: tags(&profile.offers),
            looking_for: tags(&profile.looking_for),
            notes: profile.notes.as_ref().map(ToString::to_string),
            card: regular.card,
            visits: regular.visits,
        }
    }
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
    /// The stamps of a paper card carried over.
    pub stamps: Option<u32>,
}

/// What the owner's "carry over a paper card" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CarryOverOutcome {
    CarriedOver,
    /// A paper card was carried over for them before (a tap sent twice, another tablet).
    AlreadyCarried,
    Invalid(Vec<FieldProblem>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveRegularOutcome {
    Saved { regular: i64 },
    Invalid(Vec<FieldProblem>),
}

/// How much history the card shows.
pub const HISTORY_LINES: u32 = 30;

#[server(endpoint = "get_regular")]
pub async fn get_regular(regular_id: i64) -> Result<Option<RegularCard>, AppError> {
    use crate::auth::require_staff;
    use crate::functions::links::{link_views, public_card_url};
    use crate::time::shop_time;
    use joren::RegularId;

    let (state, shop, staff) = require_staff().await?;
    let id = RegularId(regular_id);
    let Some(regular) = state.store.regular(shop.id, id).await? else {
        return Ok(None);
    };
    let lang = crate::lang::request_lang();
    let time = |millis: i64| shop_time(millis, &shop.time_zone, lang);
    let visits = state
        .store
        .visits(shop.id, id, HISTORY_LINES)
        .await?
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
        .await?
        .into_iter()
        .map(|entry| LedgerLine {
            at: time(entry.at),
            kind: entry.kind,
            by: entry.by,
            reward: entry.reward,
            stamps: entry.stamps,
        })
        .collect();
    let met = state
        .store
        .introductions_of(shop.id, id)
        .await?
        .into_iter()
        .map(|introduction| {
            crate::functions::introductions::introduction_view(introduction, &shop.time_zone, lang)
        })
        .collect();
    let brought = state.store.brought(shop.id, id).await?;
    let line = |person: joren::check_in::BroughtPerson| BroughtLine {
        regular: person.regular.0,
        nickname: person.nickname,
        at: time(person.at),
    };
    let links = link_views(&state, &shop, &regular, None).await?;
    let public_card = public_card_url(&state, &shop, &regular).await?;
    let team = state.store.staff(shop.id).await?;
    // "2026-11-20 14:02 · ゆき": when, and who recorded it.
    let given = |consent: joren::Consent, team: &[joren::Staff], time: &dyn Fn(i64) -> String| {
        let by = consent
            .given_by
            .and_then(|by| team.iter().find(|member| member.id == by))
            .map(|member| format!(" · {}", member.name.as_str()))
            .unwrap_or_default();
        format!("{}{by}", time(consent.given_at))
    };
    Ok(Some(RegularCard {
        public_card,
        met,
        came_with: brought.came_with.map(line),
        brought: brought.brought.into_iter().map(line).collect(),
        links,
        draft: regular.profile.to_draft(&regular.consents),
        stamps_per_card: shop.stamp_rules.stamps_per_card,
        reward: shop.stamp_rules.reward.to_string(),
        since: time(regular.created_at),
        may_be_introduced_since: regular
            .consents
            .may_be_introduced
            .map(|c| given(c, &team, &time)),
        may_show_links_since: regular
            .consents
            .may_show_links
            .map(|c| given(c, &team, &time)),
        viewer_is_owner: staff.role == joren::Role::Owner,
        may_carry_over: staff.role == joren::Role::Owner
            && shop.stamp_rules.stamps_per_card > 1
            && !state.store.paper_card_carried(shop.id, id).await?,
        regular: RegularView::from(&regular),
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
) -> Result<SaveRegularOutcome, AppError> {
    use crate::auth::require_staff;
    use crate::error::Missing;
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
            let consents = Consents::default().after_draft(&draft, now_millis(), staff.id);
            state
                .store
                .add_regular(shop.id, &profile, &consents, staff.id)
                .await?
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
                .await?;
            if !found {
                return Err(AppError::NotFound(Missing::Regular));
            }
            id
        }
    };
    Ok(SaveRegularOutcome::Saved { regular: id.0 })
}

/// The owner carries over the stamps of a paper card a regular brought, for a regular added
/// without it: once per regular, from 1 to one less than a full card.
#[server(endpoint = "carry_over_paper_card")]
pub async fn carry_over_paper_card(
    regular_id: i64,
    paper_stamps: String,
) -> Result<CarryOverOutcome, AppError> {
    use crate::auth::require_owner;
    use crate::error::Missing;
    use crate::problems::{Field, FieldProblem, Problem};
    use joren::check_in::CarryOver;
    use joren::loyalty::PaperStamps;
    use joren::storage::now_millis;

    let (state, shop, owner) = require_owner().await?;
    let rules = &shop.stamp_rules;
    // Here, unlike with a newcomer, 0 or nothing is not a choice: the form asks for the
    // stamps on the card.
    let Ok(Some(paper)) = PaperStamps::parse(&paper_stamps, rules) else {
        return Ok(CarryOverOutcome::Invalid(vec![FieldProblem {
            field: Field::PaperStamps,
            problem: Problem::OutOfRange {
                min: 1,
                max: rules.stamps_per_card.saturating_sub(1),
            },
        }]));
    };
    let carried = state
        .store
        .carry_over_paper_card(
            shop.id,
            joren::RegularId(regular_id),
            paper,
            rules,
            owner.id,
            now_millis(),
        )
        .await?;
    match carried {
        Some(CarryOver::CarriedOver { .. }) => Ok(CarryOverOutcome::CarriedOver),
        Some(CarryOver::AlreadyCarried) => Ok(CarryOverOutcome::AlreadyCarried),
        None => Err(AppError::NotFound(Missing::Regular)),
    }
}
