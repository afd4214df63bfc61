//! Changes announced to the live updates: on PostgreSQL, a change made through one store (one
//! server) is heard by the others over the same database, and after the connection that hears
//! them drops, they are told that changes may have been missed, then hear again.

use std::time::Duration;

use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::{Change, Engine, Store, StoreOptions};
use tokio::sync::broadcast::Receiver;

use super::{TestDb, shop_with_owner};

/// Not a measurement: how long a test waits for a change before it takes it as not heard.
const PATIENCE: Duration = Duration::from_secs(10);
/// While the other store may still be connecting, each check-in is waited for this long.
const WHILE_CONNECTING: Duration = Duration::from_millis(500);

/// The next change heard that is `wanted`; `None` if none came `within`.
async fn heard(changes: &mut Receiver<Change>, wanted: Change, within: Duration) -> Option<Change> {
    tokio::time::timeout(within, async {
        loop {
            match changes.recv().await {
                Ok(change) if change == wanted => return change,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(error) => panic!("the changes stopped: {error}"),
            }
        }
    })
    .await
    .ok()
}

#[tokio::test]
async fn a_change_at_one_server_is_heard_at_the_other_and_again_after_a_drop_on_postgres() {
    let Some(db) = TestDb::new(Engine::Postgres).await else {
        return;
    };
    let url = db.postgres_url().unwrap();
    let other = Store::open(&url, &StoreOptions::default()).await.unwrap();
    let (shop, owner) = shop_with_owner(&db.store).await;
    let mut at_the_other = other.changes();
    // New regulars checked in, one after another, until the other store hears one (it may
    // still be connecting when the first is announced).
    let changed = Change::InTheShop(shop.id);
    let mut check_ins = 0;
    let mut check_in_until_heard = async |listening: &mut Receiver<Change>| {
        for _ in 0..40 {
            check_ins += 1;
            let profile = Profile::parse(&RegularDraft {
                nickname: format!("常連 {check_ins}"),
                ..RegularDraft::default()
            })
            .unwrap();
            db.store
                .add_regular_and_check_in(
                    shop.id,
                    &super::newcomer(&profile, &Consents::default()),
                    &shop.stamp_rules,
                    owner.id,
                    joren::storage::now_millis(),
                )
                .await
                .unwrap();
            if let Some(change) = heard(listening, changed, WHILE_CONNECTING).await {
                return Some(change);
            }
        }
        None
    };
    let reached = check_in_until_heard(&mut at_the_other).await;
    assert_eq!(
        reached,
        Some(changed),
        "the other server hears the check-in"
    );

    // Its connection for hearing is cut (as by a database restart): it says that changes
    // may have been missed, and hears the next ones again.
    let cut: Vec<i64> = sqlx::query_scalar(
        "SELECT CAST(pg_terminate_backend(pid) AS INTEGER) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_all(db.store.pool_for_tests())
    .await
    .unwrap();
    assert_eq!(cut.len(), 2, "both stores listen");
    let missed = heard(&mut at_the_other, Change::Missed, PATIENCE).await;
    assert_eq!(missed, Some(Change::Missed));
    let reached = check_in_until_heard(&mut at_the_other).await;
    assert_eq!(reached, Some(changed), "heard again after the drop");
    other.close().await;
}
