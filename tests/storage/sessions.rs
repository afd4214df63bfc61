//! The tablets' sessions as the store keeps them, on both engines.

use joren::storage::Engine;
use rstest::rstest;

use super::TestDb;

const NOW: i64 = 1_795_500_000_000;
const HOUR: i64 = 3_600_000;

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_session_is_read_back_until_it_expires(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = &db.store;
    assert!(
        store
            .create_session("a", r#"{"signed_in":1}"#, NOW + HOUR)
            .await
            .unwrap()
    );
    assert_eq!(
        store.load_session("a", NOW).await.unwrap().as_deref(),
        Some(r#"{"signed_in":1}"#)
    );
    assert_eq!(store.load_session("a", NOW + HOUR).await.unwrap(), None);
    assert_eq!(store.load_session("b", NOW).await.unwrap(), None);

    // Saved again, it holds the new data and lasts longer.
    store
        .save_session("a", r#"{"signed_in":2}"#, NOW + 2 * HOUR)
        .await
        .unwrap();
    assert_eq!(
        store
            .load_session("a", NOW + HOUR)
            .await
            .unwrap()
            .as_deref(),
        Some(r#"{"signed_in":2}"#)
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_new_session_never_takes_an_id_in_use(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = &db.store;
    assert!(
        store
            .create_session("a", "first", NOW + HOUR)
            .await
            .unwrap()
    );
    assert!(
        !store
            .create_session("a", "second", NOW + HOUR)
            .await
            .unwrap()
    );
    assert_eq!(
        store.load_session("a", NOW).await.unwrap().as_deref(),
        Some("first")
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_session_signed_out_or_expired_is_removed(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = &db.store;
    store.save_session("out", "{}", NOW + HOUR).await.unwrap();
    store.save_session("old", "{}", NOW - 1).await.unwrap();
    store.save_session("kept", "{}", NOW + HOUR).await.unwrap();

    store.delete_session("out").await.unwrap();
    store.delete_session("never-was").await.unwrap();
    assert_eq!(store.delete_expired_sessions(NOW).await.unwrap(), 1);

    let left: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions ORDER BY id")
        .fetch_all(store.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(left, ["kept"]);
}
