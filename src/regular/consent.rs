//! A regular's two consents, each with when and by whom it was given.

use serde::{Deserialize, Serialize};

use super::RegularDraft;
use crate::staff::StaffId;

/// A consent as recorded: when it was given (Unix milliseconds) and which member of staff
/// recorded it. Both are what the shop shows when a regular asks what they agreed to, when,
/// and to whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Consent {
    pub given_at: i64,
    /// `None` only for consents recorded before Joren kept who recorded them.
    #[serde(default)]
    pub given_by: Option<StaffId>,
}

impl Consent {
    /// The consent after a form's checkbox: kept as it was (with its original time and
    /// recorder) while still given, given `now` by `by` when newly ticked, gone when withdrawn.
    pub fn after(previous: Option<Consent>, given: bool, now: i64, by: StaffId) -> Option<Consent> {
        match (given, previous) {
            (false, _) => None,
            (true, Some(kept)) => Some(kept),
            (true, None) => Some(Consent {
                given_at: now,
                given_by: Some(by),
            }),
        }
    }
}

/// A regular's two separate consents (docs/product.md, privacy rules). Without
/// `may_be_introduced` the regular is never suggested for an introduction; without
/// `may_show_links` no QR code or link of theirs is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Consents {
    pub may_be_introduced: Option<Consent>,
    pub may_show_links: Option<Consent>,
}

impl Consents {
    /// The consents after the form's two checkboxes, each by [`Consent::after`].
    pub fn after(
        self,
        may_be_introduced: bool,
        may_show_links: bool,
        now: i64,
        by: StaffId,
    ) -> Consents {
        Consents {
            may_be_introduced: Consent::after(self.may_be_introduced, may_be_introduced, now, by),
            may_show_links: Consent::after(self.may_show_links, may_show_links, now, by),
        }
    }

    /// The consents after a form submitted by `by`.
    pub fn after_draft(self, draft: &RegularDraft, now: i64, by: StaffId) -> Consents {
        self.after(draft.may_be_introduced, draft.may_show_links, now, by)
    }

    pub fn may_be_introduced(&self) -> bool {
        self.may_be_introduced.is_some()
    }

    pub fn may_show_links(&self) -> bool {
        self.may_show_links.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUKI: StaffId = StaffId(7);
    const MIDORI: StaffId = StaffId(1);

    fn given(at: i64, by: StaffId) -> Option<Consent> {
        Some(Consent {
            given_at: at,
            given_by: Some(by),
        })
    }

    #[test]
    fn a_consent_keeps_its_time_and_recorder_is_given_now_or_is_withdrawn() {
        let earlier = given(1_000, MIDORI);
        assert_eq!(Consent::after(earlier, true, 5_000, YUKI), earlier);
        assert_eq!(Consent::after(None, true, 5_000, YUKI), given(5_000, YUKI));
        assert_eq!(Consent::after(earlier, false, 5_000, YUKI), None);
        assert_eq!(Consent::after(None, false, 5_000, YUKI), None);
    }

    #[test]
    fn a_consent_recorded_before_recorders_were_kept_reads_without_one() {
        let old: Consent = serde_json::from_str(r#"{"given_at":1000}"#).unwrap();
        assert_eq!(
            old,
            Consent {
                given_at: 1_000,
                given_by: None
            }
        );
    }

    #[test]
    fn the_two_consents_change_separately() {
        let before = Consents {
            may_be_introduced: given(1_000, MIDORI),
            may_show_links: None,
        };
        let after = before.after(true, true, 9_000, YUKI);
        assert_eq!(after.may_be_introduced, given(1_000, MIDORI));
        assert_eq!(after.may_show_links, given(9_000, YUKI));
        let withdrawn = after.after(false, true, 12_000, MIDORI);
        assert_eq!(withdrawn.may_be_introduced, None);
        assert_eq!(withdrawn.may_show_links, given(9_000, YUKI));
        assert!(!withdrawn.may_be_introduced());
        assert!(withdrawn.may_show_links());
        // Given again after a withdrawal: a new consent, with a new time and recorder.
        let again = withdrawn.after(true, true, 20_000, MIDORI);
        assert_eq!(again.may_be_introduced, given(20_000, MIDORI));
        let draft = RegularDraft {
            may_be_introduced: false,
            may_show_links: false,
            ..RegularDraft::default()
        };
        assert_eq!(again.after_draft(&draft, 30_000, YUKI), Consents::default());
    }
}
