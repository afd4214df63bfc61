//! Whom to introduce: suggestions for one person among those in the shop now, and the
//! talking points of any two people.
//!
//! **Matching.** Tags are compared however they were typed: case, full or half width, and
//! hiragana or katakana do not matter ("Photo" = "ｐｈｏｔｏ", "カメラ" = "かめら"). Beyond
//! equal tags, one tag inside the other matches ("写真" in "お店の写真", "photo" in "photos
//! for my shop"; a Latin tag needs four letters, so "art" does not match "smartphone"), and so
//! do two words of the tags that are equal (three letters or more, not a word like "for" or
//! "my") or share their first five letters ("photography" and "photos", "illustration" and
//! "illustrator").
//!
//! **Reasons.** What one offers that the other is looking for (both ways), the interests they
//! share, and how often both were in the shop at the same time: the number of the first
//! person's visits with a visit of the other within the window either side.
//!
//! **Ranking.** More offer/looking-for matches first; then more shared interests; then more
//! times together; then whoever comes more often; then the older regular (smaller id), so the
//! order never changes between two identical screens. Nobody is suggested who has not agreed
//! to be introduced, who already met the person here, or with nothing to say about them.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::reading::fold;
use crate::regular::{RegularId, Tags};

/// Times together from which "often here at the same time" is a reason of its own.
pub const OFTEN_TOGETHER: u32 = 2;

/// Short words that say nothing about what a tag means.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "my", "need", "new", "of", "on", "our",
    "some", "the", "to", "want", "who", "with", "your", "looking",
];

/// The shortest common start of two Latin words that counts as the same word.
const SHARED_STEM: usize = 5;

/// A tag as written, and folded once for matching.
#[derive(Debug, Clone)]
struct Folded {
    written: String,
    whole: String,
    words: Vec<String>,
}

impl Folded {
    fn of(written: &str) -> Folded {
        let words: Vec<String> = written
            .split(|c: char| !c.is_alphanumeric())
            .map(fold)
            .filter(|word| !word.is_empty())
            .collect();
        // Folding drops what is not a letter or digit, so the whole tag folded is its words
        // folded, one after the other.
        Folded {
            written: written.to_owned(),
            whole: words.concat(),
            words,
        }
    }

    fn matches(&self, other: &Folded) -> bool {
        if self.whole.is_empty() || other.whole.is_empty() {
            // Emoji or symbols only: nothing to fold, so only the same text matches.
            return self.written == other.written;
        }
        if self.whole == other.whole {
            return true;
        }
        let (short, long) = if self.whole.chars().count() <= other.whole.chars().count() {
            (&self.whole, &other.whole)
        } else {
            (&other.whole, &self.whole)
        };
        let needed = if short.is_ascii() { 4 } else { 2 };
        if short.chars().count() >= needed && long.contains(short.as_str()) {
            return true;
        }
        self.words
            .iter()
            .any(|mine| other.words.iter().any(|theirs| words_match(mine, theirs)))
    }
}

fn words_match(a: &str, b: &str) -> bool {
    if a == b {
        return a.chars().count() >= 3 && !STOP_WORDS.contains(&a);
    }
    a.is_ascii()
        && b.is_ascii()
        && a.len() >= SHARED_STEM
        && b.len() >= SHARED_STEM
        && a.as_bytes()[..SHARED_STEM] == b.as_bytes()[..SHARED_STEM]
}

/// Whether an offer and a wish (or two interests) mean the same thing.
pub fn tags_match(a: &str, b: &str) -> bool {
    Folded::of(a).matches(&Folded::of(b))
}

/// How the ranking sees one person. Tags are folded once here, so ranking 300 people stays
/// cheap.
#[derive(Debug, Clone)]
pub struct Person {
    id: RegularId,
    may_be_introduced: bool,
    interests: Vec<Folded>,
    offers: Vec<Folded>,
    looking_for: Vec<Folded>,
    /// Check-in times (Unix ms), sorted.
    visits: Vec<i64>,
}

impl Person {
    /// `visits`: their check-in times (Unix ms) over a lookback period, in any order.
    pub fn new(
        id: RegularId,
        may_be_introduced: bool,
        interests: &Tags,
        offers: &Tags,
        looking_for: &Tags,
        mut visits: Vec<i64>,
    ) -> Person {
        let folded = |tags: &Tags| tags.iter().map(|tag| Folded::of(tag.as_str())).collect();
        visits.sort_unstable();
        Person {
            id,
            may_be_introduced,
            interests: folded(interests),
            offers: folded(offers),
            looking_for: folded(looking_for),
            visits,
        }
    }

    pub fn id(&self) -> RegularId {
        self.id
    }
}

/// What one offers that the other is looking for, both as the people wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagMatch {
    pub offered: String,
    pub wanted: String,
}

/// Why two people (`a` and `b`) could meet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reasons {
    /// What `a` offers that `b` is looking for.
    pub a_offers: Vec<TagMatch>,
    /// What `b` offers that `a` is looking for.
    pub b_offers: Vec<TagMatch>,
    /// Interests both have, as `a` wrote them.
    pub shared_interests: Vec<String>,
    /// Occasions both were in the shop at the same time, the current one included.
    pub times_together: u32,
}

impl Reasons {
    /// Offer ↔ looking-for matches, both ways.
    pub fn complementary(&self) -> usize {
        self.a_offers.len() + self.b_offers.len()
    }

    /// Whether there is nothing to say about the two.
    pub fn is_empty(&self) -> bool {
        self.complementary() == 0
            && self.shared_interests.is_empty()
            && self.times_together < OFTEN_TOGETHER
    }
}

/// The talking points of `a` and `b`: the same matching the ranking uses.
pub fn reasons(a: &Person, b: &Person, together_window_millis: i64) -> Reasons {
    Reasons {
        a_offers: offered(&a.offers, &b.looking_for),
        b_offers: offered(&b.offers, &a.looking_for),
        shared_interests: a
            .interests
            .iter()
            .filter(|mine| b.interests.iter().any(|theirs| mine.matches(theirs)))
            .map(|mine| mine.written.clone())
            .collect(),
        times_together: times_together(&a.visits, &b.visits, together_window_millis),
    }
}

fn offered(offers: &[Folded], wanted: &[Folded]) -> Vec<TagMatch> {
    offers
        .iter()
        .flat_map(|offer| {
            wanted
                .iter()
                .filter(|wish| offer.matches(wish))
                .map(|wish| TagMatch {
                    offered: offer.written.clone(),
                    wanted: wish.written.clone(),
                })
        })
        .collect()
}

/// How many of `a`'s visits have a visit of `b` within `window` either side. Both sorted.
fn times_together(a: &[i64], b: &[i64], window: i64) -> u32 {
    let mut count = 0;
    let mut start = 0;
    for &visit in a {
        // `b[start..]` are the visits not too early for this one; later visits of `a` only
        // move the start forward.
        while start < b.len() && b[start] < visit.saturating_sub(window) {
            start += 1;
        }
        if start < b.len() && b[start] <= visit.saturating_add(window) {
            count += 1;
        }
    }
    count
}

/// One person worth introducing, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: RegularId,
    /// With `a` the selected person and `b` the suggested one.
    pub reasons: Reasons,
}

/// Ranked suggestions for `selected` among `present`, at most `limit` (see the module's
/// documentation for the order).
pub fn suggest(
    selected: &Person,
    present: &[Person],
    already_met: &HashSet<RegularId>,
    together_window_millis: i64,
    limit: usize,
) -> Vec<Suggestion> {
    if !selected.may_be_introduced {
        return Vec::new();
    }
    let mut seen = HashSet::with_capacity(present.len());
    let mut ranked: Vec<(&Person, Reasons)> = present
        .iter()
        .filter(|other| {
            other.id != selected.id
                && other.may_be_introduced
                && !already_met.contains(&other.id)
                && seen.insert(other.id)
        })
        .map(|other| (other, reasons(selected, other, together_window_millis)))
        .filter(|(_, reasons)| !reasons.is_empty())
        .collect();
    ranked.sort_by(|(a, ra), (b, rb)| {
        rb.complementary()
            .cmp(&ra.complementary())
            .then(rb.shared_interests.len().cmp(&ra.shared_interests.len()))
            .then(rb.times_together.cmp(&ra.times_together))
            .then(b.visits.len().cmp(&a.visits.len()))
            .then(a.id.0.cmp(&b.id.0))
    });
    ranked
        .into_iter()
        .take(limit)
        .map(|(other, reasons)| Suggestion {
            id: other.id,
            reasons,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 60 * 60 * 1000;
    const WINDOW: i64 = 3 * HOUR;

    fn tags(text: &str) -> Tags {
        Tags::parse(text).unwrap()
    }

    struct P<'a> {
        id: i64,
        consent: bool,
        interests: &'a str,
        offers: &'a str,
        looking_for: &'a str,
        visits: Vec<i64>,
    }

    impl P<'_> {
        fn person(&self) -> Person {
            Person::new(
                RegularId(self.id),
                self.consent,
                &tags(self.interests),
                &tags(self.offers),
                &tags(self.looking_for),
                self.visits.clone(),
            )
        }
    }

    fn p(id: i64) -> P<'static> {
        P {
            id,
            consent: true,
            interests: "",
            offers: "",
            looking_for: "",
            visits: vec![0],
        }
    }

    fn ids(suggestions: &[Suggestion]) -> Vec<i64> {
        suggestions.iter().map(|s| s.id.0).collect()
    }

    fn suggest_for(selected: &P, present: &[P]) -> Vec<i64> {
        let present: Vec<Person> = present.iter().map(P::person).collect();
        ids(&suggest(
            &selected.person(),
            &present,
            &HashSet::new(),
            WINDOW,
            10,
        ))
    }

    #[test]
    fn tags_match_whatever_the_case_width_or_kana() {
        assert!(tags_match("Photo", "ｐｈｏｔｏ"));
        assert!(tags_match("カメラ", "かめら"));
        assert!(tags_match("COFFEE", "coffee"));
        assert!(!tags_match("coffee", "tea"));
    }

    #[test]
    fn one_tag_inside_the_other_matches_when_long_enough() {
        assert!(tags_match("写真", "お店の写真"));
        assert!(tags_match("お店の写真", "写真"));
        assert!(tags_match("photo", "photos for my shop"));
        assert!(!tags_match("art", "smartphone repair"));
        assert!(
            !tags_match("絵", "絵本の読み聞かせ"),
            "one kanji is too short"
        );
    }

    #[test]
    fn words_match_when_equal_or_sharing_their_first_five_letters() {
        assert!(tags_match("photography", "photos for my shop"));
        assert!(tags_match("illustration", "an illustrator"));
        assert!(tags_match("web design", "design for our cafe"));
        assert!(!tags_match("photos for my shop", "help for my garden"));
        assert!(!tags_match("the menu", "the garden"));
        assert!(
            !tags_match("photo", "phone"),
            "four shared letters are not enough"
        );
    }

    #[test]
    fn emoji_tags_match_only_themselves() {
        assert!(tags_match("☕", "☕"));
        assert!(!tags_match("☕", "🍵"));
        assert!(!tags_match("☕", "coffee"));
    }

    #[test]
    fn reasons_name_what_each_offers_the_other_and_what_they_share() {
        let yu = P {
            interests: "film cameras, Coffee",
            offers: "photography",
            looking_for: "gallery",
            ..p(1)
        }
        .person();
        let hana = P {
            interests: "coffee",
            offers: "ギャラリー, gallery space",
            looking_for: "photos for my shop",
            ..p(2)
        }
        .person();
        let ab = reasons(&yu, &hana, WINDOW);
        assert_eq!(
            ab.a_offers,
            [TagMatch {
                offered: "photography".into(),
                wanted: "photos for my shop".into()
            }]
        );
        assert_eq!(
            ab.b_offers,
            [TagMatch {
                offered: "gallery space".into(),
                wanted: "gallery".into()
            }]
        );
        assert_eq!(ab.shared_interests, ["Coffee"]);
        assert_eq!(ab.complementary(), 2);
        assert_eq!(ab.times_together, 1);

        let ba = reasons(&hana, &yu, WINDOW);
        assert_eq!(ba.a_offers, ab.b_offers);
        assert_eq!(ba.b_offers, ab.a_offers);
        assert_eq!(
            ba.shared_interests,
            ["coffee"],
            "as the first person wrote it"
        );
    }

    #[test]
    fn times_together_counts_visits_within_the_window_either_side() {
        let t = 1_000 * HOUR;
        assert_eq!(
            times_together(&[t], &[t + WINDOW], WINDOW),
            1,
            "just inside"
        );
        assert_eq!(
            times_together(&[t], &[t - WINDOW], WINDOW),
            1,
            "just inside"
        );
        assert_eq!(
            times_together(&[t], &[t + WINDOW + 1], WINDOW),
            0,
            "outside"
        );
        assert_eq!(
            times_together(&[t], &[t - WINDOW - 1], WINDOW),
            0,
            "outside"
        );
        assert_eq!(
            times_together(&[t], &[t - HOUR, t, t + HOUR], WINDOW),
            1,
            "several visits near one count once"
        );
        assert_eq!(
            times_together(
                &[t, t + 24 * HOUR, t + 48 * HOUR],
                &[t + HOUR, t + 48 * HOUR],
                WINDOW
            ),
            2
        );
        assert_eq!(times_together(&[], &[t], WINDOW), 0);
    }

    #[test]
    fn nothing_in_common_is_no_reason_but_coming_often_together_is() {
        assert!(Reasons::default().is_empty());
        let once = Reasons {
            times_together: OFTEN_TOGETHER - 1,
            ..Reasons::default()
        };
        assert!(once.is_empty());
        let often = Reasons {
            times_together: OFTEN_TOGETHER,
            ..Reasons::default()
        };
        assert!(!often.is_empty());
    }

    #[test]
    fn without_consent_nobody_is_suggested_to_or_suggested() {
        let selected = P {
            offers: "photo",
            ..p(1)
        };
        let wants = P {
            looking_for: "photo",
            ..p(2)
        };
        assert_eq!(suggest_for(&selected, &[wants]), [2]);
        let shy = P {
            looking_for: "photo",
            consent: false,
            ..p(3)
        };
        assert!(suggest_for(&selected, &[shy]).is_empty());
        let selected_shy = P {
            consent: false,
            offers: "photo",
            ..p(1)
        };
        let wants = P {
            looking_for: "photo",
            ..p(2)
        };
        assert!(suggest_for(&selected_shy, &[wants]).is_empty());
    }

    #[test]
    fn the_selected_person_those_already_met_and_duplicates_are_left_out() {
        let selected = P {
            interests: "jazz",
            ..p(1)
        };
        let present: Vec<Person> = [
            P {
                interests: "jazz",
                ..p(1)
            },
            P {
                interests: "jazz",
                ..p(2)
            },
            P {
                interests: "jazz",
                ..p(3)
            },
            P {
                interests: "jazz",
                ..p(3)
            },
        ]
        .iter()
        .map(P::person)
        .collect();
        let met = HashSet::from([RegularId(2)]);
        assert_eq!(
            ids(&suggest(&selected.person(), &present, &met, WINDOW, 10)),
            [3]
        );
    }

    #[test]
    fn complementary_matches_rank_above_shared_interests() {
        let selected = P {
            interests: "jazz, hiking, books",
            offers: "bread",
            ..p(1)
        };
        let shares_three = P {
            interests: "jazz, hiking, books",
            ..p(2)
        };
        let wants_bread = P {
            looking_for: "bread",
            ..p(3)
        };
        assert_eq!(suggest_for(&selected, &[shares_three, wants_bread]), [3, 2]);
    }

    #[test]
    fn among_equal_matches_more_shared_interests_rank_first() {
        let selected = P {
            interests: "jazz, hiking",
            offers: "bread",
            ..p(1)
        };
        let one = P {
            interests: "jazz",
            looking_for: "bread",
            ..p(2)
        };
        let two = P {
            interests: "jazz, hiking",
            looking_for: "bread",
            ..p(3)
        };
        assert_eq!(suggest_for(&selected, &[one, two]), [3, 2]);
    }

    #[test]
    fn among_equal_interests_those_more_often_here_together_rank_first() {
        let t = 1_000 * HOUR;
        let day = 24 * HOUR;
        let selected = P {
            interests: "jazz",
            visits: vec![t - 2 * day, t - day, t],
            ..p(1)
        };
        let seldom = P {
            interests: "jazz",
            visits: vec![t - 2 * day - 10 * HOUR, t],
            ..p(2)
        };
        let often = P {
            interests: "jazz",
            visits: vec![t - day + HOUR, t],
            ..p(3)
        };
        assert_eq!(suggest_for(&selected, &[seldom, often]), [3, 2]);
    }

    #[test]
    fn then_those_who_come_more_often_then_the_older_regular() {
        let t = 1_000 * HOUR;
        let day = 24 * HOUR;
        let selected = P {
            interests: "jazz",
            visits: vec![t],
            ..p(1)
        };
        let rare = P {
            interests: "jazz",
            visits: vec![t],
            ..p(2)
        };
        let frequent = P {
            interests: "jazz",
            visits: vec![t - 30 * day, t - 20 * day, t - 10 * day, t],
            ..p(3)
        };
        let also_rare = P {
            interests: "jazz",
            visits: vec![t],
            ..p(4)
        };
        assert_eq!(
            suggest_for(&selected, &[also_rare, rare, frequent]),
            [3, 2, 4]
        );
    }

    #[test]
    fn only_people_with_something_in_common_are_suggested_and_at_most_the_limit() {
        let t = 1_000 * HOUR;
        let selected = P {
            interests: "jazz",
            visits: vec![t - 24 * HOUR, t],
            ..p(1)
        };
        let stranger = P {
            visits: vec![t],
            ..p(2)
        };
        let regular_companion = P {
            visits: vec![t - 24 * HOUR, t],
            ..p(3)
        };
        assert_eq!(suggest_for(&selected, &[stranger, regular_companion]), [3]);

        let many: Vec<Person> = (10..30)
            .map(|id| {
                P {
                    interests: "jazz",
                    ..p(id)
                }
                .person()
            })
            .collect();
        let top = suggest(&selected.person(), &many, &HashSet::new(), WINDOW, 5);
        assert_eq!(ids(&top), [10, 11, 12, 13, 14]);
    }
}
