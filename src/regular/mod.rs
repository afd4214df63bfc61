//! A regular: the person staff greet by name, with what the shop knows about them.
//!
//! Everything here is what the regular (or staff, with them) chose to tell: a nickname is
//! enough; a reading makes the nickname findable by kana and romaji; a tagline, interests,
//! what they offer and what they are looking for are the talking points of an introduction;
//! links are what a creator's QR code points to. There are deliberately no fields for phone,
//! e-mail or sensitive data (docs/product.md, privacy rules): interests are free tags.
//!
//! Forms send raw strings ([`RegularDraft`]); [`Profile::parse`] checks every field at once
//! so that the edit form can show all its problems together, next to the fields they concern.
//!
//! Free text is stored in NFC, so that a name typed on a Mac (often decomposed) and the same
//! name typed on a tablet are the same string, and limits count what people see as
//! characters (が is one, not two).
//!
//! One type family a file: [`Nickname`] and [`Reading`] (`names.rs`), [`Tagline`] and
//! [`Notes`] (`text.rs`), [`Tags`] (`tags.rs`), [`Links`] (`links.rs`), the consents
//! (`consent.rs`), the form and the checked profile (`profile.rs`), and why a field was
//! refused (`error.rs`).

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Serde reads each type back with `$read`: `parse`, or `from_stored` where the rules for
/// what people type grew stricter than what is already stored.
macro_rules! string_newtype_conversions {
    ($($ty:ty => $read:ident),*) => {$(
        impl TryFrom<String> for $ty {
            type Error = $crate::regular::RegularError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::$read(&value)
            }
        }
        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

mod consent;
mod error;
mod links;
mod names;
mod profile;
mod tags;
mod text;

pub use consent::{Consent, Consents};
pub use error::RegularError;
pub use links::{Link, LinkKind, Links};
pub use names::{Nickname, Reading};
pub use profile::{Profile, RegularDraft};
pub use tags::{Tag, Tags};
pub use text::{Notes, Tagline};

/// A regular's database identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegularId(pub i64);

/// Which field of the regular's form a problem belongs to, so the form can show it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegularField {
    Nickname,
    Reading,
    Tagline,
    Interests,
    Offers,
    LookingFor,
    Links,
    Notes,
}

impl RegularField {
    pub fn as_str(self) -> &'static str {
        match self {
            RegularField::Nickname => "nickname",
            RegularField::Reading => "reading",
            RegularField::Tagline => "tagline",
            RegularField::Interests => "interests",
            RegularField::Offers => "offers",
            RegularField::LookingFor => "looking_for",
            RegularField::Links => "links",
            RegularField::Notes => "notes",
        }
    }
}

/// NFC, then trimmed: what every free-text field stores.
fn clean(input: &str) -> String {
    let normalized: String = input.nfc().collect();
    normalized.trim().to_owned()
}
