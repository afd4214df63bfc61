//! The free text of a regular's card: the tagline and staff's notes.

use serde::{Deserialize, Serialize};

use super::{RegularError, clean};

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

string_newtype_conversions!(Tagline => parse, Notes => parse);

#[cfg(test)]
mod tests {
    use super::*;

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
}
