//! A regular's form as typed, and the profile it becomes once every field is checked.

use serde::{Deserialize, Serialize};

use super::{Consents, Links, Nickname, Notes, Reading, RegularError, RegularField, Tagline, Tags};
use crate::reading::SearchKeys;

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
    use crate::reading;
    use crate::regular::tags::tests::tag_texts;
    use crate::staff::StaffId;

    const MIDORI: StaffId = StaffId(1);

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
