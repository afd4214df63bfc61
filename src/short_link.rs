//! Short links: what a QR code encodes when the shop has a public address
//! (`JOREN_PUBLIC_URL`). `{public}/q/{code}` counts the scan and redirects to one of a
//! regular's links; `{public}/c/{code}` is their public creator card.
//!
//! A code is random, not a number in sequence: nobody can walk from one creator's code to
//! the next. It only ever leads somewhere while the regular agrees to show their links and,
//! for a link, while that link is still on their profile.

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(feature = "server")]
use crate::regular::{Consents, Links};

/// A short link's code: [`ShortCode::LEN`] characters from an alphabet without look-alikes
/// (no 0/o, 1/l), 40 random bits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShortCode(String);

impl ShortCode {
    pub const LEN: usize = 8;
    const ALPHABET: &'static [u8; 32] = b"23456789abcdefghijkmnpqrstuvwxyz";

    /// The code for these random bytes; 32 symbols take 5 bits of each byte, evenly.
    pub fn from_random(bytes: [u8; Self::LEN]) -> Self {
        Self(
            bytes
                .iter()
                .map(|byte| char::from(Self::ALPHABET[usize::from(byte & 31)]))
                .collect(),
        )
    }

    /// A new code from the operating system's random source.
    #[cfg(feature = "server")]
    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::LEN];
        getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
        Self::from_random(bytes)
    }

    /// A code as it comes from an address; `None` for anything that cannot be one, so an
    /// odd path never reaches the database.
    pub fn parse(input: &str) -> Option<Self> {
        let ok = input.len() == Self::LEN && input.bytes().all(|b| Self::ALPHABET.contains(&b));
        ok.then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublicUrlError {
    #[error("'{0}' is not an address such as https://cafe.example or http://192.168.1.20:3000")]
    NotAnAddress(String),
    #[error("the public address must start with https:// or http://")]
    Scheme,
    #[error("the public address has no user name, query (?) or fragment (#)")]
    Extra,
}

/// The address phones reach the shop's Joren at, such as `https://cafe.example` or
/// `https://shop.example/joren`; kept without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicUrl(String);

impl PublicUrl {
    /// Server only: the browser never reads the setting.
    #[cfg(feature = "server")]
    pub fn parse(input: &str) -> Result<Self, PublicUrlError> {
        let input = input.trim();
        let url =
            url::Url::parse(input).map_err(|_| PublicUrlError::NotAnAddress(input.to_owned()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(PublicUrlError::Scheme);
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(PublicUrlError::NotAnAddress(input.to_owned()));
        }
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(PublicUrlError::Extra);
        }
        Ok(Self(url.as_str().trim_end_matches('/').to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `{public}/q/{code}`: what a QR code for one link encodes.
    pub fn short_link(&self, code: &ShortCode) -> String {
        format!("{}/q/{code}", self.0)
    }

    /// `{public}/c/{code}`: the creator's public card.
    pub fn creator_card(&self, code: &ShortCode) -> String {
        format!("{}/c/{code}", self.0)
    }
}

/// What a short link leads to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShortLinkTarget {
    /// One of the regular's links, by its address ([`crate::Link::url`]).
    Link(String),
    /// The regular's public creator card.
    CreatorCard,
}

impl ShortLinkTarget {
    /// The stored form: the link's address, or "" for the card (no address is empty).
    pub fn to_stored(&self) -> &str {
        match self {
            Self::Link(url) => url,
            Self::CreatorCard => "",
        }
    }

    pub fn from_stored(stored: String) -> Self {
        if stored.is_empty() {
            Self::CreatorCard
        } else {
            Self::Link(stored)
        }
    }
}

/// Where a scanned short link goes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Redirect to this address (ASCII, http or https).
    Redirect(String),
    /// Show the creator's public card.
    CreatorCard,
}

/// Where `target` leads for a regular with these consents and links: nowhere without the
/// consent to show links, nor for a link no longer on their profile.
#[cfg(feature = "server")]
pub fn destination(
    target: &ShortLinkTarget,
    consents: &Consents,
    links: &Links,
) -> Option<Destination> {
    if !consents.may_show_links() {
        return None;
    }
    match target {
        ShortLinkTarget::CreatorCard => Some(Destination::CreatorCard),
        ShortLinkTarget::Link(url) => links
            .iter()
            .find(|link| link.url() == url)
            .map(|link| Destination::Redirect(link.href())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "server")]
    use crate::regular::Consent;

    #[test]
    fn codes_use_the_whole_alphabet_evenly_and_parse_back() {
        let code = ShortCode::from_random([0, 1, 31, 32, 255, 100, 7, 8]);
        assert_eq!(code.as_str(), "23z2z69a");
        assert_eq!(ShortCode::parse(code.as_str()), Some(code));
        let mut seen = std::collections::HashSet::new();
        for byte in 0..=255u8 {
            seen.insert(ShortCode::from_random([byte; 8]).as_str().chars().next());
        }
        assert_eq!(seen.len(), 32);
    }

    #[test]
    fn only_well_formed_codes_parse() {
        for bad in [
            "",
            "23456789a",
            "2345678",
            "2345678O",
            "2345678l",
            "../../et",
            "ABCDEFGH",
        ] {
            assert_eq!(ShortCode::parse(bad), None, "{bad:?}");
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn generated_codes_differ() {
        let codes: std::collections::HashSet<_> =
            (0..1_000).map(|_| ShortCode::generate()).collect();
        assert_eq!(codes.len(), 1_000);
    }

    #[cfg(feature = "server")]
    #[test]
    fn a_public_address_is_http_or_https_without_extras() {
        let public = PublicUrl::parse(" https://Cafe.Example/ ").unwrap();
        assert_eq!(public.as_str(), "https://cafe.example");
        let code = ShortCode::parse("abcdefgh").unwrap();
        assert_eq!(public.short_link(&code), "https://cafe.example/q/abcdefgh");
        assert_eq!(
            public.creator_card(&code),
            "https://cafe.example/c/abcdefgh"
        );
        assert_eq!(
            PublicUrl::parse("http://192.168.1.20:3000")
                .unwrap()
                .short_link(&code),
            "http://192.168.1.20:3000/q/abcdefgh"
        );
        assert_eq!(
            PublicUrl::parse("https://shop.example/joren/")
                .unwrap()
                .as_str(),
            "https://shop.example/joren"
        );
        assert_eq!(
            PublicUrl::parse("https://喫茶.jp").unwrap().as_str(),
            "https://xn--71ru37h.jp"
        );
        assert_eq!(
            PublicUrl::parse("ftp://cafe.example"),
            Err(PublicUrlError::Scheme)
        );
        assert_eq!(
            PublicUrl::parse("https://cafe.example/?x=1"),
            Err(PublicUrlError::Extra)
        );
        assert_eq!(
            PublicUrl::parse("https://me@cafe.example"),
            Err(PublicUrlError::Extra)
        );
        assert!(matches!(
            PublicUrl::parse("cafe.example"),
            Err(PublicUrlError::NotAnAddress(_))
        ));
    }

    #[cfg(feature = "server")]
    #[test]
    fn a_short_link_leads_somewhere_only_with_consent_and_while_the_link_is_there() {
        let links = Links::parse("ポートフォリオ https://例え.jp/作品\n@yu_photo").unwrap();
        let agreed = Consents {
            may_be_introduced: None,
            may_show_links: Some(Consent {
                given_at: 1,
                given_by: None,
            }),
        };
        let portfolio = ShortLinkTarget::Link("https://例え.jp/作品".to_owned());
        assert_eq!(
            destination(&portfolio, &agreed, &links),
            Some(Destination::Redirect(
                "https://xn--r8jz45g.jp/%E4%BD%9C%E5%93%81".to_owned()
            ))
        );
        assert_eq!(
            destination(&ShortLinkTarget::CreatorCard, &agreed, &links),
            Some(Destination::CreatorCard)
        );
        let removed = ShortLinkTarget::Link("https://old.example/".to_owned());
        assert_eq!(destination(&removed, &agreed, &links), None);
        let withdrawn = Consents::default();
        assert_eq!(destination(&portfolio, &withdrawn, &links), None);
        assert_eq!(
            destination(&ShortLinkTarget::CreatorCard, &withdrawn, &links),
            None
        );
    }

    #[test]
    fn targets_are_stored_as_the_address_or_empty_for_the_card() {
        for target in [
            ShortLinkTarget::Link("https://yu-photo.jp/".to_owned()),
            ShortLinkTarget::CreatorCard,
        ] {
            assert_eq!(
                ShortLinkTarget::from_stored(target.to_stored().to_owned()),
                target
            );
        }
    }
}
