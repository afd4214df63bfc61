//! A regular's own data, as they may ask to see it (docs/product.md, flow 8; the disclosure of
//! Japan's APPI, the access right of the GDPR): everything the shop keeps about them, on one
//! page and as a JSON file to take home.
//!
//! It holds nothing about anyone else. An introduction is theirs too, but the other person's
//! name is the other person's data: their record of it keeps when, by whom, the note and what
//! it led to, not whom they met.

use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::check_in::{LedgerEntry, Regular, Visit};
use crate::introduction::{Introduction, IntroductionId, OutcomeChange};

/// Everything kept about one regular.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    /// The shop that keeps it.
    pub shop: String,
    /// When this copy was made (Unix ms).
    pub produced_at: i64,
    /// Their profile, consents (when, and by which member of staff), card and counts.
    pub regular: Regular,
    /// The names of the members of staff who recorded each consent.
    pub may_be_introduced_recorded_by: Option<String>,
    pub may_show_links_recorded_by: Option<String>,
    /// Every visit, newest first, undone ones included.
    pub visits: Vec<Visit>,
    /// Every reward earned, handed over or taken back, newest first.
    pub ledger: Vec<LedgerEntry>,
    /// Their introductions, newest first, without the other person.
    pub introductions: Vec<Met>,
    /// When they were recorded as brought by a regular, without who (the other person's data).
    #[serde(default)]
    pub came_with_a_regular_at: Option<i64>,
    /// When each newcomer they brought was added, newest first, without who.
    #[serde(default)]
    pub brought_newcomers_at: Vec<i64>,
    /// The short links their QR codes carried, with how often each was scanned.
    pub short_links: Vec<ShortLinkRecord>,
    /// What staff did to their data, oldest first.
    pub audit: Vec<AuditEntry>,
}

/// One of their introductions, without the other person's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Met {
    pub introduction: IntroductionId,
    pub at: i64,
    /// The member of staff who introduced them.
    pub by: Option<String>,
    pub note: Option<String>,
    /// What it led to, newest first.
    pub outcomes: Vec<OutcomeChange>,
}

impl From<Introduction> for Met {
    fn from(introduction: Introduction) -> Self {
        Met {
            introduction: introduction.id,
            at: introduction.at,
            by: introduction.by,
            note: introduction.note,
            outcomes: introduction.outcomes,
        }
    }
}

/// A short link of theirs: the code, where it leads (`""` for their public creator card), and
/// how often it was scanned. A scan keeps its time only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortLinkRecord {
    pub code: String,
    pub target: String,
    pub created_at: i64,
    pub scans: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::introduction::{Outcome, Pair};
    use crate::regular::RegularId;

    #[test]
    fn their_record_of_an_introduction_leaves_out_the_other_person() {
        let introduction = Introduction {
            id: IntroductionId(3),
            pair: Pair::new(RegularId(1), RegularId(2)).unwrap(),
            first_nickname: "ゆー。".into(),
            second_nickname: "はな（パン屋）".into(),
            at: 1_000,
            by: Some("みどり".into()),
            note: Some("写真の話".into()),
            outcomes: vec![OutcomeChange {
                outcome: Outcome::WorkedTogether,
                note: None,
                by: Some("ゆき".into()),
                at: 2_000,
            }],
        };
        let met = Met::from(introduction);
        assert_eq!(met.introduction, IntroductionId(3));
        assert_eq!(met.note.as_deref(), Some("写真の話"));
        assert_eq!(met.outcomes.len(), 1);
        let json = serde_json::to_string(&met).unwrap();
        assert!(!json.contains("はな"), "{json}");
        assert!(!json.contains("ゆー。"), "{json}");
    }
}
