//! Check-in at the register: finding a regular as staff type, the visit it records, what the
//! register shows afterwards, and who is in the shop now.

use serde::{Deserialize, Serialize};

use crate::loyalty::{Card, RewardEarned};
use crate::reading::{MatchKind, Query, SearchKeys};
use crate::regular::{Consents, Profile, RegularId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VisitId(pub i64);

/// A regular as lists on the shared screen show them: nickname, tagline and stamp progress,
/// nothing else personal (docs/product.md, privacy rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegularSummary {
    pub id: RegularId,
    pub nickname: String,
    pub tagline: Option<String>,
    pub card: Card,
    /// Whether they agreed to be introduced (never suggested, nor introduced, without it).
    pub may_be_introduced: bool,
    /// Unix ms of the last visit that was not undone.
    pub last_visit_at: Option<i64>,
}

/// A regular's whole card, for their own screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regular {
    pub id: RegularId,
    pub profile: Profile,
    pub consents: Consents,
    pub card: Card,
    pub visits: u32,
    pub created_at: i64,
    pub last_visit_at: Option<i64>,
}

/// One visit, as the regular's history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: VisitId,
    pub checked_in_at: i64,
    /// The member of staff who checked them in.
    pub by: Option<String>,
    pub stamped: bool,
    /// This visit's stamp completed a card.
    pub earned_reward: bool,
    pub left_at: Option<i64>,
    /// An undone visit is kept and marked, never erased.
    pub undone_at: Option<i64>,
    pub undone_by: Option<String>,
}

/// What a check-in did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckInOutcome {
    /// A new visit; a stamp unless the last one is more recent than the owner's gap.
    CheckedIn {
        visit: VisitId,
        stamped: bool,
        reward: Option<RewardEarned>,
        card: Card,
    },
    /// They are in the shop already (a double tap, a second tablet): nothing was added.
    AlreadyHere {
        visit: VisitId,
        checked_in_at: i64,
        card: Card,
    },
}

impl CheckInOutcome {
    pub fn visit(&self) -> VisitId {
        match self {
            CheckInOutcome::CheckedIn { visit, .. } | CheckInOutcome::AlreadyHere { visit, .. } => {
                *visit
            }
        }
    }

    pub fn card(&self) -> Card {
        match self {
            CheckInOutcome::CheckedIn { card, .. } | CheckInOutcome::AlreadyHere { card, .. } => {
                *card
            }
        }
    }
}

/// What undoing a check-in did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Undo {
    /// The visit is marked undone, its stamp (and a reward it earned) taken back.
    Undone {
        card: Card,
    },
    /// More than ten minutes have passed: the visit stands.
    TooLate,
    AlreadyUndone,
    /// The reward this stamp earned was already handed over; the visit stands.
    RewardAlreadyRedeemed,
}

/// What redeeming a reward did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Redeem {
    Redeemed {
        card: Card,
    },
    /// No reward is waiting (another tablet redeemed it a moment ago).
    NoneAvailable,
}

/// Someone in the shop now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub visit: VisitId,
    pub checked_in_at: i64,
    pub regular: RegularSummary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// A card was completed.
    Earned,
    /// Staff handed the reward over.
    Redeemed,
    /// The check-in that earned it was undone.
    TakenBack,
    /// A paper card's stamps were carried over onto the card.
    CarriedOver,
    /// A stamp to thank them for bringing a newcomer (the owner's choice, once per newcomer).
    ThankYou,
}

impl LedgerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Earned => "earned",
            LedgerKind::Redeemed => "redeemed",
            LedgerKind::TakenBack => "taken_back",
            LedgerKind::CarriedOver => "carried_over",
            LedgerKind::ThankYou => "thank_you",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            LedgerKind::Earned,
            LedgerKind::Redeemed,
            LedgerKind::TakenBack,
            LedgerKind::CarriedOver,
            LedgerKind::ThankYou,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == value)
    }
}

/// One line of a regular's card ledger: their rewards, a paper card carried over, and the
/// thank-you stamps for newcomers they brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub at: i64,
    pub kind: LedgerKind,
    pub by: Option<String>,
    /// The reward as the rules named it at the time; empty for a paper card and a thank-you.
    pub reward: String,
    /// The stamps a paper card brought ([`LedgerKind::CarriedOver`]), or the one stamp of a
    /// thank-you ([`LedgerKind::ThankYou`]).
    pub stamps: Option<u32>,
}

/// What carrying a paper card over did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CarryOver {
    /// The stamps are on the card; a card they filled earned its reward.
    CarriedOver {
        card: Card,
        reward: Option<RewardEarned>,
    },
    /// A paper card was carried over for them before: once is all (a tap sent twice, or
    /// another tablet a moment ago).
    AlreadyCarried,
}

/// "+ new regular" as the register sends it, once every field is checked: who they are, the
/// stamps of a paper card they brought, and the regular they came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Newcomer {
    pub profile: Profile,
    pub consents: Consents,
    pub paper: Option<crate::loyalty::PaperStamps>,
    /// The regular who brought them ("came with …"): one of this shop's regulars.
    pub came_with: Option<RegularId>,
}

/// What adding a newcomer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewcomerAdded {
    /// Added (or found added a moment ago: the same tap sent twice) and checked in.
    CheckedIn {
        id: RegularId,
        nickname: String,
        outcome: CheckInOutcome,
        /// The stamp the regular who brought them got for it, when one was given now.
        thanked: Option<Thanked>,
    },
    /// The regular they came with is not one of this shop's (erased meanwhile, or never
    /// was): nothing was added.
    NoSuchBringer,
}

/// A thank-you stamp given to the regular who brought a newcomer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thanked {
    pub regular: RegularId,
    pub nickname: String,
    /// Their card after the stamp.
    pub card: Card,
    /// The stamp completed their card.
    pub reward: Option<RewardEarned>,
}

/// One end of "who brought whom", as a regular's card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BroughtPerson {
    pub regular: RegularId,
    pub nickname: String,
    /// When the newcomer was added (Unix ms).
    pub at: i64,
}

/// Who brought a regular, and whom they brought; erased people are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brought {
    pub came_with: Option<BroughtPerson>,
    /// Newest first.
    pub brought: Vec<BroughtPerson>,
}

/// How many matches the register shows while staff type.
pub const SEARCH_RESULTS: usize = 8;

/// A new regular with the same nickname and reading as one added this recently is the same
/// tap sent twice (a double tap on a form the browser posted itself), not a second person.
pub const SAME_NEW_REGULAR_WITHIN_MILLIS: i64 = 10_000;

/// Orders the candidates the database found for a query: names or readings that start with
/// what was typed first, then the most recent visitors, then by nickname; at most `limit`.
/// Candidates the query does not match at all (the database's filter is looser) are dropped.
pub fn rank(
    query: &Query,
    candidates: Vec<(RegularSummary, SearchKeys)>,
    limit: usize,
) -> Vec<RegularSummary> {
    let mut matched: Vec<(MatchKind, RegularSummary)> = candidates
        .into_iter()
        .filter_map(|(summary, keys)| query.matches(&keys).map(|kind| (kind, summary)))
        .collect();
    matched.sort_by(|(kind_a, a), (kind_b, b)| {
        kind_a
            .cmp(kind_b)
            .then_with(|| b.last_visit_at.cmp(&a.last_visit_at))
            .then_with(|| a.nickname.cmp(&b.nickname))
            .then_with(|| a.id.0.cmp(&b.id.0))
    });
    matched
        .into_iter()
        .take(limit)
        .map(|(_, summary)| summary)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular(
        id: i64,
        nickname: &str,
        reading: Option<&str>,
        last: Option<i64>,
    ) -> (RegularSummary, SearchKeys) {
        (
            RegularSummary {
                id: RegularId(id),
                nickname: nickname.to_owned(),
                tagline: None,
                card: Card::default(),
                may_be_introduced: false,
                last_visit_at: last,
            },
            SearchKeys::of(nickname, reading),
        )
    }

    fn names(query: &str, candidates: Vec<(RegularSummary, SearchKeys)>) -> Vec<String> {
        let query = Query::parse(query).unwrap();
        rank(&query, candidates, SEARCH_RESULTS)
            .into_iter()
            .map(|r| r.nickname)
            .collect()
    }

    #[test]
    fn the_product_briefs_example_finds_yu_by_kana_katakana_and_romaji() {
        for typed in ["ゆう", "ユウ", "yu", "ﾕｳ", "ＹＵ"] {
            assert_eq!(
                names(typed, vec![regular(1, "ゆー。", Some("ゆう"), None)]),
                ["ゆー。"],
                "{typed}"
            );
        }
    }

    #[test]
    fn prefix_matches_come_first_then_recent_visitors() {
        let candidates = vec![
            regular(1, "たかゆき", None, Some(900)),
            regular(2, "ゆうこ", None, Some(100)),
            regular(3, "ゆうた", None, Some(500)),
            regular(4, "まゆ", None, None),
        ];
        assert_eq!(
            names("ゆ", candidates),
            ["ゆうた", "ゆうこ", "たかゆき", "まゆ"]
        );
    }

    #[test]
    fn candidates_that_do_not_match_are_dropped_and_the_list_is_bounded() {
        let mut candidates = vec![regular(1, "Ken", None, None)];
        candidates.extend((10..30).map(|id| regular(id, &format!("さくら{id}"), None, Some(id))));
        let found = names("sakura", candidates);
        assert_eq!(found.len(), SEARCH_RESULTS);
        assert_eq!(found[0], "さくら29", "the most recent visitor first");
        assert!(!found.contains(&"Ken".to_owned()));
    }

    #[test]
    fn ledger_kinds_read_back_from_their_stored_names() {
        for kind in [
            LedgerKind::Earned,
            LedgerKind::Redeemed,
            LedgerKind::TakenBack,
            LedgerKind::CarriedOver,
            LedgerKind::ThankYou,
        ] {
            assert_eq!(LedgerKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(LedgerKind::parse("gift"), None);
    }
}
