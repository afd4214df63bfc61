//! Loyalty: the stamp card, its reward, and who counts as "in the shop now".
//!
//! Everything here is a pure rule over numbers and times (Unix milliseconds), so that the
//! register, the storage layer and the tests agree on one definition. The ledger of visits,
//! stamps, rewards and undos lives in storage; these functions only say what the card
//! becomes and what is allowed.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::RangeInclusive;
use unicode_normalization::UnicodeNormalization;

const MILLIS_PER_MINUTE: i64 = 60_000;

/// How long after a check-in staff may still undo it: long enough to notice the wrong face
/// was tapped, short enough that an undo is a correction and not a rewrite of history.
pub const UNDO_WINDOW_MILLIS: i64 = 10 * MILLIS_PER_MINUTE;

/// Which field of the owner's stamp-rules form a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RulesField {
    StampsPerCard,
    Reward,
    MinGap,
    Presence,
}

impl RulesField {
    pub fn as_str(self) -> &'static str {
        match self {
            RulesField::StampsPerCard => "stamps_per_card",
            RulesField::Reward => "reward",
            RulesField::MinGap => "min_gap",
            RulesField::Presence => "presence",
        }
    }
}

/// Why a stamp rule or a card operation was refused, in words staff and owner can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoyaltyError {
    #[error("the stamps per card must be a whole number from {min} to {max}")]
    StampsPerCardOutOfRange { min: u32, max: u32 },
    #[error("the minimum gap between stamps must be a whole number of minutes from {min} to {max}")]
    MinGapOutOfRange { min: u32, max: u32 },
    #[error("the presence window must be a whole number of minutes from {min} to {max}")]
    PresenceOutOfRange { min: u32, max: u32 },
    #[error("the reward is empty")]
    RewardEmpty,
    #[error("the reward is longer than {max} characters")]
    RewardTooLong { max: usize },
    #[error("the reward must be one line without control characters")]
    RewardHasControlCharacters,
    #[error("there is no reward to redeem")]
    NoRewardAvailable,
    #[error("the reward this stamp completed has already been redeemed, so it cannot be undone")]
    RewardAlreadyRedeemed,
    #[error("the card has no stamp to undo")]
    NothingToUndo,
    #[error("the stamps on a paper card must be a whole number from {min} to {max}")]
    PaperStampsOutOfRange { min: u32, max: u32 },
}

/// What a full card earns, as staff read it out: "ドリンク1杯無料", "a free coffee".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RewardText(String);

impl RewardText {
    pub const MAX_CHARS: usize = 60;
    pub const DEFAULT: &'static str = "ドリンク1杯無料";

    pub fn parse(input: &str) -> Result<Self, LoyaltyError> {
        let normalized: String = input.nfc().collect();
        let reward = normalized.trim();
        if reward.is_empty() {
            return Err(LoyaltyError::RewardEmpty);
        }
        if reward.chars().count() > Self::MAX_CHARS {
            return Err(LoyaltyError::RewardTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if reward.chars().any(char::is_control) {
            return Err(LoyaltyError::RewardHasControlCharacters);
        }
        Ok(Self(reward.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for RewardText {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

impl TryFrom<String> for RewardText {
    type Error = LoyaltyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RewardText> for String {
    fn from(value: RewardText) -> String {
        value.0
    }
}

impl fmt::Display for RewardText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The owner's stamp rules. Values outside the limits only come from [`StampRules::parse`]
/// being bypassed; the card operations still behave (a goal of 0 counts as 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampRules {
    /// Stamps that fill a card and earn its reward.
    pub stamps_per_card: u32,
    pub reward: RewardText,
    /// The shortest time between two stamps for one regular: a double tap or a second
    /// check-in the same afternoon adds no second stamp. 0 means no limit.
    pub min_gap_minutes: u32,
    /// How long after checking in a regular counts as "in the shop now", unless they left.
    pub presence_minutes: u32,
    /// A regular who brings a newcomer gets a stamp for it, once per newcomer, when the
    /// newcomer is added (their first check-in). Rules kept before this existed read as off.
    #[serde(default)]
    pub thank_you_stamp: bool,
}

impl Default for StampRules {
    fn default() -> Self {
        Self {
            stamps_per_card: 10,
            reward: RewardText::default(),
            min_gap_minutes: 240,
            presence_minutes: 180,
            thank_you_stamp: false,
        }
    }
}

impl StampRules {
    /// More than fifty stamps is no longer a card anyone finishes.
    pub const STAMPS_PER_CARD: RangeInclusive<u32> = 1..=50;
    /// Up to a day: "one stamp per day" is the longest gap a shop asks for.
    pub const MIN_GAP_MINUTES: RangeInclusive<u32> = 0..=1440;
    /// A quarter of an hour to half a day: a stay in a café, not a visit to the counter.
    pub const PRESENCE_MINUTES: RangeInclusive<u32> = 15..=720;

    /// Checks the owner's form and reports every problem at once, each with its field.
    pub fn parse(draft: &StampRulesDraft) -> Result<StampRules, Vec<(RulesField, LoyaltyError)>> {
        let mut problems = Vec::new();
        let stamps_per_card =
            number_in(&draft.stamps_per_card, Self::STAMPS_PER_CARD, |min, max| {
                LoyaltyError::StampsPerCardOutOfRange { min, max }
            })
            .map_err(|error| problems.push((RulesField::StampsPerCard, error)))
            .ok();
        let reward = RewardText::parse(&draft.reward)
            .map_err(|error| problems.push((RulesField::Reward, error)))
            .ok();
        let min_gap_minutes =
            number_in(&draft.min_gap_minutes, Self::MIN_GAP_MINUTES, |min, max| {
                LoyaltyError::MinGapOutOfRange { min, max }
            })
            .map_err(|error| problems.push((RulesField::MinGap, error)))
            .ok();
        let presence_minutes = number_in(
            &draft.presence_minutes,
            Self::PRESENCE_MINUTES,
            |min, max| LoyaltyError::PresenceOutOfRange { min, max },
        )
        .map_err(|error| problems.push((RulesField::Presence, error)))
        .ok();
        match (stamps_per_card, reward, min_gap_minutes, presence_minutes) {
            (
                Some(stamps_per_card),
                Some(reward),
                Some(min_gap_minutes),
                Some(presence_minutes),
            ) => Ok(StampRules {
                stamps_per_card,
                reward,
                min_gap_minutes,
                presence_minutes,
                thank_you_stamp: draft.thank_you_stamp,
            }),
            _ => Err(problems),
        }
    }

    /// The owner's form filled with these rules.
    pub fn to_draft(&self) -> StampRulesDraft {
        StampRulesDraft {
            stamps_per_card: self.stamps_per_card.to_string(),
            reward: self.reward.as_str().to_owned(),
            min_gap_minutes: self.min_gap_minutes.to_string(),
            presence_minutes: self.presence_minutes.to_string(),
            thank_you_stamp: self.thank_you_stamp,
        }
    }

    pub fn min_gap_millis(&self) -> i64 {
        i64::from(self.min_gap_minutes) * MILLIS_PER_MINUTE
    }

    pub fn presence_millis(&self) -> i64 {
        i64::from(self.presence_minutes) * MILLIS_PER_MINUTE
    }

    /// The stamps that fill a card, never 0, so that a card always can be filled.
    fn goal(&self) -> u32 {
        self.stamps_per_card.max(1)
    }
}

/// A whole number typed in a form (full-width digits from a Japanese keyboard are fine),
/// inside `range`; anything else is the field's range error.
fn number_in(
    input: &str,
    range: RangeInclusive<u32>,
    error: impl Fn(u32, u32) -> LoyaltyError,
) -> Result<u32, LoyaltyError> {
    let normalized: String = input.nfkc().collect();
    normalized
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| error(*range.start(), *range.end()))
}

/// The owner's stamp-rules form as sent: every field a raw string, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampRulesDraft {
    pub stamps_per_card: String,
    pub reward: String,
    pub min_gap_minutes: String,
    pub presence_minutes: String,
    /// A checkbox: sent only when ticked.
    #[serde(default)]
    pub thank_you_stamp: bool,
}

/// The form as a new shop first sees it: the default rules.
impl Default for StampRulesDraft {
    fn default() -> Self {
        StampRules::default().to_draft()
    }
}

/// A regular's stamp card: the stamps on the current card, and the rewards earned and
/// redeemed so far. The ledger in storage keeps every stamp and redemption; this is the
/// running total the register shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Card {
    /// Stamps on the current card, 0 right after a card was completed.
    pub stamps: u32,
    pub rewards_earned: u32,
    pub rewards_redeemed: u32,
}

/// A card was completed by this stamp: the register announces the reward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RewardEarned {
    /// Which reward of this regular it is, counting from 1.
    pub number: u32,
}

impl Card {
    /// Rewards earned and not yet redeemed.
    pub fn rewards_available(&self) -> u32 {
        self.rewards_earned.saturating_sub(self.rewards_redeemed)
    }

    /// The card after one stamp. The stamp that fills the card earns its reward and starts a
    /// new card. If the owner lowered the goal below the stamps already on the card, the next
    /// stamp completes it: nobody loses stamps, and nobody gets several rewards at once.
    pub fn add_stamp(self, rules: &StampRules) -> (Card, Option<RewardEarned>) {
        let stamps = self.stamps.saturating_add(1);
        if stamps >= rules.goal() {
            let rewards_earned = self.rewards_earned.saturating_add(1);
            let card = Card {
                stamps: 0,
                rewards_earned,
                ..self
            };
            (
                card,
                Some(RewardEarned {
                    number: rewards_earned,
                }),
            )
        } else {
            (Card { stamps, ..self }, None)
        }
    }

    /// The card after one stamp is undone (a mistaken check-in).
    ///
    /// A stamp that earned a reward takes the reward back and leaves the card one stamp
    /// short of the current goal; that is refused once the reward was redeemed, since a
    /// free coffee already drunk cannot be taken back. `earned_by_this_stamp` is what the
    /// ledger recorded for the stamp.
    ///
    /// Two rarer cases follow from "one stamp fewer" (both need a gap rule under ten minutes,
    /// so that another stamp came within the undo window): if stamps were added after the
    /// undone one, the current card loses one and any reward stays, since a later stamp now
    /// completes the card; if the undone stamp did not earn the reward but the card is empty,
    /// the reward a later stamp earned is taken back as above.
    pub fn undo_stamp(
        self,
        rules: &StampRules,
        earned_by_this_stamp: bool,
    ) -> Result<Card, LoyaltyError> {
        if earned_by_this_stamp && self.rewards_earned == 0 {
            // The ledger and the card disagree; better to refuse than to guess.
            return Err(LoyaltyError::NothingToUndo);
        }
        if self.stamps > 0 {
            return Ok(Card {
                stamps: self.stamps - 1,
                ..self
            });
        }
        if self.rewards_earned == 0 {
            return Err(LoyaltyError::NothingToUndo);
        }
        if self.rewards_available() == 0 {
            return Err(LoyaltyError::RewardAlreadyRedeemed);
        }
        Ok(Card {
            stamps: rules.goal() - 1,
            rewards_earned: self.rewards_earned - 1,
            ..self
        })
    }

    /// The card after staff hand over one reward.
    pub fn redeem(self) -> Result<Card, LoyaltyError> {
        if self.rewards_available() == 0 {
            return Err(LoyaltyError::NoRewardAvailable);
        }
        Ok(Card {
            rewards_redeemed: self.rewards_redeemed + 1,
            ..self
        })
    }

    /// The card after a paper card's stamps are carried over onto it. Stamps that reach the
    /// goal complete the card as a stamp would: its reward is earned, and the stamps past the
    /// goal start the next card. One carry-over earns one reward at most: if the owner lowered
    /// the goal below the stamps already on the card, the next card starts one short of full.
    pub fn carry_over(
        self,
        paper: PaperStamps,
        rules: &StampRules,
    ) -> (Card, Option<RewardEarned>) {
        let goal = rules.goal();
        let stamps = self.stamps.saturating_add(paper.0);
        if stamps < goal {
            return (Card { stamps, ..self }, None);
        }
        let rewards_earned = self.rewards_earned.saturating_add(1);
        (
            Card {
                stamps: (stamps - goal).min(goal - 1),
                rewards_earned,
                ..self
            },
            Some(RewardEarned {
                number: rewards_earned,
            }),
        )
    }
}

/// The stamps on a paper card a regular brings from before the shop used Joren, carried over
/// onto their card once. From 1 to one less than a full card: a full paper card is a reward to
/// hand over, not stamps to carry. They are stamps, never visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaperStamps(u32);

impl PaperStamps {
    /// The stamps as typed in a form (full-width digits are fine): empty, or 0, is no paper
    /// card. Anything else outside 0 to one less than a full card is refused with the range.
    pub fn parse(input: &str, rules: &StampRules) -> Result<Option<PaperStamps>, LoyaltyError> {
        let normalized: String = input.nfkc().collect();
        if normalized.trim().is_empty() {
            return Ok(None);
        }
        let stamps = number_in(&normalized, 0..=rules.goal() - 1, |min, max| {
            LoyaltyError::PaperStampsOutOfRange { min, max }
        })?;
        Ok((stamps > 0).then_some(PaperStamps(stamps)))
    }

    /// Stamps known to be a paper card's already: read back from storage (which holds only
    /// what [`PaperStamps::parse`] gave), or chosen by the demo below a full card.
    pub fn from_stored(stamps: u32) -> Option<PaperStamps> {
        (stamps > 0).then_some(PaperStamps(stamps))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// Whether a check-in now adds a stamp: the first ever does, and then only once the
/// minimum gap has passed (exactly the gap is enough). A clock that went backwards gives no
/// stamp until it has caught up: a missed stamp is easier to add than a double one to find.
pub fn may_stamp(last_stamp_at: Option<i64>, now: i64, rules: &StampRules) -> bool {
    match last_stamp_at {
        None => true,
        Some(_) if rules.min_gap_minutes == 0 => true,
        Some(last) => now.saturating_sub(last) >= rules.min_gap_millis(),
    }
}

/// Whether a check-in still counts as "in the shop now": not undone, not marked as left,
/// and less than the presence window ago. A check-in a little in the future (another app
/// server's clock) counts as present.
pub fn is_present(
    checked_in_at: i64,
    left_at: Option<i64>,
    undone: bool,
    now: i64,
    rules: &StampRules,
) -> bool {
    !undone && left_at.is_none() && now.saturating_sub(checked_in_at) < rules.presence_millis()
}

/// Whether a check-in may still be undone: up to and including [`UNDO_WINDOW_MILLIS`] after
/// it.
pub fn may_undo(checked_in_at: i64, now: i64) -> bool {
    now.saturating_sub(checked_in_at) <= UNDO_WINDOW_MILLIS
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    fn rules(stamps_per_card: u32) -> StampRules {
        StampRules {
            stamps_per_card,
            ..StampRules::default()
        }
    }

    fn draft(stamps: &str, reward: &str, gap: &str, presence: &str) -> StampRulesDraft {
        StampRulesDraft {
            stamps_per_card: stamps.to_owned(),
            reward: reward.to_owned(),
            min_gap_minutes: gap.to_owned(),
            presence_minutes: presence.to_owned(),
            thank_you_stamp: false,
        }
    }

    #[test]
    fn the_thank_you_stamp_is_the_owners_choice_and_off_in_rules_kept_before_it() {
        let mut ticked = draft("10", "A coffee", "240", "180");
        ticked.thank_you_stamp = true;
        assert!(StampRules::parse(&ticked).unwrap().thank_you_stamp);
        assert!(
            StampRules::parse(&ticked)
                .unwrap()
                .to_draft()
                .thank_you_stamp
        );
        assert!(!StampRules::default().thank_you_stamp);
        // Rules as the audit log kept them before the choice existed.
        let old: StampRules = serde_json::from_str(
            r#"{"stamps_per_card":10,"reward":"A coffee","min_gap_minutes":240,"presence_minutes":180}"#,
        )
        .unwrap();
        assert!(!old.thank_you_stamp);
        // A form that did not send the box: not ticked.
        let sent: StampRulesDraft = serde_json::from_str(
            r#"{"stamps_per_card":"10","reward":"A coffee","min_gap_minutes":"240","presence_minutes":"180"}"#,
        )
        .unwrap();
        assert!(!sent.thank_you_stamp);
    }

    #[test]
    fn the_default_rules() {
        let rules = StampRules::default();
        assert_eq!(rules.stamps_per_card, 10);
        assert_eq!(rules.reward.as_str(), "ドリンク1杯無料");
        assert_eq!(rules.min_gap_minutes, 240);
        assert_eq!(rules.presence_minutes, 180);
        assert_eq!(rules.min_gap_millis(), 4 * 60 * MINUTE);
        assert_eq!(rules.presence_millis(), 3 * 60 * MINUTE);
        assert_eq!(StampRules::parse(&StampRulesDraft::default()), Ok(rules));
    }

    #[test]
    fn rules_parse_at_their_limits() {
        let low = StampRules::parse(&draft("1", "a free coffee", "0", "15")).unwrap();
        assert_eq!(
            (
                low.stamps_per_card,
                low.min_gap_minutes,
                low.presence_minutes
            ),
            (1, 0, 15)
        );
        let high = StampRules::parse(&draft(" 50 ", "a free coffee", "1440", "720")).unwrap();
        assert_eq!(
            (
                high.stamps_per_card,
                high.min_gap_minutes,
                high.presence_minutes
            ),
            (50, 1440, 720)
        );
        let full_width =
            StampRules::parse(&draft("１２", "a free coffee", "６０", "９０")).unwrap();
        assert_eq!(
            (
                full_width.stamps_per_card,
                full_width.min_gap_minutes,
                full_width.presence_minutes
            ),
            (12, 60, 90)
        );
    }

    #[test]
    fn rules_just_outside_their_limits_are_refused_with_the_range() {
        let problems = StampRules::parse(&draft("0", "", "1441", "14")).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (
                    RulesField::StampsPerCard,
                    LoyaltyError::StampsPerCardOutOfRange { min: 1, max: 50 }
                ),
                (RulesField::Reward, LoyaltyError::RewardEmpty),
                (
                    RulesField::MinGap,
                    LoyaltyError::MinGapOutOfRange { min: 0, max: 1440 }
                ),
                (
                    RulesField::Presence,
                    LoyaltyError::PresenceOutOfRange { min: 15, max: 720 }
                ),
            ]
        );
        let problems = StampRules::parse(&draft("51", "ok", "0", "721")).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (
                    RulesField::StampsPerCard,
                    LoyaltyError::StampsPerCardOutOfRange { min: 1, max: 50 }
                ),
                (
                    RulesField::Presence,
                    LoyaltyError::PresenceOutOfRange { min: 15, max: 720 }
                ),
            ]
        );
    }

    #[test]
    fn rules_refuse_what_is_not_a_whole_number() {
        for bad in ["", "ten", "-1", "2.5", "1e3", "99999999999", "1 0"] {
            let problems = StampRules::parse(&draft(bad, "ok", "0", "60")).unwrap_err();
            assert_eq!(
                problems,
                vec![(
                    RulesField::StampsPerCard,
                    LoyaltyError::StampsPerCardOutOfRange { min: 1, max: 50 }
                )],
                "{bad:?}"
            );
        }
        let message = LoyaltyError::MinGapOutOfRange { min: 0, max: 1440 }.to_string();
        assert!(message.contains("from 0 to 1440"), "{message}");
    }

    #[test]
    fn rules_round_trip_through_their_form() {
        let rules = StampRules::parse(&draft("8", " a free coffee ", "60", "120")).unwrap();
        assert_eq!(rules.reward.as_str(), "a free coffee");
        assert_eq!(StampRules::parse(&rules.to_draft()), Ok(rules));
    }

    #[test]
    fn reward_text_is_trimmed_and_bounded() {
        assert_eq!(
            RewardText::parse("  a free coffee ").unwrap().as_str(),
            "a free coffee"
        );
        assert_eq!(RewardText::parse(" "), Err(LoyaltyError::RewardEmpty));
        assert!(RewardText::parse(&"杯".repeat(60)).is_ok());
        assert_eq!(
            RewardText::parse(&"杯".repeat(61)),
            Err(LoyaltyError::RewardTooLong { max: 60 })
        );
        assert_eq!(
            RewardText::parse("free\ncoffee"),
            Err(LoyaltyError::RewardHasControlCharacters)
        );
        assert!(serde_json::from_str::<RewardText>(r#""""#).is_err());
    }

    #[test]
    fn a_full_card_earns_its_reward_and_starts_again() {
        let rules = rules(3);
        let card = Card::default();
        let (card, earned) = card.add_stamp(&rules);
        assert_eq!((card.stamps, earned), (1, None));
        let (card, earned) = card.add_stamp(&rules);
        assert_eq!((card.stamps, earned), (2, None));
        let (card, earned) = card.add_stamp(&rules);
        assert_eq!(earned, Some(RewardEarned { number: 1 }));
        assert_eq!(
            card,
            Card {
                stamps: 0,
                rewards_earned: 1,
                rewards_redeemed: 0
            }
        );
        assert_eq!(card.rewards_available(), 1);
        let (card, _) = card.add_stamp(&rules);
        let (card, _) = card.add_stamp(&rules);
        let (card, earned) = card.add_stamp(&rules);
        assert_eq!(earned, Some(RewardEarned { number: 2 }));
        assert_eq!(card.rewards_available(), 2);
    }

    #[test]
    fn a_one_stamp_card_earns_a_reward_every_stamp() {
        let (card, earned) = Card::default().add_stamp(&rules(1));
        assert_eq!(earned, Some(RewardEarned { number: 1 }));
        assert_eq!(card.stamps, 0);
        // A goal of 0, which the form never lets through, behaves as 1.
        let (card, earned) = card.add_stamp(&rules(0));
        assert_eq!(earned, Some(RewardEarned { number: 2 }));
        assert_eq!(card.stamps, 0);
    }

    #[test]
    fn a_lowered_goal_lets_the_next_stamp_complete_the_card() {
        let card = Card {
            stamps: 8,
            ..Card::default()
        };
        let (card, earned) = card.add_stamp(&rules(5));
        assert_eq!(earned, Some(RewardEarned { number: 1 }));
        assert_eq!(card.stamps, 0);
        assert_eq!(card.rewards_earned, 1);
        // Lowered to exactly the stamps already there: the next one completes it too.
        let card = Card {
            stamps: 5,
            ..Card::default()
        };
        let (card, earned) = card.add_stamp(&rules(5));
        assert!(earned.is_some());
        assert_eq!(card.stamps, 0);
    }

    #[test]
    fn undoing_a_plain_stamp_removes_it() {
        let rules = rules(10);
        let (card, _) = Card::default().add_stamp(&rules);
        assert_eq!(card.undo_stamp(&rules, false), Ok(Card::default()));
        assert_eq!(
            Card::default().undo_stamp(&rules, false),
            Err(LoyaltyError::NothingToUndo)
        );
    }

    #[test]
    fn undoing_the_stamp_that_earned_a_reward_takes_the_reward_back() {
        let rules = rules(10);
        let before = Card {
            stamps: 9,
            rewards_earned: 2,
            rewards_redeemed: 1,
        };
        let (after, earned) = before.add_stamp(&rules);
        assert!(earned.is_some());
        assert_eq!(after.undo_stamp(&rules, true), Ok(before));
    }

    #[test]
    fn undoing_a_reward_stamp_after_a_lowered_goal_leaves_one_short_of_the_new_goal() {
        let (card, earned) = Card {
            stamps: 8,
            ..Card::default()
        }
        .add_stamp(&rules(5));
        assert!(earned.is_some());
        assert_eq!(
            card.undo_stamp(&rules(5), true),
            Ok(Card {
                stamps: 4,
                ..Card::default()
            })
        );
    }

    #[test]
    fn undo_is_refused_once_the_reward_was_redeemed() {
        let rules = rules(3);
        let card = Card {
            stamps: 2,
            ..Card::default()
        };
        let (card, _) = card.add_stamp(&rules);
        let card = card.redeem().unwrap();
        assert_eq!(
            card.undo_stamp(&rules, true),
            Err(LoyaltyError::RewardAlreadyRedeemed)
        );
        // An older reward still unredeemed is no reason to refuse: it is taken back instead.
        let card = Card {
            stamps: 0,
            rewards_earned: 2,
            rewards_redeemed: 1,
        };
        assert_eq!(
            card.undo_stamp(&rules, true),
            Ok(Card {
                stamps: 2,
                rewards_earned: 1,
                rewards_redeemed: 1
            })
        );
    }

    #[test]
    fn undo_refuses_a_reward_stamp_the_card_knows_nothing_of() {
        assert_eq!(
            Card {
                stamps: 3,
                ..Card::default()
            }
            .undo_stamp(&rules(10), true),
            Err(LoyaltyError::NothingToUndo)
        );
    }

    #[test]
    fn undo_with_later_stamps_removes_one_stamp_and_keeps_the_reward() {
        // No gap rule: the reward stamp and one more came within the undo window.
        let rules = StampRules {
            stamps_per_card: 3,
            min_gap_minutes: 0,
            ..StampRules::default()
        };
        let card = Card {
            stamps: 2,
            ..Card::default()
        };
        let (card, earned) = card.add_stamp(&rules);
        assert!(earned.is_some());
        let (card, _) = card.add_stamp(&rules);
        let undone = card.undo_stamp(&rules, true).unwrap();
        assert_eq!(
            undone,
            Card {
                stamps: 0,
                rewards_earned: 1,
                rewards_redeemed: 0
            }
        );
        // The same as if the undone stamp had never been given.
        let (never, _) = Card {
            stamps: 2,
            ..Card::default()
        }
        .add_stamp(&rules);
        assert_eq!(undone, never);
    }

    #[test]
    fn undo_of_a_stamp_before_the_reward_stamp_takes_the_reward_back() {
        let rules = StampRules {
            stamps_per_card: 3,
            min_gap_minutes: 0,
            ..StampRules::default()
        };
        let before = Card {
            stamps: 1,
            ..Card::default()
        };
        let (card, _) = before.add_stamp(&rules); // the stamp undone below
        let (card, earned) = card.add_stamp(&rules);
        assert!(earned.is_some());
        assert_eq!(
            card.undo_stamp(&rules, false),
            Ok(Card {
                stamps: 2,
                ..Card::default()
            })
        );
    }

    #[test]
    fn a_paper_card_holds_up_to_one_less_than_a_full_card() {
        let ten = rules(10);
        assert_eq!(PaperStamps::parse("", &ten), Ok(None));
        assert_eq!(PaperStamps::parse(" 0 ", &ten), Ok(None));
        assert_eq!(
            PaperStamps::parse("6", &ten).map(|p| p.map(PaperStamps::get)),
            Ok(Some(6))
        );
        // Full-width digits from a Japanese keyboard.
        assert_eq!(
            PaperStamps::parse("９", &ten).map(|p| p.map(PaperStamps::get)),
            Ok(Some(9))
        );
        let out = Err(LoyaltyError::PaperStampsOutOfRange { min: 0, max: 9 });
        for typed in ["10", "-1", "3.5", "six", "6 stamps", "99999999999"] {
            assert_eq!(PaperStamps::parse(typed, &ten), out, "{typed}");
        }
        // A one-stamp card has no paper card to carry: a stamp there is a reward.
        assert_eq!(
            PaperStamps::parse("1", &rules(1)),
            Err(LoyaltyError::PaperStampsOutOfRange { min: 0, max: 0 })
        );
        assert_eq!(PaperStamps::from_stored(0), None);
    }

    #[test]
    fn a_paper_card_adds_its_stamps_and_a_full_card_earns_its_reward() {
        let ten = rules(10);
        let six = PaperStamps::parse("6", &ten).unwrap().unwrap();
        assert_eq!(
            Card::default().carry_over(six, &ten),
            (
                Card {
                    stamps: 6,
                    ..Card::default()
                },
                None
            )
        );
        // Carried later onto a card with stamps of its own: the goal is passed, the reward
        // earned, and the stamps past it start the next card.
        let card = Card {
            stamps: 7,
            rewards_earned: 1,
            rewards_redeemed: 1,
        };
        assert_eq!(
            card.carry_over(six, &ten),
            (
                Card {
                    stamps: 3,
                    rewards_earned: 2,
                    rewards_redeemed: 1,
                },
                Some(RewardEarned { number: 2 })
            )
        );
        let four = PaperStamps::parse("4", &ten).unwrap().unwrap();
        let (full, earned) = Card {
            stamps: 6,
            ..Card::default()
        }
        .carry_over(four, &ten);
        assert_eq!(
            (full.stamps, full.rewards_earned, earned.is_some()),
            (0, 1, true)
        );
        // A goal lowered below the card's stamps: one reward, the next card one short.
        let card = Card {
            stamps: 9,
            ..Card::default()
        };
        let (card, earned) = card.carry_over(four, &rules(3));
        assert_eq!(
            (card.stamps, card.rewards_earned, earned.is_some()),
            (2, 1, true)
        );
    }

    #[test]
    fn a_carried_over_card_reaches_its_reward_with_the_next_stamp_and_an_undo_takes_it_back() {
        let ten = rules(10);
        let nine = PaperStamps::parse("9", &ten).unwrap().unwrap();
        let (carried, _) = Card::default().carry_over(nine, &ten);
        let (stamped, earned) = carried.add_stamp(&ten);
        assert_eq!(earned, Some(RewardEarned { number: 1 }));
        assert_eq!(stamped.stamps, 0);
        // The check-in was a mistake: the paper card's nine stamps are still there.
        assert_eq!(stamped.undo_stamp(&ten, true), Ok(carried));
    }

    #[test]
    fn redeem_needs_an_available_reward() {
        assert_eq!(
            Card::default().redeem(),
            Err(LoyaltyError::NoRewardAvailable)
        );
        let card = Card {
            stamps: 4,
            rewards_earned: 2,
            rewards_redeemed: 1,
        };
        let card = card.redeem().unwrap();
        assert_eq!(card.rewards_redeemed, 2);
        assert_eq!(card.rewards_available(), 0);
        assert_eq!(card.stamps, 4);
        assert_eq!(card.redeem(), Err(LoyaltyError::NoRewardAvailable));
    }

    #[test]
    fn the_gap_rule() {
        let rules = StampRules::default(); // 240 minutes
        let last = 1_000_000_000;
        assert!(may_stamp(None, last, &rules));
        assert!(!may_stamp(Some(last), last, &rules));
        assert!(!may_stamp(Some(last), last + 240 * MINUTE - 1, &rules));
        assert!(may_stamp(Some(last), last + 240 * MINUTE, &rules));
        assert!(may_stamp(Some(last), last + 241 * MINUTE, &rules));
        // A clock that went backwards gives no stamp.
        assert!(!may_stamp(Some(last), last - MINUTE, &rules));
    }

    #[test]
    fn no_gap_means_every_check_in_stamps() {
        let rules = StampRules {
            min_gap_minutes: 0,
            ..StampRules::default()
        };
        assert!(may_stamp(Some(5_000), 5_000, &rules));
        assert!(may_stamp(Some(5_000), 4_000, &rules));
    }

    #[test]
    fn presence_lasts_the_window_unless_left_or_undone() {
        let rules = StampRules::default(); // 180 minutes
        let at = 1_000_000_000;
        assert!(is_present(at, None, false, at, &rules));
        assert!(is_present(at, None, false, at + 180 * MINUTE - 1, &rules));
        assert!(!is_present(at, None, false, at + 180 * MINUTE, &rules));
        assert!(!is_present(
            at,
            Some(at + MINUTE),
            false,
            at + 2 * MINUTE,
            &rules
        ));
        assert!(!is_present(at, None, true, at + MINUTE, &rules));
        // Another server's clock a few seconds ahead.
        assert!(is_present(at, None, false, at - 5_000, &rules));
        let short = StampRules {
            presence_minutes: 15,
            ..StampRules::default()
        };
        assert!(!is_present(at, None, false, at + 15 * MINUTE, &short));
        assert!(is_present(at, None, false, at + 14 * MINUTE, &short));
    }

    #[test]
    fn undo_is_allowed_for_ten_minutes_inclusive() {
        let at = 1_000_000_000;
        assert_eq!(UNDO_WINDOW_MILLIS, 10 * MINUTE);
        assert!(may_undo(at, at));
        assert!(may_undo(at, at + 10 * MINUTE));
        assert!(!may_undo(at, at + 10 * MINUTE + 1));
        assert!(may_undo(at, at - 1_000));
    }

    #[test]
    fn fields_and_cards_serialize_plainly() {
        assert_eq!(RulesField::MinGap.as_str(), "min_gap");
        assert_eq!(
            serde_json::to_string(&RulesField::StampsPerCard).unwrap(),
            r#""stamps_per_card""#
        );
        let card = Card {
            stamps: 3,
            rewards_earned: 1,
            rewards_redeemed: 0,
        };
        let json = serde_json::to_string(&card).unwrap();
        assert_eq!(serde_json::from_str::<Card>(&json).unwrap(), card);
        let rules = StampRules::default();
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(serde_json::from_str::<StampRules>(&json).unwrap(), rules);
    }
}
