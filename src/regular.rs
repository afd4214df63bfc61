//! A regular: the person staff greet by name, with what the shop knows about them.
//!
//! Everything here is what the regular (or staff, with them) chose to tell: a nickname is
//! enough; a reading makes the nickname findable by kana and romaji; a tagline, interests,
//! what they offer and what they are looking for are the talking points of an introduction;
//! links are what a creator's QR code points to. There are deliberately no fields for phone,
//! e-mail or sensitive data (PRODUCT.md, privacy rules): interests are free tags.
//!
//! Forms send raw strings ([`RegularDraft`]); [`Profile::parse`] checks every field at once
//! so that the edit form can show all its problems together, next to the fields they concern.
//!
//! Free text is stored in NFC, so that a name typed on a Mac (often decomposed) and the same
//! name typed on a tablet are the same string, and limits count what people see as
//! characters (が is one, not two).

use crate::reading::{self, SearchKeys};
use crate::staff::StaffId;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

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

/// Why a field of a regular's profile was refused, in words staff can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegularError {
    #[error("the nickname is empty")]
    NicknameEmpty,
    #[error("the nickname is longer than {max} characters")]
    NicknameTooLong { max: usize },
    #[error("the nickname contains control characters")]
    NicknameHasControlCharacters,
    #[error(
        "the nickname contains invisible characters or marks that change the direction of \
         the text"
    )]
    NicknameHasInvisibleCharacters,

    #[error("the reading is empty")]
    ReadingEmpty,
    #[error("a reading is written in kana (hiragana or katakana), like ゆう or ユウ")]
    ReadingNotKana,
    #[error("the reading is longer than {max} characters")]
    ReadingTooLong { max: usize },

    #[error("the tagline is empty")]
    TaglineEmpty,
    #[error("the tagline is longer than {max} characters")]
    TaglineTooLong { max: usize },
    #[error("the tagline must be one line without control characters")]
    TaglineHasControlCharacters,

    #[error("the tag is empty")]
    TagEmpty,
    #[error("the tag '{tag}' is longer than {max} characters")]
    TagTooLong { tag: String, max: usize },
    #[error("a tag contains control characters")]
    TagHasControlCharacters,
    #[error("at most {max} tags, please")]
    TooManyTags { max: usize },

    #[error("the notes are empty")]
    NotesEmpty,
    #[error("the notes are longer than {max} characters")]
    NotesTooLong { max: usize },
    #[error("the notes contain control characters other than line breaks and tabs")]
    NotesHaveControlCharacters,

    #[error("the link is empty")]
    LinkEmpty,
    #[error("a link is longer than {max} characters")]
    LinkTooLong { max: usize },
    #[error("a link may not contain spaces, control characters or any of \" < > \\ ^ ` {{ | }}")]
    LinkHasInvalidCharacters,
    #[error("only http:// and https:// links are allowed, not {scheme}:")]
    LinkSchemeNotAllowed { scheme: String },
    #[error(
        "a link is a web address starting with https:// or http://, \
         or an Instagram handle like @name"
    )]
    LinkNotWebAddress,
    #[error("a link needs a host name like example.com (or localhost), without a user name")]
    LinkInvalidHost,
    #[error(
        "an Instagram handle is 1 to {max} letters, digits, '.' or '_', \
         not starting or ending with '.' and without '..'"
    )]
    InstagramHandleInvalid { max: usize },
    #[error("at most {max} links, please")]
    TooManyLinks { max: usize },
    #[error(
        "a link's label (before the address, on the same line) is 1 to {max} characters \
         on one line"
    )]
    LinkLabelInvalid { max: usize },
}

/// NFC, then trimmed: what every free-text field stores.
fn clean(input: &str) -> String {
    let normalized: String = input.nfc().collect();
    normalized.trim().to_owned()
}

/// The name staff know a regular by: trimmed, 1 to 40 characters, one line, nothing
/// invisible (no zero-width spaces or bidi overrides, which make look-alike names; emoji such
/// as 👩‍💻 are welcome).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nickname(String);

impl Nickname {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(input: &str) -> Result<Self, RegularError> {
        let name = Self::from_stored(input)?;
        if crate::invisible::has_invisible_characters(name.as_str()) {
            return Err(RegularError::NicknameHasInvisibleCharacters);
        }
        Ok(name)
    }

    /// A nickname as stored: the rules of [`Nickname::parse`] but for invisible characters,
    /// which earlier versions accepted. A regular saved then still loads, the browser still
    /// reads them, and the next edit of the regular asks for the name without them.
    pub fn from_stored(input: &str) -> Result<Self, RegularError> {
        let name = clean(input);
        if name.is_empty() {
            return Err(RegularError::NicknameEmpty);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(RegularError::NicknameTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if name.chars().any(char::is_control) {
            return Err(RegularError::NicknameHasControlCharacters);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a nickname is read, in kana: 「ゆー。」 is read ゆう, 山田 やまだ. It is what makes a
/// nickname in kanji or with decorations findable by kana and romaji at the register.
///
/// Stored NFKC-normalized (half-width ﾕｳ becomes ユウ), with runs of spaces collapsed to one.
/// Only kana, the long mark ー, the middle dot ・ and spaces are allowed: a reading in Latin
/// letters or kanji would defeat its purpose, and the nickname already covers those.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reading(String);

impl Reading {
    pub const MAX_CHARS: usize = 40;

    /// A reading that must be there; see [`Reading::parse_optional`] for the form's field.
    pub fn parse(input: &str) -> Result<Self, RegularError> {
        Self::parse_optional(input)?.ok_or(RegularError::ReadingEmpty)
    }

    /// The form's reading field: empty (or only spaces) means the regular has no reading.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, RegularError> {
        let normalized: String = input.nfkc().collect();
        let reading = normalized.split_whitespace().collect::<Vec<_>>().join(" ");
        if reading.is_empty() {
            return Ok(None);
        }
        if !reading.chars().all(is_reading_char) {
            return Err(RegularError::ReadingNotKana);
        }
        if reading.chars().count() > Self::MAX_CHARS {
            return Err(RegularError::ReadingTooLong {
                max: Self::MAX_CHARS,
            });
        }
        Ok(Some(Self(reading)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hiragana, katakana (with ヴ, small kana and the iteration marks), ー, ・ and the space.
fn is_reading_char(c: char) -> bool {
    matches!(
        c,
        '\u{3041}'..='\u{3096}'     // ぁ … ゖ, including ゔ and the small ゕ ゖ
            | '\u{309D}'..='\u{309E}' // ゝ ゞ
            | '\u{30A1}'..='\u{30FA}' // ァ … ヺ, including ヴ and the small ヵ ヶ
            | '\u{30FB}'              // ・
            | '\u{30FC}'              // ー
            | '\u{30FD}'..='\u{30FE}' // ヽ ヾ
            | '\u{31F0}'..='\u{31FF}' // small katakana extensions (ㇰ … ㇿ)
            | ' '
    )
}

/// One line that introduces a regular, such as "walked across Japan, now a photographer":
/// the first talking point staff see when introducing two people.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tagline(String);

impl Tagline {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(input: &str) -> Result<Self, RegularError> {
        Self::parse_optional(input)?.ok_or(RegularError::TaglineEmpty)
    }

    /// The form's tagline field: empty means no tagline.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, RegularError> {
        let tagline = clean(input);
        if tagline.is_empty() {
            return Ok(None);
        }
        if tagline.chars().count() > Self::MAX_CHARS {
            return Err(RegularError::TaglineTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if tagline.chars().any(char::is_control) {
            return Err(RegularError::TaglineHasControlCharacters);
        }
        Ok(Some(Self(tagline)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A free tag such as "photo" or "sourdough": interests, offers and wishes are tags rather
/// than fixed categories, so the shop never keeps a list that could hold sensitive data.
///
/// A leading '#' (or full-width '＃') is dropped: people type hashtags out of habit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

impl Tag {
    pub const MAX_CHARS: usize = 30;

    pub fn parse(input: &str) -> Result<Self, RegularError> {
        let tag = strip_hashes(&clean(input));
        if tag.is_empty() {
            return Err(RegularError::TagEmpty);
        }
        if tag.chars().count() > Self::MAX_CHARS {
            return Err(RegularError::TagTooLong {
                tag: tag.chars().take(Self::MAX_CHARS).chain(['…']).collect(),
                max: Self::MAX_CHARS,
            });
        }
        if tag.chars().any(char::is_control) {
            return Err(RegularError::TagHasControlCharacters);
        }
        Ok(Self(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What two tags that mean the same share: "Photo" and "ｐｈｏｔｏ" are one tag. A tag
    /// of only symbols or emoji folds to nothing, so it is compared as written.
    fn key(&self) -> String {
        let folded = reading::fold(&self.0);
        if folded.is_empty() {
            self.0.clone()
        } else {
            folded
        }
    }
}

fn strip_hashes(text: &str) -> String {
    text.trim_start_matches(['#', '＃']).trim().to_owned()
}

/// A list of tags as one form field shows it: "photo, coffee、hiking".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<Tag>", into = "Vec<Tag>")]
pub struct Tags(Vec<Tag>);

impl Tags {
    pub const MAX_TAGS: usize = 12;
    /// What splits a field's text into tags: commas and semicolons in ASCII, full and half
    /// width, the Japanese comma, and line breaks.
    pub const SEPARATORS: [char; 8] = [',', '、', '，', '､', ';', '；', '\n', '\r'];

    /// Splits free text into tags, drops empty pieces and repeats (the first spelling stays).
    pub fn parse(text: &str) -> Result<Self, RegularError> {
        let mut tags = Vec::new();
        for piece in text.split(Self::SEPARATORS) {
            if strip_hashes(&clean(piece)).is_empty() {
                continue;
            }
            tags.push(Tag::parse(piece)?);
        }
        Self::from_tags(tags)
    }

    /// Keeps the first of tags that fold alike, and refuses more than [`Tags::MAX_TAGS`].
    pub fn from_tags(tags: Vec<Tag>) -> Result<Self, RegularError> {
        let mut seen = HashSet::new();
        let tags: Vec<Tag> = tags
            .into_iter()
            .filter(|tag| seen.insert(tag.key()))
            .collect();
        if tags.len() > Self::MAX_TAGS {
            return Err(RegularError::TooManyTags {
                max: Self::MAX_TAGS,
            });
        }
        Ok(Self(tags))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Tag> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[Tag] {
        &self.0
    }

    /// The tags as the edit form shows them again; parsing this gives the same tags.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(Tag::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<'a> IntoIterator for &'a Tags {
    type Item = &'a Tag;
    type IntoIter = std::slice::Iter<'a, Tag>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl TryFrom<Vec<Tag>> for Tags {
    type Error = RegularError;
    fn try_from(value: Vec<Tag>) -> Result<Self, Self::Error> {
        Self::from_tags(value)
    }
}

impl From<Tags> for Vec<Tag> {
    fn from(value: Tags) -> Self {
        value.0
    }
}

/// Staff notes about a regular, for staff eyes only ("likes oat milk"). Several lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Notes(String);

impl Notes {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(input: &str) -> Result<Self, RegularError> {
        Self::parse_optional(input)?.ok_or(RegularError::NotesEmpty)
    }

    /// The form's notes field: empty means no notes. Browsers send a textarea's line breaks
    /// as CR LF; they are stored as LF.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, RegularError> {
        let notes = clean(&input.replace("\r\n", "\n").replace('\r', "\n"));
        if notes.is_empty() {
            return Ok(None);
        }
        if notes.chars().count() > Self::MAX_CHARS {
            return Err(RegularError::NotesTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if notes
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(RegularError::NotesHaveControlCharacters);
        }
        Ok(Some(Self(notes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

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

/// Serde reads each type back with `$read`: `parse`, or `from_stored` where the rules for
/// what people type grew stricter than what is already stored.
macro_rules! string_newtype_conversions {
    ($($ty:ty => $read:ident),*) => {$(
        impl TryFrom<String> for $ty {
            type Error = RegularError;
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
    Nickname => from_stored,
    Reading => parse,
    Tagline => parse,
    Tag => parse,
    Notes => parse
);

/// A consent as recorded: when it was given (Unix milliseconds) and which member of staff
/// recorded it. Both are what the shop shows when a regular asks what they agreed to, when,
/// and to whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Consent {
    pub given_at: i64,
    /// `None` only for consents recorded before Joren kept who recorded them.
    #[serde(default)]
    pub given_by: Option<StaffId>,
}

impl Consent {
    /// The consent after a form's checkbox: kept as it was (with its original time and
    /// recorder) while still given, given `now` by `by` when newly ticked, gone when withdrawn.
    pub fn after(previous: Option<Consent>, given: bool, now: i64, by: StaffId) -> Option<Consent> {
        match (given, previous) {
            (false, _) => None,
            (true, Some(kept)) => Some(kept),
            (true, None) => Some(Consent {
                given_at: now,
                given_by: Some(by),
            }),
        }
    }
}

/// A regular's two separate consents (PRODUCT.md, privacy rules). Without
/// `may_be_introduced` the regular is never suggested for an introduction; without
/// `may_show_links` no QR code or link of theirs is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Consents {
    pub may_be_introduced: Option<Consent>,
    pub may_show_links: Option<Consent>,
}

impl Consents {
    /// The consents after the form's two checkboxes, each by [`Consent::after`].
    pub fn after(
        self,
        may_be_introduced: bool,
        may_show_links: bool,
        now: i64,
        by: StaffId,
    ) -> Consents {
        Consents {
            may_be_introduced: Consent::after(self.may_be_introduced, may_be_introduced, now, by),
            may_show_links: Consent::after(self.may_show_links, may_show_links, now, by),
        }
    }

    /// The consents after a form submitted by `by`.
    pub fn after_draft(self, draft: &RegularDraft, now: i64, by: StaffId) -> Consents {
        self.after(draft.may_be_introduced, draft.may_show_links, now, by)
    }

    pub fn may_be_introduced(&self) -> bool {
        self.may_be_introduced.is_some()
    }

    pub fn may_show_links(&self) -> bool {
        self.may_show_links.is_some()
    }
}

/// A regular's form as sent: every field a raw string, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegularDraft {
    pub nickname: String,
    pub reading: String,
    pub tagline: String,
    /// Tags separated by commas (any width), 、, semicolons or line breaks.
    pub interests: String,
    pub offers: String,
    pub looking_for: String,
    /// One link per line.
    pub links: String,
    pub notes: String,
    pub may_be_introduced: bool,
    pub may_show_links: bool,
}

/// A regular's profile, checked. The consents live beside it ([`Consents`]), since they carry
/// their own times and change by their own rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub nickname: Nickname,
    pub reading: Option<Reading>,
    pub tagline: Option<Tagline>,
    /// What they like: shared interests are a reason to introduce two people.
    pub interests: Tags,
    /// What they can do for others ("photography", "bread").
    pub offers: Tags,
    /// What they are looking for: matched against what others offer.
    pub looking_for: Tags,
    pub links: Links,
    pub notes: Option<Notes>,
}

impl Profile {
    /// Checks every field of the form and reports every problem, each with its field, so the
    /// form shows them all at once rather than one per submission.
    pub fn parse(draft: &RegularDraft) -> Result<Profile, Vec<(RegularField, RegularError)>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let nickname = check(p, RegularField::Nickname, Nickname::parse(&draft.nickname));
        let reading = check(
            p,
            RegularField::Reading,
            Reading::parse_optional(&draft.reading),
        );
        let tagline = check(
            p,
            RegularField::Tagline,
            Tagline::parse_optional(&draft.tagline),
        );
        let interests = check(p, RegularField::Interests, Tags::parse(&draft.interests));
        let offers = check(p, RegularField::Offers, Tags::parse(&draft.offers));
        let looking_for = check(p, RegularField::LookingFor, Tags::parse(&draft.looking_for));
        let links = check(p, RegularField::Links, Links::parse(&draft.links));
        let notes = check(p, RegularField::Notes, Notes::parse_optional(&draft.notes));
        match (
            nickname,
            reading,
            tagline,
            interests,
            offers,
            looking_for,
            links,
            notes,
        ) {
            (
                Some(nickname),
                Some(reading),
                Some(tagline),
                Some(interests),
                Some(offers),
                Some(looking_for),
                Some(links),
                Some(notes),
            ) => Ok(Profile {
                nickname,
                reading,
                tagline,
                interests,
                offers,
                looking_for,
                links,
                notes,
            }),
            _ => Err(problems),
        }
    }

    /// The edit form filled with this profile and the regular's consents; parsing it again
    /// gives the same profile.
    pub fn to_draft(&self, consents: &Consents) -> RegularDraft {
        RegularDraft {
            nickname: self.nickname.as_str().to_owned(),
            reading: self
                .reading
                .as_ref()
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            tagline: self
                .tagline
                .as_ref()
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
            interests: self.interests.to_text(),
            offers: self.offers.to_text(),
            looking_for: self.looking_for.to_text(),
            links: self.links.to_text(),
            notes: self
                .notes
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
            may_be_introduced: consents.may_be_introduced(),
            may_show_links: consents.may_show_links(),
        }
    }

    /// The register's search keys for this regular, computed when the profile is saved.
    pub fn search_keys(&self) -> SearchKeys {
        SearchKeys::of(
            self.nickname.as_str(),
            self.reading.as_ref().map(Reading::as_str),
        )
    }
}

/// One field's result, its problem (if any) noted with the field it belongs to.
fn check<T>(
    problems: &mut Vec<(RegularField, RegularError)>,
    field: RegularField,
    result: Result<T, RegularError>,
) -> Option<T> {
    result.map_err(|error| problems.push((field, error))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_texts(tags: &Tags) -> Vec<&str> {
        tags.iter().map(Tag::as_str).collect()
    }

    #[test]
    fn nickname_is_trimmed_and_bounded() {
        assert_eq!(Nickname::parse("  ゆー。 ").unwrap().as_str(), "ゆー。");
        assert!(Nickname::parse(&"あ".repeat(40)).is_ok());
        assert_eq!(
            Nickname::parse(&"あ".repeat(41)),
            Err(RegularError::NicknameTooLong { max: 40 })
        );
        assert_eq!(
            Nickname::parse(&"a".repeat(200)),
            Err(RegularError::NicknameTooLong { max: 40 })
        );
        for blank in ["", "   ", "　", "\n\t"] {
            assert_eq!(
                Nickname::parse(blank),
                Err(RegularError::NicknameEmpty),
                "{blank:?}"
            );
        }
    }

    #[test]
    fn nickname_refuses_control_characters() {
        for bad in ["Yu\u{0007}", "Yu\nko", "a\u{0}b", "a\tb", "a\u{7f}b"] {
            assert_eq!(
                Nickname::parse(bad),
                Err(RegularError::NicknameHasControlCharacters),
                "{bad:?}"
            );
        }
        // A line break around the name is only trimmed.
        assert_eq!(Nickname::parse("Yu\n").unwrap().as_str(), "Yu");
    }

    #[test]
    fn nickname_refuses_bidi_controls_and_zero_width_characters() {
        for bad in [
            "\u{202E}ゆう", // right-to-left override
            "ゆう\u{2067}", // right-to-left isolate
            "Yu\u{200F}",   // right-to-left mark
            "ゆ\u{200B}う", // zero-width space
            "ゆ\u{200C}う", // zero-width non-joiner
            "\u{FEFF}ゆう", // byte order mark
            "ゆ\u{2060}う", // word joiner
            "ゆ\u{200D}う", // a joiner between letters
            "\u{3164}",     // Hangul filler: a name that shows nothing
        ] {
            assert_eq!(
                Nickname::parse(bad),
                Err(RegularError::NicknameHasInvisibleCharacters),
                "{bad:?}"
            );
        }
        for emoji in [
            "ゆう👩\u{200D}💻",
            "👨\u{200D}👩\u{200D}👧",
            "Yu ❤\u{FE0F}",
            "葛\u{E0100}城",
        ] {
            assert_eq!(Nickname::parse(emoji).unwrap().as_str(), emoji);
        }
    }

    #[test]
    fn a_nickname_stored_before_invisible_characters_were_refused_still_loads() {
        let stored = "ゆ\u{200B}う";
        assert_eq!(Nickname::from_stored(stored).unwrap().as_str(), stored);
        let read: Nickname = serde_json::from_str("\"ゆ\\u200bう\"").unwrap();
        assert_eq!(read.as_str(), stored);
        assert_eq!(
            Nickname::from_stored("a\u{7}"),
            Err(RegularError::NicknameHasControlCharacters)
        );
    }

    #[test]
    fn nickname_is_nfc_and_counts_what_people_see() {
        let decomposed = "か\u{3099}".repeat(40); // が as か + combining voiced mark
        let nickname = Nickname::parse(&decomposed).unwrap();
        assert_eq!(nickname.as_str(), "が".repeat(40));
        assert_eq!(
            Nickname::parse("Zoe\u{0308}").unwrap(),
            Nickname::parse("Zoë").unwrap()
        );
    }

    #[test]
    fn reading_accepts_kana_and_normalizes_width_and_spaces() {
        assert_eq!(Reading::parse("ゆう").unwrap().as_str(), "ゆう");
        assert_eq!(Reading::parse("ユウ").unwrap().as_str(), "ユウ");
        assert_eq!(Reading::parse("ﾕｳ").unwrap().as_str(), "ユウ");
        assert_eq!(Reading::parse("ｶﾞｯｺｳ").unwrap().as_str(), "ガッコウ");
        assert_eq!(Reading::parse("ゆう こ").unwrap().as_str(), "ゆう こ");
        assert_eq!(
            Reading::parse(" ゆう　 \t こ ").unwrap().as_str(),
            "ゆう こ"
        );
        for kana in [
            "ヴァイオレット",
            "ゆー",
            "メアリー・ジェーン",
            "ぁぃぅ",
            "ヵヶ",
            "ㇰㇱ",
        ] {
            assert!(Reading::parse(kana).is_ok(), "{kana}");
        }
    }

    #[test]
    fn reading_refuses_anything_but_kana() {
        for bad in [
            "yu",
            "優",
            "ゆう1",
            "ゆう!",
            "ゆう。",
            "ゆう\u{0007}",
            "ＹＵ",
            "😀",
        ] {
            assert_eq!(
                Reading::parse(bad),
                Err(RegularError::ReadingNotKana),
                "{bad:?}"
            );
        }
        assert!(
            RegularError::ReadingNotKana
                .to_string()
                .contains("written in kana")
        );
    }

    #[test]
    fn reading_is_optional_and_bounded() {
        assert_eq!(Reading::parse_optional(""), Ok(None));
        assert_eq!(Reading::parse_optional("  　 "), Ok(None));
        assert_eq!(Reading::parse(""), Err(RegularError::ReadingEmpty));
        assert!(Reading::parse(&"あ".repeat(40)).is_ok());
        assert_eq!(
            Reading::parse(&"あ".repeat(41)),
            Err(RegularError::ReadingTooLong { max: 40 })
        );
        // Half-width kana count after normalization: ｶﾞ is one ガ.
        assert!(Reading::parse(&"ｶﾞ".repeat(40)).is_ok());
    }

    #[test]
    fn tagline_is_one_bounded_line() {
        let tagline = Tagline::parse(" walked across Japan, now a photographer ").unwrap();
        assert_eq!(tagline.as_str(), "walked across Japan, now a photographer");
        assert_eq!(Tagline::parse_optional("  "), Ok(None));
        assert_eq!(Tagline::parse(""), Err(RegularError::TaglineEmpty));
        assert!(Tagline::parse(&"a".repeat(80)).is_ok());
        assert_eq!(
            Tagline::parse(&"a".repeat(81)),
            Err(RegularError::TaglineTooLong { max: 80 })
        );
        assert_eq!(
            Tagline::parse("two\nlines"),
            Err(RegularError::TaglineHasControlCharacters)
        );
    }

    #[test]
    fn a_tag_loses_its_hash_and_is_bounded() {
        assert_eq!(Tag::parse(" #photo ").unwrap().as_str(), "photo");
        assert_eq!(Tag::parse("＃写真").unwrap().as_str(), "写真");
        assert_eq!(Tag::parse("# coffee").unwrap().as_str(), "coffee");
        assert_eq!(Tag::parse("#"), Err(RegularError::TagEmpty));
        assert!(Tag::parse(&"a".repeat(30)).is_ok());
        let error = Tag::parse(&"a".repeat(31)).unwrap_err();
        assert!(matches!(error, RegularError::TagTooLong { max: 30, .. }));
        assert!(error.to_string().contains("30 characters"));
        assert_eq!(
            Tag::parse("a\tb"),
            Err(RegularError::TagHasControlCharacters)
        );
    }

    #[test]
    fn tags_split_on_every_separator() {
        let tags =
            Tags::parse("photo,coffee、hiking，bread;jazz；books\nfilm\r\nsake､tea").unwrap();
        assert_eq!(
            tag_texts(&tags),
            [
                "photo", "coffee", "hiking", "bread", "jazz", "books", "film", "sake", "tea"
            ]
        );
        assert_eq!(tags.len(), 9);
        assert!(!tags.is_empty());
    }

    #[test]
    fn tags_drop_empty_pieces() {
        let tags = Tags::parse(" , photo,, 、 # ,\n\n coffee ,").unwrap();
        assert_eq!(tag_texts(&tags), ["photo", "coffee"]);
        let none = Tags::parse("  ").unwrap();
        assert!(none.is_empty());
        assert_eq!(none.to_text(), "");
    }

    #[test]
    fn tags_are_deduplicated_across_width_and_case_keeping_the_first_spelling() {
        let tags = Tags::parse("Photo, ｐｈｏｔｏ, PHOTO, #photo, コーヒー, こーひー").unwrap();
        assert_eq!(tag_texts(&tags), ["Photo", "コーヒー"]);
        // Tags of symbols only fold to nothing and are compared as written.
        let emoji = Tags::parse("☕, 🍰, ☕").unwrap();
        assert_eq!(tag_texts(&emoji), ["☕", "🍰"]);
    }

    #[test]
    fn at_most_twelve_tags() {
        let twelve: Vec<String> = (1..=12).map(|n| format!("tag{n}")).collect();
        assert_eq!(Tags::parse(&twelve.join(",")).unwrap().len(), 12);
        let thirteen: Vec<String> = (1..=13).map(|n| format!("tag{n}")).collect();
        let error = Tags::parse(&thirteen.join(",")).unwrap_err();
        assert_eq!(error, RegularError::TooManyTags { max: 12 });
        assert!(error.to_string().contains("12"));
        // Repeats do not count towards the limit.
        let mut repeated = twelve.clone();
        repeated.push("TAG1".to_owned());
        assert_eq!(Tags::parse(&repeated.join(",")).unwrap().len(), 12);
    }

    #[test]
    fn tags_round_trip_through_text_and_json() {
        let tags = Tags::parse("photo、 coffee;#hiking").unwrap();
        assert_eq!(tags.to_text(), "photo, coffee, hiking");
        assert_eq!(Tags::parse(&tags.to_text()).unwrap(), tags);
        let json = serde_json::to_string(&tags).unwrap();
        assert_eq!(json, r#"["photo","coffee","hiking"]"#);
        assert_eq!(serde_json::from_str::<Tags>(&json).unwrap(), tags);
        assert!(serde_json::from_str::<Tags>(r#"["ok",""]"#).is_err());
        let too_many = serde_json::to_string(&(0..13).map(|n| n.to_string()).collect::<Vec<_>>());
        assert!(serde_json::from_str::<Tags>(&too_many.unwrap()).is_err());
    }

    #[test]
    fn notes_keep_lines_and_tabs_but_no_other_controls() {
        let notes = Notes::parse("  likes oat milk\r\n\tno sugar  ").unwrap();
        assert_eq!(notes.as_str(), "likes oat milk\n\tno sugar");
        assert_eq!(Notes::parse_optional("\n \n"), Ok(None));
        assert_eq!(Notes::parse(""), Err(RegularError::NotesEmpty));
        assert!(Notes::parse(&"a".repeat(500)).is_ok());
        assert_eq!(
            Notes::parse(&"a".repeat(501)),
            Err(RegularError::NotesTooLong { max: 500 })
        );
        assert_eq!(
            Notes::parse("bell\u{0007}"),
            Err(RegularError::NotesHaveControlCharacters)
        );
    }

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

    const YUKI: StaffId = StaffId(7);
    const MIDORI: StaffId = StaffId(1);

    fn given(at: i64, by: StaffId) -> Option<Consent> {
        Some(Consent {
            given_at: at,
            given_by: Some(by),
        })
    }

    #[test]
    fn a_consent_keeps_its_time_and_recorder_is_given_now_or_is_withdrawn() {
        let earlier = given(1_000, MIDORI);
        assert_eq!(Consent::after(earlier, true, 5_000, YUKI), earlier);
        assert_eq!(Consent::after(None, true, 5_000, YUKI), given(5_000, YUKI));
        assert_eq!(Consent::after(earlier, false, 5_000, YUKI), None);
        assert_eq!(Consent::after(None, false, 5_000, YUKI), None);
    }

    #[test]
    fn a_consent_recorded_before_recorders_were_kept_reads_without_one() {
        let old: Consent = serde_json::from_str(r#"{"given_at":1000}"#).unwrap();
        assert_eq!(
            old,
            Consent {
                given_at: 1_000,
                given_by: None
            }
        );
    }

    #[test]
    fn the_two_consents_change_separately() {
        let before = Consents {
            may_be_introduced: given(1_000, MIDORI),
            may_show_links: None,
        };
        let after = before.after(true, true, 9_000, YUKI);
        assert_eq!(after.may_be_introduced, given(1_000, MIDORI));
        assert_eq!(after.may_show_links, given(9_000, YUKI));
        let withdrawn = after.after(false, true, 12_000, MIDORI);
        assert_eq!(withdrawn.may_be_introduced, None);
        assert_eq!(withdrawn.may_show_links, given(9_000, YUKI));
        assert!(!withdrawn.may_be_introduced());
        assert!(withdrawn.may_show_links());
        // Given again after a withdrawal: a new consent, with a new time and recorder.
        let again = withdrawn.after(true, true, 20_000, MIDORI);
        assert_eq!(again.may_be_introduced, given(20_000, MIDORI));
        let draft = RegularDraft {
            may_be_introduced: false,
            may_show_links: false,
            ..RegularDraft::default()
        };
        assert_eq!(again.after_draft(&draft, 30_000, YUKI), Consents::default());
    }

    fn full_draft() -> RegularDraft {
        RegularDraft {
            nickname: " 「ゆー。」 ".to_owned(),
            reading: "ﾕｳ".to_owned(),
            tagline: "walked across Japan, now a photographer".to_owned(),
            interests: "photo、coffee".to_owned(),
            offers: "#portraits".to_owned(),
            looking_for: "a bakery to shoot, 展示スペース".to_owned(),
            links: "@yu_photo\nhttps://yu-photo.jp".to_owned(),
            notes: "likes oat milk".to_owned(),
            may_be_introduced: true,
            may_show_links: false,
        }
    }

    #[test]
    fn a_full_profile_parses_and_fills_its_form_again() {
        let profile = Profile::parse(&full_draft()).unwrap();
        assert_eq!(profile.nickname.as_str(), "「ゆー。」");
        assert_eq!(profile.reading.as_ref().unwrap().as_str(), "ユウ");
        assert_eq!(tag_texts(&profile.offers), ["portraits"]);
        assert_eq!(profile.links.len(), 2);
        let consents = Consents::default().after_draft(&full_draft(), 1_000, MIDORI);
        let draft = profile.to_draft(&consents);
        assert_eq!(draft.nickname, "「ゆー。」");
        assert_eq!(draft.reading, "ユウ");
        assert_eq!(draft.interests, "photo, coffee");
        assert_eq!(draft.links, "@yu_photo\nhttps://yu-photo.jp");
        assert!(draft.may_be_introduced);
        assert!(!draft.may_show_links);
        assert_eq!(Profile::parse(&draft).unwrap(), profile);
        let json = serde_json::to_string(&profile).unwrap();
        assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), profile);
    }

    #[test]
    fn a_nickname_alone_is_enough() {
        let draft = RegularDraft {
            nickname: "Ken".to_owned(),
            ..RegularDraft::default()
        };
        let profile = Profile::parse(&draft).unwrap();
        assert_eq!(profile.reading, None);
        assert_eq!(profile.tagline, None);
        assert!(profile.interests.is_empty());
        assert!(profile.links.is_empty());
        assert_eq!(profile.notes, None);
        let back = profile.to_draft(&Consents::default());
        assert_eq!(back, draft);
    }

    #[test]
    fn profile_reports_every_problem_at_once() {
        let draft = RegularDraft {
            nickname: "   ".to_owned(),
            reading: "yu".to_owned(),
            tagline: "a".repeat(81),
            interests: "photo".to_owned(),
            offers: (1..=13)
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(","),
            looking_for: "ok".to_owned(),
            links: "javascript:alert(1)".to_owned(),
            notes: "bell\u{0007}".to_owned(),
            ..RegularDraft::default()
        };
        let problems = Profile::parse(&draft).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (RegularField::Nickname, RegularError::NicknameEmpty),
                (RegularField::Reading, RegularError::ReadingNotKana),
                (
                    RegularField::Tagline,
                    RegularError::TaglineTooLong { max: 80 }
                ),
                (RegularField::Offers, RegularError::TooManyTags { max: 12 }),
                (
                    RegularField::Links,
                    RegularError::LinkSchemeNotAllowed {
                        scheme: "javascript".to_owned()
                    }
                ),
                (
                    RegularField::Notes,
                    RegularError::NotesHaveControlCharacters
                ),
            ]
        );
    }

    #[test]
    fn search_keys_find_the_nickname_by_its_reading() {
        let profile = Profile::parse(&full_draft()).unwrap();
        let keys = profile.search_keys();
        assert_eq!(keys, SearchKeys::of("「ゆー。」", Some("ユウ")));
        for query in ["ゆう", "ユウ", "yu", "ﾕｳ"] {
            let query = reading::Query::parse(query).unwrap();
            assert!(query.matches(&keys).is_some());
        }
    }

    #[test]
    fn fields_have_stable_names() {
        assert_eq!(RegularField::LookingFor.as_str(), "looking_for");
        assert_eq!(
            serde_json::to_string(&RegularField::LookingFor).unwrap(),
            r#""looking_for""#
        );
    }
}
