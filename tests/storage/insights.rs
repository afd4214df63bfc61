//! The insights' visit counts against a real SQLite file: kept right by every check-in, undo
//! and redeemed reward, and read back for a period in the shop's time zone.

use jiff::civil::date;
use jiff::tz::TimeZone;
use joren::check_in::{Redeem, Undo};
use joren::insights::{Period, figures};
use joren::loyalty::{RewardText, StampRules};
use joren::regular::{Consents, Profile, RegularDraft};

use super::shop_with_owner;
use crate::TestDb;
use joren::storage::Engine;
use rstest::rstest;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// 2026-11-01 00:05 in Tokyo (2026-10-31 15:05 UTC).
const NOV_1_00_05: i64 = 1_793_459_100_000;

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_counts_follow_every_check_in_undo_and_reward_and_agree_with_the_visits(
    #[case] engine: Engine,
) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    let rules = StampRules {
        stamps_per_card: 2,
        reward: RewardText::parse("a free coffee").unwrap(),
        min_gap_minutes: 0,
        presence_minutes: 180,
        thank_you_stamp: false,
    };
    let add = |nickname: &'static str| {
        let store = store.clone();
        let profile = Profile::parse(&RegularDraft {
            nickname: nickname.into(),
            ..RegularDraft::default()
        })
        .unwrap();
        async move {
            store
                .add_regular(shop.id, &profile, &Consents::default(), owner.id)
                .await
                .unwrap()
        }
    };
    let (yu, ken) = (add("ゆー。").await, add("Ken").await);
    let check_in = |who, at| {
        let store = store.clone();
        let rules = rules.clone();
        async move {
            store
                .check_in(shop.id, who, &rules, owner.id, at)
                .await
                .unwrap()
                .unwrap()
        }
    };
    check_in(yu, NOV_1_00_05).await;
    let mistaken = check_in(ken, NOV_1_00_05 + MINUTE).await;
    let undo = store
        .undo_check_in(
            shop.id,
            mistaken.outcome.visit(),
            &rules,
            owner.id,
            NOV_1_00_05 + 2 * MINUTE,
        )
        .await
        .unwrap();
    assert!(matches!(undo, Some(Undo::Undone { .. })), "{undo:?}");
    check_in(yu, NOV_1_00_05 + 4 * HOUR).await; // fills the card
    let redeemed = store
        .redeem_reward(
            shop.id,
            yu,
            &rules,
            None,
            owner.id,
            NOV_1_00_05 + 4 * HOUR + MINUTE,
        )
        .await
        .unwrap();
    assert!(
        matches!(redeemed, Some(Redeem::Redeemed { .. })),
        "{redeemed:?}"
    );
    check_in(ken, NOV_1_00_05 + 5 * HOUR).await; // Ken's first visit that stands
    // Mia is checked in, leaves, comes back, and then her first check-in is undone: her
    // second visit, in another quarter hour, is her first now.
    let mia = add("Mia").await;
    let first = check_in(mia, NOV_1_00_05 + 6 * HOUR + 5 * MINUTE).await; // 6:10
    assert!(
        store
            .mark_left(
                shop.id,
                first.outcome.visit(),
                owner.id,
                NOV_1_00_05 + 6 * HOUR + 6 * MINUTE
            )
            .await
            .unwrap()
    );
    check_in(mia, NOV_1_00_05 + 6 * HOUR + 11 * MINUTE).await; // 6:16, the next quarter
    let undo = store
        .undo_check_in(
            shop.id,
            first.outcome.visit(),
            &rules,
            owner.id,
            NOV_1_00_05 + 6 * HOUR + 14 * MINUTE,
        )
        .await
        .unwrap();
    assert!(matches!(undo, Some(Undo::Undone { .. })), "{undo:?}");

    // The counts, against the same figures worked out from the visits and the ledger.
    let pool = store.pool_for_tests();
    let kept: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT quarter, visits, first_visits, stamps, rewards_redeemed FROM visit_tallies
          WHERE visits + first_visits + stamps + rewards_redeemed > 0 ORDER BY quarter",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let recounted: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT quarter, CAST(sum(v) AS BIGINT), CAST(sum(f) AS BIGINT),
                CAST(sum(s) AS BIGINT), CAST(sum(r) AS BIGINT) FROM (
             SELECT checked_in_at / 900000 AS quarter, 1 AS v, 0 AS f, stamped AS s, 0 AS r
               FROM visits WHERE undone_at IS NULL
             UNION ALL
             SELECT min(checked_in_at) / 900000, 0, 1, 0, 0 FROM visits
              WHERE undone_at IS NULL GROUP BY regular_id
             UNION ALL
             SELECT at / 900000, 0, 0, 0, 1 FROM reward_ledger WHERE kind = 'redeemed'
         ) AS counted
         GROUP BY quarter ORDER BY quarter",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(kept, recounted);

    // Read back for Sunday 1 November in Tokyo: the hand-counted figures.
    let day = Period::parse(
        "custom",
        Some("2026-11-01"),
        Some("2026-11-01"),
        date(2026, 11, 27),
    )
    .unwrap();
    let counts = store.period_counts(&shop, &day).await.unwrap();
    let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
    let figures = figures(
        &day,
        &tokyo,
        &counts.quarters,
        &counts.scans,
        &counts.introductions,
    );
    assert_eq!(figures.visits_per_day, vec![(date(2026, 11, 1), 4)]);
    assert_eq!(figures.totals.visits, 4);
    assert_eq!(
        figures.totals.new_regulars, 3,
        "Yu's first, Ken's that stands, and Mia's second"
    );
    assert_eq!(figures.totals.stamps, 4);
    assert_eq!(figures.totals.rewards_redeemed, 1);
    // Sunday (6), at midnight, 4:00, 5:00 and 6:00 in Tokyo.
    assert_eq!(figures.busy_hours[6][0], 1);
    assert_eq!(figures.busy_hours[6][4], 1);
    assert_eq!(figures.busy_hours[6][5], 1);
    assert_eq!(figures.busy_hours[6][6], 1);
    // The day before, in Tokyo, holds none of it, though it is the same UTC day.
    let before = Period::parse(
        "custom",
        Some("2026-10-31"),
        Some("2026-10-31"),
        date(2026, 11, 27),
    )
    .unwrap();
    let counts = store.period_counts(&shop, &before).await.unwrap();
    assert!(counts.quarters.is_empty(), "{:?}", counts.quarters);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn demo_data_is_counted_for_the_insights_as_its_visits_say(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, _owner) = shop_with_owner(&store).await;
    let now = 1_795_150_800_000; // 2026-11-20 14:00 +09:00
    let size = joren::demo::DemoSize::new(300, 6_000, 10).unwrap();
    let report = store.fill_demo(&shop, size, 7, now).await.unwrap();
    let year = Period::parse("year", None, None, date(2026, 11, 20)).unwrap();
    let counts = store.period_counts(&shop, &year).await.unwrap();
    let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
    let figures = figures(
        &year,
        &tokyo,
        &counts.quarters,
        &counts.scans,
        &counts.introductions,
    );
    assert_eq!(u64::from(figures.totals.visits), report.visits);
    assert_eq!(u64::from(figures.totals.stamps), report.stamps);
    assert_eq!(
        u64::from(figures.totals.rewards_redeemed),
        report.rewards_redeemed
    );
    assert_eq!(
        u64::from(figures.totals.introductions),
        report.introductions
    );
    let regulars_who_came: i64 =
        sqlx::query_scalar("SELECT count(*) FROM regulars WHERE visits > 0")
            .fetch_one(store.pool_for_tests())
            .await
            .unwrap();
    assert_eq!(i64::from(figures.totals.new_regulars), regulars_who_came);
    assert!(!figures.staff_connectors.is_empty());

    // The names the page shows are read for the regulars it names, and only those.
    let named: Vec<i64> = figures.regular_connectors.iter().map(|c| c.id).collect();
    assert!(!named.is_empty());
    let names = store.regular_names(&shop, &named).await.unwrap();
    assert_eq!(names.len(), named.len(), "{names:?}");
    for id in &named {
        let (nickname, visits): (String, i64) =
            sqlx::query_as("SELECT nickname, visits FROM regulars WHERE id = $1")
                .bind(id)
                .fetch_one(store.pool_for_tests())
                .await
                .unwrap();
        assert_eq!(names[id], (nickname, visits as u32));
    }
    assert!(store.regular_names(&shop, &[]).await.unwrap().is_empty());
}

/// "Regulars we have not seen lately": at least three visits, none since the cut-off, the
/// most recently seen first, at most as many as asked; never someone erased, never another
/// shop's.
#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn regulars_not_seen_lately_came_three_times_and_not_since_the_cut_off(
    #[case] engine: Engine,
) {
    use super::regulars::{NOW, fixture, rules};
    use joren::insights::not_seen::{MIN_VISITS, NotSeenFor};

    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 0);
    const DAY: i64 = 24 * HOUR;
    const WEEK: i64 = 7 * DAY;
    let regular = |nickname: &'static str, interests: &'static str| {
        let store = f.store.clone();
        let (shop, owner) = (f.shop.id, f.owner.id);
        async move {
            let profile = Profile::parse(&RegularDraft {
                nickname: nickname.into(),
                interests: interests.into(),
                ..RegularDraft::default()
            })
            .unwrap();
            store
                .add_regular(shop, &profile, &Consents::default(), owner)
                .await
                .unwrap()
        }
    };
    // Visits a day apart, the last one `weeks_ago` before now.
    let visits = async |who: joren::RegularId, count: i64, weeks_ago: i64| {
        for n in (0..count).rev() {
            f.check_in(who, &rules, NOW - weeks_ago * WEEK - n * DAY)
                .await;
        }
    };
    let missed = regular("はなこ", "写真、コーヒー").await;
    visits(missed, 3, 7).await;
    let long_gone = regular("Ken", "").await;
    visits(long_gone, 5, 20).await;
    let lately = regular("ゆう", "").await;
    visits(lately, 4, 1).await;
    let twice = regular("みお", "").await;
    visits(twice, 2, 8).await;
    let erased = regular("消える人", "").await;
    visits(erased, 3, 9).await;
    f.store
        .erase_regular(&f.shop, erased, f.owner.id, NOW)
        .await
        .unwrap();

    let six = NotSeenFor::parse("").unwrap();
    let listed = f
        .store
        .not_seen_lately(f.shop.id, MIN_VISITS, six.last_visit_before(NOW), 50)
        .await
        .unwrap();
    let names: Vec<_> = listed.iter().map(|n| n.nickname.as_str()).collect();
    assert_eq!(names, ["はなこ", "Ken"], "the most recently seen first");
    assert_eq!(listed[0].visits, 3);
    assert_eq!(listed[0].last_visit_at, NOW - 7 * WEEK);
    assert_eq!(listed[0].interests, ["写真", "コーヒー"]);
    assert_eq!(listed[1].visits, 5);

    let first = f
        .store
        .not_seen_lately(f.shop.id, MIN_VISITS, six.last_visit_before(NOW), 1)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    let eight = NotSeenFor::parse("8").unwrap();
    let longer = f
        .store
        .not_seen_lately(f.shop.id, MIN_VISITS, eight.last_visit_before(NOW), 50)
        .await
        .unwrap();
    assert_eq!(longer.len(), 1, "only Ken is gone eight weeks and more");

    let other = f.other_shop().await;
    let elsewhere = f
        .store
        .not_seen_lately(other.id, MIN_VISITS, six.last_visit_before(NOW), 50)
        .await
        .unwrap();
    assert!(elsewhere.is_empty());
}
