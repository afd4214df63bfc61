//! How staff call a regular, and how the register finds them by kana and romaji.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::{RegularError, clean};

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

string_newtype_conversions!(Nickname => from_stored, Reading => parse);

#[cfg(test)]
mod tests {
    use super::*;

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
}
