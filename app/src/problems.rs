//! What can be wrong with what a person typed, as the forms show it. The server finds the
//! problem (through the core's parsers); the page words it in the kiosk's language.

use serde::{Deserialize, Serialize};

use crate::i18n::td_string;
use crate::lang::Lang;

/// A form's field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: Field,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    ShopName,
    StaffName,
    Pin,
    PinAgain,
    IdleLock,
    Nickname,
    Reading,
    Tagline,
    Interests,
    Offers,
    LookingFor,
    Links,
    Notes,
    StampsPerCard,
    Reward,
    MinGap,
    Presence,
    PaperStamps,
    /// The regular a newcomer came with.
    CameWith,
    PrivacyNoticeJa,
    PrivacyNoticeEn,
    TimeZone,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Empty,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    /// A zero-width space, a bidi override or another character that shows nothing, in a name.
    InvisibleCharacters,
    PinNotDigits,
    PinTooShort {
        min: usize,
    },
    PinTooLong {
        max: usize,
    },
    PinOneDigit,
    PinsDiffer,
    NameTaken,
    /// A whole number from `min` to `max` was expected.
    OutOfRange {
        min: u32,
        max: u32,
    },
    ReadingNotKana,
    TagTooLong {
        tag: String,
        max: usize,
    },
    TooMany {
        max: usize,
    },
    LinkNotWeb,
    LinkScheme {
        scheme: String,
    },
    InstagramHandle {
        max: usize,
    },
    LinkLabel {
        max: usize,
    },
    /// Not a time zone of the built-in database, like Asia/Tokyo.
    UnknownTimeZone,
    /// A regular chosen from a list is not one of the shop's (erased meanwhile).
    NoSuchRegular,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::Empty => td_string!(lang, problems.empty).into(),
            Problem::TooLong { max } => td_string!(lang, problems.too_long, max = *max).to_string(),
            Problem::ControlCharacters => td_string!(lang, problems.control_characters).into(),
            Problem::InvisibleCharacters => td_string!(lang, problems.invisible_characters).into(),
            Problem::PinNotDigits => td_string!(lang, problems.pin_not_digits).into(),
            Problem::PinTooShort { min } => {
                td_string!(lang, problems.pin_too_short, min = *min).to_string()
            }
            Problem::PinTooLong { max } => {
                td_string!(lang, problems.pin_too_long, max = *max).to_string()
            }
            Problem::PinOneDigit => td_string!(lang, problems.pin_one_digit).into(),
            Problem::PinsDiffer => td_string!(lang, problems.pins_differ).into(),
            Problem::NameTaken => td_string!(lang, problems.name_taken).into(),
            Problem::OutOfRange { min, max } => {
                td_string!(lang, problems.out_of_range, min = *min, max = *max).to_string()
            }
            Problem::ReadingNotKana => td_string!(lang, problems.reading_not_kana).into(),
            Problem::TagTooLong { tag, max } => {
                td_string!(lang, problems.tag_too_long, tag = tag.as_str(), max = *max).to_string()
            }
            Problem::TooMany { max } => td_string!(lang, problems.too_many, max = *max).to_string(),
            Problem::LinkNotWeb => td_string!(lang, problems.link_not_web).into(),
            Problem::LinkScheme { scheme } => {
                td_string!(lang, problems.link_scheme, scheme = scheme.as_str()).to_string()
            }
            Problem::InstagramHandle { max } => {
                td_string!(lang, problems.instagram_handle, max = *max).to_string()
            }
            Problem::LinkLabel { max } => {
                td_string!(lang, problems.link_label, max = *max).to_string()
            }
            Problem::UnknownTimeZone => td_string!(lang, problems.unknown_time_zone).into(),
            Problem::NoSuchRegular => td_string!(lang, problems.no_such_regular).into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::shop::ShopError> for Problem {
    fn from(error: joren::shop::ShopError) -> Self {
        use joren::shop::ShopError;
        match error {
            ShopError::EmptyName => Problem::Empty,
            ShopError::NameTooLong { max } | ShopError::InvalidSlug { max } => {
                Problem::TooLong { max }
            }
            ShopError::NameHasControlCharacters => Problem::ControlCharacters,
            ShopError::NameHasInvisibleCharacters => Problem::InvisibleCharacters,
            ShopError::InvalidTimeZone(_) => Problem::UnknownTimeZone,
            // No form takes a host name: the operator's `joren shop` command words its own.
            ShopError::InvalidHost(_) => Problem::TooLong {
                max: joren::ShopHost::MAX_CHARS,
            },
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::staff::StaffError> for Problem {
    fn from(error: joren::staff::StaffError) -> Self {
        use joren::staff::StaffError;
        match error {
            StaffError::EmptyName => Problem::Empty,
            StaffError::NameTooLong { max } => Problem::TooLong { max },
            StaffError::NameHasControlCharacters => Problem::ControlCharacters,
            StaffError::NameHasInvisibleCharacters => Problem::InvisibleCharacters,
            StaffError::PinNotDigits => Problem::PinNotDigits,
            StaffError::PinTooShort { min } => Problem::PinTooShort { min },
            StaffError::PinTooLong { max } => Problem::PinTooLong { max },
            StaffError::PinOneDigit => Problem::PinOneDigit,
            StaffError::PinsDiffer => Problem::PinsDiffer,
            StaffError::IdleLockOutOfRange { min, max } => Problem::OutOfRange { min, max },
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::regular::RegularError> for Problem {
    fn from(error: joren::regular::RegularError) -> Self {
        use joren::regular::RegularError as E;
        match error {
            E::NicknameEmpty
            | E::ReadingEmpty
            | E::TaglineEmpty
            | E::TagEmpty
            | E::NotesEmpty
            | E::LinkEmpty => Problem::Empty,
            E::NicknameTooLong { max }
            | E::ReadingTooLong { max }
            | E::TaglineTooLong { max }
            | E::NotesTooLong { max }
            | E::LinkTooLong { max } => Problem::TooLong { max },
            E::NicknameHasControlCharacters
            | E::TaglineHasControlCharacters
            | E::TagHasControlCharacters
            | E::NotesHaveControlCharacters => Problem::ControlCharacters,
            E::NicknameHasInvisibleCharacters => Problem::InvisibleCharacters,
            E::ReadingNotKana => Problem::ReadingNotKana,
            E::TagTooLong { tag, max } => Problem::TagTooLong { tag, max },
            E::TooManyTags { max } | E::TooManyLinks { max } => Problem::TooMany { max },
            E::LinkHasInvalidCharacters | E::LinkNotWebAddress | E::LinkInvalidHost => {
                Problem::LinkNotWeb
            }
            E::LinkSchemeNotAllowed { scheme } => Problem::LinkScheme { scheme },
            E::InstagramHandleInvalid { max } => Problem::InstagramHandle { max },
            E::LinkLabelInvalid { max } => Problem::LinkLabel { max },
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::regular::RegularField> for Field {
    fn from(field: joren::regular::RegularField) -> Self {
        use joren::regular::RegularField as F;
        match field {
            F::Nickname => Field::Nickname,
            F::Reading => Field::Reading,
            F::Tagline => Field::Tagline,
            F::Interests => Field::Interests,
            F::Offers => Field::Offers,
            F::LookingFor => Field::LookingFor,
            F::Links => Field::Links,
            F::Notes => Field::Notes,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::loyalty::LoyaltyError> for Problem {
    fn from(error: joren::loyalty::LoyaltyError) -> Self {
        use joren::loyalty::LoyaltyError as E;
        match error {
            E::StampsPerCardOutOfRange { min, max }
            | E::MinGapOutOfRange { min, max }
            | E::PresenceOutOfRange { min, max }
            | E::PaperStampsOutOfRange { min, max } => Problem::OutOfRange { min, max },
            E::RewardEmpty => Problem::Empty,
            E::RewardTooLong { max } => Problem::TooLong { max },
            E::RewardHasControlCharacters => Problem::ControlCharacters,
            // Not a form's problems: the register words these itself.
            E::NoRewardAvailable | E::RewardAlreadyRedeemed | E::NothingToUndo => Problem::Empty,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::loyalty::RulesField> for Field {
    fn from(field: joren::loyalty::RulesField) -> Self {
        use joren::loyalty::RulesField as F;
        match field {
            F::StampsPerCard => Field::StampsPerCard,
            F::Reward => Field::Reward,
            F::MinGap => Field::MinGap,
            F::Presence => Field::Presence,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::privacy::PrivacyError> for Problem {
    fn from(error: joren::privacy::PrivacyError) -> Self {
        use joren::privacy::PrivacyError as E;
        match error {
            E::Empty => Problem::Empty,
            E::TooLong { max } => Problem::TooLong { max },
            E::ControlCharacters => Problem::ControlCharacters,
        }
    }
}

/// A core parser's problems, each with its form field.
#[cfg(feature = "ssr")]
pub fn field_problems<F: Into<Field>, E: Into<Problem>>(
    problems: Vec<(F, E)>,
) -> Vec<FieldProblem> {
    problems
        .into_iter()
        .map(|(field, problem)| FieldProblem {
            field: field.into(),
            problem: problem.into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_problem_reads_in_the_kiosks_language() {
        assert_eq!(Problem::Empty.message(Lang::ja), "入力してください。");
        assert_eq!(Problem::Empty.message(Lang::en), "Please fill this in.");
    }

    #[test]
    fn a_limit_is_written_into_the_message() {
        let problem = Problem::TooLong { max: 40 };
        assert_eq!(problem.message(Lang::ja), "40文字以内で入力してください。");
        assert_eq!(
            problem.message(Lang::en),
            "Please keep it to 40 characters."
        );
        let problem = Problem::OutOfRange { min: 1, max: 1440 };
        assert_eq!(
            problem.message(Lang::ja),
            "1から1440までの整数で入力してください。"
        );
        assert_eq!(
            problem.message(Lang::en),
            "Please enter a whole number from 1 to 1440."
        );
    }

    #[test]
    fn invisible_characters_are_named_with_what_to_do() {
        let problem = Problem::InvisibleCharacters;
        assert_eq!(
            problem.message(Lang::ja),
            "見えない文字や、文字の向きを変える記号は使えません。\
             コピーした名前なら、手で入力し直してください。"
        );
        assert_eq!(
            problem.message(Lang::en),
            "Invisible characters and marks that change the direction of text cannot be \
             used. If the name was copied from somewhere, please type it in by hand."
        );
    }

    #[test]
    fn a_tag_or_scheme_is_quoted_as_typed() {
        let problem = Problem::TagTooLong {
            tag: "<珈琲>".into(),
            max: 20,
        };
        assert_eq!(
            problem.message(Lang::ja),
            "「<珈琲>」は長すぎます。タグは20文字以内にしてください。"
        );
        assert_eq!(
            problem.message(Lang::en),
            "“<珈琲>” is too long: a tag has at most 20 characters."
        );
        let problem = Problem::LinkScheme {
            scheme: "javascript".into(),
        };
        assert_eq!(
            problem.message(Lang::ja),
            "javascript: のリンクは使えません。http(s):// だけです。"
        );
        assert_eq!(
            problem.message(Lang::en),
            "javascript: links are not allowed, only http(s)://."
        );
    }
}
