//! The register: finding a regular, checking in, undo, "left", rewards, who is in the shop.
//! Every function needs an unlocked kiosk.

use joren::check_in::{self, Redeem, RegularSummary, Undo};
use joren::loyalty::Card;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::problems::FieldProblem;

/// What the register shows besides the search: the newest people in the shop, and how many
/// are there in all. Only what the list shows, in plain values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterView {
    pub present: Vec<PresentLine>,
    /// Everyone in the shop now, shown or not.
    pub in_the_shop: u32,
    pub stamps_per_card: u32,
}

/// One person in the shop, as the list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PresentLine {
    pub visit: i64,
    pub regular: i64,
    pub nickname: String,
    pub tagline: Option<String>,
    /// "14:02", in the shop's time.
    pub since: String,
    pub card: Card,
    pub may_be_introduced: bool,
}

/// How many of the people in the shop the register lists until staff ask for everyone: a
/// café has 5 to 40 in at once, and the newest are the ones staff look for.
pub const PRESENT_SHOWN: u32 = 50;

/// An answer to a search, with the text it answers, so the page can tell it from a stale one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchAnswer {
    pub query: String,
    pub found: Vec<RegularSummary>,
    pub stamps_per_card: u32,
}

/// What the register shows after a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInAnswer {
    pub regular: i64,
    pub nickname: String,
    pub check_in: check_in::CheckInOutcome,
    pub stamps_per_card: u32,
    pub reward: String,
    /// A newcomer's check-in: the thank-you stamp the regular who brought them got.
    #[serde(default)]
    pub thanked: Option<ThankedLine>,
}

/// A thank-you stamp for the regular who brought a newcomer, as the check-in's result says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThankedLine {
    pub regular: i64,
    pub nickname: String,
    /// Their card after the stamp.
    pub card: Card,
    /// The stamp filled their card.
    pub earned_reward: bool,
}

/// What a plain form post at the register did, for the page the browser is sent to next (see
/// `plain_form`): the register shows it at `/?answered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterAnswer {
    /// A check-in, and what was done with it since: undone, its reward handed over.
    CheckedIn {
        done: CheckInAnswer,
        undo: Option<Undo>,
        redeem: Option<Redeem>,
    },
    /// "+ new regular" with what was typed and what is wrong with it.
    NewRegularInvalid {
        typed: NewRegularTyped,
        problems: Vec<FieldProblem>,
    },
    /// It did not go through: try again.
    Failed,
}

#[cfg(feature = "ssr")]
impl RegisterAnswer {
    /// The nicknames are not kept in the session: `last_register_answer` reads them again,
    /// so an erasure leaves nothing of the person behind in a tablet's session.
    fn checked_in(done: &CheckInAnswer) -> RegisterAnswer {
        RegisterAnswer::CheckedIn {
            done: CheckInAnswer {
                nickname: String::new(),
                thanked: done.thanked.clone().map(|thanked| ThankedLine {
                    nickname: String::new(),
                    ..thanked
                }),
                ..done.clone()
            },
            undo: None,
            redeem: None,
        }
    }
}

/// What was typed into "+ new regular", shown again with its problems.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRegularTyped {
    pub nickname: String,
    pub reading: String,
    /// The stamps on a paper card they brought, as typed.
    pub paper_stamps: String,
    /// The regular they came with, as chosen (an id, or empty for nobody).
    #[serde(default)]
    pub came_with: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewRegularOutcome {
    CheckedIn(CheckInAnswer),
    Invalid(Vec<FieldProblem>),
}

/// The longest search text looked at: more than a name's length is never needed.
pub const MAX_QUERY_CHARS: usize = 40;

/// Who is in the shop: the newest [`PRESENT_SHOWN`], or everyone.
#[server(endpoint = "get_register")]
pub async fn get_register(#[server(default)] everyone: bool) -> Result<RegisterView, AppError> {
    use crate::auth::RequestMemo;

    let name = if everyone {
        "register, everyone"
    } else {
        "register"
    };
    match RequestMemo::once::<RegisterView>(name) {
        Some(once) => once
            .get_or_try_init(|| read_register(everyone))
            .await
            .cloned(),
        None => read_register(everyone).await,
    }
}

#[cfg(feature = "ssr")]
async fn read_register(everyone: bool) -> Result<RegisterView, AppError> {
    use crate::auth::require_staff;
    use joren::storage::now_millis;

    let (state, shop, _staff) = require_staff().await?;
    let rules = &shop.stamp_rules;
    let at_most = if everyone { u32::MAX } else { PRESENT_SHOWN };
    let here = state
        .store
        .newest_in_the_shop(shop.id, rules, now_millis(), at_most)
        .await?;
    let present = here
        .newest
        .into_iter()
        .map(|present| PresentLine {
            visit: present.visit.0,
            regular: present.regular.id.0,
            since: crate::time::shop_clock(present.checked_in_at, &shop.time_zone),
            nickname: present.regular.nickname,
            tagline: present.regular.tagline,
            card: present.regular.card,
            may_be_introduced: present.regular.may_be_introduced,
        })
        .collect();
    Ok(RegisterView {
        present,
        in_the_shop: here.in_all,
        stamps_per_card: rules.stamps_per_card,
    })
}

#[server(endpoint = "search_regulars")]
pub async fn search_regulars(query: String) -> Result<SearchAnswer, AppError> {
    use crate::auth::require_staff;
    use joren::reading::Query;

    let (state, shop, _staff) = require_staff().await?;
    let found = match Query::parse(&query) {
        Some(parsed) if query.chars().count() <= MAX_QUERY_CHARS => {
            state.store.search_regulars(shop.id, &parsed).await?
        }
        _ => Vec::new(),
    };
    Ok(SearchAnswer {
        query,
        found,
        stamps_per_card: shop.stamp_rules.stamps_per_card,
    })
}

#[server(endpoint = "check_in")]
pub async fn check_in(regular_id: i64) -> Result<CheckInAnswer, AppError> {
    use super::plain_form::PlainForm;
    let result = checking_in(regular_id).await;
    if let Some(plain) = PlainForm::of_request() {
        plain
            .answer(&result, |done, _| Some(RegisterAnswer::checked_in(done)))
            .await;
    }
    result
}

#[cfg(feature = "ssr")]
async fn checking_in(regular_id: i64) -> Result<CheckInAnswer, AppError> {
    use crate::auth::require_staff;
    use crate::error::Missing;
    use joren::RegularId;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    let id = RegularId(regular_id);
    let rules = &shop.stamp_rules;
    let checked_in = state
        .store
        .check_in(shop.id, id, rules, staff.id, now_millis())
        .await?
        .ok_or(AppError::NotFound(Missing::Regular))?;
    Ok(CheckInAnswer {
        regular: regular_id,
        nickname: checked_in.nickname,
        check_in: checked_in.outcome,
        stamps_per_card: rules.stamps_per_card,
        reward: rules.reward.to_string(),
        thanked: None,
    })
}

/// "+ new regular": a nickname, an optional reading, the stamps of a paper card they brought
/// and the regular they came with (both optional), checked in at once.
#[server(endpoint = "add_regular_and_check_in")]
pub async fn add_regular_and_check_in(
    nickname: String,
    reading: String,
    #[server(default)] paper_stamps: String,
    #[server(default)] came_with: String,
) -> Result<NewRegularOutcome, AppError> {
    use super::plain_form::PlainForm;
    let typed = NewRegularTyped {
        nickname,
        reading,
        paper_stamps,
        came_with,
    };
    let result = adding_regular_and_checking_in(&typed).await;
    if let Some(plain) = PlainForm::of_request() {
        plain
            .answer(&result, |outcome, _| {
                Some(match outcome {
                    NewRegularOutcome::CheckedIn(done) => RegisterAnswer::checked_in(done),
                    NewRegularOutcome::Invalid(problems) => RegisterAnswer::NewRegularInvalid {
                        typed,
                        problems: problems.clone(),
                    },
                })
            })
            .await;
    }
    result
}

#[cfg(feature = "ssr")]
async fn adding_regular_and_checking_in(
    typed: &NewRegularTyped,
) -> Result<NewRegularOutcome, AppError> {
    use crate::auth::require_staff;
    use crate::problems::{Field, FieldProblem, Problem, field_problems};
    use joren::RegularId;
    use joren::check_in::{Newcomer, NewcomerAdded};
    use joren::loyalty::PaperStamps;
    use joren::regular::{Consents, Profile, RegularDraft};
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    let rules = &shop.stamp_rules;
    let draft = RegularDraft {
        nickname: typed.nickname.clone(),
        reading: typed.reading.clone(),
        ..RegularDraft::default()
    };
    // Every problem at once: the profile's, the paper card's and the one they came with.
    let profile = Profile::parse(&draft);
    let paper = PaperStamps::parse(&typed.paper_stamps, rules);
    let came_with = match typed.came_with.trim() {
        "" => Ok(None),
        id => id.parse().map(|id| Some(RegularId(id))),
    };
    let no_such_bringer = || FieldProblem {
        field: Field::CameWith,
        problem: Problem::NoSuchRegular,
    };
    let (profile, paper, came_with) = match (profile, paper, came_with) {
        (Ok(profile), Ok(paper), Ok(came_with)) => (profile, paper, came_with),
        (profile, paper, came_with) => {
            let mut problems = profile.err().map(field_problems).unwrap_or_default();
            problems.extend(paper.err().map(|error| FieldProblem {
                field: Field::PaperStamps,
                problem: error.into(),
            }));
            problems.extend(came_with.err().map(|_| no_such_bringer()));
            return Ok(NewRegularOutcome::Invalid(problems));
        }
    };
    let newcomer = Newcomer {
        profile,
        consents: Consents::default(),
        paper,
        came_with,
    };
    let added = state
        .store
        .add_regular_and_check_in(shop.id, &newcomer, rules, staff.id, now_millis())
        .await?;
    let NewcomerAdded::CheckedIn {
        id,
        nickname,
        outcome,
        thanked,
    } = added
    else {
        return Ok(NewRegularOutcome::Invalid(vec![no_such_bringer()]));
    };
    Ok(NewRegularOutcome::CheckedIn(CheckInAnswer {
        regular: id.0,
        nickname,
        check_in: outcome,
        stamps_per_card: rules.stamps_per_card,
        reward: rules.reward.to_string(),
        thanked: thanked.map(|thanked| ThankedLine {
            regular: thanked.regular.0,
            nickname: thanked.nickname,
            card: thanked.card,
            earned_reward: thanked.reward.is_some(),
        }),
    }))
}

#[server(endpoint = "undo_check_in")]
pub async fn undo_check_in(visit_id: i64) -> Result<Undo, AppError> {
    use super::plain_form::PlainForm;
    let result = undoing_check_in(visit_id).await;
    if let Some(plain) = PlainForm::of_request() {
        plain
            .answer(&result, |undo, last| match last {
                Some(RegisterAnswer::CheckedIn { done, redeem, .. })
                    if done.check_in.visit().0 == visit_id =>
                {
                    Some(RegisterAnswer::CheckedIn {
                        done,
                        undo: Some(undo.clone()),
                        redeem,
                    })
                }
                _ => None,
            })
            .await;
    }
    result
}

#[cfg(feature = "ssr")]
async fn undoing_check_in(visit_id: i64) -> Result<Undo, AppError> {
    use crate::auth::require_staff;
    use crate::error::Missing;
    use joren::check_in::VisitId;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    state
        .store
        .undo_check_in(
            shop.id,
            VisitId(visit_id),
            &shop.stamp_rules,
            staff.id,
            now_millis(),
        )
        .await?
        .ok_or(AppError::NotFound(Missing::Visit))
}

/// "Left": the regular is no longer in the shop. `false` when they were not (any more).
/// `present` is the list the row was tapped in (`all` for everyone), where a plain form
/// comes back to.
#[server(endpoint = "mark_left")]
pub async fn mark_left(
    visit_id: i64,
    #[server(default)] present: Option<String>,
) -> Result<bool, AppError> {
    use super::plain_form::PlainForm;
    let result = marking_left(visit_id).await;
    if let Some(plain) = PlainForm::of_request() {
        match &result {
            Ok(_) if present.as_deref() == Some("all") => plain.go_to(EVERYONE_PRESENT),
            _ => plain.answer(&result, |_, _| None).await,
        }
    }
    result
}

/// The register listing everyone in the shop, not only the newest.
pub const EVERYONE_PRESENT: &str = "/?present=all";

#[cfg(feature = "ssr")]
async fn marking_left(visit_id: i64) -> Result<bool, AppError> {
    use crate::auth::require_staff;
    use joren::check_in::VisitId;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    state
        .store
        .mark_left(shop.id, VisitId(visit_id), staff.id, now_millis())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "redeem_reward")]
pub async fn redeem_reward(
    regular_id: i64,
    #[server(default)] handed_over: Option<u32>,
) -> Result<Redeem, AppError> {
    use super::plain_form::PlainForm;
    let result = redeeming_reward(regular_id, handed_over).await;
    if let Some(plain) = PlainForm::of_request() {
        plain
            .answer(&result, |redeem, last| match last {
                Some(RegisterAnswer::CheckedIn { done, undo, .. })
                    if done.regular == regular_id =>
                {
                    Some(RegisterAnswer::CheckedIn {
                        done,
                        undo,
                        redeem: Some(redeem.clone()),
                    })
                }
                _ => None,
            })
            .await;
    }
    result
}

#[cfg(feature = "ssr")]
/// `handed_over`: the rewards the screen showed as handed over already (see
/// `Store::redeem_reward`).
async fn redeeming_reward(regular_id: i64, handed_over: Option<u32>) -> Result<Redeem, AppError> {
    use crate::auth::require_staff;
    use crate::error::Missing;
    use joren::RegularId;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    state
        .store
        .redeem_reward(
            shop.id,
            RegularId(regular_id),
            &shop.stamp_rules,
            handed_over,
            staff.id,
            now_millis(),
        )
        .await?
        .ok_or(AppError::NotFound(Missing::Regular))
}

/// What the last plain form post at this tablet did (see `plain_form`), with the regular's
/// nickname as it is now: `None` when there is nothing to show, or they have been erased.
#[server(endpoint = "last_register_answer")]
pub async fn last_register_answer() -> Result<Option<RegisterAnswer>, AppError> {
    use crate::auth::require_staff;
    use joren::RegularId;

    let (state, shop, _staff) = require_staff().await?;
    let mut answer = super::plain_form::last_answer().await;
    if let Some(RegisterAnswer::CheckedIn { done, .. }) = &mut answer {
        match state
            .store
            .regular(shop.id, RegularId(done.regular))
            .await?
        {
            Some(regular) => done.nickname = regular.profile.nickname.to_string(),
            None => return Ok(None),
        }
        if let Some(thanked) = done.thanked.take() {
            // Erased since: the thank-you is no longer said.
            done.thanked = state
                .store
                .regular(shop.id, RegularId(thanked.regular))
                .await?
                .map(|bringer| ThankedLine {
                    nickname: bringer.profile.nickname.to_string(),
                    ..thanked
                });
        }
    }
    Ok(answer)
}
