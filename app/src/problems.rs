//! What can be wrong with what a person typed, as the forms show it. The server finds the
//! problem (through the core's parsers); the page words it in the kiosk's language.

use serde::{Deserialize, Serialize};

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
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Empty, Lang::Ja) => "入力してください。".into(),
            (Problem::Empty, Lang::En) => "Please fill this in.".into(),
            (Problem::TooLong { max }, Lang::Ja) => format!("{max}文字以内で入力してください。"),
            (Problem::TooLong { max }, Lang::En) => format!("Please keep it to {max} characters."),
            (Problem::ControlCharacters, Lang::Ja) => "使えない文字が含まれています。".into(),
            (Problem::ControlCharacters, Lang::En) => {
                "It contains characters that cannot be used.".into()
            }
            (Problem::PinNotDigits, Lang::Ja) => "PINは数字だけで入力してください。".into(),
            (Problem::PinNotDigits, Lang::En) => "A PIN is made of digits only.".into(),
            (Problem::PinTooShort { min }, Lang::Ja) => format!("PINは{min}桁以上にしてください。"),
            (Problem::PinTooShort { min }, Lang::En) => {
                format!("The PIN needs at least {min} digits.")
            }
            (Problem::PinTooLong { max }, Lang::Ja) => format!("PINは{max}桁以内にしてください。"),
            (Problem::PinTooLong { max }, Lang::En) => {
                format!("The PIN may have at most {max} digits.")
            }
            (Problem::PinOneDigit, Lang::Ja) => {
                "同じ数字だけのPINは推測されやすいので使えません。".into()
            }
            (Problem::PinOneDigit, Lang::En) => {
                "A PIN of one repeated digit is too easy to guess.".into()
            }
            (Problem::PinsDiffer, Lang::Ja) => "確認用のPINが一致しません。".into(),
            (Problem::PinsDiffer, Lang::En) => "The two PINs differ.".into(),
            (Problem::NameTaken, Lang::Ja) => "同じ名前のスタッフがすでにいます。".into(),
            (Problem::NameTaken, Lang::En) => "Someone on the staff already has this name.".into(),
            (Problem::OutOfRange { min, max }, Lang::Ja) => {
                format!("{min}から{max}までの整数で入力してください。")
            }
            (Problem::OutOfRange { min, max }, Lang::En) => {
                format!("Please enter a whole number from {min} to {max}.")
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
            ShopError::NameHasControlCharacters | ShopError::InvalidTimeZone(_) => {
                Problem::ControlCharacters
            }
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
