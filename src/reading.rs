//! Search keys for the register's type-ahead: staff type one to three characters of a
//! regular's nickname or of its reading, in whatever script the keyboard happens to be in,
//! and the right people must come up.
//!
//! Two keys are kept for every regular, each as a plain string for SQL `LIKE`:
//!
//! - the *folded* key ([`fold`]): NFKC width folding, accents stripped, katakana turned into
//!   hiragana, lower case, and everything that is not a letter or a digit dropped
//!   (punctuation, spaces, symbols, emoji). 「ＹＵ－ｋｏ。」 and "yu ko" both fold to "yuko";
//!   「ﾕｰｺ」 folds to 「ゆーこ」. Kanji and Latin names are found literally through this key.
//! - the *romaji* key ([`romaji_key`]): kana spelt out in romaji, and romaji typed by staff
//!   respelt, so that every usual way of writing a sound gives the same string.
//!
//! Decisions:
//!
//! - **Canonical form is Hepburn** (shi, chi, tsu, fu, ji, sha, cho, ja), not Kunrei. What staff
//!   type while a name is half-finished is then a plain prefix of the key: "s", "sh", "sho" all
//!   prefix "shota", "ch" prefixes "chihiro", "f" prefixes "fumi". Kunrei and Nihon-shiki
//!   spellings (si, ti, tu, hu, zi, di, du, sya, tyo, zya, jya, dya) are rewritten to Hepburn,
//!   also when unfinished ("sy" becomes "sh", "ty" becomes "ch", "zy" becomes "j"). The price:
//!   a lone "t", "h" or "z" typed by a Kunrei typist finds ち, ふ or じ only once the vowel
//!   follows. Kunrei as the canonical form would instead make "sh", "ch" and "f" find さ, た
//!   and は names, which would hit every Hepburn typist.
//! - **Long vowels collapse**: a vowel repeated (aa, ii, uu, ee, oo), "ou", the mark ー, and
//!   "h" after o or u before a consonant ("oh", "yuh") all disappear, so ゆう, ゆー, "yuu",
//!   "yū" and "yuh" are all "yu". "ei" stays "ei", as the product rule asks. Macrons and other
//!   accents are removed by [`fold`] before any of this.
//! - **Sokuon** doubles the first letter of the following syllable's Hepburn spelling:
//!   きって is "kitte", まっちゃ is "maccha" (and "matcha", "maccha" typed are both respelt
//!   to that), っつ is "ttsu". "kite" therefore does not find きって: きて is another word,
//!   and "kit", typed on the way, still finds it by prefix. A trailing っ is dropped.
//! - **ん** is "n" everywhere ("n'" loses its apostrophe to [`fold`]); "m" before b and p, the
//!   older Hepburn spelling, is read as "n" (さんぽ and "sampo" are both "sanpo").
//! - Katakana-only syllables follow the same rewriting as typed romaji: ティ is spelt "ti" and
//!   so becomes "chi" like a Kunrei "ti"; ディ becomes "ji", トゥ "tsu", デュ "ju". Keys stay
//!   consistent with what staff type, at the cost of ティナ and チナ sharing a key.
//! - **Accents**: [`fold`] decomposes (NFKD) and drops the combining diacritics, so "Zoë" is
//!   found by "zoe" and "Chloé" by "chloe". Letters that do not decompose (ø, æ, ß) stay.
//! - Text that is not kana or Latin (kanji, digits, other scripts) passes through folded, so a
//!   kanji substring finds 「山田」 in either key.
//!
//! Crates: `unicode-normalization` does the NFKD/NFC work (full-width ASCII, half-width
//! katakana with their voiced marks, circled digits). Kana → romaji is a small table of our
//! own, not `wana_kana`: the heart of this module is the respelling of *typed* romaji
//! (Kunrei → Hepburn, long vowels, sokuon, half-typed syllables), which no crate does, and
//! passing kana through that same respelling keeps a single source of truth; the kana table
//! itself is some eighty entries.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Compares names however they were typed or stored: full or half width, katakana or
/// hiragana, upper or lower case, with or without punctuation and accents.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Normalization leaves ASCII as it is: only case and punctuation remain to fold.
        return text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    let stripped: String = text.nfkd().filter(|&c| !is_diacritic(c)).collect();
    stripped
        .nfc()
        .flat_map(char::to_lowercase)
        .map(katakana_to_hiragana)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Lets a name written in kana and the romaji staff type for it, in any common spelling, meet
/// on one string.
pub fn romaji_key(text: &str) -> String {
    respell_romaji(&kana_to_romaji(&fold(text)))
}

/// Escapes a key for use inside a SQL `LIKE` pattern written with `ESCAPE '\'`, so that no
/// character of the query acts as a wildcard.
pub fn like_escape(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A regular's searchable text, stored alongside them so the database can filter with `LIKE`.
///
/// Each key is the nickname's key, [`SearchKeys::SEPARATOR`], then the reading's key (empty
/// without a reading). Neither [`fold`] nor [`romaji_key`] ever produces the separator, so a
/// pattern `'%' || q || '%'` cannot match across the two parts; a prefix of the nickname is
/// `q || '%'`, a prefix of the reading `'%|' || q || '%'` (with `q` put through
/// [`like_escape`] and the pattern followed by `ESCAPE '\'`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchKeys {
    /// Finds kanji, Latin names and kana as written, whatever their width or script.
    pub folded: String,
    /// Finds kana names by the romaji staff type, in any common spelling.
    pub romaji: String,
}

impl SearchKeys {
    /// Keeps the nickname's and the reading's keys apart, so no match spans both.
    pub const SEPARATOR: char = '|';

    /// Computes once, at save time, what every search would otherwise recompute per regular.
    pub fn of(nickname: &str, reading: Option<&str>) -> SearchKeys {
        let reading = reading.unwrap_or("");
        SearchKeys {
            folded: format!("{}{}{}", fold(nickname), Self::SEPARATOR, fold(reading)),
            romaji: format!(
                "{}{}{}",
                romaji_key(nickname),
                Self::SEPARATOR,
                romaji_key(reading)
            ),
        }
    }
}

/// The longest search term, in characters (see [`SearchKeys::terms`]). Every query up to this
/// long is answered by the terms alone; a longer one is looked up by its first
/// `TERM_CHARS` characters and checked against the whole key. Eight holds every kana name
/// staff finish typing and most romaji ones, and keeps the index small.
pub const TERM_CHARS: usize = 8;

/// A piece of a regular's search keys, stored so that the database finds who matches a
/// query by a range of its index instead of reading every regular (see
/// [`SearchKeys::terms`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SearchTerm {
    /// Up to [`TERM_CHARS`] characters of a key, from some position of the nickname's or the
    /// reading's part to at most that part's end.
    pub term: String,
    /// Whether the term begins the nickname's or the reading's part: a prefix match.
    pub at_start: bool,
}

impl SearchKeys {
    /// Every term of these keys: for each part of each key (the nickname's and the
    /// reading's, in the folded and the romaji key) and each position in it, the rest of the
    /// part cut to [`TERM_CHARS`] characters. A query matches the keys (see
    /// [`Query::matches`]) exactly when a term starts with the query cut to `TERM_CHARS`, and
    /// by prefix when such a term is `at_start`, once a query longer than that is checked
    /// against the whole key. No term holds [`SearchKeys::SEPARATOR`], so none spans the two
    /// parts.
    ///
    /// Each term appears once, sorted, `at_start` when it begins any part. The migration that
    /// filled the terms of the regulars already saved does the same in SQL
    /// (`migrations/*/20261206000001_search_terms.sql`): the two must agree.
    pub fn terms(&self) -> Vec<SearchTerm> {
        let mut terms = std::collections::BTreeMap::<&str, bool>::new();
        for key in [&self.folded, &self.romaji] {
            for part in key.split(Self::SEPARATOR) {
                for (n, (start, _)) in part.char_indices().enumerate() {
                    let at_start = terms.entry(term_of(&part[start..])).or_default();
                    *at_start |= n == 0;
                }
            }
        }
        terms
            .into_iter()
            .map(|(term, at_start)| SearchTerm {
                term: term.to_owned(),
                at_start,
            })
            .collect()
    }
}

/// The first [`TERM_CHARS`] characters of `text`, or all of it.
fn term_of(text: &str) -> &str {
    match text.char_indices().nth(TERM_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The range of search terms that begin with a query's key (either of them): from the first
/// up to, not including, the second. The key is cut to [`TERM_CHARS`] as the terms are; in
/// byte order (SQLite's `BINARY`, PostgreSQL's `COLLATE "C"`) every term that begins with it
/// sorts between the key and the key followed by the last code point, which no key contains.
pub fn term_range(key: &str) -> (String, String) {
    let start = term_of(key);
    (start.to_owned(), format!("{start}{}", char::MAX))
}

/// How a regular matched, so that people whose name starts with the query rank first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MatchKind {
    /// The nickname or the reading starts with the query: most likely the one meant.
    Prefix,
    /// The query is somewhere inside the nickname or the reading: still worth showing.
    Substring,
}

/// What staff typed, reduced once to the two keys it is compared against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    folded: String,
    romaji: String,
}

impl Query {
    /// Turns the search box's text into keys; `None` when nothing in it could match anyone.
    pub fn parse(input: &str) -> Option<Query> {
        let folded = fold(input);
        if folded.is_empty() {
            return None;
        }
        let romaji = romaji_key(input);
        // "ー" or "っ" alone fold to something but spell nothing; an empty romaji key would
        // match everyone, the folded text matches what it should.
        let romaji = if romaji.is_empty() {
            folded.clone()
        } else {
            romaji
        };
        Some(Query { folded, romaji })
    }

    /// Lets SQL filter [`SearchKeys::folded`] with the same key; never empty, so never a
    /// pattern that matches everyone.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Lets SQL filter [`SearchKeys::romaji`] with the same key; never empty, so never a
    /// pattern that matches everyone.
    pub fn romaji(&self) -> &str {
        &self.romaji
    }

    /// Decides in memory what the SQL filter decided, and tells prefix matches apart for ranking.
    pub fn matches(&self, keys: &SearchKeys) -> Option<MatchKind> {
        let folded = keys.folded.split(SearchKeys::SEPARATOR);
        let romaji = keys.romaji.split(SearchKeys::SEPARATOR);
        let parts = folded
            .map(|part| (part, self.folded.as_str()))
            .chain(romaji.map(|part| (part, self.romaji.as_str())));
        let mut found = None;
        for (part, query) in parts {
            if part.starts_with(query) {
                return Some(MatchKind::Prefix);
            }
            if part.contains(query) {
                found = Some(MatchKind::Substring);
            }
        }
        found
    }
}

/// Combining diacritics from the Latin, Greek and Cyrillic blocks; the kana voiced marks
/// (U+3099, U+309A) are not among them, so が survives the round trip through NFKD.
fn is_diacritic(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

fn katakana_to_hiragana(c: char) -> char {
    match c {
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Hepburn spelling of one (folded, so hiragana) kana; small kana spell their full-size sound.
fn kana_romaji(c: char) -> Option<&'static str> {
    Some(match c {
        'ぁ' | 'あ' => "a",
        'ぃ' | 'い' | 'ゐ' => "i",
        'ぅ' | 'う' => "u",
        'ぇ' | 'え' | 'ゑ' => "e",
        'ぉ' | 'お' | 'を' => "o",
        'か' | 'ゕ' => "ka",
        'が' => "ga",
        'き' => "ki",
        'ぎ' => "gi",
        'く' => "ku",
        'ぐ' => "gu",
        'け' | 'ゖ' => "ke",
        'げ' => "ge",
        'こ' => "ko",
        'ご' => "go",
        'さ' => "sa",
        'ざ' => "za",
        'し' => "shi",
        'じ' | 'ぢ' => "ji",
        'す' => "su",
        'ず' | 'づ' => "zu",
        'せ' => "se",
        'ぜ' => "ze",
        'そ' => "so",
        'ぞ' => "zo",
        'た' => "ta",
        'だ' => "da",
        'ち' => "chi",
        'つ' => "tsu",
        'て' => "te",
        'で' => "de",
        'と' => "to",
        'ど' => "do",
        'な' => "na",
        'に' => "ni",
        'ぬ' => "nu",
        'ね' => "ne",
        'の' => "no",
        'は' => "ha",
        'ば' => "ba",
        'ぱ' => "pa",
        'ひ' => "hi",
        'び' => "bi",
        'ぴ' => "pi",
        'ふ' => "fu",
        'ぶ' => "bu",
        'ぷ' => "pu",
        'へ' => "he",
        'べ' => "be",
        'ぺ' => "pe",
        'ほ' => "ho",
        'ぼ' => "bo",
        'ぽ' => "po",
        'ま' => "ma",
        'み' => "mi",
        'む' => "mu",
        'め' => "me",
        'も' => "mo",
        'ゃ' | 'や' => "ya",
        'ゅ' | 'ゆ' => "yu",
        'ょ' | 'よ' => "yo",
        'ら' => "ra",
        'り' => "ri",
        'る' => "ru",
        'れ' => "re",
        'ろ' => "ro",
        'ゎ' | 'わ' => "wa",
        'ん' => "n",
        'ゔ' => "vu",
        'ヷ' => "va",
        'ヸ' => "vi",
        'ヹ' => "ve",
        'ヺ' => "vo",
        _ => return None,
    })
}

fn is_small_y(c: char) -> bool {
    matches!(c, 'ゃ' | 'ゅ' | 'ょ')
}

fn is_small_vowel(c: char) -> bool {
    matches!(c, 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ')
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'i' | b'u' | b'e' | b'o')
}

/// Spells a kana followed by a small kana (きゃ, しょ, ふぁ, てぃ, うぃ) as one syllable, or
/// `None` when the pair does not combine.
fn combine(base: &str, small: char) -> Option<String> {
    let small = kana_romaji(small)?;
    let stem = &base[..base.len() - 1];
    if small.len() == 2 {
        // ゃゅょ: "ki" + "ya" → "kya", "shi" + "ya" → "sha", "fu" + "yu" → "fyu".
        if stem.is_empty() {
            return None;
        }
        let vowel = &small[1..];
        if stem.ends_with("sh") || stem.ends_with("ch") || stem.ends_with('j') {
            Some(format!("{stem}{vowel}"))
        } else {
            Some(format!("{stem}y{vowel}"))
        }
    } else {
        // ぁぃぅぇぉ: "fu" + "a" → "fa", "te" + "i" → "ti", "u" + "i" → "wi", "i" + "e" → "ye".
        match (base, stem) {
            ("u", _) => Some(format!("w{small}")),
            ("i", _) => Some(format!("y{small}")),
            (_, "") => None,
            _ => Some(format!("{stem}{small}")),
        }
    }
}

/// The kana ゝ and ゞ repeat: the previous kana unvoiced, or voiced.
fn repeated_kana(previous: char, voiced: bool) -> char {
    let mut unvoiced = previous;
    unicode_normalization::char::decompose_canonical(previous, |c| {
        if c != '\u{3099}' && c != '\u{309A}' {
            unvoiced = c;
        }
    });
    if voiced {
        unicode_normalization::char::compose(unvoiced, '\u{3099}').unwrap_or(unvoiced)
    } else {
        unvoiced
    }
}

/// Spells the kana of folded text in Hepburn; everything else is kept as it is.
fn kana_to_romaji(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len() * 2);
    let mut sokuon = false;
    let mut previous: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let kana = match (c, previous) {
            ('っ', _) => {
                sokuon = true;
                continue;
            }
            // The long-vowel mark: the vowel it lengthens would be collapsed anyway.
            ('ー', _) => continue,
            ('ゝ', Some(p)) => repeated_kana(p, false),
            ('ゞ', Some(p)) => repeated_kana(p, true),
            _ => c,
        };
        let Some(base) = kana_romaji(kana) else {
            out.push(c);
            sokuon = false;
            previous = None;
            continue;
        };
        let mut syllable = base.to_string();
        let small_follows = chars
            .get(i)
            .is_some_and(|&next| is_small_y(next) || is_small_vowel(next));
        if small_follows
            && !is_small_y(kana)
            && !is_small_vowel(kana)
            && kana != 'ん'
            && let Some(combined) = combine(base, chars[i])
        {
            syllable = combined;
            i += 1;
        }
        if sokuon {
            sokuon = false;
            if let Some(first) = syllable.bytes().next().filter(|&b| !is_vowel(b)) {
                out.push(char::from(first));
            }
        }
        out.push_str(&syllable);
        previous = Some(kana);
    }
    out
}

/// Respells every run of Latin letters canonically; other characters pass through.
fn respell_romaji(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = Vec::new();
    for c in text.chars() {
        if c.is_ascii_lowercase() {
            run.push(c as u8);
        } else {
            respell_run(&run, &mut out);
            run.clear();
            out.push(c);
        }
    }
    respell_run(&run, &mut out);
    out
}

/// Consonant pairs that begin a syllable; any single consonant does too.
const ONSETS: [&[u8]; 20] = [
    b"sh", b"sy", b"ch", b"ty", b"cy", b"ts", b"dz", b"zy", b"jy", b"dy", b"ky", b"gy", b"ny",
    b"hy", b"my", b"ry", b"by", b"py", b"fy", b"vy",
];

/// Splits a consonant cluster into what comes before the syllable (ん, a doubled consonant,
/// or letters of a foreign name) and the syllable's onset.
fn split_onset(cluster: &[u8]) -> (&[u8], &[u8]) {
    let n = cluster.len();
    if n >= 2 && ONSETS.contains(&&cluster[n - 2..]) {
        cluster.split_at(n - 2)
    } else {
        cluster.split_at(n - 1)
    }
}

/// The Hepburn spelling of an onset and its vowel.
fn syllable(onset: &[u8], vowel: u8) -> String {
    let whole = match (onset, vowel) {
        (b"s" | b"sh" | b"sy", b'i') => "shi",
        (b"t" | b"ch" | b"ty" | b"cy", b'i') => "chi",
        (b"t" | b"ts", b'u') => "tsu",
        (b"z" | b"j" | b"zy" | b"jy" | b"d" | b"dy" | b"dz", b'i') => "ji",
        (b"d" | b"dz" | b"z", b'u') => "zu",
        (b"h" | b"f", b'u') => "fu",
        _ => {
            let mut spelled: String = unfinished_onset(onset)
                .iter()
                .map(|&b| char::from(b))
                .collect();
            spelled.push(char::from(vowel));
            return spelled;
        }
    };
    whole.to_string()
}

/// The Hepburn spelling of an onset typed without its vowel yet, as far as it is already
/// certain: "sy" will be "sh…", "ty" "ch…", "zy" "j…".
fn unfinished_onset(onset: &[u8]) -> &[u8] {
    match onset {
        b"sy" => b"sh",
        b"ty" | b"cy" => b"ch",
        b"zy" | b"jy" | b"dy" => b"j",
        b"dz" => b"z",
        _ => onset,
    }
}

/// Writes what precedes an onset, and the doubled consonant of a sokuon in Hepburn's way.
fn push_before_onset(before: &[u8], onset: &[u8], spelled_first: u8, out: &mut String) {
    let Some((&last, rest)) = before.split_last() else {
        return;
    };
    out.extend(rest.iter().map(|&b| char::from(b)));
    let doubled = last != b'n' && (last == onset[0] || (last == b't' && onset[0] == b'c'));
    if doubled {
        out.push(char::from(spelled_first));
    } else if last == b'm' && matches!(onset[0], b'b' | b'p') {
        out.push('n');
    } else {
        out.push(char::from(last));
    }
}

/// Respells one run of Latin letters syllable by syllable.
fn respell_run(run: &[u8], out: &mut String) {
    let mut last_vowel: Option<u8> = None;
    let mut i = 0;
    while i < run.len() {
        let start = i;
        while i < run.len() && !is_vowel(run[i]) {
            i += 1;
        }
        let mut cluster = &run[start..i];
        let vowel = run.get(i).copied();
        if vowel.is_some() {
            i += 1;
        }
        // "oh", "yuh": an h after o or u that does not begin a syllable lengthens the vowel.
        while matches!(last_vowel, Some(b'o' | b'u'))
            && cluster.first() == Some(&b'h')
            && match cluster.get(1) {
                Some(&next) => next != b'y',
                None => vowel.is_none(),
            }
        {
            cluster = &cluster[1..];
        }
        match vowel {
            None => {
                if !cluster.is_empty() {
                    let (before, onset) = split_onset(cluster);
                    let spelled = unfinished_onset(onset);
                    push_before_onset(before, onset, spelled[0], out);
                    out.extend(spelled.iter().map(|&b| char::from(b)));
                }
            }
            Some(v) if cluster.is_empty() => {
                let long = last_vowel.is_some_and(|p| p == v || (p == b'o' && v == b'u'));
                if !long {
                    out.push(char::from(v));
                    last_vowel = Some(v);
                }
            }
            Some(v) => {
                let (before, onset) = split_onset(cluster);
                let spelled = syllable(onset, v);
                push_before_onset(before, onset, spelled.as_bytes()[0], out);
                out.push_str(&spelled);
                last_vowel = Some(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(nickname: &str, reading: Option<&str>) -> SearchKeys {
        SearchKeys::of(nickname, reading)
    }

    fn matches(query: &str, keys: &SearchKeys) -> Option<MatchKind> {
        Query::parse(query)
            .unwrap_or_else(|| panic!("{query:?} should be searchable"))
            .matches(keys)
    }

    #[test]
    fn fold_folds_width_script_case_and_punctuation() {
        assert_eq!(fold("「ゆー。」"), "ゆー");
        assert_eq!(fold("ﾕｰ"), "ゆー");
        assert_eq!(fold("ﾕｳ"), "ゆう");
        assert_eq!(fold("ｶﾞｯﾂ"), "がっつ");
        assert_eq!(fold("ﾊﾟﾝ・ダ"), "ぱんだ");
        assert_eq!(fold("ＹＵ　Ｋｏ!"), "yuko");
        assert_eq!(fold("Mr. O'Brien-Smith"), "mrobriensmith");
        assert_eq!(fold("ヴィ"), "ゔぃ");
        assert_eq!(fold("佐々木☆"), "佐々木");
        assert_eq!(fold("①番"), "1番");
    }

    #[test]
    fn fold_strips_accents_but_not_voiced_marks() {
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("Chloé"), "chloe");
        assert_eq!(fold("Yū"), "yu");
        assert_eq!(fold("がぱ"), "がぱ");
        assert_eq!(fold("Søren"), "søren");
    }

    #[test]
    fn every_spelling_of_yu_has_one_key() {
        for spelling in [
            "yu",
            "Yu",
            "ＹＵ",
            "yuu",
            "yū",
            "yuh",
            "ゆう",
            "ゆー",
            "ユウ",
            "ユー",
            "ﾕｳ",
            "ﾕｰ",
            "「ゆー。」",
        ] {
            assert_eq!(romaji_key(spelling), "yu", "{spelling}");
        }
    }

    #[test]
    fn hepburn_and_kunrei_spell_the_same_key() {
        let pairs = [
            ("shi", "si"),
            ("chi", "ti"),
            ("tsu", "tu"),
            ("fu", "hu"),
            ("ji", "zi"),
            ("ji", "di"),
            ("zu", "du"),
            ("sha", "sya"),
            ("shu", "syu"),
            ("cho", "tyo"),
            ("cha", "cya"),
            ("ja", "zya"),
            ("ja", "jya"),
            ("ja", "dya"),
            ("kicchin", "kittin"),
            ("kicchin", "kitchin"),
        ];
        for (hepburn, other) in pairs {
            assert_eq!(romaji_key(other), hepburn, "{other}");
            assert_eq!(romaji_key(hepburn), hepburn, "{hepburn}");
        }
    }

    #[test]
    fn kana_spell_in_hepburn() {
        assert_eq!(romaji_key("しょうた"), "shota");
        assert_eq!(romaji_key("ちひろ"), "chihiro");
        assert_eq!(romaji_key("つばさ"), "tsubasa");
        assert_eq!(romaji_key("ふみ"), "fumi");
        assert_eq!(romaji_key("じゅん"), "jun");
        assert_eq!(romaji_key("ぢゃ"), "ja");
        assert_eq!(romaji_key("づ"), "zu");
        assert_eq!(romaji_key("きょうこ"), "kyoko");
        assert_eq!(romaji_key("リュウ"), "ryu");
        assert_eq!(romaji_key("ファン"), "fan");
        assert_eq!(romaji_key("ウィル"), "wiru");
        assert_eq!(romaji_key("ヴァイオレット"), "vaioretto");
        assert_eq!(romaji_key("みすゞ"), "misuzu");
        assert_eq!(romaji_key("ササキ"), "sasaki");
    }

    #[test]
    fn katakana_only_syllables_follow_typed_romaji() {
        assert_eq!(romaji_key("ティナ"), "china");
        assert_eq!(romaji_key("ティナ"), romaji_key("tina"));
        assert_eq!(romaji_key("ディーン"), "jin");
        assert_eq!(romaji_key("デューク"), romaji_key("dyuku"));
    }

    #[test]
    fn long_vowels_collapse_but_ei_stays() {
        for spelling in ["おう", "おお", "オー", "oh", "ō", "ou", "oo", "ô"] {
            assert_eq!(romaji_key(spelling), "o", "{spelling}");
        }
        assert_eq!(romaji_key("とうきょう"), "tokyo");
        assert_eq!(romaji_key("Tōkyō"), "tokyo");
        assert_eq!(romaji_key("おおの"), "ono");
        assert_eq!(romaji_key("Ohno"), "ono");
        assert_eq!(romaji_key("Ohyo"), "ohyo");
        assert_eq!(romaji_key("けい"), "kei");
        assert_eq!(romaji_key("kei"), "kei");
        assert_eq!(romaji_key("けー"), "ke");
        assert_eq!(romaji_key("えいこ"), "eiko");
        assert_eq!(romaji_key("にいな"), romaji_key("nina"));
    }

    #[test]
    fn sokuon_doubles_the_next_consonant() {
        for spelling in ["きって", "キッテ", "ｷｯﾃ", "kitte"] {
            assert_eq!(romaji_key(spelling), "kitte", "{spelling}");
        }
        assert_eq!(romaji_key("まっちゃ"), "maccha");
        assert_eq!(romaji_key("matcha"), "maccha");
        assert_eq!(romaji_key("maccha"), "maccha");
        assert_eq!(romaji_key("いっしき"), "isshiki");
        assert_eq!(romaji_key("issiki"), "isshiki");
        assert_eq!(romaji_key("はっつ"), "hattsu");
        assert_eq!(romaji_key("hattu"), "hattsu");
        assert_eq!(romaji_key("あっ"), "a");
    }

    #[test]
    fn kitte_is_found_by_kitte_and_on_the_way_to_it_but_not_by_kite() {
        let kitte = keys("きって", None);
        assert_eq!(matches("kitte", &kitte), Some(MatchKind::Prefix));
        assert_eq!(matches("kit", &kitte), Some(MatchKind::Prefix));
        assert_eq!(matches("kitt", &kitte), Some(MatchKind::Prefix));
        assert_eq!(matches("きっ", &kitte), Some(MatchKind::Prefix));
        assert_eq!(matches("kite", &kitte), None);
        let maccha = keys("まっちゃ", None);
        assert_eq!(matches("matc", &maccha), Some(MatchKind::Prefix));
        assert_eq!(matches("match", &maccha), Some(MatchKind::Prefix));
    }

    #[test]
    fn syllabic_n() {
        assert_eq!(romaji_key("しんいち"), "shinichi");
        assert_eq!(romaji_key("Shin'ichi"), "shinichi");
        assert_eq!(romaji_key("さんぽ"), "sanpo");
        assert_eq!(romaji_key("Sampo"), "sanpo");
        assert_eq!(romaji_key("あんな"), "anna");
        assert_eq!(romaji_key("Anna"), "anna");
    }

    #[test]
    fn mixed_text_keeps_what_it_cannot_spell() {
        assert_eq!(romaji_key("山田さん"), "山田san");
        assert_eq!(romaji_key("ケン2号"), "ken2号");
        assert_eq!(romaji_key("ー"), "");
        let query = Query::parse("ー").unwrap();
        assert_eq!(query.romaji(), "ー");
    }

    #[test]
    fn the_product_example() {
        let yu = keys("「ゆー。」", Some("ゆう"));
        assert_eq!(yu.folded, "ゆー|ゆう");
        assert_eq!(yu.romaji, "yu|yu");
        for query in [
            "ゆう", "ユウ", "yu", "ﾕｳ", "ＹＵ", "Yu", "ゆー", "ゆ", "y", "ユ",
        ] {
            assert_eq!(matches(query, &yu), Some(MatchKind::Prefix), "{query}");
        }
        assert_eq!(matches("ゆうこ", &yu), None);
        assert_eq!(matches("yo", &yu), None);
    }

    #[test]
    fn yu_finds_yuko() {
        let yuko = keys("ゆうこ", None);
        assert_eq!(matches("yu", &yuko), Some(MatchKind::Prefix));
        assert_eq!(matches("yuuko", &yuko), Some(MatchKind::Prefix));
        assert_eq!(matches("ko", &yuko), Some(MatchKind::Substring));
    }

    #[test]
    fn half_typed_romaji_finds_shota() {
        let shota = keys("しょうた", None);
        for query in [
            "s", "sh", "sho", "shou", "shouta", "shota", "shoh", "syo", "sy", "syota", "syouta",
        ] {
            assert_eq!(matches(query, &shota), Some(MatchKind::Prefix), "{query}");
        }
        assert_eq!(Query::parse("sy").unwrap().romaji(), "sh");
    }

    #[test]
    fn half_typed_romaji_finds_chihiro_tsubasa_fumi() {
        let chihiro = keys("チヒロ", None);
        for query in ["c", "ch", "chi", "ti", "ty", "chihi", "tihiro"] {
            assert_eq!(matches(query, &chihiro), Some(MatchKind::Prefix), "{query}");
        }
        let tsubasa = keys("つばさ", None);
        for query in ["t", "ts", "tsu", "tu", "tubasa"] {
            assert_eq!(matches(query, &tsubasa), Some(MatchKind::Prefix), "{query}");
        }
        let fumi = keys("ふみ", None);
        for query in ["f", "fu", "hu", "humi"] {
            assert_eq!(matches(query, &fumi), Some(MatchKind::Prefix), "{query}");
        }
        // The price of the Hepburn key: a Kunrei "h" waits for its vowel.
        assert_eq!(matches("h", &fumi), None);
    }

    #[test]
    fn full_width_latin_nickname() {
        let ken = keys("ＫＥＮ", None);
        assert_eq!(ken.folded, "ken|");
        assert_eq!(matches("ken", &ken), Some(MatchKind::Prefix));
        assert_eq!(matches("ケン", &ken), Some(MatchKind::Prefix));
        assert_eq!(matches("en", &ken), Some(MatchKind::Substring));
    }

    #[test]
    fn western_nicknames_are_found_as_typed() {
        let zoe = keys("Zoë", None);
        assert_eq!(zoe.folded, "zoe|");
        assert_eq!(matches("zoe", &zoe), Some(MatchKind::Prefix));
        assert_eq!(matches("Zoë", &zoe), Some(MatchKind::Prefix));
        assert_eq!(matches("oe", &zoe), Some(MatchKind::Substring));
        // Respelling turns "Tim" into "chim" and "Dustin" into "zuschin"; the folded key still
        // finds them letter by letter.
        let tim = keys("Tim", None);
        for query in ["t", "ti", "tim", "TIM"] {
            assert_eq!(matches(query, &tim), Some(MatchKind::Prefix), "{query}");
        }
        let dustin = keys("Dustin", None);
        for query in ["d", "du", "dus", "dust", "dusti"] {
            assert_eq!(matches(query, &dustin), Some(MatchKind::Prefix), "{query}");
        }
    }

    #[test]
    fn kanji_nicknames_are_found_by_kanji() {
        let yamada = keys("山田", Some("やまだ"));
        assert_eq!(yamada.romaji, "山田|yamada");
        assert_eq!(matches("田", &yamada), Some(MatchKind::Substring));
        assert_eq!(matches("山", &yamada), Some(MatchKind::Prefix));
        assert_eq!(matches("yama", &yamada), Some(MatchKind::Prefix));
        assert_eq!(matches("まだ", &yamada), Some(MatchKind::Substring));
        assert_eq!(matches("川", &yamada), None);
    }

    #[test]
    fn a_match_never_spans_nickname_and_reading() {
        let kenji = keys("Ken", Some("じ"));
        assert_eq!(kenji.romaji, "ken|ji");
        assert_eq!(kenji.folded, "ken|じ");
        assert_eq!(matches("nji", &kenji), None);
        assert_eq!(matches("nじ", &kenji), None);
        assert_eq!(matches("kenji", &kenji), None);
        assert_eq!(matches("ji", &kenji), Some(MatchKind::Prefix));
        assert!(!kenji.romaji.contains(Query::parse("nji").unwrap().romaji()));
    }

    #[test]
    fn nothing_searchable_is_no_query() {
        for input in ["", "   ", "　", "。、・「」", "!?%_\\'-", "☆♪", "\t\n"] {
            assert_eq!(Query::parse(input), None, "{input:?}");
        }
    }

    #[test]
    fn query_exposes_its_keys() {
        let query = Query::parse(" ｼｮｰﾀ! ").unwrap();
        assert_eq!(query.folded(), "しょーた");
        assert_eq!(query.romaji(), "shota");
    }

    #[test]
    fn like_escape_escapes_wildcards_and_itself() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(like_escape("ゆう"), "ゆう");
        assert_eq!(like_escape(""), "");
    }

    #[test]
    fn a_key_is_its_own_key() {
        for text in [
            "しょうた",
            "まっちゃ",
            "みすゞ",
            "ティナ",
            "Shin'ichi",
            "Jessica",
            "Yuhh",
            "おっほ",
            "山田さん",
            "ヴァイオレット",
            "Ōno",
        ] {
            let key = romaji_key(text);
            assert_eq!(romaji_key(&key), key, "{text}");
            assert_eq!(fold(&fold(text)), fold(text), "{text}");
        }
    }

    fn terms(nickname: &str, reading: Option<&str>) -> Vec<(String, bool)> {
        keys(nickname, reading)
            .terms()
            .into_iter()
            .map(|t| (t.term, t.at_start))
            .collect()
    }

    fn owned(terms: &[(&str, bool)]) -> Vec<(String, bool)> {
        terms.iter().map(|&(t, s)| (t.to_owned(), s)).collect()
    }

    #[test]
    fn terms_of_kana_are_every_suffix_in_kana_and_in_romaji() {
        assert_eq!(
            terms("ゆうこ", None),
            owned(&[
                ("ko", false),
                ("o", false),
                ("uko", false),
                ("yuko", true),
                ("うこ", false),
                ("こ", false),
                ("ゆうこ", true),
            ])
        );
        // Katakana and half-width katakana give the same terms as hiragana.
        assert_eq!(terms("ユウコ", None), terms("ゆうこ", None));
        assert_eq!(terms("ﾕｳｺ", None), terms("ゆうこ", None));
    }

    #[test]
    fn terms_of_a_reading_begin_its_own_part() {
        let found = terms("山田", Some("やまだ"));
        for (term, at_start) in [
            ("山田", true),
            ("田", false),
            ("やまだ", true),
            ("まだ", false),
            ("yamada", true),
            ("mada", false),
            ("a", false),
        ] {
            assert!(
                found.contains(&(term.to_owned(), at_start)),
                "{term} {at_start}"
            );
        }
        assert!(found.iter().all(|(term, _)| !term.is_empty()));
    }

    #[test]
    fn terms_of_full_width_latin_are_folded_and_one_per_text() {
        // The folded and the romaji key are both "ken": each term once.
        assert_eq!(
            terms("ＫＥＮ", None),
            owned(&[("en", false), ("ken", true), ("n", false)])
        );
        assert_eq!(terms("Ken", None), terms("ＫＥＮ", None));
    }

    #[test]
    fn a_term_that_begins_any_part_is_at_start() {
        // "en" is inside the nickname and begins the reading: stored once, as a prefix,
        // whichever part comes first.
        assert_eq!(
            terms("Ken", Some("En")),
            owned(&[("en", true), ("ken", true), ("n", false)])
        );
        assert_eq!(terms("En", Some("Ken")), terms("Ken", Some("En")));
        let sasaki = terms("ささき", Some("ささき"));
        let mut unique = sasaki.clone();
        unique.dedup_by(|a, b| a.0 == b.0);
        assert_eq!(unique, sasaki, "no term twice");
    }

    #[test]
    fn no_term_holds_the_separator_or_spans_the_parts() {
        for (nickname, reading) in [
            ("Ken", Some("じ")),
            ("a|b", Some("|")),
            ("ゆー。", Some("ゆう")),
            ("山田 花子", None),
        ] {
            let keys = keys(nickname, reading);
            for term in keys.terms() {
                assert!(
                    !term.term.contains(SearchKeys::SEPARATOR),
                    "{nickname}: {term:?}"
                );
            }
        }
        let kenji = terms("Ken", Some("じ"));
        assert!(!kenji.iter().any(|(term, _)| term.contains("nj")));
    }

    #[test]
    fn terms_are_cut_to_term_chars() {
        let long = keys("わたなべはなこさん", Some("Watanabe Hanako"));
        let terms = long.terms();
        assert!(terms.iter().all(|t| t.term.chars().count() <= TERM_CHARS));
        assert!(terms.contains(&SearchTerm {
            term: "わたなべはなこさ".into(),
            at_start: true
        }));
        assert!(terms.contains(&SearchTerm {
            term: "watanabe".into(),
            at_start: true
        }));
        assert!(terms.contains(&SearchTerm {
            term: "ん".into(),
            at_start: false
        }));
        // An erased regular's empty keys have no terms at all.
        let erased = SearchKeys {
            folded: String::new(),
            romaji: String::new(),
        };
        assert!(erased.terms().is_empty());
    }

    #[test]
    fn a_query_matches_exactly_when_a_term_in_its_range_does() {
        let names = [
            ("ゆー。", Some("ゆう")),
            ("山田 花子", Some("やまだ はなこ")),
            ("Ken", None),
            ("しょうた", None),
            ("まっちゃ", Some("Maccha")),
            ("Zoë", None),
            ("わたなべはなこさん", Some("わたなべ")),
            ("ＫＥＮ", Some("けん")),
            ("Tim", None),
            // A character beyond the first 65,536 right after the query.
            ("山𠮷", Some("やまよし")),
        ];
        let queries = [
            "ゆ",
            "yu",
            "ﾕｳ",
            "hana",
            "はなこ",
            "山田",
            "田",
            "KEN",
            "en",
            "sho",
            "ota",
            "matc",
            "ccha",
            "zoe",
            "oe",
            "watanabe",
            "たなべはなこさん",
            "なべはなこさん",
            "hanakosan",
            "n",
            "tim",
            "chi",
            "x",
            "ほしの",
            "山",
        ];
        for (nickname, reading) in names {
            let keys = keys(nickname, reading);
            let terms = keys.terms();
            for typed in queries {
                let query = Query::parse(typed).unwrap();
                let found = |prefix_only: bool| {
                    [query.folded(), query.romaji()].iter().any(|key| {
                        let (from, to) = term_range(key);
                        terms.iter().any(|t| {
                            (t.at_start || !prefix_only)
                                && t.term.as_str() >= from.as_str()
                                && t.term.as_str() < to.as_str()
                        })
                    })
                };
                let short = query.folded().chars().count() <= TERM_CHARS
                    && query.romaji().chars().count() <= TERM_CHARS;
                let what = format!("{typed} in {nickname}");
                match query.matches(&keys) {
                    Some(MatchKind::Prefix) => assert!(found(true), "{what}"),
                    Some(MatchKind::Substring) => {
                        assert!(found(false), "{what}");
                        if short {
                            assert!(!found(true), "{what}");
                        }
                    }
                    None if short => assert!(!found(false), "{what}"),
                    None => {}
                }
            }
        }
    }

    #[test]
    fn prefix_ranks_before_substring() {
        assert!(MatchKind::Prefix < MatchKind::Substring);
    }
}
