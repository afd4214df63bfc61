//! "Regulars we have not seen lately": who came at least [`MIN_VISITS`] times and not in the
//! last few weeks, for staff to greet when they come back. The owner picks the weeks; Joren
//! sends these people nothing and keeps no way to reach them.

use serde::{Deserialize, Serialize};

/// Visits that make someone a regular worth missing.
pub const MIN_VISITS: u32 = 3;

/// The weeks unless the owner picks others.
pub const DEFAULT_WEEKS: u32 = 6;

/// The weeks the owner can pick from.
pub const WEEK_CHOICES: [u32; 6] = [2, 4, 6, 8, 12, 26];

/// The most people listed, those seen most recently first.
pub const LISTED: u32 = 50;

const MILLIS_PER_WEEK: i64 = 7 * 24 * 60 * 60 * 1000;

/// How long someone has not been seen, in weeks: one of [`WEEK_CHOICES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotSeenFor(u32);

/// The weeks given are not one of the choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not seen for {0:?} weeks is not one of the choices")]
pub struct NotAChoice(pub String);

impl NotSeenFor {
    /// The weeks as a form sends them; empty means the default.
    pub fn parse(text: &str) -> Result<Self, NotAChoice> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self(DEFAULT_WEEKS));
        }
        text.parse::<u32>()
            .ok()
            .filter(|weeks| WEEK_CHOICES.contains(weeks))
            .map(Self)
            .ok_or_else(|| NotAChoice(text.chars().take(20).collect()))
    }

    pub fn weeks(self) -> u32 {
        self.0
    }

    /// The last visit must be before this (Unix ms) for someone to be listed at `now`.
    pub fn last_visit_before(self, now: i64) -> i64 {
        now - i64::from(self.0) * MILLIS_PER_WEEK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weeks_are_one_of_the_choices_and_six_unless_given() {
        assert_eq!(NotSeenFor::parse("").unwrap().weeks(), 6);
        assert_eq!(NotSeenFor::parse(" 12 ").unwrap().weeks(), 12);
        for refused in ["0", "5", "-6", "6.0", "abc", "99999999999", "6週"] {
            assert!(NotSeenFor::parse(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn the_cut_off_is_whole_weeks_before_now() {
        let now = 1_800_000_000_000;
        let six = NotSeenFor::parse("6").unwrap();
        assert_eq!(now - six.last_visit_before(now), 42 * 24 * 3_600_000);
    }
}
