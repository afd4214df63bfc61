//! A creator's links: what their QR code and public card point to.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

use super::{RegularError, clean};

/// What a link points to, so the card can show an Instagram handle as a handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Instagram,
    Web,
}

/// A creator's link, the target of their QR code: an http(s) address, or an Instagram
/// handle turned into its profile address, with an optional label ("ポートフォリオ").
///
/// Only http and https are ever accepted: a QR code or a link on the public card with
/// `javascript:` or `data:` would run or show whatever its author wanted. The scheme and the
/// host are stored in lower case (`HTTPS://Example.com/x` becomes `https://example.com/x`);
/// an address with a user name (`https://instagram.com@evil.example/`) is refused, since it
/// reads as one host and goes to another.
///
/// In the edit form a link is one line: the address (or @handle) last, and before it,
/// after a space, its label if it has one (`ポートフォリオ https://yu-photo.jp`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Link {
    kind: LinkKind,
    /// The address as people read it (an international host stays in its own script).
    url: String,
    /// The Instagram handle as typed, without '@'.
    handle: Option<String>,
    label: Option<String>,
}

impl Link {
    /// Longest address accepted. Past a few hundred characters a QR code of the address
    /// itself gets dense; a short link (`JOREN_PUBLIC_URL`) keeps it large whatever the length.
    pub const MAX_CHARS: usize = 2_000;
    pub const MAX_HANDLE_CHARS: usize = 30;
    pub const MAX_LABEL_CHARS: usize = 40;

    /// One line of the form: `[label ]address`.
    pub fn parse(input: &str) -> Result<Self, RegularError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(RegularError::LinkEmpty);
        }
        let (label, address) = match input.rsplit_once(char::is_whitespace) {
            Some((label, address)) => (Some(label), address),
            None => (None, input),
        };
        // "https://a.example/my page": a space inside an address, not a label.
        if label.is_some_and(|label| label.contains("://")) {
            return Err(RegularError::LinkHasInvalidCharacters);
        }
        let mut link = Self::parse_address(address)?;
        link.label = label.map(parse_link_label).transpose()?;
        Ok(link)
    }

    fn parse_address(input: &str) -> Result<Self, RegularError> {
        if input.chars().count() > Self::MAX_CHARS {
            return Err(RegularError::LinkTooLong {
                max: Self::MAX_CHARS,
            });
        }
        let invalid = |c: char| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c);
        if input.chars().any(invalid) {
            return Err(RegularError::LinkHasInvalidCharacters);
        }
        if let Some(handle) = input.strip_prefix(['@', '＠']) {
            return Self::instagram(handle);
        }
        Self::web(input)
    }

    fn instagram(handle: &str) -> Result<Self, RegularError> {
        let valid_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_';
        let ok = !handle.is_empty()
            && handle.len() <= Self::MAX_HANDLE_CHARS
            && handle.chars().all(valid_char)
            && !handle.starts_with('.')
            && !handle.ends_with('.')
            && !handle.contains("..");
        if !ok {
            return Err(RegularError::InstagramHandleInvalid {
                max: Self::MAX_HANDLE_CHARS,
            });
        }
        // Instagram names are case-insensitive; lower case makes @Yu_Photo and @yu_photo
        // one link.
        let url = format!("https://www.instagram.com/{}/", handle.to_ascii_lowercase());
        Ok(Self {
            kind: LinkKind::Instagram,
            url,
            handle: Some(handle.to_owned()),
            label: None,
        })
    }

    fn web(input: &str) -> Result<Self, RegularError> {
        let Some((scheme, rest)) = input.split_once(':') else {
            return Err(RegularError::LinkNotWebAddress);
        };
        let scheme_shaped = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            // "example.com:8080/x" has a dot before its colon: an address without its
            // scheme, not a scheme of its own.
            return Err(if scheme_shaped && !scheme.contains('.') {
                RegularError::LinkSchemeNotAllowed { scheme }
            } else {
                RegularError::LinkNotWebAddress
            });
        }
        let Some(rest) = rest.strip_prefix("//") else {
            return Err(RegularError::LinkNotWebAddress);
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if !is_valid_authority(authority) {
            return Err(RegularError::LinkInvalidHost);
        }
        let url = format!("{scheme}://{}{path}", authority.to_lowercase());
        // On the server, the WHATWG parser also refuses what the shape check let through
        // but no browser would open (a host label that is not valid IDNA, say). The browser
        // only ever reads links the server has checked, and its build stays without the
        // IDNA tables.
        #[cfg(feature = "server")]
        if url::Url::parse(&url).is_err() {
            return Err(RegularError::LinkInvalidHost);
        }
        Ok(Self {
            kind: LinkKind::Web,
            url,
            handle: None,
            label: None,
        })
    }

    pub fn kind(&self) -> LinkKind {
        self.kind
    }

    /// The address as people read it: what the card shows under the QR code. Always http(s).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address in ASCII, as the QR code and a redirect carry it: the host in punycode,
    /// the rest percent-encoded (the WHATWG serialization). Always http(s). Server only.
    #[cfg(feature = "server")]
    pub fn href(&self) -> String {
        // `parse` checked that the WHATWG parser takes the address.
        url::Url::parse(&self.url).map_or_else(|_| self.url.clone(), String::from)
    }

    /// The Instagram handle as typed, without '@'; `None` for a web address.
    pub fn handle(&self) -> Option<&str> {
        self.handle.as_deref()
    }

    /// "@yu_photo", or the address: how the link was typed, without its label.
    pub fn address(&self) -> String {
        match &self.handle {
            Some(handle) => format!("@{handle}"),
            None => self.url.clone(),
        }
    }

    /// The label given, if any.
    pub fn given_label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// What a person reads above the QR code: the label given, else "Instagram" for a
    /// handle, else the host without "www.".
    pub fn label(&self) -> String {
        if let Some(label) = &self.label {
            return label.clone();
        }
        match self.kind {
            LinkKind::Instagram => "Instagram".to_owned(),
            LinkKind::Web => {
                let host = self
                    .url
                    .split_once("://")
                    .map_or(self.url.as_str(), |(_, rest)| rest);
                let host = host.split(['/', '?', '#']).next().unwrap_or(host);
                host.strip_prefix("www.").unwrap_or(host).to_owned()
            }
        }
    }

    /// The line the edit form shows again: `[label ]address`.
    pub fn to_line(&self) -> String {
        match &self.label {
            Some(label) => format!("{label} {}", self.address()),
            None => self.address(),
        }
    }
}

/// A link's label: trimmed, 1 to [`Link::MAX_LABEL_CHARS`] characters, no control characters.
fn parse_link_label(input: &str) -> Result<String, RegularError> {
    let label = clean(input);
    if label.chars().any(char::is_control) {
        return Err(RegularError::LinkLabelInvalid {
            max: Link::MAX_LABEL_CHARS,
        });
    }
    let length = label.chars().count();
    if length == 0 || length > Link::MAX_LABEL_CHARS {
        return Err(RegularError::LinkLabelInvalid {
            max: Link::MAX_LABEL_CHARS,
        });
    }
    Ok(label)
}

/// A host (letters, digits and hyphens in dot-separated labels, with at least one dot, or
/// `localhost`) with an optional port; no user name or password.
fn is_valid_authority(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let labels_ok = host
        .split('.')
        .all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'));
    labels_ok && (host.contains('.') || host.eq_ignore_ascii_case("localhost"))
}

impl TryFrom<String> for Link {
    type Error = RegularError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Link> for String {
    fn from(value: Link) -> String {
        value.to_line()
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_line())
    }
}

/// A regular's links, one per line in the form; at most three, so a card stays a card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<Link>", into = "Vec<Link>")]
pub struct Links(Vec<Link>);

impl Links {
    pub const MAX_LINKS: usize = 3;

    /// One link per line; blank lines are ignored, and a link given twice counts once.
    pub fn parse(text: &str) -> Result<Self, RegularError> {
        let links = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(Link::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_links(links)
    }

    /// Keeps the first of links to the same address, and refuses more than
    /// [`Links::MAX_LINKS`].
    pub fn from_links(links: Vec<Link>) -> Result<Self, RegularError> {
        let mut seen = HashSet::new();
        let links: Vec<Link> = links
            .into_iter()
            .filter(|link| seen.insert(link.url.clone()))
            .collect();
        if links.len() > Self::MAX_LINKS {
            return Err(RegularError::TooManyLinks {
                max: Self::MAX_LINKS,
            });
        }
        Ok(Self(links))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Link> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[Link] {
        &self.0
    }

    /// The links as the edit form shows them again, one per line.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(Link::to_line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl<'a> IntoIterator for &'a Links {
    type Item = &'a Link;
    type IntoIter = std::slice::Iter<'a, Link>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl TryFrom<Vec<Link>> for Links {
    type Error = RegularError;
    fn try_from(value: Vec<Link>) -> Result<Self, Self::Error> {
        Self::from_links(value)
    }
}

impl From<Links> for Vec<Link> {
    fn from(value: Links) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instagram_handle_becomes_its_profile_url() {
        let link = Link::parse("@yu_photo").unwrap();
        assert_eq!(link.kind(), LinkKind::Instagram);
        assert_eq!(link.url(), "https://www.instagram.com/yu_photo/");
        assert_eq!(link.handle(), Some("yu_photo"));
        assert_eq!(link.address(), "@yu_photo");
        let typed = Link::parse(" ＠Yu.Photo_2 ").unwrap();
        assert_eq!(typed.url(), "https://www.instagram.com/yu.photo_2/");
        assert_eq!(typed.address(), "@Yu.Photo_2");
    }

    #[test]
    fn instagram_handles_have_instagrams_shape() {
        assert!(Link::parse(&format!("@{}", "a".repeat(30))).is_ok());
        for bad in [
            "@",
            "@.yu",
            "@yu.",
            "@yu..photo",
            "@yu-photo",
            "@ゆう",
            &format!("@{}", "a".repeat(31)),
        ] {
            assert_eq!(
                Link::parse(bad),
                Err(RegularError::InstagramHandleInvalid { max: 30 }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn web_links_are_http_or_https_with_a_host() {
        let link = Link::parse("HTTPS://Example.com/x").unwrap();
        assert_eq!(link.kind(), LinkKind::Web);
        assert_eq!(link.url(), "https://example.com/x");
        assert_eq!(link.handle(), None);
        assert_eq!(link.address(), "https://example.com/x");
        for good in [
            "http://yu-photo.jp",
            "https://yu-photo.jp/works?year=2024#top",
            "http://localhost:3000/q/abc",
            "https://192.168.1.10:8080/",
            "https://例え.jp/パス",
            "Https://Example.com/CaseKept",
        ] {
            assert!(Link::parse(good).is_ok(), "{good}");
        }
        assert_eq!(
            Link::parse("Https://Example.com/CaseKept").unwrap().url(),
            "https://example.com/CaseKept"
        );
        for bad in [
            "https://",
            "https://example",
            "https://.com",
            "https://example..com",
            "https://example.com:",
            "https://example.com:http",
            "https://instagram.com@evil.example/",
        ] {
            assert_eq!(
                Link::parse(bad),
                Err(RegularError::LinkInvalidHost),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn other_schemes_are_refused_by_name() {
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JavaScript:alert(1)", "javascript"),
            ("data:text/html;base64,PHNjcmlwdD4=", "data"),
            ("ftp://example.com/file", "ftp"),
            ("mailto:yu@example.com", "mailto"),
        ] {
            assert_eq!(
                Link::parse(bad),
                Err(RegularError::LinkSchemeNotAllowed {
                    scheme: scheme.to_owned()
                }),
                "{bad:?}"
            );
        }
        let message = Link::parse("javascript:alert(1)").unwrap_err().to_string();
        assert!(message.contains("only http:// and https://"), "{message}");
        assert!(message.contains("javascript:"), "{message}");
    }

    #[test]
    fn links_without_a_scheme_or_with_spaces_are_refused() {
        for bad in [
            "yu-photo.jp",
            "/works/2026",
            "//yu-photo.jp/works",
            "yu_photo",
            "example.com:8080/x",
            "https:example.com",
        ] {
            assert_eq!(
                Link::parse(bad),
                Err(RegularError::LinkNotWebAddress),
                "{bad:?}"
            );
        }
        for bad in [
            "https://exa mple.com",
            "https://example.com/\u{0007}",
            "https://example.com/<script>",
            "https://example.com\\@evil.example",
        ] {
            assert_eq!(
                Link::parse(bad),
                Err(RegularError::LinkHasInvalidCharacters),
                "{bad:?}"
            );
        }
        assert_eq!(Link::parse("  "), Err(RegularError::LinkEmpty));
        assert!(Link::parse("java\tscript:alert(1)").is_err());
        let long = format!("https://example.com/{}", "a".repeat(1_981));
        assert_eq!(
            Link::parse(&long),
            Err(RegularError::LinkTooLong { max: 2_000 })
        );
        assert!(Link::parse(&long[..2_000]).is_ok());
    }

    #[test]
    fn a_link_may_have_a_label_before_its_address() {
        let link = Link::parse("  ポートフォリオ　https://yu-photo.jp/works ").unwrap();
        assert_eq!(link.label(), "ポートフォリオ");
        assert_eq!(link.given_label(), Some("ポートフォリオ"));
        assert_eq!(link.url(), "https://yu-photo.jp/works");
        assert_eq!(link.to_line(), "ポートフォリオ https://yu-photo.jp/works");
        assert_eq!(Link::parse(&link.to_line()).unwrap(), link);
        let spaced = Link::parse("My shop photos @yu_photo").unwrap();
        assert_eq!(spaced.label(), "My shop photos");
        assert_eq!(spaced.url(), "https://www.instagram.com/yu_photo/");
        // Without a label: "Instagram", or the host without www.
        assert_eq!(Link::parse("@yu_photo").unwrap().label(), "Instagram");
        assert_eq!(
            Link::parse("https://www.yu-photo.jp:8443/x?y#z")
                .unwrap()
                .label(),
            "yu-photo.jp:8443"
        );
        assert_eq!(
            Link::parse(&format!("{} https://yu-photo.jp", "長".repeat(41))),
            Err(RegularError::LinkLabelInvalid { max: 40 })
        );
        assert!(Link::parse(&format!("{} https://yu-photo.jp", "長".repeat(40))).is_ok());
        // A space inside an address is not a label.
        assert_eq!(
            Link::parse("https://yu-photo.jp/my works"),
            Err(RegularError::LinkHasInvalidCharacters)
        );
        assert_eq!(
            Link::parse("works javascript:alert(1)"),
            Err(RegularError::LinkSchemeNotAllowed {
                scheme: "javascript".to_owned()
            })
        );
    }

    #[cfg(feature = "server")]
    #[test]
    fn international_hosts_and_queries_keep_their_reading_and_get_an_ascii_href() {
        let link = Link::parse("https://例え.jp/パス?作品=1&lang=ja#上").unwrap();
        assert_eq!(link.url(), "https://例え.jp/パス?作品=1&lang=ja#上");
        assert_eq!(
            link.href(),
            "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?%E4%BD%9C%E5%93%81=1&lang=ja#%E4%B8%8A"
        );
        assert_eq!(link.label(), "例え.jp");
        let query = Link::parse("https://ren-photo.example/works?lang=ja&year=2026").unwrap();
        assert_eq!(
            query.href(),
            "https://ren-photo.example/works?lang=ja&year=2026"
        );
        // The WHATWG form ends a bare host with '/'.
        assert_eq!(
            Link::parse("https://yu-photo.jp").unwrap().href(),
            "https://yu-photo.jp/"
        );
        assert_eq!(
            Link::parse("https://xn--r8jz45g.jp/").unwrap().href(),
            "https://xn--r8jz45g.jp/"
        );
    }

    #[test]
    fn links_are_one_per_line_deduplicated_and_at_most_three() {
        let links =
            Links::parse("@yu_photo\n\n  https://yu-photo.jp \r\n@YU_PHOTO\nHTTPS://YU-PHOTO.JP")
                .unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(links.to_text(), "@yu_photo\nhttps://yu-photo.jp");
        let labelled = Links::parse("作品 https://yu-photo.jp\nInstagram @yu_photo").unwrap();
        assert_eq!(
            labelled.to_text(),
            "作品 https://yu-photo.jp\nInstagram @yu_photo"
        );
        assert_eq!(Links::parse(&links.to_text()).unwrap(), links);
        assert!(Links::parse("").unwrap().is_empty());
        assert_eq!(
            Links::parse("@a\n@b\n@c\n@d"),
            Err(RegularError::TooManyLinks { max: 3 })
        );
        assert_eq!(
            Links::parse("@a\njavascript:alert(1)"),
            Err(RegularError::LinkSchemeNotAllowed {
                scheme: "javascript".to_owned()
            })
        );
    }

    #[test]
    fn links_round_trip_through_json_and_are_checked_on_the_way_in() {
        let links = Links::parse("@yu_photo\n作品 https://yu-photo.jp/").unwrap();
        let json = serde_json::to_string(&links).unwrap();
        assert_eq!(json, r#"["@yu_photo","作品 https://yu-photo.jp/"]"#);
        assert_eq!(serde_json::from_str::<Links>(&json).unwrap(), links);
        assert!(serde_json::from_str::<Link>(r#""javascript:alert(1)""#).is_err());
    }
}
