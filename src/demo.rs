//! Demo data: what a busy neighbourhood shop's year looks like, for screenshots, the insights
//! page and the benchmark. `joren demo` writes it (see `storage::demo`); this module decides
//! it: who the regulars are (Japanese and Western nicknames with their readings, tags, links),
//! and when people come in (more at the weekend, peaks at breakfast, lunch and tea).
//!
//! Everything is drawn from a seeded generator, so the same size and seed give the same shop.
//! Every profile goes through [`Profile::parse`], the same check the edit form uses.

use crate::regular::{Profile, RegularDraft};

/// How much demo data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    pub regulars: u32,
    /// Visits over the past year, before the people in the shop now.
    pub visits: u64,
    /// People checked in within the presence window, "in the shop now".
    pub present: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    #[error("a demo shop needs at least one regular")]
    NoRegulars,
    #[error("{present} people cannot be in the shop when it has {regulars} regulars")]
    TooManyPresent { present: u32, regulars: u32 },
    #[error("at most 10,000,000 regulars and 100,000,000 visits")]
    TooLarge,
}

impl DemoSize {
    pub fn new(regulars: u32, visits: u64, present: u32) -> Result<Self, DemoError> {
        if regulars == 0 {
            return Err(DemoError::NoRegulars);
        }
        if present > regulars {
            return Err(DemoError::TooManyPresent { present, regulars });
        }
        if regulars > 10_000_000 || visits > 100_000_000 {
            return Err(DemoError::TooLarge);
        }
        Ok(Self {
            regulars,
            visits,
            present,
        })
    }
}

/// (written, reading) — family names.
const FAMILY_NAMES: &[(&str, &str)] = &[
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("清水", "しみず"),
    ("森", "もり"),
    ("池田", "いけだ"),
    ("橋本", "はしもと"),
    ("石川", "いしかわ"),
    ("前田", "まえだ"),
    ("藤田", "ふじた"),
    ("小川", "おがわ"),
    ("岡田", "おかだ"),
    ("長谷川", "はせがわ"),
    ("村上", "むらかみ"),
    ("近藤", "こんどう"),
    ("坂本", "さかもと"),
];

/// (written, reading) — given names, in kanji or kana as people write them.
const GIVEN_NAMES: &[(&str, &str)] = &[
    ("さくら", "さくら"),
    ("陽菜", "ひな"),
    ("美咲", "みさき"),
    ("結衣", "ゆい"),
    ("葵", "あおい"),
    ("ゆうき", "ゆうき"),
    ("蓮", "れん"),
    ("湊", "みなと"),
    ("健太", "けんた"),
    ("翔太", "しょうた"),
    ("大輝", "だいき"),
    ("拓海", "たくみ"),
    ("真央", "まお"),
    ("千尋", "ちひろ"),
    ("りょう", "りょう"),
    ("しおり", "しおり"),
    ("彩", "あや"),
    ("純一", "じゅんいち"),
    ("恵子", "けいこ"),
    ("和也", "かずや"),
    ("ひかる", "ひかる"),
    ("奈々", "なな"),
    ("悠人", "ゆうと"),
    ("めぐみ", "めぐみ"),
    ("誠", "まこと"),
    ("京子", "きょうこ"),
    ("修", "おさむ"),
    ("ゆー", "ゆう"),
    ("こうへい", "こうへい"),
    ("瑞希", "みずき"),
];

/// (written, reading in katakana) — Western names, as staff write them.
const WESTERN_NAMES: &[(&str, &str)] = &[
    ("Emma", "エマ"),
    ("Lucas", "ルーカス"),
    ("Olivia", "オリビア"),
    ("Noah", "ノア"),
    ("Mia", "ミア"),
    ("Leo", "レオ"),
    ("Chloé", "クロエ"),
    ("Hugo", "ユーゴ"),
    ("Sofia", "ソフィア"),
    ("Daniel", "ダニエル"),
    ("Anna", "アンナ"),
    ("Tom", "トム"),
    ("Grace", "グレース"),
    ("Mateo", "マテオ"),
    ("Ingrid", "イングリッド"),
    ("Sam", "サム"),
];

/// How people are called at the counter: "田中さん", "さくらちゃん", "Emma B.".
const JAPANESE_FORMS: &[(&str, &str)] = &[("さん", "さん"), ("ちゃん", "ちゃん"), ("くん", "くん")];

/// What people like, as staff would note it, in both languages.
const INTERESTS: &[&str] = &[
    "コーヒー",
    "coffee",
    "ジャズ",
    "jazz",
    "読書",
    "books",
    "古本",
    "山登り",
    "hiking",
    "自転車",
    "cycling",
    "フィルムカメラ",
    "film cameras",
    "陶芸",
    "ceramics",
    "編み物",
    "knitting",
    "映画",
    "film",
    "猫",
    "cats",
    "パン",
    "bread",
    "ギャラリー巡り",
    "料理",
    "cooking",
    "将棋",
    "ランニング",
    "running",
    "植物",
];

/// What one can offer and what the other may be looking for: each pair is a reason to meet.
const OFFER_AND_NEED: &[(&str, &str)] = &[
    ("写真", "お店の写真"),
    ("photography", "photos for my shop"),
    ("イラスト", "イラストレーター"),
    ("illustration", "an illustrator"),
    ("webデザイン", "ホームページ制作"),
    ("web design", "a website"),
    ("翻訳", "英語の翻訳"),
    ("translation", "a translator"),
    ("英会話", "英語の先生"),
    ("経理", "確定申告の相談"),
    ("ケータリング", "パーティーの料理"),
    ("花", "お店の花"),
    ("ピアノ", "ピアノの先生"),
    ("パン", "パンの卸"),
    ("sourdough", "bread for our café"),
    ("大工", "棚の修理"),
    ("動画編集", "動画"),
    ("video", "a video for our shop"),
];

/// Taglines for the people with something to show: creators, makers, teachers.
const TAGLINES: &[&str] = &[
    "写真家。街の小さなお店を撮っています",
    "イラストレーター、絵本と雑誌の挿絵",
    "Photographer — portraits and small businesses",
    "Illustrator, picture books and posters",
    "陶芸家。器を作っています",
    "webデザイナー。個人店のホームページ",
    "Translator, Japanese ↔ English",
    "パン屋を開く準備中",
    "ピアノ教室をしています",
    "Video maker for local shops",
    "花屋で働いています",
    "大工。小さな修理から",
];

const NOTES: &[&str] = &[
    "オーツミルク派",
    "窓際の席が好き",
    "朝はいつもブレンド",
    "犬連れで来ることも",
    "Likes the corner table",
    "デカフェ",
    "甘いものは控えめに",
];

/// One demo regular: the profile as the edit form would send it, checked, and the consents.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRegular {
    pub profile: Profile,
    pub may_be_introduced: bool,
    pub may_show_links: bool,
    /// How often they come, relative to the others (heavy-tailed: a few come daily).
    pub frequency: f64,
}

/// Makes the `n`-th demo regular. About one in ten is a creator with a tagline, things to
/// offer and links; most have interests; a few have staff notes.
pub fn regular(rng: &mut fastrand::Rng, n: u32) -> DemoRegular {
    let (nickname, reading) = name(rng, n);
    let creator = rng.u32(0..10) == 0;
    let count = rng.usize(0..=4);
    let interests = pick(rng, INTERESTS, count);
    let (offers, looking_for) = if creator {
        let offer = OFFER_AND_NEED[rng.usize(0..OFFER_AND_NEED.len())].0;
        (vec![offer], Vec::new())
    } else if rng.u32(0..6) == 0 {
        let need = OFFER_AND_NEED[rng.usize(0..OFFER_AND_NEED.len())].1;
        (Vec::new(), vec![need])
    } else {
        (Vec::new(), Vec::new())
    };
    let handle = format!("demo_{}_{n}", romaji_handle(&reading));
    let links = if creator {
        let mut links = vec![format!("@{handle}")];
        if rng.bool() {
            links.push(format!(
                "ポートフォリオ https://{}.example/works",
                handle.replace('_', "-")
            ));
        }
        links.join("\n")
    } else {
        String::new()
    };
    let draft = RegularDraft {
        nickname,
        reading,
        tagline: if creator {
            TAGLINES[rng.usize(0..TAGLINES.len())].to_owned()
        } else {
            String::new()
        },
        interests: interests.join("、"),
        offers: offers.join("、"),
        looking_for: looking_for.join("、"),
        links,
        notes: if rng.u32(0..8) == 0 {
            NOTES[rng.usize(0..NOTES.len())].to_owned()
        } else {
            String::new()
        },
        may_be_introduced: rng.u32(0..10) < 6,
        may_show_links: creator && rng.u32(0..10) < 8,
    };
    let profile = Profile::parse(&draft)
        .unwrap_or_else(|problems| panic!("demo regular {n} is not a valid profile: {problems:?}"));
    // A Pareto-like spread: most come now and then, a few nearly every day.
    let frequency = 1.0 / (1.0 - rng.f64() * 0.97).powf(1.4);
    DemoRegular {
        profile,
        may_be_introduced: draft.may_be_introduced,
        may_show_links: draft.may_show_links,
        frequency,
    }
}

/// A nickname and its reading: "田中さん" (たなかさん), "さくらちゃん", "佐藤 美咲", "Emma B.".
fn name(rng: &mut fastrand::Rng, n: u32) -> (String, String) {
    let family = FAMILY_NAMES[rng.usize(0..FAMILY_NAMES.len())];
    let given = GIVEN_NAMES[rng.usize(0..GIVEN_NAMES.len())];
    let form = JAPANESE_FORMS[rng.usize(0..JAPANESE_FORMS.len())];
    match rng.u32(0..10) {
        0..=2 => (
            format!("{}{}", family.0, form.0),
            format!("{}{}", family.1, form.1),
        ),
        3..=4 => (
            format!("{}{}", given.0, form.0),
            format!("{}{}", given.1, form.1),
        ),
        5..=6 => (
            format!("{} {}", family.0, given.0),
            format!("{} {}", family.1, given.1),
        ),
        7 => (given.0.to_owned(), given.1.to_owned()),
        _ => {
            let western = WESTERN_NAMES[rng.usize(0..WESTERN_NAMES.len())];
            let initial = char::from(b'A' + (n % 26) as u8);
            (format!("{} {initial}.", western.0), western.1.to_owned())
        }
    }
}

/// An Instagram-safe handle from a reading: its romaji, letters only.
fn romaji_handle(reading: &str) -> String {
    let romaji: String = crate::reading::romaji_key(reading)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(12)
        .collect();
    if romaji.is_empty() {
        "guest".to_owned()
    } else {
        romaji
    }
}

fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str], count: usize) -> Vec<&'a str> {
    let mut picked: Vec<&str> = Vec::with_capacity(count);
    while picked.len() < count.min(from.len()) {
        let tag = from[rng.usize(0..from.len())];
        if !picked.contains(&tag) {
            picked.push(tag);
        }
    }
    picked
}

const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MILLIS: i64 = 60 * 60 * 1000;

/// When people come in, by the hour of the shop's day (8:00 to 20:00): breakfast, lunch and
/// tea are busy, the evening quiet.
const HOUR_WEIGHTS: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // closed until 8:00
    9.0, 7.0, 5.0, 6.0, 10.0, 8.0, 5.0, 7.0, 6.0, 4.0, 3.0, 2.0, // 8:00 - 19:59
    0.0, 0.0, 0.0, 0.0,
];

/// Busier at the weekend, quiet on Mondays; Monday first.
const WEEKDAY_WEIGHTS: [f64; 7] = [0.7, 0.9, 0.95, 1.0, 1.1, 1.5, 1.35];

/// How many of `total` visits fall on each of the `days` days that end on the day of
/// `end_millis` (the shop's local day), by weekday and with some day-to-day noise. The
/// counts add up to exactly `total`.
pub fn visits_per_day(
    rng: &mut fastrand::Rng,
    total: u64,
    days: usize,
    first_day_start: i64,
    utc_offset_millis: i64,
) -> Vec<u64> {
    let weights: Vec<f64> = (0..days)
        .map(|day| {
            let local_day = (first_day_start + utc_offset_millis) / DAY_MILLIS + day as i64;
            // 1970-01-01 was a Thursday: index 3 with Monday as 0.
            let weekday = (local_day + 3).rem_euclid(7) as usize;
            WEEKDAY_WEIGHTS[weekday] * (0.85 + rng.f64() * 0.3)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut counts: Vec<u64> = weights
        .iter()
        .map(|w| (total as f64 * w / sum).floor() as u64)
        .collect();
    let mut missing = total - counts.iter().sum::<u64>();
    let mut day = 0;
    while missing > 0 {
        counts[day % days] += 1;
        missing -= 1;
        day += 7;
    }
    counts
}

/// A time within the shop's opening hours on the local day starting at `day_start` (UTC ms of
/// local midnight), following [`HOUR_WEIGHTS`].
pub fn visit_time(rng: &mut fastrand::Rng, day_start: i64) -> i64 {
    let total: f64 = HOUR_WEIGHTS.iter().sum();
    let mut target = rng.f64() * total;
    // The last opening hour, should rounding leave the target past every weight.
    let mut hour = 19;
    for (h, weight) in HOUR_WEIGHTS.iter().enumerate() {
        if target < *weight {
            hour = h;
            break;
        }
        target -= weight;
    }
    day_start + hour as i64 * HOUR_MILLIS + rng.i64(0..HOUR_MILLIS)
}

/// UTC milliseconds of the shop's local midnight at or before `at`.
pub fn local_midnight(at: i64, utc_offset_millis: i64) -> i64 {
    (at + utc_offset_millis).div_euclid(DAY_MILLIS) * DAY_MILLIS - utc_offset_millis
}

/// Picks people in proportion to how often they come: a cumulative table searched by
/// bisection, so drawing millions of visits stays quick.
#[derive(Debug, Clone)]
pub struct Crowd {
    cumulative: Vec<f64>,
}

impl Crowd {
    pub fn new(frequencies: impl IntoIterator<Item = f64>) -> Self {
        let mut sum = 0.0;
        let cumulative = frequencies
            .into_iter()
            .map(|f| {
                sum += f.max(0.0);
                sum
            })
            .collect();
        Self { cumulative }
    }

    /// The index of the person who comes in next.
    pub fn pick(&self, rng: &mut fastrand::Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.f64() * total;
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

pub const DEMO_DAYS: usize = 365;
pub const DEMO_DAY_MILLIS: i64 = DAY_MILLIS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_regular_is_a_valid_profile_and_the_seed_repeats() {
        let mut a = fastrand::Rng::with_seed(7);
        let mut b = fastrand::Rng::with_seed(7);
        let first: Vec<_> = (0..500).map(|n| regular(&mut a, n)).collect();
        let second: Vec<_> = (0..500).map(|n| regular(&mut b, n)).collect();
        assert_eq!(first, second);
        let creators = first.iter().filter(|r| !r.profile.links.is_empty()).count();
        assert!((20..=90).contains(&creators), "{creators} creators of 500");
        let readings = first.iter().filter(|r| r.profile.reading.is_some()).count();
        assert_eq!(readings, 500, "every demo nickname has its reading");
        assert!(
            first
                .iter()
                .all(|r| !r.may_show_links || !r.profile.links.is_empty())
        );
        let western = first
            .iter()
            .filter(|r| {
                r.profile.nickname.as_str().is_ascii() || r.profile.nickname.as_str().contains('é')
            })
            .count();
        assert!(western > 0 && western < 250, "{western} Western names");
    }

    #[test]
    fn the_visits_per_day_add_up_and_weekends_are_busier() {
        let mut rng = fastrand::Rng::with_seed(1);
        // 2026-11-23 00:00 in Tokyo was a Monday.
        let monday = local_midnight(1_795_359_600_000, 9 * HOUR_MILLIS);
        let counts = visits_per_day(&mut rng, 1_000_003, 364, monday, 9 * HOUR_MILLIS);
        assert_eq!(counts.iter().sum::<u64>(), 1_000_003);
        let by_weekday = |wd: usize| -> u64 { counts.iter().skip(wd).step_by(7).sum() };
        assert!(by_weekday(5) > by_weekday(0) * 3 / 2, "{counts:?}");
    }

    #[test]
    fn visits_fall_within_opening_hours_in_the_shops_time() {
        let mut rng = fastrand::Rng::with_seed(2);
        let offset = 9 * HOUR_MILLIS;
        let day = local_midnight(1_795_400_000_000, offset);
        for _ in 0..10_000 {
            let at = visit_time(&mut rng, day);
            let local_hour = (at - day) / HOUR_MILLIS;
            assert!((8..20).contains(&local_hour), "{local_hour}");
        }
        // Local midnight in Tokyo is 15:00 UTC the day before.
        assert_eq!((day / HOUR_MILLIS).rem_euclid(24), 15);
    }

    #[test]
    fn the_crowd_favours_the_frequent() {
        let crowd = Crowd::new([1.0, 0.0, 9.0]);
        let mut rng = fastrand::Rng::with_seed(3);
        let mut seen = [0u32; 3];
        for _ in 0..10_000 {
            seen[crowd.pick(&mut rng)] += 1;
        }
        assert_eq!(seen[1], 0);
        assert!(seen[2] > seen[0] * 6, "{seen:?}");
    }

    #[test]
    fn sizes_are_checked() {
        assert_eq!(DemoSize::new(0, 10, 0), Err(DemoError::NoRegulars));
        assert_eq!(
            DemoSize::new(10, 10, 11),
            Err(DemoError::TooManyPresent {
                present: 11,
                regulars: 10
            })
        );
        assert!(DemoSize::new(100_000, 5_000_000, 300).is_ok());
    }
}
