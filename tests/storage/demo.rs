//! Demo data: consistent with the rules, refused over real data, fast enough to fill a big shop.

use joren::demo::DemoSize;
use joren::reading::Query;
use joren::storage::{FillError, now_millis};

use super::{fresh_store, shop_with_owner};
use crate::TestDb;
use joren::storage::Engine;
use rstest::rstest;

#[tokio::test]
async fn demo_data_agrees_with_the_stamp_rules_the_ledger_and_the_counters() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, owner) = shop_with_owner(&store).await;
    let rules = joren::loyalty::StampRules {
        thank_you_stamp: true,
        ..shop.stamp_rules.clone()
    };
    store
        .set_stamp_rules(shop.id, &rules, owner.id)
        .await
        .unwrap();
    let shop = store.shop(&shop.slug).await.unwrap().unwrap();
    // A fixed afternoon in Tokyo: the people "in the shop now" arrive just before `now`,
    // so with the real clock they would sit outside opening hours on an evening run.
    let now = 1_795_150_800_000; // 2026-11-20 14:00 +09:00
    let size = DemoSize::new(400, 12_000, 25).unwrap();
    let report = store.fill_demo(&shop, size, 42, now).await.unwrap();
    assert_eq!(report.regulars, 400);
    assert_eq!(
        report.visits,
        12_000 + 25,
        "the year's visits, then those here now"
    );
    assert_eq!(report.present, 25);
    assert!(
        report.rewards_earned > 0 && report.rewards_redeemed > 0,
        "{report:?}"
    );
    assert!(report.introductions >= 5, "{report:?}");
    assert!(report.short_links > 0 && report.scans > 0, "{report:?}");
    assert!(report.paper_cards >= 20, "one newcomer in ten: {report:?}");
    assert!(report.brought >= 20, "one newcomer in seven: {report:?}");
    assert_eq!(report.thank_you_stamps, report.brought, "{report:?}");

    let pool = store.pool_for_tests();
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    assert_eq!(count("SELECT count(*) FROM visits").await, 12_025);
    assert_eq!(
        count("SELECT count(*) FROM audit_log WHERE action = 'checked_in'").await,
        12_025
    );
    // Each regular's counters are what their visits, paper card and ledger say.
    let goal = i64::from(shop.stamp_rules.stamps_per_card);
    let disagreeing = sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM regulars r WHERE
             r.visits != (SELECT count(*) FROM visits v WHERE v.regular_id = r.id)
          OR r.rewards_earned != (SELECT count(*) FROM reward_ledger l
                                  WHERE l.regular_id = r.id AND l.kind = 'earned')
          OR r.rewards_redeemed != (SELECT count(*) FROM reward_ledger l
                                    WHERE l.regular_id = r.id AND l.kind = 'redeemed')
          OR r.stamps + r.rewards_earned * $1
             != (SELECT count(*) FROM visits v WHERE v.regular_id = r.id AND v.stamped)
                + coalesce((SELECT p.stamps FROM paper_cards p WHERE p.regular_id = r.id), 0)
                + (SELECT count(*) FROM brought_by b
                   WHERE b.bringer_id = r.id AND b.thanked_at IS NOT NULL)
          OR r.last_visit_at IS NOT (SELECT max(checked_in_at) FROM visits v
                                     WHERE v.regular_id = r.id)",
    )
    .bind(goal)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(disagreeing, 0);
    assert_eq!(
        count("SELECT count(*) FROM paper_cards").await,
        count("SELECT count(*) FROM audit_log WHERE action = 'paper_card_carried_over'").await
    );
    assert_eq!(
        count("SELECT count(*) FROM brought_by WHERE thanked_at IS NOT NULL").await,
        count("SELECT count(*) FROM audit_log WHERE action = 'thank_you_stamp'").await
    );
    assert_eq!(
        count("SELECT count(*) FROM brought_by").await,
        count("SELECT count(*) FROM audit_log WHERE action = 'came_with'").await
    );
    // A newcomer was brought at their first visit, by someone who had been in before.
    let out_of_order = count(
        "SELECT count(*) FROM brought_by b WHERE
             b.recorded_at != (SELECT min(checked_in_at) FROM visits v WHERE v.regular_id = b.regular_id)
          OR b.recorded_at <= (SELECT min(checked_in_at) FROM visits v WHERE v.regular_id = b.bringer_id)",
    )
    .await;
    assert_eq!(out_of_order, 0);
    // No two stamps of one person closer than the owner's gap.
    let too_close = count(
        "SELECT count(*) FROM visits a JOIN visits b
           ON a.regular_id = b.regular_id AND a.id < b.id AND a.stamped AND b.stamped
          AND b.checked_in_at - a.checked_in_at < 240 * 60 * 1000
          AND b.checked_in_at >= a.checked_in_at",
    )
    .await;
    assert_eq!(too_close, 0);
    // Opening hours, in Tokyo: 8:00 to 20:00.
    let outside = count(
        "SELECT count(*) FROM visits
          WHERE ((checked_in_at / 3600000) + 9) % 24 NOT BETWEEN 8 AND 19",
    )
    .await;
    assert_eq!(outside, 0);

    let here = store
        .in_the_shop(shop.id, &shop.stamp_rules, now)
        .await
        .unwrap();
    assert_eq!(here.len(), 25);
    let found = store
        .search_regulars(shop.id, &Query::parse("さ").unwrap())
        .await
        .unwrap();
    assert!(!found.is_empty());
    let fk: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(pool)
        .await
        .unwrap_or_default();
    assert!(fk.is_empty(), "{fk:?}");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn demo_data_never_goes_into_a_shop_with_regulars(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, _owner) = shop_with_owner(&store).await;
    let size = DemoSize::new(50, 200, 3).unwrap();
    store.fill_demo(&shop, size, 1, now_millis()).await.unwrap();
    let pool = store.pool_for_tests();
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM visits")
        .fetch_one(pool)
        .await
        .unwrap();
    let error = store
        .fill_demo(&shop, size, 2, now_millis())
        .await
        .unwrap_err();
    assert!(matches!(error, FillError::NotEmpty(50)), "{error}");
    assert!(error.to_string().contains("50 regulars"), "{error}");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM visits")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing was added");
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_shop_without_staff_gets_no_demo_data(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let shop = store
        .ensure_shop(
            &joren::ShopSlug::default_shop(),
            &joren::ShopName::parse("Joren").unwrap(),
        )
        .await
        .unwrap();
    let size = DemoSize::new(10, 10, 1).unwrap();
    let error = store
        .fill_demo(&shop, size, 1, now_millis())
        .await
        .unwrap_err();
    assert!(matches!(error, FillError::NoStaff), "{error}");
}
