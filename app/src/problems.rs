//! What can be wrong with what a person typed, as the forms show it. The server finds the
//! problem (through the core's parsers); the page words it in the kiosk's language.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// What a server function says when the kiosk is locked (HTTP 401): the page then shows the
/// lock screen again.
pub const LOCKED: &str = "locked";

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
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Empty, Lang::ja) => "入力してください。".into(),
            (Problem::Empty, Lang::en) => "Please fill this in.".into(),
            (Problem::TooLong { max }, Lang::ja) => format!("{max}文字以内で入力してください。"),
            (Problem::TooLong { max }, Lang::en) => format!("Please keep it to {max} characters."),
            (Problem::ControlCharacters, Lang::ja) => "使えない文字が含まれています。".into(),
            (Problem::ControlCharacters, Lang::en) => {
                "It contains characters that cannot be used.".into()
            }
            (Problem::PinNotDigits, Lang::ja) => "PINは数字だけで入力してください。".into(),
            (Problem::PinNotDigits, Lang::en) => "A PIN is made of digits only.".into(),
            (Problem::PinTooShort { min }, Lang::ja) => format!("PINは{min}桁以上にしてください。"),
            (Problem::PinTooShort { min }, Lang::en) => {
                format!("The PIN needs at least {min} digits.")
            }
            (Problem::PinTooLong { max }, Lang::ja) => format!("PINは{max}桁以内にしてください。"),
            (Problem::PinTooLong { max }, Lang::en) => {
                format!("The PIN may have at most {max} digits.")
            }
            (Problem::PinOneDigit, Lang::ja) => {
                "同じ数字だけのPINは推測されやすいので使えません。".into()
            }
            (Problem::PinOneDigit, Lang::en) => {
                "A PIN of one repeated digit is too easy to guess.".into()
            }
            (Problem::PinsDiffer, Lang::ja) => "確認用のPINが一致しません。".into(),
            (Problem::PinsDiffer, Lang::en) => "The two PINs differ.".into(),
            (Problem::NameTaken, Lang::ja) => "同じ名前のスタッフがすでにいます。".into(),
            (Problem::NameTaken, Lang::en) => "Someone on the staff already has this name.".into(),
            (Problem::OutOfRange { min, max }, Lang::ja) => {
                format!("{min}から{max}までの整数で入力してください。")
            }
            (Problem::OutOfRange { min, max }, Lang::en) => {
                format!("Please enter a whole number from {min} to {max}.")
            }
            (Problem::ReadingNotKana, Lang::ja) => {
                "読みはひらがなかカタカナで入力してください（例：ゆう）。".into()
            }
            (Problem::ReadingNotKana, Lang::en) => {
                "Write the reading in hiragana or katakana, like ゆう.".into()
            }
            (Problem::TagTooLong { tag, max }, Lang::ja) => {
                format!("「{tag}」は長すぎます。タグは{max}文字以内にしてください。")
            }
            (Problem::TagTooLong { tag, max }, Lang::en) => {
                format!("“{tag}” is too long: a tag has at most {max} characters.")
            }
            (Problem::TooMany { max }, Lang::ja) => format!("{max}個までにしてください。"),
            (Problem::TooMany { max }, Lang::en) => format!("At most {max}, please."),
            (Problem::LinkNotWeb, Lang::ja) => {
                "https:// で始まるアドレスか、@name のようなInstagramのユーザー名を入力してください。"
                    .into()
            }
            (Problem::LinkNotWeb, Lang::en) => {
                "Enter an address starting with https:// or an Instagram handle like @name.".into()
            }
            (Problem::LinkScheme { scheme }, Lang::ja) => {
                format!("{scheme}: のリンクは使えません。http(s):// だけです。")
            }
            (Problem::LinkScheme { scheme }, Lang::en) => {
                format!("{scheme}: links are not allowed, only http(s)://.")
            }
            (Problem::InstagramHandle { max }, Lang::ja) => {
                format!("Instagramのユーザー名は英数字・「.」・「_」で{max}文字以内です。")
            }
            (Problem::InstagramHandle { max }, Lang::en) => {
                format!("An Instagram handle is up to {max} letters, digits, '.' or '_'.")
            }
            (Problem::LinkLabel { max }, Lang::ja) => {
                format!("リンクの名前（アドレスの前に書くもの）は{max}文字以内です。")
            }
            (Problem::LinkLabel { max }, Lang::en) => {
                format!("A link's name (written before its address) is up to {max} characters.")
            }
            (Problem::UnknownTimeZone, Lang::ja) => {
                "タイムゾーンは Asia/Tokyo のような名前で入力してください。".into()
            }
            (Problem::UnknownTimeZone, Lang::en) => {
                "Enter a time zone name such as Asia/Tokyo or Europe/Berlin.".into()
            }
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
            ShopError::InvalidTimeZone(_) => Problem::UnknownTimeZone,
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
            | E::PresenceOutOfRange { min, max } => Problem::OutOfRange { min, max },
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
