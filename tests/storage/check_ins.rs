//! Check-in on both engines: a double tap, tablets at once, check-ins committed together,
//! the owner's gap, rewards and their ledger, undo, and "in the shop now".

use joren::audit::AuditAction;
use joren::check_in::{CheckInOutcome, LedgerKind, Redeem, Undo};
use joren::regular::Consents;
use joren::storage::Engine;
use rstest::rstest;
use sqlx::AssertSqlSafe;
use sqlx::Connection;

use super::regulars::{Fixture, MINUTE, NOW, fixture, profile, rules};
use super::{TestDb, shop_with_owner};

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_double_check_in_adds_one_visit_and_one_stamp(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(10, 240);
    let first = f.check_in(yu, &rules, NOW).await;
    assert!(
        matches!(first, CheckInOutcome::CheckedIn { stamped: true, .. }),
        "{first:?}"
    );
    let second = f.check_in(yu, &rules, NOW + 1).await;
    assert!(
        matches!(second, CheckInOutcome::AlreadyHere { .. }),
        "{second:?}"
    );
    assert_eq!(second.visit(), first.visit());
    let regular = f.store.regular(f.shop.id, yu).await.unwrap().unwrap();
    assert_eq!(regular.card.stamps, 1);
    assert_eq!(regular.visits, 1);
    // The answer names them, read with the card in the same write turn, whether the visit
    // is new or not.
    for at in [NOW + 2, NOW + 5 * 3_600_000] {
        let answer = f
            .store
            .check_in(f.shop.id, yu, &rules, f.owner.id, at)
            .await
            .unwrap()
            .expect("a regular of this shop");
        assert_eq!(answer.nickname, "ゆー。", "{answer:?}");
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn two_tablets_checking_in_the_same_person_at_once_add_exactly_one_stamp(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(10, 240);
    let mut tasks = Vec::new();
    for tablet in 0..8 {
        let store = f.store.clone();
        let (shop, owner, rules) = (f.shop.id, f.owner.id, rules.clone());
        tasks.push(tokio::spawn(async move {
            store.check_in(shop, yu, &rules, owner, NOW + tablet).await
        }));
    }
    let mut checked_in = 0;
    for task in tasks {
        if let CheckInOutcome::CheckedIn { .. } = task.await.unwrap().unwrap().unwrap().outcome {
            checked_in += 1;
        }
    }
    assert_eq!(checked_in, 1);
    let regular = f.store.regular(f.shop.id, yu).await.unwrap().unwrap();
    assert_eq!((regular.card.stamps, regular.visits), (1, 1));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn sixteen_tablets_checking_in_sixteen_people_at_once_give_each_one_visit_and_stamp(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 240);
    let mut people = Vec::new();
    for n in 0..16 {
        people.push(f.add(&format!("客{n}"), "").await);
    }
    let mut tasks = Vec::new();
    for (n, &person) in people.iter().enumerate() {
        let (store, shop, owner, rules) = (f.store.clone(), f.shop.id, f.owner.id, rules.clone());
        tasks.push(tokio::spawn(async move {
            store
                .check_in(shop, person, &rules, owner, NOW + n as i64)
                .await
        }));
    }
    for task in tasks {
        let answer = task.await.unwrap().unwrap().unwrap().outcome;
        assert!(
            matches!(answer, CheckInOutcome::CheckedIn { stamped: true, .. }),
            "{answer:?}"
        );
    }
    for person in people {
        let regular = f.store.regular(f.shop.id, person).await.unwrap().unwrap();
        assert_eq!((regular.card.stamps, regular.visits), (1, 1));
    }
    let here = f
        .store
        .in_the_shop(f.shop.id, &rules, NOW + MINUTE)
        .await
        .unwrap();
    assert_eq!(here.len(), 16);
}

/// Check-ins that wait for SQLite's writer are committed together; one that fails among
/// them is rolled back alone, and the others stand.
#[tokio::test]
async fn a_check_in_that_fails_among_others_committed_together_is_rolled_back_alone() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (shop, owner) = shop_with_owner(&db.store).await;
    let f = Fixture {
        store: db.store.clone(),
        shop,
        owner,
        _db: db,
    };
    let rules = rules(10, 240);
    let (ann, ken, ben) = (
        f.add("Ann", "").await,
        f.add("Ken", "").await,
        f.add("Ben", "").await,
    );
    // Ken's check-in fails at its last statement, the audit entry, after its visit, card
    // and counts were written.
    let file = f._db.sqlite_file().unwrap();
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    sqlx::query(AssertSqlSafe(format!(
        "CREATE TRIGGER refuse_ken BEFORE INSERT ON audit_log WHEN NEW.regular_id = {}
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        ken.0
    )))
    .execute(&mut other)
    .await
    .unwrap();
    // Another writer holds SQLite's lock while the three check-ins arrive, so that they
    // wait for it together.
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for (n, person) in [ann, ken, ben].into_iter().enumerate() {
        let (store, shop, owner, rules) = (f.store.clone(), f.shop.id, f.owner.id, rules.clone());
        tasks.push(tokio::spawn(async move {
            store
                .check_in(shop, person, &rules, owner, NOW + n as i64)
                .await
        }));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    sqlx::query("COMMIT").execute(&mut other).await.unwrap();
    let answers: Vec<_> = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let outcome = |n: usize| match &answers[n] {
        Ok(Some(checked_in)) => Some(checked_in.outcome.clone()),
        _ => None,
    };
    assert!(
        matches!(outcome(0), Some(CheckInOutcome::CheckedIn { .. })),
        "{answers:?}"
    );
    assert!(answers[1].is_err(), "{answers:?}");
    assert!(
        matches!(outcome(2), Some(CheckInOutcome::CheckedIn { .. })),
        "{answers:?}"
    );
    for (person, visits) in [(ann, 1), (ken, 0), (ben, 1)] {
        let regular = f.store.regular(f.shop.id, person).await.unwrap().unwrap();
        assert_eq!((regular.card.stamps, regular.visits), (visits, visits));
    }
    let here = f
        .store
        .in_the_shop(f.shop.id, &rules, NOW + MINUTE)
        .await
        .unwrap();
    let mut names: Vec<_> = here
        .iter()
        .map(|present| present.regular.nickname.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Ann", "Ben"]);
    let visits: i64 = sqlx::query_scalar("SELECT count(*) FROM visits")
        .fetch_one(&mut other)
        .await
        .unwrap();
    assert_eq!(visits, 2);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_same_new_regular_sent_twice_at_once_is_added_once_and_checked_in_once(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 240);
    let add = |nickname: &'static str, reading: &'static str, at: i64| {
        let (store, shop, owner, rules) = (f.store.clone(), f.shop.id, f.owner.id, rules.clone());
        tokio::spawn(async move {
            store
                .add_regular_and_check_in(
                    shop,
                    &super::newcomer(&profile(nickname, reading), &Consents::default()),
                    &rules,
                    owner,
                    at,
                )
                .await
                .map(super::added)
                .unwrap()
        })
    };
    // A double tap: both posts arrive at once.
    let (first, second) =
        tokio::join!(add("ゆー。", "ゆう", NOW), add("ゆー。", "ゆう", NOW + 300));
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.0, second.0, "one regular");
    assert_eq!(first.1.visit(), second.1.visit(), "one visit");
    assert_eq!(f.search("ゆう").await, ["ゆー。"]);
    let regular = f.store.regular(f.shop.id, first.0).await.unwrap().unwrap();
    assert_eq!((regular.card.stamps, regular.visits), (1, 1));

    // Another reading, or the same later on, is someone new.
    let other = add("ゆー。", "ゆうこ", NOW + 600).await.unwrap();
    let later = add("ゆー。", "ゆう", NOW + 60_000).await.unwrap();
    assert_ne!(other.0, first.0);
    assert_ne!(later.0, first.0);
    let nameless = add("ゆー。", "", NOW + 60_100).await.unwrap();
    let nameless_again = add("ゆー。", "", NOW + 60_200).await.unwrap();
    assert_ne!(nameless.0, later.0);
    assert_eq!(nameless.0, nameless_again.0);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_reward_tap_sent_twice_hands_over_one_reward_even_with_two_waiting(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(1, 0);
    f.check_in(yu, &rules, NOW).await;
    f.check_in(yu, &rules, NOW + 4 * 3_600_000).await;
    let redeem = |seen: Option<u32>, at: i64| {
        let (store, shop, owner, rules) = (f.store.clone(), f.shop.id, f.owner.id, rules.clone());
        tokio::spawn(async move {
            store
                .redeem_reward(shop, yu, &rules, seen, owner, at)
                .await
                .unwrap()
                .unwrap()
        })
    };
    // The screen showed none handed over; the tap arrives twice at once.
    let at = NOW + 4 * 3_600_000 + 1;
    let (first, second) = tokio::join!(redeem(Some(0), at), redeem(Some(0), at + 1));
    let mut answers = [first.unwrap(), second.unwrap()];
    answers.sort_by_key(|answer| matches!(answer, Redeem::NoneAvailable));
    assert!(
        matches!(answers[0], Redeem::Redeemed { card } if card.rewards_available() == 1),
        "{answers:?}"
    );
    assert_eq!(answers[1], Redeem::NoneAvailable);
    // A new tap on the screen as it is now hands over the second.
    let third = redeem(Some(1), at + 2).await.unwrap();
    assert!(matches!(third, Redeem::Redeemed { card } if card.rewards_available() == 0));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn within_the_gap_a_new_visit_gets_no_stamp_and_after_it_one(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(10, 240);
    let first = f.check_in(yu, &rules, NOW).await;
    assert!(
        f.store
            .mark_left(f.shop.id, first.visit(), f.owner.id, NOW + MINUTE)
            .await
            .unwrap()
    );
    let back = f.check_in(yu, &rules, NOW + 60 * MINUTE).await;
    assert!(
        matches!(back, CheckInOutcome::CheckedIn { stamped: false, .. }),
        "back within four hours: a visit, no stamp: {back:?}"
    );
    f.store
        .mark_left(f.shop.id, back.visit(), f.owner.id, NOW + 61 * MINUTE)
        .await
        .unwrap();
    let later = f.check_in(yu, &rules, NOW + 240 * MINUTE).await;
    assert!(
        matches!(later, CheckInOutcome::CheckedIn { stamped: true, .. }),
        "{later:?}"
    );
    let regular = f.store.regular(f.shop.id, yu).await.unwrap().unwrap();
    assert_eq!((regular.card.stamps, regular.visits), (2, 3));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_full_card_earns_the_reward_which_staff_redeem_once_and_the_ledger_keeps_both(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(2, 0);
    let first = f.check_in(yu, &rules, NOW).await;
    f.store
        .mark_left(f.shop.id, first.visit(), f.owner.id, NOW + 1)
        .await
        .unwrap();
    let second = f.check_in(yu, &rules, NOW + 2).await;
    let CheckInOutcome::CheckedIn {
        reward: Some(_),
        card,
        ..
    } = second
    else {
        panic!("the second stamp fills a card of two: {second:?}");
    };
    assert_eq!((card.stamps, card.rewards_available()), (0, 1));

    let redeemed = f
        .store
        .redeem_reward(f.shop.id, yu, &rules, None, f.owner.id, NOW + 3)
        .await
        .unwrap();
    assert!(matches!(redeemed, Some(Redeem::Redeemed { card }) if card.rewards_available() == 0));
    let again = f
        .store
        .redeem_reward(f.shop.id, yu, &rules, None, f.owner.id, NOW + 4)
        .await
        .unwrap();
    assert_eq!(again, Some(Redeem::NoneAvailable));

    let ledger = f.store.reward_ledger(f.shop.id, yu, 10).await.unwrap();
    let kinds: Vec<_> = ledger.iter().map(|entry| entry.kind).collect();
    assert_eq!(kinds, [LedgerKind::Redeemed, LedgerKind::Earned]);
    assert_eq!(ledger[0].by.as_deref(), Some("みどり"));
    assert_eq!(ledger[0].reward, "a free coffee");
    // Undoing the check-in that earned a reward already handed over changes nothing.
    let undo = f
        .store
        .undo_check_in(f.shop.id, second.visit(), &rules, f.owner.id, NOW + 5)
        .await
        .unwrap();
    assert_eq!(undo, Some(Undo::RewardAlreadyRedeemed));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn an_undo_within_ten_minutes_keeps_the_visit_marked_and_takes_the_stamp_back(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(10, 240);
    let visit = f.check_in(yu, &rules, NOW).await.visit();
    let undo = f
        .store
        .undo_check_in(f.shop.id, visit, &rules, f.owner.id, NOW + 10 * MINUTE)
        .await
        .unwrap();
    assert!(
        matches!(undo, Some(Undo::Undone { card }) if card.stamps == 0),
        "{undo:?}"
    );
    let again = f
        .store
        .undo_check_in(f.shop.id, visit, &rules, f.owner.id, NOW + 10 * MINUTE)
        .await
        .unwrap();
    assert_eq!(again, Some(Undo::AlreadyUndone));

    let visits = f.store.visits(f.shop.id, yu, 10).await.unwrap();
    assert_eq!(visits.len(), 1, "the visit is kept");
    assert_eq!(visits[0].undone_at, Some(NOW + 10 * MINUTE));
    assert_eq!(visits[0].undone_by.as_deref(), Some("みどり"));
    assert!(
        f.store
            .in_the_shop(f.shop.id, &rules, NOW + 11 * MINUTE)
            .await
            .unwrap()
            .is_empty()
    );

    // The undone stamp does not count for the gap: checking in again stamps.
    let again = f.check_in(yu, &rules, NOW + 11 * MINUTE).await;
    assert!(
        matches!(again, CheckInOutcome::CheckedIn { stamped: true, .. }),
        "{again:?}"
    );
    let late = f
        .store
        .undo_check_in(
            f.shop.id,
            again.visit(),
            &rules,
            f.owner.id,
            NOW + 22 * MINUTE,
        )
        .await
        .unwrap();
    assert_eq!(late, Some(Undo::TooLate));

    let log = f.store.audit_log(f.shop.id, None, 10).await.unwrap();
    let undone = log
        .iter()
        .find(|e| e.action == AuditAction::CheckInUndone)
        .unwrap();
    assert_eq!(undone.regular_name.as_deref(), Some("ゆー。"));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn undoing_the_stamp_that_filled_a_card_takes_its_reward_back_in_the_ledger(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add("ゆー。", "ゆう").await;
    let rules = rules(1, 0);
    let visit = f.check_in(yu, &rules, NOW).await;
    assert!(matches!(
        visit,
        CheckInOutcome::CheckedIn {
            reward: Some(_),
            ..
        }
    ));
    let undo = f
        .store
        .undo_check_in(f.shop.id, visit.visit(), &rules, f.owner.id, NOW + 1)
        .await
        .unwrap();
    assert!(matches!(undo, Some(Undo::Undone { card }) if card.rewards_earned == 0));
    let kinds: Vec<_> = f
        .store
        .reward_ledger(f.shop.id, yu, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, [LedgerKind::TakenBack, LedgerKind::Earned]);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn in_the_shop_now_lists_the_present_newest_first_until_they_leave_or_the_window_ends(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 240);
    let yu = f.add("ゆー。", "ゆう").await;
    let ken = f.add("Ken", "").await;
    let hana = f.add("はな", "").await;
    f.check_in(yu, &rules, NOW).await;
    let ken_visit = f.check_in(ken, &rules, NOW + MINUTE).await.visit();
    f.check_in(hana, &rules, NOW + 2 * MINUTE).await;
    let (store, shop) = (&f.store, f.shop.id);
    let present = |at| {
        let rules = rules.clone();
        async move {
            store
                .in_the_shop(shop, &rules, at)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.regular.nickname)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(present(NOW + 3 * MINUTE).await, ["はな", "Ken", "ゆー。"]);
    assert!(
        f.store
            .mark_left(f.shop.id, ken_visit, f.owner.id, NOW + 4 * MINUTE)
            .await
            .unwrap()
    );
    assert!(
        !f.store
            .mark_left(f.shop.id, ken_visit, f.owner.id, NOW + 4 * MINUTE)
            .await
            .unwrap()
    );
    assert_eq!(present(NOW + 5 * MINUTE).await, ["はな", "ゆー。"]);
    assert_eq!(
        present(NOW + 180 * MINUTE).await,
        ["はな"],
        "ゆー。's three hours are over"
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_register_reads_the_newest_in_the_shop_and_how_many_are_there_in_all(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 240);
    let mut visits = Vec::new();
    for n in 0..7 {
        let regular = f.add(&format!("客{n}"), "").await;
        let at = NOW + n * MINUTE;
        visits.push(f.check_in(regular, &rules, at).await.visit());
    }
    // Two at the same millisecond come newest visit first.
    let twin = f.add("<b>双子</b>\"", "").await;
    f.check_in(twin, &rules, NOW + 6 * MINUTE).await;
    let left = f.add("帰った人", "").await;
    let gone = f.check_in(left, &rules, NOW + 7 * MINUTE).await.visit();
    assert!(
        f.store
            .mark_left(f.shop.id, gone, f.owner.id, NOW + 8 * MINUTE)
            .await
            .unwrap()
    );
    let at = NOW + 9 * MINUTE;
    let newest = f
        .store
        .newest_in_the_shop(f.shop.id, &rules, at, 3)
        .await
        .unwrap();
    assert_eq!(newest.in_all, 8, "everyone checked in and still here");
    let names: Vec<_> = newest
        .newest
        .iter()
        .map(|p| p.regular.nickname.as_str())
        .collect();
    assert_eq!(names, ["<b>双子</b>\"", "客6", "客5"]);
    assert_eq!(newest.newest[1].visit, visits[6]);
    assert_eq!(newest.newest[1].checked_in_at, NOW + 6 * MINUTE);
    assert_eq!(newest.newest[1].regular.card.stamps, 1);

    // Everyone: the same list as the register's whole one, in the same order and values.
    let everyone = f
        .store
        .newest_in_the_shop(f.shop.id, &rules, at, u32::MAX)
        .await
        .unwrap();
    let whole = f.store.in_the_shop(f.shop.id, &rules, at).await.unwrap();
    assert_eq!(everyone.newest, whole);
    assert_eq!(everyone.in_all, 8);

    let nobody = f
        .store
        .newest_in_the_shop(f.shop.id, &rules, NOW + 300 * MINUTE, 3)
        .await
        .unwrap();
    assert_eq!((nobody.newest.len(), nobody.in_all), (0, 0));
}

/// The register reads who is in the shop on every page load. Its count reads the time index
/// alone, and its list comes in the index's order and stops at its limit: SQLite neither
/// looks up every visit of the presence window in the table nor sorts them (with 300 people
/// in a shop of 5,000,000 visits that took the statement from about 140 µs to 70 µs).
#[tokio::test]
async fn who_is_in_the_shop_is_read_from_the_time_index_without_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let store = super::fresh_store(&dir).await;
    let plan = store
        .sqlite_plan_of_newest_in_the_shop_for_tests()
        .await
        .unwrap();
    let steps = plan.join("\n");
    assert!(
        plan.iter()
            .any(|step| step.contains("USING COVERING INDEX visits_by_time")),
        "the count reads the index alone:\n{steps}"
    );
    assert!(
        !plan.iter().any(|step| step.contains("TEMP B-TREE")),
        "the list is not sorted after reading:\n{steps}"
    );
}
