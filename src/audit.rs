//! The audit log: who did what, to whose data, when. The owner reads it; nobody edits it.
//!
//! Every change a member of staff makes is written in the same transaction as the change
//! itself, so the log can neither miss a change nor record one that did not happen.

use serde::{Deserialize, Serialize};

use crate::staff::StaffId;

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
    /// Two regulars were introduced: one entry for each of them.
    Introduced,
    /// What an introduction led to was recorded or changed.
    OutcomeRecorded,
    /// A regular's personal data was erased; the entry keeps that it happened, not what.
    Erased,
    /// The owner exported all of the shop's data (CSV or JSON).
    Exported,
}

impl AuditAction {
    pub const ALL: [AuditAction; 16] = [
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
        AuditAction::Introduced,
        AuditAction::OutcomeRecorded,
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
            AuditAction::Introduced => "introduced",
            AuditAction::OutcomeRecorded => "outcome_recorded",
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
    /// A few words of what changed, never a PIN or a customer's personal data.
    pub detail: String,
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

    #[test]
    fn stored_names_are_unique() {
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
