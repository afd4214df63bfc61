//! Introductions: two regulars the shop brought together, who did it, and what it led to.
//!
//! A pair is introduced once. What it led to (flow 6 of the product brief) is a history of
//! outcomes: the newest is the current one, and every earlier one is kept with who recorded
//! it and when, so a later "worked together" never hides an earlier "became friends".

use serde::{Deserialize, Serialize};

use crate::check_in::RegularSummary;
use crate::regular::RegularId;
use crate::suggestion::Reasons;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IntroductionId(pub i64);

/// Two different regulars, in a fixed order (the smaller id first), so that "Aki meets Ben"
/// and "Ben meets Aki" are the same pair and the once-only rule can be kept by the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pair {
    first: RegularId,
    second: RegularId,
}

impl Pair {
    pub fn new(a: RegularId, b: RegularId) -> Result<Pair, IntroductionError> {
        match a.0.cmp(&b.0) {
            std::cmp::Ordering::Less => Ok(Pair {
                first: a,
                second: b,
            }),
            std::cmp::Ordering::Greater => Ok(Pair {
                first: b,
                second: a,
            }),
            std::cmp::Ordering::Equal => Err(IntroductionError::SamePerson),
        }
    }

    pub fn first(self) -> RegularId {
        self.first
    }

    pub fn second(self) -> RegularId {
        self.second
    }

    pub fn contains(self, id: RegularId) -> bool {
        self.first == id || self.second == id
    }

    /// The other one of the pair, when `id` is one of them.
    pub fn other(self, id: RegularId) -> Option<RegularId> {
        if id == self.first {
            Some(self.second)
        } else if id == self.second {
            Some(self.first)
        } else {
            None
        }
    }
}

/// What an introduction led to. Stored by its `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    WorkedTogether,
    BecameCustomer,
    BecameFriends,
    NothingYet,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::WorkedTogether,
        Outcome::BecameCustomer,
        Outcome::BecameFriends,
        Outcome::NothingYet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::WorkedTogether => "worked_together",
            Outcome::BecameCustomer => "became_customer",
            Outcome::BecameFriends => "became_friends",
            Outcome::NothingYet => "nothing_yet",
        }
    }

    pub fn parse(name: &str) -> Result<Outcome, IntroductionError> {
        Outcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == name)
            .ok_or_else(|| IntroductionError::UnknownOutcome(name.chars().take(40).collect()))
    }

    /// Whether it brought work: what the owner's insights count as an introduction that paid.
    pub fn led_to_work(self) -> bool {
        matches!(self, Outcome::WorkedTogether | Outcome::BecameCustomer)
    }
}

/// Why an introduction, or a follow-up, was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum IntroductionError {
    #[error("choose two different people")]
    SamePerson,
    #[error("there is no such regular in this shop")]
    NoSuchRegular,
    #[error("{nickname} has not agreed to be introduced")]
    NoConsent { nickname: String },
    #[error("there is no such introduction in this shop")]
    NoSuchIntroduction,
    #[error("'{0}' is not an outcome")]
    UnknownOutcome(String),
}

/// One introduction as the shop remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Introduction {
    pub id: IntroductionId,
    pub pair: Pair,
    /// The nicknames of the pair's first and second person.
    pub first_nickname: String,
    pub second_nickname: String,
    pub at: i64,
    /// The member of staff who introduced them.
    pub by: Option<String>,
    pub note: Option<String>,
    /// Newest first; empty until someone follows it up.
    pub outcomes: Vec<OutcomeChange>,
}

impl Introduction {
    /// What it led to as of now: the newest recorded outcome.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcomes.first().map(|change| change.outcome)
    }

    /// The other person's id and nickname, seen from `id`.
    pub fn other(&self, id: RegularId) -> Option<(RegularId, &str)> {
        let other = self.pair.other(id)?;
        let nickname = if other == self.pair.first() {
            &self.first_nickname
        } else {
            &self.second_nickname
        };
        Some((other, nickname))
    }
}

/// One follow-up: what the introduction led to, as someone recorded it at some time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeChange {
    pub outcome: Outcome,
    pub note: Option<String>,
    pub by: Option<String>,
    pub at: i64,
}

/// What "Introduce" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Introduce {
    Introduced(IntroductionId),
    /// They were introduced before; nothing was added. Shows when and by whom.
    AlreadyMet(Introduction),
    /// Not introduced, and why: one person twice, someone not of this shop, no consent.
    Refused(IntroductionError),
}

/// Someone present whom the selected person could meet, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggested {
    pub regular: RegularSummary,
    pub reasons: Reasons,
}

/// What a follow-up did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUp {
    Recorded,
    /// The outcome and note are the ones recorded last: nothing was added.
    Unchanged,
    /// Nothing recorded, and why (no such introduction in this shop).
    Refused(IntroductionError),
}

/// Whether a follow-up changes anything: the same outcome with the same note again (a double
/// tap, a second tablet) adds no line to the history.
pub fn follow_up(
    current: Option<&OutcomeChange>,
    outcome: Outcome,
    note: Option<&str>,
) -> FollowUp {
    match current {
        Some(change) if change.outcome == outcome && change.note.as_deref() == note => {
            FollowUp::Unchanged
        }
        _ => FollowUp::Recorded,
    }
}

/// How far back the register asks what an introduction led to: an introduction of up to 90
/// days ago, the days counted in the shop's own calendar.
pub const FOLLOW_UP_DAYS: i64 = 90;

/// The introduction times (Unix milliseconds, from included, until excluded) whose follow-up
/// the register asks about at a check-in at `now`: introduced on an earlier day of the shop's
/// calendar than today (two people introduced this morning are not asked in the afternoon),
/// and not before the day [`FOLLOW_UP_DAYS`] days ago.
#[cfg(feature = "server")]
pub fn follow_up_window(now: i64, zone: &jiff::tz::TimeZone) -> (i64, i64) {
    use jiff::ToSpan;
    let midnight = |day: jiff::civil::Date| {
        day.to_zoned_datetime(zone.clone())
            .map(|zoned| zoned.timestamp().as_millisecond())
    };
    let today = jiff::Timestamp::from_millisecond(now)
        .map(|at| at.to_zoned_datetime(zone.clone()).date())
        .ok();
    // A time out of jiff's range (beyond the year 9999) gives an empty window: nothing is asked.
    today
        .and_then(|today| {
            let from = midnight(today.checked_sub(FOLLOW_UP_DAYS.days()).ok()?).ok()?;
            Some((from, midnight(today).ok()?))
        })
        .unwrap_or_default()
}

/// An introduction whose outcome the register asks at a check-in: "Last time you met Hanako
/// (12 Nov) — did it lead to anything?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDue {
    pub introduction: IntroductionId,
    /// The other person of the pair.
    pub other: RegularId,
    pub other_nickname: String,
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_the_same_whichever_way_round() {
        let ab = Pair::new(RegularId(7), RegularId(3)).unwrap();
        let ba = Pair::new(RegularId(3), RegularId(7)).unwrap();
        assert_eq!(ab, ba);
        assert_eq!(ab.first(), RegularId(3));
        assert_eq!(ab.second(), RegularId(7));
    }

    #[test]
    fn nobody_is_introduced_to_themselves() {
        assert_eq!(
            Pair::new(RegularId(4), RegularId(4)),
            Err(IntroductionError::SamePerson)
        );
    }

    #[test]
    fn the_other_of_a_pair() {
        let pair = Pair::new(RegularId(1), RegularId(2)).unwrap();
        assert_eq!(pair.other(RegularId(1)), Some(RegularId(2)));
        assert_eq!(pair.other(RegularId(2)), Some(RegularId(1)));
        assert_eq!(pair.other(RegularId(3)), None);
        assert!(pair.contains(RegularId(2)));
        assert!(!pair.contains(RegularId(3)));
    }

    #[test]
    fn outcomes_round_trip_by_name_and_unknown_names_are_refused() {
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.as_str()), Ok(outcome));
        }
        assert_eq!(
            Outcome::parse("married"),
            Err(IntroductionError::UnknownOutcome("married".into()))
        );
        assert!(Outcome::WorkedTogether.led_to_work());
        assert!(Outcome::BecameCustomer.led_to_work());
        assert!(!Outcome::BecameFriends.led_to_work());
        assert!(!Outcome::NothingYet.led_to_work());
    }

    fn change(outcome: Outcome, note: Option<&str>, at: i64) -> OutcomeChange {
        OutcomeChange {
            outcome,
            note: note.map(str::to_owned),
            by: Some("Sakura".into()),
            at,
        }
    }

    #[test]
    fn the_newest_outcome_is_the_current_one() {
        let introduction = Introduction {
            id: IntroductionId(1),
            pair: Pair::new(RegularId(1), RegularId(2)).unwrap(),
            first_nickname: "Aki".into(),
            second_nickname: "Ben".into(),
            at: 0,
            by: None,
            note: None,
            outcomes: vec![
                change(Outcome::WorkedTogether, None, 20),
                change(Outcome::BecameFriends, None, 10),
            ],
        };
        assert_eq!(introduction.outcome(), Some(Outcome::WorkedTogether));
        assert_eq!(
            introduction.other(RegularId(2)),
            Some((RegularId(1), "Aki"))
        );
        assert_eq!(
            introduction.other(RegularId(1)),
            Some((RegularId(2), "Ben"))
        );
        assert_eq!(introduction.other(RegularId(9)), None);
        let fresh = Introduction {
            outcomes: vec![],
            ..introduction
        };
        assert_eq!(fresh.outcome(), None);
    }

    #[cfg(feature = "server")]
    #[test]
    fn the_follow_up_asks_from_the_day_after_up_to_90_days_back_in_the_shops_calendar() {
        use jiff::civil::date;
        use jiff::tz::TimeZone;
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let millis = |y, m, d, h| {
            date(y, m, d)
                .at(h, 0, 0, 0)
                .to_zoned_datetime(tokyo.clone())
                .unwrap()
                .timestamp()
                .as_millisecond()
        };
        // 00:30 in Tokyo is still the day before in UTC: the shop's day counts.
        let now = millis(2026, 12, 7, 0);
        let (from, until) = follow_up_window(now + 30 * 60_000, &tokyo);
        assert_eq!(until, millis(2026, 12, 7, 0), "today's introductions wait");
        assert_eq!(from, millis(2026, 9, 8, 0), "90 days before today");
        let asked = |at: i64| (from..until).contains(&at);
        assert!(asked(millis(2026, 12, 6, 23)), "last night");
        assert!(!asked(millis(2026, 12, 7, 0)), "just after midnight today");
        assert!(asked(millis(2026, 9, 8, 9)), "the 90th day back");
        assert!(!asked(millis(2026, 9, 7, 23)), "the 91st day back");
        assert_eq!(follow_up_window(i64::MAX, &tokyo), (0, 0));
    }

    #[test]
    fn the_same_follow_up_twice_adds_nothing_but_a_changed_note_does() {
        let current = change(Outcome::BecameCustomer, Some("ordered prints"), 5);
        assert_eq!(
            follow_up(None, Outcome::NothingYet, None),
            FollowUp::Recorded
        );
        assert_eq!(
            follow_up(
                Some(&current),
                Outcome::BecameCustomer,
                Some("ordered prints")
            ),
            FollowUp::Unchanged
        );
        assert_eq!(
            follow_up(
                Some(&current),
                Outcome::BecameCustomer,
                Some("a second order")
            ),
            FollowUp::Recorded
        );
        assert_eq!(
            follow_up(
                Some(&current),
                Outcome::WorkedTogether,
                Some("ordered prints")
            ),
            FollowUp::Recorded
        );
    }
}
