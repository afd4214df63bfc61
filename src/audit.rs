//! The audit log: who did what, to whose data, when. The owner reads it; nobody edits it.
//!
//! Every change a member of staff makes is written in the same transaction as the change
//! itself, so the log can neither miss a change nor record one that did not happen.

use serde::{Deserialize, Serialize};

use crate::introduction::Outcome;
use crate::loyalty::StampRules;
use crate::staff::{Role, StaffId};

/// What was done. Stored by its `as_str` name, so entries stay readable in the database and
/// in an export, and renaming a Rust variant cannot rewrite history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// The shop was named and its owner created.
    FirstStart,
    /// A member of staff unlocked the kiosk.
    Unlocked,
    /// Too many wrong PINs: a member of staff, or a client address, now has to wait.
    LockedOut,
    /// The owner lifted a wait early.
    LockoutCleared,
    StaffAdded,
    SettingsChanged,
    RegularCreated,
    RegularEdited,
    CheckedIn,
    CheckInUndone,
    MarkedLeft,
    RewardRedeemed,
    /// A paper card's stamps were carried over onto a regular's card.
    PaperCardCarriedOver,
    /// A newcomer was recorded as brought by a regular (the entry is the newcomer's).
    CameWith,
    /// A regular got a stamp for bringing a newcomer (the entry is the bringer's).
    ThankYouStamp,
    /// Two regulars were introduced: one entry for each of them.
    Introduced,
    /// What an introduction led to was recorded or changed.
    OutcomeRecorded,
    /// "Don't ask again": the register no longer asks what an introduction led to.
    FollowUpStopped,
    /// A regular's personal data was erased; the entry keeps that it happened, not what.
    Erased,
    /// The owner exported all of the shop's data (CSV or JSON).
    Exported,
}

impl AuditAction {
    pub const ALL: [AuditAction; 20] = [
        AuditAction::FirstStart,
        AuditAction::Unlocked,
        AuditAction::LockedOut,
        AuditAction::LockoutCleared,
        AuditAction::StaffAdded,
        AuditAction::SettingsChanged,
        AuditAction::RegularCreated,
        AuditAction::RegularEdited,
        AuditAction::CheckedIn,
        AuditAction::CheckInUndone,
        AuditAction::MarkedLeft,
        AuditAction::RewardRedeemed,
        AuditAction::PaperCardCarriedOver,
        AuditAction::CameWith,
        AuditAction::ThankYouStamp,
        AuditAction::Introduced,
        AuditAction::OutcomeRecorded,
        AuditAction::FollowUpStopped,
        AuditAction::Erased,
        AuditAction::Exported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::FirstStart => "first_start",
            AuditAction::Unlocked => "unlocked",
            AuditAction::LockedOut => "locked_out",
            AuditAction::LockoutCleared => "lockout_cleared",
            AuditAction::StaffAdded => "staff_added",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::RegularCreated => "regular_created",
            AuditAction::RegularEdited => "regular_edited",
            AuditAction::CheckedIn => "checked_in",
            AuditAction::CheckInUndone => "check_in_undone",
            AuditAction::MarkedLeft => "marked_left",
            AuditAction::RewardRedeemed => "reward_redeemed",
            AuditAction::PaperCardCarriedOver => "paper_card_carried_over",
            AuditAction::CameWith => "came_with",
            AuditAction::ThankYouStamp => "thank_you_stamp",
            AuditAction::Introduced => "introduced",
            AuditAction::OutcomeRecorded => "outcome_recorded",
            AuditAction::FollowUpStopped => "follow_up_stopped",
            AuditAction::Erased => "erased",
            AuditAction::Exported => "exported",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

/// One line of the log as the owner reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix ms.
    pub at: i64,
    /// Who did it; `None` for what the kiosk did by itself (a lockout after wrong PINs).
    pub by: Option<StaffId>,
    /// The member's name as it was when the entry is read.
    pub by_name: Option<String>,
    pub action: AuditAction,
    /// The regular whose data was touched, if any.
    pub regular: Option<i64>,
    /// The regular's nickname when the entry is read; gone once they are erased.
    pub regular_name: Option<String>,
    /// What changed, never a PIN or a customer's personal data.
    pub detail: AuditDetail,
}

/// What an entry says about its change, as data: each language words it for itself (the
/// owner reads the log in Japanese or English). Stored as JSON in the `detail` column; an
/// entry written before details were data reads back as `Text`, shown as it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditDetail {
    /// The action says it all.
    Nothing,
    /// The first start named the shop.
    ShopNamed {
        name: String,
    },
    StaffAdded {
        name: String,
        role: Role,
    },
    /// A member of staff must wait after this many wrong PINs in a row.
    WrongPins {
        failures: u32,
    },
    /// A client address must wait after this many wrong PINs in a row.
    WrongPinsFrom {
        failures: u32,
        client: String,
    },
    /// The owner let this member of staff try again.
    StaffWaitCleared {
        name: String,
    },
    /// The owner let this client address try again.
    ClientWaitCleared {
        client: String,
    },
    /// A check-in's stamp: the card now shows `stamps` of `of`.
    Stamp {
        stamps: u32,
        of: u32,
    },
    /// A check-in within the gap since the last stamp.
    NoStamp,
    /// An undone check-in took its stamp back.
    StampTakenBack,
    /// The reward handed over.
    Reward {
        reward: String,
    },
    /// A paper card's `carried` stamps: the card now shows `stamps` of `of`.
    PaperCard {
        carried: u32,
        stamps: u32,
        of: u32,
    },
    /// What of a regular's profile and consents changed (never the new values).
    RegularEdited {
        changes: Vec<ProfileChange>,
    },
    Introduction {
        introduction: i64,
    },
    FollowUp {
        introduction: i64,
        outcome: Outcome,
    },
    IdleLock {
        before: u32,
        after: u32,
    },
    TimeZone {
        before: String,
        after: String,
    },
    StampRules {
        before: StampRules,
        after: StampRules,
    },
    /// The privacy notice in one language: the shop's own text, or back to the default.
    PrivacyNotice {
        language: String,
        back_to_default: bool,
    },
    DailyBackup {
        hour: u8,
        keep: u32,
    },
    DailyBackupOff,
    Exported {
        format: String,
        tables: u64,
        rows: u64,
        bytes: u64,
    },
    /// An entry from before details were data.
    Text {
        text: String,
    },
}

/// One part of a regular's card that an edit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileChange {
    Nickname,
    Reading,
    Tagline,
    Interests,
    Offers,
    LookingFor,
    Links,
    Notes,
    IntroductionsConsentGiven,
    IntroductionsConsentWithdrawn,
    LinksConsentGiven,
    LinksConsentWithdrawn,
}

#[cfg(feature = "server")]
impl AuditDetail {
    /// The column's text: JSON, or nothing for `Nothing`.
    pub fn to_stored(&self) -> String {
        match self {
            AuditDetail::Nothing => String::new(),
            detail => serde_json::to_string(detail).unwrap_or_default(),
        }
    }

    /// Reads the column back; text that is not a detail's JSON is an entry from before
    /// details were data.
    pub fn from_stored(stored: &str) -> Self {
        if stored.is_empty() {
            return AuditDetail::Nothing;
        }
        serde_json::from_str(stored).unwrap_or_else(|_| AuditDetail::Text {
            text: stored.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_stored_name() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("deleted_everything"), None);
    }

    #[cfg(feature = "server")]
    #[test]
    fn details_read_back_as_they_were_written_and_old_text_stays_text() {
        let details = [
            AuditDetail::Nothing,
            AuditDetail::Stamp { stamps: 3, of: 10 },
            AuditDetail::RegularEdited {
                changes: vec![ProfileChange::Tagline, ProfileChange::LinksConsentGiven],
            },
            AuditDetail::FollowUp {
                introduction: 4,
                outcome: Outcome::WorkedTogether,
            },
            AuditDetail::StampRules {
                before: StampRules::default(),
                after: StampRules::default(),
            },
        ];
        for detail in details {
            assert_eq!(AuditDetail::from_stored(&detail.to_stored()), detail);
        }
        assert_eq!(AuditDetail::Nothing.to_stored(), "");
        assert_eq!(
            AuditDetail::from_stored("stamp 1/10"),
            AuditDetail::Text {
                text: "stamp 1/10".to_owned()
            }
        );
    }

    #[test]
    fn stored_names_are_unique() {
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
