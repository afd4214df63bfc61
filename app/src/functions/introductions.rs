//! Introductions: choosing two people, their talking points, suggestions, "Introduce", and
//! the follow-up of what it led to. Every function needs an unlocked kiosk.

use joren::check_in::RegularSummary;
use joren::introduction::{FollowUp, IntroductionError, Outcome};
use joren::suggestion::Reasons;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::functions::links::LinkView;
use crate::problems::FieldProblem;

/// How many suggestions the introduce screen shows.
pub const SUGGESTIONS_SHOWN: usize = 8;

/// Someone staff can choose: in the shop now, or found by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pick {
    pub id: i64,
    pub nickname: String,
    pub tagline: Option<String>,
    pub may_be_introduced: bool,
}

impl From<RegularSummary> for Pick {
    fn from(summary: RegularSummary) -> Self {
        Pick {
            id: summary.id.0,
            nickname: summary.nickname,
            tagline: summary.tagline,
            may_be_introduced: summary.may_be_introduced,
        }
    }
}

/// One of the two people, with what they would talk about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub id: i64,
    pub nickname: String,
    pub tagline: Option<String>,
    pub interests: Vec<String>,
    pub offers: Vec<String>,
    pub looking_for: Vec<String>,
    pub may_be_introduced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionLine {
    pub pick: Pick,
    pub reasons: Reasons,
}

/// When and by whom a pair met here, in the shop's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetBefore {
    pub introduction: i64,
    pub at: String,
    pub by: Option<String>,
}

/// Everything the introduce screen shows for the people chosen so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroduceView {
    /// Everyone in the shop now, newest first.
    pub present: Vec<Pick>,
    /// Who a search by name found, when there was one.
    pub found: Option<Vec<Pick>>,
    pub a: Option<Side>,
    pub b: Option<Side>,
    /// For `a`, when `b` is not chosen yet.
    pub suggestions: Vec<SuggestionLine>,
    /// For `a` and `b`, when both are chosen.
    pub points: Option<Reasons>,
    pub met_before: Option<MetBefore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntroduceOutcome {
    Introduced { introduction: i64 },
    AlreadyMet(MetBefore),
    Refused(IntroductionError),
    Invalid(Vec<FieldProblem>),
}

/// One follow-up as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeLine {
    pub outcome: Outcome,
    pub note: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

/// An introduction, seen from one person's card or on its own page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroductionView {
    pub id: i64,
    pub first: (i64, String),
    pub second: (i64, String),
    pub at: String,
    pub by: Option<String>,
    pub note: Option<String>,
    /// Newest first: the first line is the current outcome.
    pub outcomes: Vec<OutcomeLine>,
}

/// An introduction's own page: the introduction, and the QR codes of each person's links
/// (those who agreed to show them), for the other to scan there and then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroductionPage {
    pub introduction: IntroductionView,
    /// Nickname and links with QR codes, for each person who has any to show.
    pub links: Vec<(String, Vec<LinkView>)>,
    /// How often the QR codes of this page were scanned (with the shop's public address).
    pub scans: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpOutcome {
    Done(FollowUp),
    Refused(IntroductionError),
    Invalid(Vec<FieldProblem>),
}

#[cfg(feature = "ssr")]
pub(crate) fn introduction_view(
    introduction: joren::introduction::Introduction,
    zone: &joren::TimeZoneName,
    lang: crate::lang::Lang,
) -> IntroductionView {
    use crate::time::shop_time;
    IntroductionView {
        id: introduction.id.0,
        first: (introduction.pair.first().0, introduction.first_nickname),
        second: (introduction.pair.second().0, introduction.second_nickname),
        at: shop_time(introduction.at, zone, lang),
        by: introduction.by,
        note: introduction.note,
        outcomes: introduction
            .outcomes
            .into_iter()
            .map(|change| OutcomeLine {
                outcome: change.outcome,
                note: change.note,
                by: change.by,
                at: shop_time(change.at, zone, lang),
            })
            .collect(),
    }
}

#[cfg(feature = "ssr")]
fn met_before(
    introduction: &joren::introduction::Introduction,
    zone: &joren::TimeZoneName,
    lang: crate::lang::Lang,
) -> MetBefore {
    MetBefore {
        introduction: introduction.id.0,
        at: crate::time::shop_time(introduction.at, zone, lang),
        by: introduction.by.clone(),
    }
}

/// An introduction's or a follow-up's note: optional, at most as long as a regular's notes.
#[cfg(feature = "ssr")]
fn parse_note(note: &str) -> Result<Option<joren::Notes>, Vec<FieldProblem>> {
    use crate::problems::field_problems;
    use joren::regular::{Notes, RegularField};
    Notes::parse_optional(note)
        .map_err(|problem| field_problems(vec![(RegularField::Notes, problem)]))
}

/// The introduce screen for `a` and `b` as chosen so far; `query` searches by name.
#[server(endpoint = "get_introduce")]
pub async fn get_introduce(
    a: Option<i64>,
    b: Option<i64>,
    query: Option<String>,
) -> Result<IntroduceView, AppError> {
    use crate::auth::require_staff;
    use crate::functions::register::MAX_QUERY_CHARS;
    use joren::RegularId;
    use joren::introduction::Pair;
    use joren::reading::Query;
    use joren::storage::now_millis;

    let (state, shop, _staff) = require_staff().await?;
    let store = &state.store;
    let rules = &shop.stamp_rules;
    let now = now_millis();
    let present = store
        .in_the_shop(shop.id, rules, now)
        .await?
        .into_iter()
        .map(|present| Pick::from(present.regular))
        .collect();
    let found = match query
        .as_deref()
        .map(|text| text.chars().take(MAX_QUERY_CHARS).collect::<String>())
        .as_deref()
        .and_then(Query::parse)
    {
        Some(query) => Some(
            store
                .search_regulars(shop.id, &query)
                .await?
                .into_iter()
                .map(Pick::from)
                .collect(),
        ),
        None => None,
    };
    let side = |id: Option<i64>| async move {
        let Some(id) = id else {
            return Ok::<_, AppError>(None);
        };
        let Some(regular) = store.regular(shop.id, RegularId(id)).await? else {
            return Ok(None);
        };
        let tags = |tags: &joren::Tags| tags.iter().map(|tag| tag.as_str().to_owned()).collect();
        Ok(Some(Side {
            id,
            nickname: regular.profile.nickname.to_string(),
            tagline: regular.profile.tagline.as_ref().map(ToString::to_string),
            interests: tags(&regular.profile.interests),
            offers: tags(&regular.profile.offers),
            looking_for: tags(&regular.profile.looking_for),
            may_be_introduced: regular.consents.may_be_introduced(),
        }))
    };
    let a = side(a).await?;
    let b = side(b)
        .await?
        .filter(|b| a.as_ref().is_none_or(|a| a.id != b.id));
    let mut view = IntroduceView {
        present,
        found,
        a,
        b,
        suggestions: Vec::new(),
        points: None,
        met_before: None,
    };
    match (&view.a, &view.b) {
        (Some(a), None) => {
            view.suggestions = store
                .suggestions(shop.id, RegularId(a.id), rules, now, SUGGESTIONS_SHOWN)
                .await?
                .into_iter()
                .map(|suggested| SuggestionLine {
                    pick: Pick::from(suggested.regular),
                    reasons: suggested.reasons,
                })
                .collect();
        }
        (Some(a), Some(b)) => {
            let (a, b) = (RegularId(a.id), RegularId(b.id));
            view.points = store.talking_points(shop.id, a, b, rules, now).await?;
            if let Ok(pair) = Pair::new(a, b) {
                view.met_before = store
                    .introduction_between(shop.id, pair)
                    .await?
                    .map(|met| met_before(&met, &shop.time_zone, crate::lang::request_lang()));
            }
        }
        _ => {}
    }
    Ok(view)
}

/// "Introduce": records the pair, the member of staff, the time and the note.
#[server(endpoint = "introduce")]
pub async fn introduce(a: i64, b: i64, note: String) -> Result<IntroduceOutcome, AppError> {
    use crate::auth::require_staff;
    use joren::RegularId;
    use joren::introduction::Introduce;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    let note = match parse_note(&note) {
        Ok(note) => note,
        Err(problems) => return Ok(IntroduceOutcome::Invalid(problems)),
    };
    let answer = state
        .store
        .introduce(
            shop.id,
            RegularId(a),
            RegularId(b),
            note.as_ref(),
            staff.id,
            now_millis(),
        )
        .await?;
    Ok(match answer {
        Introduce::Introduced(id) => IntroduceOutcome::Introduced { introduction: id.0 },
        Introduce::AlreadyMet(met) => IntroduceOutcome::AlreadyMet(met_before(
            &met,
            &shop.time_zone,
            crate::lang::request_lang(),
        )),
        Introduce::Refused(refused) => IntroduceOutcome::Refused(refused),
    })
}

/// One introduction, everything recorded about what it led to, and both people's QR codes.
#[server(endpoint = "get_introduction")]
pub async fn get_introduction(introduction_id: i64) -> Result<Option<IntroductionPage>, AppError> {
    use crate::auth::require_staff;
    use crate::functions::links::link_views;
    use joren::introduction::IntroductionId;

    let (state, shop, _staff) = require_staff().await?;
    let Some(introduction) = state
        .store
        .introduction(shop.id, IntroductionId(introduction_id))
        .await?
    else {
        return Ok(None);
    };
    let mut links = Vec::new();
    for id in [introduction.pair.first(), introduction.pair.second()] {
        if let Some(regular) = state.store.regular(shop.id, id).await? {
            let shown: Vec<LinkView> = link_views(&state, &shop, &regular, Some(introduction.id))
                .await?
                .into_iter()
                .filter(|link| link.qr_svg.is_some())
                .collect();
            if !shown.is_empty() {
                links.push((regular.profile.nickname.to_string(), shown));
            }
        }
    }
    let scans = match &state.public_url {
        Some(_) => Some(
            state
                .store
                .introduction_scans(shop.id, introduction.id)
                .await?,
        ),
        None => None,
    };
    Ok(Some(IntroductionPage {
        introduction: introduction_view(introduction, &shop.time_zone, crate::lang::request_lang()),
        links,
        scans,
    }))
}

/// Records what an introduction led to; earlier outcomes are kept.
#[server(endpoint = "record_outcome")]
pub async fn record_outcome(
    introduction_id: i64,
    /// Absent when no outcome was chosen.
    outcome: Option<String>,
    note: String,
) -> Result<FollowUpOutcome, AppError> {
    use crate::auth::require_staff;
    use joren::introduction::IntroductionId;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    let outcome = match Outcome::parse(outcome.as_deref().unwrap_or_default()) {
        Ok(outcome) => outcome,
        Err(refused) => return Ok(FollowUpOutcome::Refused(refused)),
    };
    let note = match parse_note(&note) {
        Ok(note) => note,
        Err(problems) => return Ok(FollowUpOutcome::Invalid(problems)),
    };
    let answer = state
        .store
        .record_outcome(
            shop.id,
            IntroductionId(introduction_id),
            outcome,
            note.as_ref(),
            staff.id,
            now_millis(),
        )
        .await?;
    Ok(match answer {
        FollowUp::Refused(refused) => FollowUpOutcome::Refused(refused),
        done => FollowUpOutcome::Done(done),
    })
}

/// What the register asks after a check-in (see `Store::follow_up_due`): "Last time you met
/// Hanako (12 Nov) — did it lead to anything?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpQuestion {
    pub introduction: i64,
    /// The other person's nickname.
    pub other: String,
    /// The day they were introduced, in the shop's calendar.
    pub on: String,
}

/// The introduction to ask `regular_id` about after their check-in, if any. Read after the
/// check-in's own answer, so it never slows the check-in.
#[server(endpoint = "follow_up_due")]
pub async fn follow_up_due(regular_id: i64) -> Result<Option<FollowUpQuestion>, AppError> {
    use crate::auth::require_staff;
    use joren::RegularId;
    use joren::introduction::follow_up_window;
    use joren::storage::now_millis;

    let (state, shop, _staff) = require_staff().await?;
    let zone = jiff::tz::TimeZone::get(shop.time_zone.as_str()).unwrap_or(jiff::tz::TimeZone::UTC);
    let due = state
        .store
        .follow_up_due(
            shop.id,
            RegularId(regular_id),
            follow_up_window(now_millis(), &zone),
        )
        .await?;
    Ok(due.map(|due| FollowUpQuestion {
        introduction: due.introduction.0,
        other: due.other_nickname,
        on: crate::time::shop_date(due.at, &shop.time_zone, crate::lang::request_lang()),
    }))
}

/// "Don't ask again": the register stops asking what this introduction led to. A plain form
/// (before the wasm) comes back to the page it was sent from.
#[server(endpoint = "stop_follow_up")]
pub async fn stop_follow_up(introduction_id: i64) -> Result<(), AppError> {
    use crate::auth::require_staff;
    use crate::error::Missing;
    use joren::introduction::IntroductionId;
    use joren::storage::now_millis;

    let (state, shop, staff) = require_staff().await?;
    let found = state
        .store
        .stop_follow_up(
            shop.id,
            IntroductionId(introduction_id),
            staff.id,
            now_millis(),
        )
        .await?;
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound(Missing::Introduction))
    }
}
