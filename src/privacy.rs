//! The shop's privacy notice: what it keeps about its customers, why, and how they ask to
//! see, correct or erase it (docs/product.md, privacy rules; Japan's APPI asks a shop to make
//! these known).
//!
//! Until the owner writes their own, each language has a default text, written with the
//! shop's name. The owner's text is plain text, never markup: [`PrivacyNotice::blocks`]
//! reads it as paragraphs, headings (a line starting with ■) and lists (lines starting with
//! ・, • or "- "), which the page shows as text.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::shop::ShopName;

/// The two languages the notice is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeLanguage {
    Japanese,
    English,
}

impl NoticeLanguage {
    pub const ALL: [NoticeLanguage; 2] = [NoticeLanguage::Japanese, NoticeLanguage::English];

    /// The language's code, as pages and the audit log name it.
    pub fn code(self) -> &'static str {
        match self {
            NoticeLanguage::Japanese => "ja",
            NoticeLanguage::English => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// Why the owner's text was refused, in words they can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivacyError {
    #[error("the privacy notice is empty")]
    Empty,
    #[error("the privacy notice is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the privacy notice contains control characters other than line breaks and tabs")]
    ControlCharacters,
}

/// A privacy notice's text: NFC, trimmed, 1 to 10,000 characters, line breaks stored as LF,
/// and no control characters but line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PrivacyNotice(String);

impl PrivacyNotice {
    /// Room for a long notice (the default texts are about 1,200 and 2,500 characters).
    pub const MAX_CHARS: usize = 10_000;

    /// The owner's text as the form sent it. Browsers send a textarea's line breaks as
    /// CR LF; they are stored as LF.
    pub fn parse(input: &str) -> Result<Self, PrivacyError> {
        let unified = input.replace("\r\n", "\n").replace('\r', "\n");
        let normalized: String = unified.nfc().collect();
        let text = normalized.trim();
        if text.is_empty() {
            return Err(PrivacyError::Empty);
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(PrivacyError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(PrivacyError::ControlCharacters);
        }
        Ok(Self(text.to_owned()))
    }

    /// The default text in a language, written with the shop's name.
    pub fn default_for(language: NoticeLanguage, shop: &ShopName) -> Self {
        let template = match language {
            NoticeLanguage::Japanese => include_str!("privacy/notice.ja.txt"),
            NoticeLanguage::English => include_str!("privacy/notice.en.txt"),
        };
        // A shop's name is one line without control characters and at most 60 characters,
        // so the text stays within every rule (a test checks it).
        Self(template.replace("{shop}", shop.as_str()).trim().to_owned())
    }

    /// The owner's text when they wrote one, else the default.
    pub fn own_or_default(
        own: Option<PrivacyNotice>,
        language: NoticeLanguage,
        shop: &ShopName,
    ) -> Self {
        own.unwrap_or_else(|| Self::default_for(language, shop))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as the page shows it: paragraphs (separated by an empty line), headings
    /// (a line starting with ■) and lists (consecutive lines starting with ・, • or "- ").
    pub fn blocks(&self) -> Vec<NoticeBlock> {
        let mut blocks = Vec::new();
        let mut paragraph: Vec<&str> = Vec::new();
        let mut list: Vec<String> = Vec::new();
        let flush =
            |blocks: &mut Vec<NoticeBlock>, paragraph: &mut Vec<&str>, list: &mut Vec<String>| {
                if !paragraph.is_empty() {
                    blocks.push(NoticeBlock::Paragraph(paragraph.join("\n")));
                    paragraph.clear();
                }
                if !list.is_empty() {
                    blocks.push(NoticeBlock::List(std::mem::take(list)));
                }
            };
        for line in self.0.lines().map(str::trim) {
            if line.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list);
            } else if let Some(heading) = heading_text(line) {
                flush(&mut blocks, &mut paragraph, &mut list);
                blocks.push(NoticeBlock::Heading(heading.to_owned()));
            } else if let Some(item) = list_item(line) {
                if !paragraph.is_empty() {
                    flush(&mut blocks, &mut paragraph, &mut list);
                }
                list.push(item.to_owned());
            } else {
                if !list.is_empty() {
                    flush(&mut blocks, &mut paragraph, &mut list);
                }
                paragraph.push(line);
            }
        }
        flush(&mut blocks, &mut paragraph, &mut list);
        blocks
    }
}

impl TryFrom<String> for PrivacyNotice {
    type Error = PrivacyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PrivacyNotice> for String {
    fn from(value: PrivacyNotice) -> Self {
        value.0
    }
}

impl std::fmt::Display for PrivacyNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A piece of the notice as the page shows it: plain text only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeBlock {
    Heading(String),
    /// Lines kept as they were written.
    Paragraph(String),
    List(Vec<String>),
}

/// The heading in a line that starts with ■ (and has more than the mark).
fn heading_text(line: &str) -> Option<&str> {
    line.strip_prefix('■')
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// The item in a line that starts with a list mark (and has more than the mark).
fn list_item(line: &str) -> Option<&str> {
    ["・", "•", "- "]
        .into_iter()
        .find_map(|mark| line.strip_prefix(mark))
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ShopName {
        ShopName::parse("珈琲 ゆるり").unwrap()
    }

    #[test]
    fn a_notice_is_trimmed_and_its_line_breaks_are_kept_as_lf() {
        let notice =
            PrivacyNotice::parse("  \r\n当店について\r\n\r\n・スタンプ\rおわり \n").unwrap();
        assert_eq!(notice.as_str(), "当店について\n\n・スタンプ\nおわり");
    }

    #[test]
    fn an_empty_notice_is_refused() {
        assert_eq!(PrivacyNotice::parse(""), Err(PrivacyError::Empty));
        assert_eq!(
            PrivacyNotice::parse(" \n\t\r\n　"),
            Err(PrivacyError::Empty)
        );
    }

    #[test]
    fn a_notice_may_be_long_but_not_endless() {
        let longest = "あ".repeat(PrivacyNotice::MAX_CHARS);
        assert!(
            PrivacyNotice::parse(&longest).is_ok(),
            "characters, not bytes"
        );
        assert_eq!(
            PrivacyNotice::parse(&format!("{longest}い")),
            Err(PrivacyError::TooLong {
                max: PrivacyNotice::MAX_CHARS
            })
        );
    }

    #[test]
    fn control_characters_other_than_line_breaks_and_tabs_are_refused() {
        assert!(PrivacyNotice::parse("一行目\n\t二行目").is_ok());
        for bad in [
            "ベル\u{7}",
            "エスケープ\u{1b}[31m",
            "ヌル\u{0}",
            "改ページ\u{c}次",
        ] {
            assert_eq!(
                PrivacyNotice::parse(bad),
                Err(PrivacyError::ControlCharacters),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_notice_is_kept_in_nfc() {
        // が typed as か + the combining voiced mark, as a Mac may send it.
        let notice = PrivacyNotice::parse("か\u{3099}").unwrap();
        assert_eq!(notice.as_str(), "が");
    }

    #[test]
    fn markup_is_text_like_any_other() {
        let notice = PrivacyNotice::parse("<script>alert(1)</script>").unwrap();
        assert_eq!(
            notice.blocks(),
            [NoticeBlock::Paragraph("<script>alert(1)</script>".into())]
        );
    }

    #[test]
    fn the_default_texts_name_the_shop_and_pass_every_rule() {
        for language in NoticeLanguage::ALL {
            let notice = PrivacyNotice::default_for(language, &shop());
            assert!(notice.as_str().contains("珈琲 ゆるり"), "{language:?}");
            assert!(!notice.as_str().contains("{shop}"), "{language:?}");
            assert_eq!(
                PrivacyNotice::parse(notice.as_str()).as_ref(),
                Ok(&notice),
                "{language:?}"
            );
        }
        let longest_name = ShopName::parse(&"長".repeat(ShopName::MAX_CHARS)).unwrap();
        for language in NoticeLanguage::ALL {
            let notice = PrivacyNotice::default_for(language, &longest_name);
            assert!(PrivacyNotice::parse(notice.as_str()).is_ok());
        }
    }

    #[test]
    fn the_default_texts_say_what_is_kept_and_how_to_ask() {
        let ja = PrivacyNotice::default_for(NoticeLanguage::Japanese, &shop());
        for words in [
            "利用目的",
            "ニックネーム",
            "第三者",
            "開示",
            "訂正",
            "利用の停止",
            "消去",
            "店頭でスタッフ",
            "日時だけ",
        ] {
            assert!(ja.as_str().contains(words), "{words}");
        }
        let en = PrivacyNotice::default_for(NoticeLanguage::English, &shop());
        for words in [
            "nickname",
            "phone number",
            "anyone else",
            "corrected",
            "deleted",
            "at the counter",
            "only the time",
        ] {
            assert!(en.as_str().contains(words), "{words}");
        }
    }

    #[test]
    fn the_owners_text_wins_over_the_default() {
        let own = PrivacyNotice::parse("当店独自の文").unwrap();
        assert_eq!(
            PrivacyNotice::own_or_default(Some(own.clone()), NoticeLanguage::Japanese, &shop()),
            own
        );
        assert_eq!(
            PrivacyNotice::own_or_default(None, NoticeLanguage::English, &shop()),
            PrivacyNotice::default_for(NoticeLanguage::English, &shop())
        );
    }

    #[test]
    fn the_text_reads_as_paragraphs_headings_and_lists() {
        let notice = PrivacyNotice::parse(
            "はじめに。\n二行目です。\n\n■ 取得する情報\n・ニックネーム\n• 来店日時\n- stamps\nこれだけです。\n\n\n■\n-5度の日も営業",
        )
        .unwrap();
        assert_eq!(
            notice.blocks(),
            [
                NoticeBlock::Paragraph("はじめに。\n二行目です。".into()),
                NoticeBlock::Heading("取得する情報".into()),
                NoticeBlock::List(vec![
                    "ニックネーム".into(),
                    "来店日時".into(),
                    "stamps".into()
                ]),
                NoticeBlock::Paragraph("これだけです。".into()),
                // A mark alone, or a minus sign without a space, is text.
                NoticeBlock::Paragraph("■\n-5度の日も営業".into()),
            ]
        );
    }

    #[test]
    fn the_default_texts_have_headings_and_lists() {
        for language in NoticeLanguage::ALL {
            let blocks = PrivacyNotice::default_for(language, &shop()).blocks();
            let headings = blocks
                .iter()
                .filter(|block| matches!(block, NoticeBlock::Heading(_)))
                .count();
            assert_eq!(headings, 7, "{language:?}");
            assert!(matches!(blocks[0], NoticeBlock::Paragraph(_)));
            assert!(matches!(blocks[2], NoticeBlock::List(_)));
        }
    }

    #[test]
    fn languages_read_back_from_their_codes() {
        for language in NoticeLanguage::ALL {
            assert_eq!(NoticeLanguage::from_code(language.code()), Some(language));
        }
        assert_eq!(NoticeLanguage::from_code("fr"), None);
    }
}
