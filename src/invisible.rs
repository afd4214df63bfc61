//! Characters that show nothing, or change the direction of the text, and have no place in a
//! name.
//!
//! A zero-width space makes "ゆう" and "ゆ\u{200B}う" two names that look alike, and a
//! right-to-left override (U+202E) shows a name backwards, together with whatever the page
//! shows after it on the same line. Names refuse them ([`has_invisible_characters`]). What
//! people do need in a name stays allowed:
//!
//! - the zero-width joiner (U+200D) between two emoji, as in 👩‍💻 or 👨‍👩‍👧, where it joins
//!   them into one picture: where Unicode's grapheme rule GB11 keeps it inside one emoji (a
//!   skin tone or U+FE0F may come between the first emoji and the joiner);
//! - a variation selector right after a character it varies: U+FE0E or U+FE0F after an emoji
//!   or a keycap's digit (❤️, 1️⃣); an ideographic variation selector after a kanji (葛 and
//!   U+E0100, the form of 葛 a family register may use); a Mongolian free variation selector
//!   after a Mongolian letter;
//! - the tag characters of a subdivision flag, such as Scotland's: 🏴, then "gbsct" in tag
//!   characters, then the cancel tag.
//!
//! Refused everywhere else: Unicode's default-ignorable code points, the characters a
//! renderer draws as nothing (zero-width space and non-joiner, word joiner, byte order mark,
//! the bidi marks, embeddings, overrides and isolates, soft hyphen, the Hangul fillers, the
//! Mongolian vowel separator, invisible operators, tag characters, and the code points kept
//! for more of them), and the interlinear annotation characters U+FFF9–U+FFFB, which can hide
//! text as an annotation. Visible spaces, such as U+3000 between family and given name, stay.
//!
//! The tables are written out here rather than taken from a crate: the core is compiled to
//! wasm for the browser too, and these take about 1.3 KB. unicode-properties knows the Emoji
//! property but not Extended_Pictographic (Emoji counts the digits too, so "1", a joiner and
//! "2" would pass); unicode-segmentation has it but does not export it.
//! [`EXTENDED_PICTOGRAPHIC`] is Unicode 17's as unicode-segmentation 1.13 has it, and a test
//! checks every code point against that crate's grapheme clusters.

use std::cmp::Ordering;

const ZERO_WIDTH_JOINER: char = '\u{200D}';
/// 🏴, the base of the subdivision flags.
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// Whether `text` holds a character that shows nothing or changes the direction of the text,
/// other than in the emoji, kanji and flags described in the module's documentation.
pub(crate) fn has_invisible_characters(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let allowed = match chars[i] {
            ZERO_WIDTH_JOINER => joins_two_emoji(&chars[..i], chars.get(i + 1).copied()),
            '\u{FE0E}' | '\u{FE0F}' => {
                before.is_some_and(|c| is_extended_pictographic(c) || is_keycap_base(c))
            }
            '\u{FE00}'..='\u{FE0D}' | '\u{E0100}'..='\u{E01EF}' => before.is_some_and(is_ideograph),
            '\u{180B}'..='\u{180D}' | '\u{180F}' => before.is_some_and(is_mongolian_letter),
            '\u{E0020}'..='\u{E007F}' if before == Some(BLACK_FLAG) => {
                match flag_tags_len(&chars[i..]) {
                    Some(len) => {
                        i += len;
                        continue;
                    }
                    None => false,
                }
            }
            c => !is_invisible(c),
        };
        if !allowed {
            return true;
        }
        i += 1;
    }
    false
}

/// A joiner between two emoji: after an emoji (perhaps with a skin tone or U+FE0F after it)
/// and before another.
fn joins_two_emoji(before: &[char], after: Option<char>) -> bool {
    let emoji_before = before
        .iter()
        .rev()
        .find(|&&c| c != '\u{FE0F}' && !is_emoji_modifier(c));
    emoji_before.is_some_and(|&c| is_extended_pictographic(c))
        && after.is_some_and(is_extended_pictographic)
}

/// How many characters the tags of a subdivision flag take from the start of `tags`: a
/// subdivision code such as "gbsct", one to seven lower-case letters or digits as tag
/// characters, then the cancel tag. `None` when they are not such a code.
fn flag_tags_len(tags: &[char]) -> Option<usize> {
    let code = tags
        .iter()
        .take_while(|&&c| matches!(c, '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}'))
        .count();
    ((1..=7).contains(&code) && tags.get(code) == Some(&CANCEL_TAG)).then_some(code + 1)
}

/// The default-ignorable code points (Unicode's DerivedCoreProperties.txt) and the
/// interlinear annotation characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                    // soft hyphen
            | '\u{034F}'              // combining grapheme joiner
            | '\u{061C}'              // Arabic letter mark
            | '\u{115F}'..='\u{1160}' // Hangul choseong and jungseong fillers
            | '\u{17B4}'..='\u{17B5}' // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}' // Mongolian free variation selectors, vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space, non-joiner, joiner; LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates, …
            | '\u{3164}'              // Hangul filler
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}'              // zero-width no-break space (byte order mark)
            | '\u{FFA0}'              // half-width Hangul filler
            | '\u{FFF0}'..='\u{FFFB}' // reserved; interlinear annotation characters
            | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
            | '\u{1D173}'..='\u{1D17A}' // musical symbol format characters
            | '\u{E0000}'..='\u{E0FFF}' // tag characters, variation selectors supplement
    )
}

/// The skin tones 🏻 … 🏿.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

/// What U+FE0F (and U+20E3) make a keycap of: #️⃣ *️⃣ 0️⃣ … 9️⃣.
fn is_keycap_base(c: char) -> bool {
    matches!(c, '#' | '*' | '0'..='9')
}

/// The CJK ideographs, whose variants the variation selectors choose: the blocks of the
/// Basic Multilingual Plane, the compatibility ideographs, and planes 2 and 3.
fn is_ideograph(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

fn is_mongolian_letter(c: char) -> bool {
    matches!(c, '\u{1820}'..='\u{18AA}')
}

fn is_extended_pictographic(c: char) -> bool {
    EXTENDED_PICTOGRAPHIC
        .binary_search_by(|&(first, last)| {
            if last < c {
                Ordering::Less
            } else if first > c {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

/// Unicode 17's Extended_Pictographic property (emoji-data.txt): the emoji, and the code
/// points set aside for more of them. Copied from unicode-segmentation 1.13.3's grapheme
/// table; `extended_pictographic_is_unicode_segmentations` checks it.
#[rustfmt::skip]
const EXTENDED_PICTOGRAPHIC: &[(char, char)] = &[
    ('\u{00A9}', '\u{00A9}'), ('\u{00AE}', '\u{00AE}'), ('\u{203C}', '\u{203C}'),
    ('\u{2049}', '\u{2049}'), ('\u{2122}', '\u{2122}'), ('\u{2139}', '\u{2139}'),
    ('\u{2194}', '\u{2199}'), ('\u{21A9}', '\u{21AA}'), ('\u{231A}', '\u{231B}'),
    ('\u{2328}', '\u{2328}'), ('\u{23CF}', '\u{23CF}'), ('\u{23E9}', '\u{23F3}'),
    ('\u{23F8}', '\u{23FA}'), ('\u{24C2}', '\u{24C2}'), ('\u{25AA}', '\u{25AB}'),
    ('\u{25B6}', '\u{25B6}'), ('\u{25C0}', '\u{25C0}'), ('\u{25FB}', '\u{25FE}'),
    ('\u{2600}', '\u{2604}'), ('\u{260E}', '\u{260E}'), ('\u{2611}', '\u{2611}'),
    ('\u{2614}', '\u{2615}'), ('\u{2618}', '\u{2618}'), ('\u{261D}', '\u{261D}'),
    ('\u{2620}', '\u{2620}'), ('\u{2622}', '\u{2623}'), ('\u{2626}', '\u{2626}'),
    ('\u{262A}', '\u{262A}'), ('\u{262E}', '\u{262F}'), ('\u{2638}', '\u{263A}'),
    ('\u{2640}', '\u{2640}'), ('\u{2642}', '\u{2642}'), ('\u{2648}', '\u{2653}'),
    ('\u{265F}', '\u{2660}'), ('\u{2663}', '\u{2663}'), ('\u{2665}', '\u{2666}'),
    ('\u{2668}', '\u{2668}'), ('\u{267B}', '\u{267B}'), ('\u{267E}', '\u{267F}'),
    ('\u{2692}', '\u{2697}'), ('\u{2699}', '\u{2699}'), ('\u{269B}', '\u{269C}'),
    ('\u{26A0}', '\u{26A1}'), ('\u{26A7}', '\u{26A7}'), ('\u{26AA}', '\u{26AB}'),
    ('\u{26B0}', '\u{26B1}'), ('\u{26BD}', '\u{26BE}'), ('\u{26C4}', '\u{26C5}'),
    ('\u{26C8}', '\u{26C8}'), ('\u{26CE}', '\u{26CF}'), ('\u{26D1}', '\u{26D1}'),
    ('\u{26D3}', '\u{26D4}'), ('\u{26E9}', '\u{26EA}'), ('\u{26F0}', '\u{26F5}'),
    ('\u{26F7}', '\u{26FA}'), ('\u{26FD}', '\u{26FD}'), ('\u{2702}', '\u{2702}'),
    ('\u{2705}', '\u{2705}'), ('\u{2708}', '\u{270D}'), ('\u{270F}', '\u{270F}'),
    ('\u{2712}', '\u{2712}'), ('\u{2714}', '\u{2714}'), ('\u{2716}', '\u{2716}'),
    ('\u{271D}', '\u{271D}'), ('\u{2721}', '\u{2721}'), ('\u{2728}', '\u{2728}'),
    ('\u{2733}', '\u{2734}'), ('\u{2744}', '\u{2744}'), ('\u{2747}', '\u{2747}'),
    ('\u{274C}', '\u{274C}'), ('\u{274E}', '\u{274E}'), ('\u{2753}', '\u{2755}'),
    ('\u{2757}', '\u{2757}'), ('\u{2763}', '\u{2764}'), ('\u{2795}', '\u{2797}'),
    ('\u{27A1}', '\u{27A1}'), ('\u{27B0}', '\u{27B0}'), ('\u{27BF}', '\u{27BF}'),
    ('\u{2934}', '\u{2935}'), ('\u{2B05}', '\u{2B07}'), ('\u{2B1B}', '\u{2B1C}'),
    ('\u{2B50}', '\u{2B50}'), ('\u{2B55}', '\u{2B55}'), ('\u{3030}', '\u{3030}'),
    ('\u{303D}', '\u{303D}'), ('\u{3297}', '\u{3297}'), ('\u{3299}', '\u{3299}'),
    ('\u{1F004}', '\u{1F004}'), ('\u{1F02C}', '\u{1F02F}'), ('\u{1F094}', '\u{1F09F}'),
    ('\u{1F0AF}', '\u{1F0B0}'), ('\u{1F0C0}', '\u{1F0C0}'), ('\u{1F0CF}', '\u{1F0D0}'),
    ('\u{1F0F6}', '\u{1F0FF}'), ('\u{1F170}', '\u{1F171}'), ('\u{1F17E}', '\u{1F17F}'),
    ('\u{1F18E}', '\u{1F18E}'), ('\u{1F191}', '\u{1F19A}'), ('\u{1F1AE}', '\u{1F1E5}'),
    ('\u{1F201}', '\u{1F20F}'), ('\u{1F21A}', '\u{1F21A}'), ('\u{1F22F}', '\u{1F22F}'),
    ('\u{1F232}', '\u{1F23A}'), ('\u{1F23C}', '\u{1F23F}'), ('\u{1F249}', '\u{1F25F}'),
    ('\u{1F266}', '\u{1F321}'), ('\u{1F324}', '\u{1F393}'), ('\u{1F396}', '\u{1F397}'),
    ('\u{1F399}', '\u{1F39B}'), ('\u{1F39E}', '\u{1F3F0}'), ('\u{1F3F3}', '\u{1F3F5}'),
    ('\u{1F3F7}', '\u{1F3FA}'), ('\u{1F400}', '\u{1F4FD}'), ('\u{1F4FF}', '\u{1F53D}'),
    ('\u{1F549}', '\u{1F54E}'), ('\u{1F550}', '\u{1F567}'), ('\u{1F56F}', '\u{1F570}'),
    ('\u{1F573}', '\u{1F57A}'), ('\u{1F587}', '\u{1F587}'), ('\u{1F58A}', '\u{1F58D}'),
    ('\u{1F590}', '\u{1F590}'), ('\u{1F595}', '\u{1F596}'), ('\u{1F5A4}', '\u{1F5A5}'),
    ('\u{1F5A8}', '\u{1F5A8}'), ('\u{1F5B1}', '\u{1F5B2}'), ('\u{1F5BC}', '\u{1F5BC}'),
    ('\u{1F5C2}', '\u{1F5C4}'), ('\u{1F5D1}', '\u{1F5D3}'), ('\u{1F5DC}', '\u{1F5DE}'),
    ('\u{1F5E1}', '\u{1F5E1}'), ('\u{1F5E3}', '\u{1F5E3}'), ('\u{1F5E8}', '\u{1F5E8}'),
    ('\u{1F5EF}', '\u{1F5EF}'), ('\u{1F5F3}', '\u{1F5F3}'), ('\u{1F5FA}', '\u{1F64F}'),
    ('\u{1F680}', '\u{1F6C5}'), ('\u{1F6CB}', '\u{1F6D2}'), ('\u{1F6D5}', '\u{1F6E5}'),
    ('\u{1F6E9}', '\u{1F6E9}'), ('\u{1F6EB}', '\u{1F6F0}'), ('\u{1F6F3}', '\u{1F6FF}'),
    ('\u{1F7DA}', '\u{1F7FF}'), ('\u{1F80C}', '\u{1F80F}'), ('\u{1F848}', '\u{1F84F}'),
    ('\u{1F85A}', '\u{1F85F}'), ('\u{1F888}', '\u{1F88F}'), ('\u{1F8AE}', '\u{1F8AF}'),
    ('\u{1F8BC}', '\u{1F8BF}'), ('\u{1F8C2}', '\u{1F8CF}'), ('\u{1F8D9}', '\u{1F8FF}'),
    ('\u{1F90C}', '\u{1F93A}'), ('\u{1F93C}', '\u{1F945}'), ('\u{1F947}', '\u{1F9FF}'),
    ('\u{1FA58}', '\u{1FA5F}'), ('\u{1FA6E}', '\u{1FAFF}'), ('\u{1FC00}', '\u{1FFFD}'),
];

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// Asserts that `c` is refused inside a name, before it and on its own.
    fn assert_refused(c: char) {
        for name in [format!("ゆ{c}う"), format!("{c}ゆう"), c.to_string()] {
            assert!(has_invisible_characters(&name), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn names_in_any_script_with_emoji_and_visible_spaces_pass() {
        for name in [
            "ゆー。",
            "珈琲 ゆるり",
            "山田\u{3000}太郎",
            "Zoë",
            "سارة",
            "שרה",
            "नमस्ते",
            "Café ☕",
            "🇯🇵 Yu",
            "Ewan 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        ] {
            assert!(!has_invisible_characters(name), "{name:?}");
        }
    }

    #[test]
    fn bidi_controls_are_refused() {
        // The Arabic letter mark, LRM and RLM, the embeddings and overrides, the isolates.
        "\u{061C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}"
            .chars()
            .chain('\u{2066}'..='\u{2069}')
            .for_each(assert_refused);
    }

    #[test]
    fn zero_width_and_other_invisible_characters_are_refused() {
        // Zero-width space and non-joiner, word joiner, byte order mark, Mongolian vowel
        // separator, soft hyphen, combining grapheme joiner, invisible operators, deprecated
        // format characters, Hangul fillers, a Khmer inherent vowel, interlinear annotation,
        // shorthand and musical format controls, tags.
        "\u{200B}\u{200C}\u{2060}\u{FEFF}\u{180E}\u{00AD}\u{034F}\u{2061}\u{2064}\u{206A}\u{206F}"
            .chars()
            .chain("\u{115F}\u{1160}\u{3164}\u{FFA0}\u{17B4}\u{FFF9}\u{FFFB}".chars())
            .chain("\u{1BCA0}\u{1D173}\u{E0001}\u{E0041}".chars())
            .for_each(assert_refused);
    }

    #[test]
    fn the_joiner_passes_only_between_two_emoji() {
        for emoji in [
            "👩\u{200D}💻",                            // woman technologist
            "👨\u{200D}👩\u{200D}👧",                  // family
            "👩🏽\u{200D}💻",                            // with a skin tone
            "🏳\u{FE0F}\u{200D}🌈",                     // rainbow flag
            "❤\u{FE0F}\u{200D}🔥",                     // heart on fire
            "👁\u{FE0F}\u{200D}🗨\u{FE0F}",              // eye in speech bubble
            "🧑🏻\u{200D}❤\u{FE0F}\u{200D}💋\u{200D}🧑🏼", // kiss
            "🏃\u{200D}➡\u{FE0F}",                     // person running right
            "🍋\u{200D}🟩",                            // lime
        ] {
            assert!(!has_invisible_characters(emoji), "{emoji:?}");
            assert!(
                !has_invisible_characters(&format!("Yu {emoji} ゆう")),
                "{emoji:?}"
            );
        }
        for joined in [
            "ゆ\u{200D}う",
            "a\u{200D}b",
            "1\u{200D}2", // digits have the Emoji property, but are no pictures
            "\u{200D}👩",
            "👩\u{200D}",
            "👩\u{200D}a",
            "a\u{200D}👩",
            "👩\u{200D}\u{200D}💻",
            "🇯\u{200D}🇵",
        ] {
            assert!(has_invisible_characters(joined), "{joined:?}");
        }
    }

    #[test]
    fn a_variation_selector_passes_only_after_what_it_varies() {
        for varied in [
            "❤\u{FE0F}",
            "☺\u{FE0E}",
            "#\u{FE0F}\u{20E3}",
            "葛\u{E0100}城",
            "辻\u{E0100}",
            "\u{1820}\u{180B}",
        ] {
            assert!(!has_invisible_characters(varied), "{varied:?}");
        }
        for stray in [
            "ゆ\u{FE0F}う",
            "\u{FE0F}ゆう",
            "葛\u{FE0F}",
            "ゆ\u{E0100}",
            "❤\u{E0100}",
            "ゆ\u{FE00}",
            "❤\u{FE0F}\u{FE0F}",
            "a\u{180B}",
        ] {
            assert!(has_invisible_characters(stray), "{stray:?}");
        }
    }

    #[test]
    fn tag_characters_pass_only_in_a_subdivision_flag() {
        let tags = |code: &str| -> String {
            code.chars()
                .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
                .collect()
        };
        for flag in ["gbeng", "gbsct", "gbwls"] {
            let flag = format!("🏴{}\u{E007F}", tags(flag));
            assert!(!has_invisible_characters(&flag), "{flag:?}");
        }
        for bad in [
            format!("ゆ{}\u{E007F}", tags("gbsct")), // no flag before the tags
            format!("🏴{}", tags("gbsct")),          // no cancel tag
            "🏴\u{E007F}".to_owned(),                // no code
            format!("🏴{}\u{E007F}", tags("GBSCT")), // not a code
            format!("🏴{}\u{E007F}", tags("hidden text")),
            format!("🏴{}\u{E007F}", tags("gbsctabc")),
            format!("🏴{}\u{E007F}\u{E007F}", tags("gbsct")),
        ] {
            assert!(has_invisible_characters(&bad), "{bad:?}");
        }
    }

    #[test]
    fn extended_pictographic_is_unicode_segmentations() {
        // A character, a joiner and an emoji are one grapheme cluster exactly when the
        // character is Extended_Pictographic (rule GB11; nothing else joins across a ZWJ).
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let joined = format!("{c}\u{200D}😀");
            let one_cluster = joined.graphemes(true).count() == 1;
            assert_eq!(
                is_extended_pictographic(c),
                one_cluster,
                "U+{:04X}",
                c as u32
            );
        }
    }
}
