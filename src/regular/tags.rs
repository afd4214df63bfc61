//! Free tags: what a regular likes, offers and looks for.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{RegularError, clean};
use crate::reading;

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

string_newtype_conversions!(Tag => parse);

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) fn tag_texts(tags: &Tags) -> Vec<&str> {
        tags.iter().map(Tag::as_str).collect()
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
}
