//! How a person's name is said to them in Japanese.
//!
//! Japanese texts put さん after a name: 「ゆうさん、いらっしゃいませ」. Nicknames often carry
//! their own honorific already (「さくらちゃん」, 「田中さん」, 「山本先生」, "Yuki-san"), and a
//! second one reads as a mistake: 「さくらちゃんさん」. [`japanese`] adds さん only to a name
//! that has none. English texts use the name as it is.

use std::borrow::Cow;

/// Honorifics a name may already end with, in kana and kanji. The longer forms come first
/// only for readability: any of them at the end is enough.
const JAPANESE: &[&str] = &[
    "さん",
    "サン",
    "ちゃん",
    "チャン",
    "くん",
    "クン",
    "君",
    "さま",
    "様",
    "サマ",
    "先生",
    "せんせい",
    "センセイ",
    "氏",
    "殿",
    "たん",
    "先輩",
    "せんぱい",
    "師匠",
];

/// The same honorifics written in romaji after a Latin name: "Yuki-san", "Emma san".
const ROMAJI: &[&str] = &["san", "chan", "kun", "sama", "sensei", "senpai", "dono"];

/// `name` as it is said with respect in Japanese: with さん, unless it ends with an honorific
/// of its own.
///
/// ```
/// use joren::honorific::japanese;
/// assert_eq!(japanese("ゆう"), "ゆうさん");
/// assert_eq!(japanese("さくらちゃん"), "さくらちゃん");
/// assert_eq!(japanese("Emma B."), "Emma B.さん");
/// ```
pub fn japanese(name: &str) -> Cow<'_, str> {
    if name.is_empty() || has_honorific(name) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("{name}さん"))
    }
}

/// Whether `name` already ends with an honorific: 「…さん」, 「…先生」, "…-san", "… chan".
pub fn has_honorific(name: &str) -> bool {
    let name = name.trim_end();
    if JAPANESE
        .iter()
        .any(|honorific| name.ends_with(honorific) && name.len() > honorific.len())
    {
        return true;
    }
    // "Yuki-san", "Yuki san", "YUKI-SAN"; not "Susan" or "Chan" on its own.
    let lower = name.to_ascii_lowercase();
    ROMAJI.iter().any(|honorific| {
        lower
            .strip_suffix(honorific)
            .and_then(|rest| rest.strip_suffix(['-', ' ']))
            .is_some_and(|rest| !rest.trim_end().is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_name_gets_san() {
        assert_eq!(japanese("ゆう"), "ゆうさん");
        assert_eq!(japanese("翔太"), "翔太さん");
        assert_eq!(japanese("Emma B."), "Emma B.さん");
        assert_eq!(japanese("ゆー。"), "ゆー。さん");
    }

    #[test]
    fn a_name_with_its_own_honorific_is_left_as_it_is() {
        for name in [
            "翔太さん",
            "さくらちゃん",
            "けんくん",
            "ケン君",
            "田中様",
            "山本先生",
            "佐藤氏",
            "ミキサン",
            "Yuki-san",
            "Yuki san",
            "HANA-CHAN",
            "Tanaka-sensei",
        ] {
            assert_eq!(japanese(name), name, "{name}");
        }
    }

    #[test]
    fn a_name_that_only_looks_like_an_honorific_gets_san() {
        // The honorific alone is a name, and a Latin name may end with its letters.
        for (name, said) in [
            ("さん", "さんさん"),
            ("先生", "先生さん"),
            ("Susan", "Susanさん"),
            ("Chan", "Chanさん"),
            ("Nakamura", "Nakamuraさん"),
        ] {
            assert_eq!(japanese(name), said, "{name}");
        }
    }

    #[test]
    fn an_empty_name_stays_empty() {
        assert_eq!(japanese(""), "");
    }
}
