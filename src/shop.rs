//! The shop: the tenant that every row of data belongs to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A shop's database identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShopId(pub i64);

/// A shop as the kiosk shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shop {
    pub id: ShopId,
    pub slug: ShopSlug,
    pub name: ShopName,
    pub time_zone: TimeZoneName,
    /// The owner's setting: minutes without a touch before the kiosk locks itself.
    pub idle_lock: crate::staff::IdleLock,
    /// The owner's stamp rules: card size, reward, gap between stamps, presence window.
    pub stamp_rules: crate::loyalty::StampRules,
}

/// Why a shop's name, slug or time zone was refused, in words the owner can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShopError {
    #[error("the shop name is empty")]
    EmptyName,
    #[error("the shop name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("the shop name contains control characters")]
    NameHasControlCharacters,
    #[error(
        "the shop name contains invisible characters or marks that change the direction of \
         the text"
    )]
    NameHasInvisibleCharacters,
    #[error(
        "the shop's short name must be 1 to {max} lower-case letters, digits or hyphens, \
         starting with a letter or digit"
    )]
    InvalidSlug { max: usize },
    #[error("'{0}' is not a time zone name like Asia/Tokyo")]
    InvalidTimeZone(String),
    #[error(
        "'{0}' is not a host name like cafe.example: letters, digits and hyphens in parts \
         joined by dots, without a scheme, port or path"
    )]
    InvalidHost(String),
}

/// The shop's display name, as on its sign: trimmed, non-empty, at most 60 characters,
/// nothing invisible (no zero-width spaces or bidi overrides: the name heads the kiosk, the
/// printed cards and, with several shops, the list a tablet picks from).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopName(String);

impl ShopName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(input: &str) -> Result<Self, ShopError> {
        let name = Self::from_stored(input)?;
        if crate::invisible::has_invisible_characters(name.as_str()) {
            return Err(ShopError::NameHasInvisibleCharacters);
        }
        Ok(name)
    }

    /// A shop name as stored: the rules of [`ShopName::parse`] but for invisible characters,
    /// which earlier versions accepted, so that a shop named then still opens.
    pub fn from_stored(input: &str) -> Result<Self, ShopError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(ShopError::EmptyName);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(ShopError::NameTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if name.chars().any(char::is_control) {
            return Err(ShopError::NameHasControlCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A shop's short name, used in paths and host names when one server runs several shops.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopSlug(String);

impl ShopSlug {
    pub const MAX_CHARS: usize = 40;
    /// The shop a single-shop installation runs.
    pub const DEFAULT: &'static str = "main";

    pub fn parse(input: &str) -> Result<Self, ShopError> {
        let valid_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        let ok = !input.is_empty()
            && input.len() <= Self::MAX_CHARS
            && input.chars().all(valid_char)
            && !input.starts_with('-');
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(ShopError::InvalidSlug {
                max: Self::MAX_CHARS,
            })
        }
    }

    pub fn default_shop() -> Self {
        Self(Self::DEFAULT.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A host name one shop is reached at when one deployment serves several (`yururi.example`,
/// `yururi.shotengai.example`): lower-case ASCII, without a port or a final dot, at most 253
/// characters in labels of 1 to 63 letters, digits or hyphens, none starting or ending with
/// a hyphen. An internationalised name is given in its `xn--` form, as the Host header sends it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopHost(String);

impl ShopHost {
    pub const MAX_CHARS: usize = 253;

    /// The operator's spelling: any case, surrounding spaces and one final dot allowed.
    pub fn parse(input: &str) -> Result<Self, ShopError> {
        let trimmed = input.trim();
        let host = trimmed
            .strip_suffix('.')
            .unwrap_or(trimmed)
            .to_ascii_lowercase();
        let label_ok = |label: &str| {
            (1..=63).contains(&label.len())
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        if !host.is_empty() && host.len() <= Self::MAX_CHARS && host.split('.').all(label_ok) {
            Ok(Self(host))
        } else {
            Err(ShopError::InvalidHost(input.to_owned()))
        }
    }

    /// The host a request names in its `Host` header (`Yururi.Example:3000` is
    /// `yururi.example`); `None` when it names none, or an IPv6 address, which no shop is
    /// reached at by name.
    pub fn from_header(value: &str) -> Option<Self> {
        let host = match value.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            _ => value,
        };
        if host.starts_with('[') || host.trim() != host {
            return None;
        }
        Self::parse(host).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name such as `Asia/Tokyo`: the shop's clock for "today" and for charts.
///
/// Only the shape is checked here; the server checks the name against its time zone database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub const DEFAULT: &'static str = "Asia/Tokyo";

    pub fn parse(input: &str) -> Result<Self, ShopError> {
        let valid_char = |c: char| c.is_ascii_alphanumeric() || "/_-+".contains(c);
        let ok = !input.is_empty()
            && input.len() <= 64
            && input.chars().all(valid_char)
            && !input.starts_with('/')
            && !input.ends_with('/');
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(ShopError::InvalidTimeZone(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for TimeZoneName {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

/// Serde reads each type back with `$read`: `parse`, or `from_stored` where the rules for
/// what people type grew stricter than what is already stored.
macro_rules! string_newtype_conversions {
    ($($ty:ty => $read:ident),*) => {$(
        impl TryFrom<String> for $ty {
            type Error = ShopError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::$read(&value)
            }
        }
        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
string_newtype_conversions!(
    ShopName => from_stored,
    ShopSlug => parse,
    ShopHost => parse,
    TimeZoneName => parse
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_name_is_trimmed() {
        let name = ShopName::parse("  珈琲 ゆるり  ").unwrap();
        assert_eq!(name.as_str(), "珈琲 ゆるり");
    }

    #[test]
    fn shop_name_refuses_blank_and_overlong_and_control_characters() {
        assert_eq!(ShopName::parse("   "), Err(ShopError::EmptyName));
        let sixty_one = "珈".repeat(61);
        assert_eq!(
            ShopName::parse(&sixty_one),
            Err(ShopError::NameTooLong { max: 60 })
        );
        assert!(ShopName::parse(&"珈".repeat(60)).is_ok());
        assert_eq!(
            ShopName::parse("Café\u{0007}"),
            Err(ShopError::NameHasControlCharacters)
        );
    }

    #[test]
    fn shop_name_refuses_bidi_controls_and_zero_width_characters() {
        for bad in [
            "珈琲\u{200B}ゆるり",
            "\u{202E}珈琲 ゆるり",
            "Café\u{200E}",
            "珈琲\u{00AD}ゆるり",
        ] {
            assert_eq!(
                ShopName::parse(bad),
                Err(ShopError::NameHasInvisibleCharacters),
                "{bad:?}"
            );
        }
        assert!(ShopName::parse("珈琲 ゆるり ☕\u{FE0F}").is_ok());
        // A shop named before the rule still opens.
        let stored = "珈琲\u{200B}ゆるり";
        assert_eq!(ShopName::from_stored(stored).unwrap().as_str(), stored);
        let read: ShopName = serde_json::from_str("\"珈琲\\u200bゆるり\"").unwrap();
        assert_eq!(read.as_str(), stored);
    }

    #[test]
    fn slug_accepts_lower_case_words_and_refuses_the_rest() {
        assert!(ShopSlug::parse("kissa-yururi-2").is_ok());
        for bad in ["", "-lead", "Upper", "with space", "日本", &"a".repeat(41)] {
            assert!(ShopSlug::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn host_names_are_kept_lower_case_without_a_final_dot() {
        let host = ShopHost::parse(" Yururi.Example. ").unwrap();
        assert_eq!(host.as_str(), "yururi.example");
        assert_eq!(ShopHost::parse("localhost").unwrap().as_str(), "localhost");
        assert_eq!(
            ShopHost::parse("xn--eckwd4c7c.example").unwrap().as_str(),
            "xn--eckwd4c7c.example"
        );
        let longest_label = "a".repeat(63);
        assert!(ShopHost::parse(&format!("{longest_label}.example")).is_ok());
    }

    #[test]
    fn host_names_refuse_ports_schemes_paths_and_bad_labels() {
        let long_label = "a".repeat(64);
        let too_long = ["abcdefghi"; 26].join(".");
        for bad in [
            "",
            " ",
            "cafe.example:3000",
            "https://cafe.example",
            "cafe.example/path",
            "cafe..example",
            ".cafe.example",
            "-cafe.example",
            "cafe-.example",
            "cafe_example",
            "珈琲.example",
            "cafe example",
            long_label.as_str(),
            too_long.as_str(),
        ] {
            assert!(
                matches!(ShopHost::parse(bad), Err(ShopError::InvalidHost(_))),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn a_host_header_names_its_host_without_the_port() {
        let host = |value| ShopHost::from_header(value).map(|host| host.as_str().to_owned());
        assert_eq!(
            host("Yururi.Example:3000").as_deref(),
            Some("yururi.example")
        );
        assert_eq!(host("yururi.example").as_deref(), Some("yururi.example"));
        assert_eq!(host("192.168.1.20:3000").as_deref(), Some("192.168.1.20"));
        assert_eq!(host("[::1]:3000"), None);
        assert_eq!(host("[::1]"), None);
        assert_eq!(host(""), None);
        assert_eq!(host("cafe.example:port"), None);
        assert_eq!(host(" cafe.example"), None);
    }

    #[test]
    fn time_zone_names_have_the_iana_shape() {
        assert!(TimeZoneName::parse("Asia/Tokyo").is_ok());
        assert!(TimeZoneName::parse("America/Argentina/Buenos_Aires").is_ok());
        assert!(TimeZoneName::parse("Etc/GMT+9").is_ok());
        for bad in ["", "/Tokyo", "Asia/", "Asia/To kyo", "Asia;Tokyo"] {
            assert!(
                TimeZoneName::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        assert_eq!(TimeZoneName::default().as_str(), "Asia/Tokyo");
    }

    #[test]
    fn serde_goes_through_parse() {
        let err = serde_json::from_str::<ShopName>("\"  \"");
        assert!(err.is_err());
        let ok: ShopName = serde_json::from_str("\"Kissa\"").unwrap();
        assert_eq!(ok.as_str(), "Kissa");
    }
}
