//! Introductions, the once-only rule, consent, suggestions and follow-ups against a real
//! SQLite file.

use joren::audit::AuditAction;
use joren::introduction::{FollowUp, Introduce, IntroductionError, IntroductionId, Outcome, Pair};
use joren::loyalty::{RewardText, StampRules};
use joren::regular::{Consents, Notes, Profile, RegularDraft, RegularId};
use joren::storage::Engine;
use joren::storage::Store;
use joren::{Shop, ShopName, ShopSlug, Staff};

use super::{TestDb, shop_with_owner};
use rstest::rstest;

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;
const NOW: i64 = 1_795_500_000_000;

struct Fixture {
    store: Store,
    shop: Shop,
    owner: Staff,
    rules: StampRules,
    _db: TestDb,
}

async fn fixture(engine: Engine) -> Option<Fixture> {
    let db = TestDb::new(engine).await?;
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    Some(Fixture {
        store,
        shop,
        owner,
        rules: StampRules {
            stamps_per_card: 10,
            reward: RewardText::parse("a free coffee").unwrap(),
            min_gap_minutes: 0,
            presence_minutes: 180,
            thank_you_stamp: false,
        },
        _db: db,
    })
}

/// A regular's profile: `offers` and `looking_for` are tag lists as staff type them.
struct Who<'a> {
    nickname: &'a str,
    interests: &'a str,
    offers: &'a str,
    looking_for: &'a str,
    may_be_introduced: bool,
}

impl<'a> Who<'a> {
    fn named(nickname: &'a str) -> Self {
        Who {
            nickname,
            interests: "",
            offers: "",
            looking_for: "",
            may_be_introduced: true,
        }
    }
}

impl Fixture {
    async fn add(&self, who: Who<'_>) -> RegularId {
        let draft = RegularDraft {
            nickname: who.nickname.into(),
            interests: who.interests.into(),
            offers: who.offers.into(),
            looking_for: who.looking_for.into(),
            may_be_introduced: who.may_be_introduced,
            ..RegularDraft::default()
        };
        self.store
            .add_regular(
                self.shop.id,
                &Profile::parse(&draft).unwrap(),
                &Consents::default().after_draft(&draft, NOW - 400 * DAY, self.owner.id),
                self.owner.id,
            )
            .await
            .unwrap()
    }

    async fn check_in(&self, regular: RegularId, at: i64) {
        self.store
            .check_in(self.shop.id, regular, &self.rules, self.owner.id, at)
            .await
            .unwrap()
            .expect("a regular of this shop");
    }

    async fn introduce(
        &self,
        a: RegularId,
        b: RegularId,
        note: Option<&str>,
    ) -> Result<Introduce, IntroductionError> {
        let note = note.map(|text| Notes::parse(text).unwrap());
        match self
            .store
            .introduce(self.shop.id, a, b, note.as_ref(), self.owner.id, NOW)
            .await
            .unwrap()
        {
            Introduce::Refused(refused) => Err(refused),
            done => Ok(done),
        }
    }

    async fn suggested(&self, selected: RegularId) -> Vec<String> {
        self.store
            .suggestions(self.shop.id, selected, &self.rules, NOW, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|suggested| suggested.regular.nickname)
            .collect()
    }

    async fn follow_up(
        &self,
        introduction: IntroductionId,
        outcome: Outcome,
        note: Option<&str>,
        at: i64,
    ) -> Result<FollowUp, IntroductionError> {
        let note = note.map(|text| Notes::parse(text).unwrap());
        match self
            .store
            .record_outcome(
                self.shop.id,
                introduction,
                outcome,
                note.as_ref(),
                self.owner.id,
                at,
            )
            .await
            .unwrap()
        {
            FollowUp::Refused(refused) => Err(refused),
            done => Ok(done),
        }
    }

    /// A second shop in the same database.
    async fn other_shop(&self) -> Shop {
        self.store
            .ensure_shop(
                &ShopSlug::parse("other").unwrap(),
                &ShopName::parse("Other").unwrap(),
            )
            .await
            .unwrap()
    }

    async fn introductions_in_database(&self) -> i64 {
        let pool = self.store.pool_for_tests();
        sqlx::query_scalar("SELECT count(*) FROM introductions")
            .fetch_one(pool)
            .await
            .unwrap()
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_pair_is_introduced_once_and_a_second_try_shows_when_and_by_whom(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(Who::named("ゆー。")).await;
    let mika = f.add(Who::named("Mika")).await;

    let Ok(Introduce::Introduced(id)) = f.introduce(yu, mika, Some("both love film")).await else {
        panic!("a first introduction is recorded");
    };
    // The other way round is the same pair.
    match f.introduce(mika, yu, None).await {
        Ok(Introduce::AlreadyMet(met)) => {
            assert_eq!(met.id, id);
            assert_eq!(met.at, NOW);
            assert_eq!(met.by.as_deref(), Some("みどり"));
            assert_eq!(met.note.as_deref(), Some("both love film"));
            assert_eq!(met.pair, Pair::new(yu, mika).unwrap());
        }
        other => panic!("expected AlreadyMet, got {other:?}"),
    }
    assert_eq!(f.introductions_in_database().await, 1);

    let log = f.store.audit_log(f.shop.id, None, 50).await.unwrap();
    let introduced: Vec<_> = log
        .iter()
        .filter(|entry| entry.action == AuditAction::Introduced)
        .map(|entry| entry.regular)
        .collect();
    assert_eq!(introduced.len(), 2, "one entry for each of the pair");
    assert!(introduced.contains(&Some(yu.0)) && introduced.contains(&Some(mika.0)));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn two_tablets_introducing_the_same_pair_at_once_record_it_once(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let a = f.add(Who::named("Aki")).await;
    let b = f.add(Who::named("Ben")).await;
    let (first, second) = tokio::join!(f.introduce(a, b, None), f.introduce(b, a, None));
    let introduced = [first.unwrap(), second.unwrap()]
        .iter()
        .filter(|answer| matches!(answer, Introduce::Introduced(_)))
        .count();
    assert_eq!(introduced, 1);
    assert_eq!(f.introductions_in_database().await, 1);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn without_consent_or_outside_the_shop_nobody_is_introduced_and_nothing_is_stored(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(Who::named("ゆー。")).await;
    let shy = f
        .add(Who {
            may_be_introduced: false,
            ..Who::named("Shy")
        })
        .await;
    assert_eq!(
        f.introduce(yu, shy, None).await,
        Err(IntroductionError::NoConsent {
            nickname: "Shy".into()
        })
    );
    assert_eq!(
        f.introduce(yu, yu, None).await,
        Err(IntroductionError::SamePerson)
    );

    let other_shop = f
        .store
        .ensure_shop(
            &ShopSlug::parse("other").unwrap(),
            &ShopName::parse("Other").unwrap(),
        )
        .await
        .unwrap();
    let stranger = f
        .store
        .add_regular(
            other_shop.id,
            &Profile::parse(&RegularDraft {
                nickname: "Stranger".into(),
                may_be_introduced: true,
                ..RegularDraft::default()
            })
            .unwrap(),
            &Consents::default().after(true, false, NOW, f.owner.id),
            f.owner.id,
        )
        .await
        .unwrap();
    assert_eq!(
        f.introduce(yu, stranger, None).await,
        Err(IntroductionError::NoSuchRegular)
    );
    assert_eq!(
        f.introduce(yu, RegularId(9_999), None).await,
        Err(IntroductionError::NoSuchRegular)
    );
    assert_eq!(f.introductions_in_database().await, 0);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn suggestions_rank_the_present_by_offers_then_interests_and_leave_out_who_may_not_meet(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f
        .add(Who {
            interests: "film cameras, coffee",
            offers: "photography",
            looking_for: "ギャラリー",
            ..Who::named("ゆー。")
        })
        .await;
    let cafe = f
        .add(Who {
            looking_for: "photos for my shop",
            ..Who::named("Bakery Hana")
        })
        .await;
    let gallery = f
        .add(Who {
            offers: "ぎゃらりー",
            interests: "Coffee",
            ..Who::named("Gallery Ren")
        })
        .await;
    let coffee = f
        .add(Who {
            interests: "ＣＯＦＦＥＥ",
            ..Who::named("Kenji")
        })
        .await;
    let nothing_shared = f.add(Who::named("Stranger")).await;
    let shy = f
        .add(Who {
            looking_for: "photography",
            may_be_introduced: false,
            ..Who::named("Shy")
        })
        .await;
    let gone = f
        .add(Who {
            looking_for: "photography",
            ..Who::named("Gone")
        })
        .await;
    let absent = f
        .add(Who {
            looking_for: "photography",
            ..Who::named("Absent")
        })
        .await;
    let met = f
        .add(Who {
            looking_for: "photography",
            ..Who::named("Met before")
        })
        .await;

    for (i, who) in [yu, cafe, gallery, coffee, nothing_shared, shy, gone, met]
        .into_iter()
        .enumerate()
    {
        f.check_in(who, NOW - 60 * MINUTE + i64::try_from(i).unwrap() * MINUTE)
            .await;
    }
    f.check_in(absent, NOW - 5 * DAY).await;
    let present = f.store.in_the_shop(f.shop.id, &f.rules, NOW).await.unwrap();
    let gone_visit = present.iter().find(|p| p.regular.id == gone).unwrap().visit;
    f.store
        .mark_left(f.shop.id, gone_visit, f.owner.id, NOW)
        .await
        .unwrap();
    assert!(matches!(
        f.introduce(yu, met, None).await,
        Ok(Introduce::Introduced(_))
    ));

    // The bakery and the gallery each have one complementary match (a tie broken by the
    // gallery's shared interest); Kenji shares an interest only.
    assert_eq!(
        f.suggested(yu).await,
        ["Gallery Ren", "Bakery Hana", "Kenji"]
    );
    let reasons = f
        .store
        .suggestions(f.shop.id, yu, &f.rules, NOW, 10)
        .await
        .unwrap();
    assert_eq!(reasons[1].reasons.a_offers.len(), 1);
    assert_eq!(reasons[1].reasons.a_offers[0].offered, "photography");
    assert_eq!(reasons[1].reasons.a_offers[0].wanted, "photos for my shop");
    assert_eq!(reasons[0].reasons.b_offers[0].offered, "ぎゃらりー");
    assert_eq!(reasons[2].reasons.shared_interests, ["coffee"]);

    // Withdrawing consent takes effect at once.
    let mut no_more = f
        .store
        .regular(f.shop.id, gallery)
        .await
        .unwrap()
        .unwrap()
        .profile;
    no_more.tagline = None;
    f.store
        .update_regular(f.shop.id, gallery, &no_more, false, false, f.owner.id)
        .await
        .unwrap();
    assert_eq!(f.suggested(yu).await, ["Bakery Hana", "Kenji"]);
    assert_eq!(
        f.introduce(yu, gallery, None).await,
        Err(IntroductionError::NoConsent {
            nickname: "Gallery Ren".into()
        })
    );
    // Someone who has not agreed gets no suggestions at all.
    assert!(f.suggested(shy).await.is_empty());
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn regulars_who_often_come_at_the_same_time_are_suggested_first_among_equals(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(Who::named("Yu")).await;
    let often = f
        .add(Who {
            interests: "jazz",
            ..Who::named("Often")
        })
        .await;
    let seldom = f
        .add(Who {
            interests: "jazz",
            ..Who::named("Seldom")
        })
        .await;
    let mut yu_profile = f
        .store
        .regular(f.shop.id, yu)
        .await
        .unwrap()
        .unwrap()
        .profile;
    yu_profile.interests = joren::Tags::parse("Jazz").unwrap();
    f.store
        .update_regular(f.shop.id, yu, &yu_profile, true, false, f.owner.id)
        .await
        .unwrap();
    for days_ago in [14, 7] {
        f.check_in(yu, NOW - days_ago * DAY).await;
        f.check_in(often, NOW - days_ago * DAY + 30 * MINUTE).await;
        f.check_in(seldom, NOW - days_ago * DAY - 10 * 60 * MINUTE)
            .await;
    }
    for who in [seldom, often, yu] {
        f.check_in(who, NOW - 20 * MINUTE).await;
    }
    assert_eq!(f.suggested(yu).await, ["Often", "Seldom"]);
    let suggestions = f
        .store
        .suggestions(f.shop.id, yu, &f.rules, NOW, 10)
        .await
        .unwrap();
    assert_eq!(suggestions[0].reasons.times_together, 3);
    assert_eq!(suggestions[1].reasons.times_together, 1);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn outcomes_change_later_and_every_earlier_one_is_kept(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(Who::named("ゆー。")).await;
    let hana = f.add(Who::named("Bakery Hana")).await;
    let Ok(Introduce::Introduced(id)) = f.introduce(yu, hana, None).await else {
        panic!("introduced");
    };
    assert_eq!(
        f.follow_up(id, Outcome::BecameFriends, None, NOW + DAY)
            .await,
        Ok(FollowUp::Recorded)
    );
    // A double tap adds nothing.
    assert_eq!(
        f.follow_up(id, Outcome::BecameFriends, None, NOW + DAY)
            .await,
        Ok(FollowUp::Unchanged)
    );
    assert_eq!(
        f.follow_up(
            id,
            Outcome::WorkedTogether,
            Some("shot the new menu"),
            NOW + 30 * DAY
        )
        .await,
        Ok(FollowUp::Recorded)
    );

    let introduction = f.store.introduction(f.shop.id, id).await.unwrap().unwrap();
    assert_eq!(introduction.outcome(), Some(Outcome::WorkedTogether));
    let history: Vec<_> = introduction
        .outcomes
        .iter()
        .map(|change| (change.outcome, change.note.as_deref(), change.at))
        .collect();
    assert_eq!(
        history,
        [
            (
                Outcome::WorkedTogether,
                Some("shot the new menu"),
                NOW + 30 * DAY
            ),
            (Outcome::BecameFriends, None, NOW + DAY),
        ]
    );
    assert_eq!(introduction.outcomes[0].by.as_deref(), Some("みどり"));

    // Both cards show it, with the other person's name.
    for (me, other) in [(yu, "Bakery Hana"), (hana, "ゆー。")] {
        let met = f.store.introductions_of(f.shop.id, me).await.unwrap();
        assert_eq!(met.len(), 1);
        assert_eq!(met[0].other(me).unwrap().1, other);
        assert_eq!(met[0].outcomes.len(), 2);
    }

    assert_eq!(
        f.follow_up(IntroductionId(id.0 + 100), Outcome::NothingYet, None, NOW)
            .await,
        Err(IntroductionError::NoSuchIntroduction)
    );
    let recorded = f
        .store
        .audit_log(f.shop.id, None, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == AuditAction::OutcomeRecorded)
        .count();
    assert_eq!(
        recorded, 4,
        "two follow-ups, one entry for each of the pair"
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn another_shop_sees_neither_the_introduction_nor_may_follow_it_up(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let a = f.add(Who::named("Aki")).await;
    let b = f.add(Who::named("Ben")).await;
    let Ok(Introduce::Introduced(id)) = f.introduce(a, b, None).await else {
        panic!("introduced");
    };
    let other = f.other_shop().await;
    assert_eq!(f.store.introduction(other.id, id).await.unwrap(), None);
    assert!(
        f.store
            .introductions_of(other.id, a)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f.store
            .record_outcome(other.id, id, Outcome::NothingYet, None, f.owner.id, NOW)
            .await
            .unwrap(),
        FollowUp::Refused(IntroductionError::NoSuchIntroduction)
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_follow_up_asks_the_oldest_open_introduction_in_its_window_one_at_a_time(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(Who::named("ゆー。")).await;
    let introduce_at = |other: RegularId, at: i64| {
        let store = f.store.clone();
        let (shop, owner) = (f.shop.id, f.owner.id);
        async move {
            match store
                .introduce(shop, yu, other, None, owner, at)
                .await
                .unwrap()
            {
                Introduce::Introduced(id) => id,
                other => panic!("{other:?}"),
            }
        }
    };
    let hana = f.add(Who::named("Bakery Hana")).await;
    let ken = f.add(Who::named("ケン")).await;
    let mio = f.add(Who::named("みお")).await;
    let old = f.add(Who::named("Long ago")).await;
    let gone = f.add(Who::named("Erased")).await;
    let with_hana = introduce_at(hana, NOW - 10 * DAY).await;
    let with_ken = introduce_at(ken, NOW - 40 * DAY).await;
    introduce_at(mio, NOW).await;
    introduce_at(old, NOW - 100 * DAY).await;
    introduce_at(gone, NOW - 50 * DAY).await;
    assert!(
        f.store
            .erase_regular(&f.shop, gone, f.owner.id, NOW)
            .await
            .unwrap()
    );
    // As `follow_up_window` gives it: up to the start of today, 90 days back.
    let window = (NOW - 90 * DAY, NOW - 60 * MINUTE);
    let due = |who: RegularId| {
        let store = f.store.clone();
        let shop = f.shop.id;
        async move {
            store
                .follow_up_due(shop, who, window)
                .await
                .unwrap()
                .map(|due| (due.introduction, due.other_nickname, due.at))
        }
    };

    // The oldest first; not today's, not one older than the window, not the erased person's.
    assert_eq!(
        due(yu).await,
        Some((with_ken, "ケン".to_owned(), NOW - 40 * DAY))
    );
    // From the other side of the pair, the other person is ゆー。.
    assert_eq!(
        due(hana).await,
        Some((with_hana, "ゆー。".to_owned(), NOW - 10 * DAY))
    );
    assert_eq!(due(mio).await, None, "introduced today");
    assert_eq!(due(old).await, None, "more than 90 days ago");

    // An outcome recorded: the next one comes.
    f.follow_up(with_ken, Outcome::WorkedTogether, None, NOW)
        .await
        .unwrap();
    assert_eq!(
        due(yu).await,
        Some((with_hana, "Bakery Hana".to_owned(), NOW - 10 * DAY))
    );

    // "Don't ask again", twice (a double tap): asked no more, one audit entry for each side.
    for _ in 0..2 {
        assert!(
            f.store
                .stop_follow_up(f.shop.id, with_hana, f.owner.id, NOW)
                .await
                .unwrap()
        );
    }
    assert_eq!(due(yu).await, None);
    assert_eq!(due(hana).await, None);
    let stopped: Vec<_> = f
        .store
        .audit_log(f.shop.id, None, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == AuditAction::FollowUpStopped)
        .map(|entry| entry.regular)
        .collect();
    assert_eq!(stopped.len(), 2, "{stopped:?}");
    assert!(stopped.contains(&Some(yu.0)) && stopped.contains(&Some(hana.0)));
    // It can still be followed up on its own page.
    assert_eq!(
        f.follow_up(with_hana, Outcome::BecameFriends, None, NOW)
            .await,
        Ok(FollowUp::Recorded)
    );

    // An introduction of another shop, or none: nothing stopped.
    assert!(
        !f.store
            .stop_follow_up(
                f.shop.id,
                IntroductionId(with_hana.0 + 100),
                f.owner.id,
                NOW
            )
            .await
            .unwrap()
    );
    let other_shop = f.other_shop().await.id;
    assert!(
        !f.store
            .stop_follow_up(other_shop, with_ken, f.owner.id, NOW)
            .await
            .unwrap()
    );
}
