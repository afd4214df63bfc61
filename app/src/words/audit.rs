//! The audit log's words: what each kind of entry and its detail say, in the kiosk's
//! language. The settings screen shows them; the owner's download of a regular's data
//! writes them.

use joren::audit::{AuditAction, AuditDetail, ProfileChange};

use crate::i18n::td_string;
use crate::lang::Lang;

/// What an entry's action says.
pub fn action_words(action: AuditAction, lang: Lang) -> &'static str {
    match action {
        AuditAction::FirstStart => td_string!(lang, settings.first_start),
        AuditAction::Unlocked => td_string!(lang, settings.unlocked),
        AuditAction::LockedOut => td_string!(lang, settings.pin_entry_paused),
        AuditAction::LockoutCleared => td_string!(lang, settings.wait_cleared),
        AuditAction::StaffAdded => td_string!(lang, settings.staff_added),
        AuditAction::SettingsChanged => td_string!(lang, settings.settings_changed),
        AuditAction::RegularCreated => td_string!(lang, settings.regular_added),
        AuditAction::RegularEdited => td_string!(lang, settings.regular_edited),
        AuditAction::CheckedIn => td_string!(lang, settings.checked_in),
        AuditAction::CheckInUndone => td_string!(lang, settings.check_in_undone),
        AuditAction::MarkedLeft => td_string!(lang, settings.left),
        AuditAction::RewardRedeemed => td_string!(lang, settings.reward_redeemed),
        AuditAction::PaperCardCarriedOver => td_string!(lang, settings.paper_card_carried_over),
        AuditAction::CameWith => td_string!(lang, settings.came_with),
        AuditAction::ThankYouStamp => td_string!(lang, settings.thank_you_stamp),
        AuditAction::Introduced => td_string!(lang, settings.introduced),
        AuditAction::OutcomeRecorded => td_string!(lang, settings.introduction_followed_up),
        AuditAction::FollowUpStopped => td_string!(lang, settings.follow_up_stopped),
        AuditAction::Erased => td_string!(lang, settings.personal_data_erased),
        AuditAction::Exported => td_string!(lang, settings.all_data_exported),
    }
}

/// What an entry's detail says, in the kiosk's language (an entry from before details were
/// data, as it was written).
pub fn detail_words(detail: &AuditDetail, lang: Lang) -> String {
    match detail {
        AuditDetail::Nothing => String::new(),
        AuditDetail::ShopNamed { name } | AuditDetail::StaffWaitCleared { name } => name.clone(),
        AuditDetail::StaffAdded { name, role } => {
            let role = match role {
                joren::Role::Owner => td_string!(lang, settings.owner),
                joren::Role::Staff => td_string!(lang, settings.staff),
            };
            td_string!(lang, settings.audit_staff_added, name, role).to_string()
        }
        AuditDetail::WrongPins { failures } => {
            td_string!(lang, settings.audit_wrong_pins, count = *failures).to_string()
        }
        AuditDetail::WrongPinsFrom { failures, client } => td_string!(
            lang,
            settings.audit_wrong_pins_from,
            count = *failures,
            client
        )
        .to_string(),
        AuditDetail::ClientWaitCleared { client } => {
            td_string!(lang, settings.audit_tablet, client).to_string()
        }
        AuditDetail::Stamp { stamps, of } => {
            td_string!(lang, settings.audit_stamp, stamps = *stamps, of = *of).to_string()
        }
        AuditDetail::NoStamp => td_string!(lang, settings.audit_no_stamp).to_owned(),
        AuditDetail::StampTakenBack => td_string!(lang, settings.audit_stamp_taken_back).to_owned(),
        AuditDetail::Reward { reward } => reward.clone(),
        AuditDetail::PaperCard {
            carried,
            stamps,
            of,
        } => td_string!(
            lang,
            settings.audit_paper_card,
            carried = *carried,
            stamps = *stamps,
            of = *of
        )
        .to_string(),
        AuditDetail::RegularEdited { changes } => changes
            .iter()
            .map(|change| change_words(*change, lang))
            .collect::<Vec<_>>()
            .join(td_string!(lang, settings.audit_separator)),
        AuditDetail::Introduction { introduction } => {
            td_string!(lang, settings.audit_introduction, id = *introduction).to_string()
        }
        AuditDetail::FollowUp {
            introduction,
            outcome,
        } => {
            let outcome = super::outcome_words(*outcome, lang);
            td_string!(lang, settings.audit_follow_up, id = *introduction, outcome).to_string()
        }
        AuditDetail::IdleLock { before, after } => td_string!(
            lang,
            settings.audit_idle_lock,
            before = *before,
            after = *after
        )
        .to_string(),
        AuditDetail::TimeZone { before, after } => {
            td_string!(lang, settings.audit_time_zone, before, after).to_string()
        }
        AuditDetail::StampRules { before, after } => {
            let rules = td_string!(
                lang,
                settings.audit_stamp_rules,
                stamps_before = before.stamps_per_card,
                stamps_after = after.stamps_per_card,
                gap_before = before.min_gap_minutes,
                gap_after = after.min_gap_minutes,
                presence_before = before.presence_minutes,
                presence_after = after.presence_minutes,
                reward_before = before.reward.as_str(),
                reward_after = after.reward.as_str()
            )
            .to_string();
            let thank_you = match (before.thank_you_stamp, after.thank_you_stamp) {
                (false, true) => td_string!(lang, settings.audit_thank_you_on),
                (true, false) => td_string!(lang, settings.audit_thank_you_off),
                _ => "",
            };
            rules + thank_you
        }
        AuditDetail::PrivacyNotice {
            language,
            back_to_default,
        } => match (language.as_str(), back_to_default) {
            ("en", false) => td_string!(lang, settings.audit_privacy_notice_en),
            ("en", true) => td_string!(lang, settings.audit_privacy_default_en),
            (_, false) => td_string!(lang, settings.audit_privacy_notice_ja),
            (_, true) => td_string!(lang, settings.audit_privacy_default_ja),
        }
        .to_owned(),
        AuditDetail::DailyBackup { hour, keep } => td_string!(
            lang,
            settings.audit_daily_backup,
            hour = *hour,
            keep = *keep
        )
        .to_string(),
        AuditDetail::DailyBackupOff => td_string!(lang, settings.audit_daily_backup_off).to_owned(),
        AuditDetail::Exported {
            format,
            tables,
            rows,
            bytes,
        } => td_string!(
            lang,
            settings.audit_exported,
            format,
            tables = *tables,
            rows = *rows,
            bytes = *bytes
        )
        .to_string(),
        AuditDetail::Text { text } => text.clone(),
    }
}

fn change_words(change: ProfileChange, lang: Lang) -> &'static str {
    match change {
        ProfileChange::Nickname => td_string!(lang, settings.audit_nickname),
        ProfileChange::Reading => td_string!(lang, settings.audit_reading),
        ProfileChange::Tagline => td_string!(lang, settings.audit_tagline),
        ProfileChange::Interests => td_string!(lang, settings.audit_interests),
        ProfileChange::Offers => td_string!(lang, settings.audit_offers),
        ProfileChange::LookingFor => td_string!(lang, settings.audit_looking_for),
        ProfileChange::Links => td_string!(lang, settings.audit_links),
        ProfileChange::Notes => td_string!(lang, settings.audit_notes),
        ProfileChange::IntroductionsConsentGiven => {
            td_string!(lang, settings.audit_introductions_consent_given)
        }
        ProfileChange::IntroductionsConsentWithdrawn => {
            td_string!(lang, settings.audit_introductions_consent_withdrawn)
        }
        ProfileChange::LinksConsentGiven => td_string!(lang, settings.audit_links_consent_given),
        ProfileChange::LinksConsentWithdrawn => {
            td_string!(lang, settings.audit_links_consent_withdrawn)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_worded_in_each_language() {
        let edited = AuditDetail::RegularEdited {
            changes: vec![ProfileChange::Tagline, ProfileChange::LinksConsentGiven],
        };
        assert_eq!(
            detail_words(&edited, Lang::en),
            "tagline, consent to show links given"
        );
        assert_eq!(
            detail_words(&edited, Lang::ja),
            "ひとこと、リンク表示への同意あり"
        );
        let wrong = |failures| AuditDetail::WrongPinsFrom {
            failures,
            client: "127.0.0.2".to_owned(),
        };
        assert_eq!(
            detail_words(&wrong(1), Lang::en),
            "1 wrong PIN in a row from 127.0.0.2"
        );
        assert_eq!(
            detail_words(&wrong(10), Lang::ja),
            "127.0.0.2から10回続けてPINの入力ミス"
        );
        let export = AuditDetail::Exported {
            format: "JSON".to_owned(),
            tables: 14,
            rows: 12345,
            bytes: 2_345_678,
        };
        assert_eq!(
            detail_words(&export, Lang::en),
            "JSON: 14 tables, 12,345 rows, 2,345,678 bytes"
        );
        let old = AuditDetail::Text {
            text: "stamp 1/10".to_owned(),
        };
        assert_eq!(detail_words(&old, Lang::ja), "stamp 1/10");
    }
}
