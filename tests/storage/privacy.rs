//! The shop's privacy notice: the owner's own text per language, the default otherwise, and
//! every change in the audit log.

use joren::audit::{AuditAction, AuditDetail};
use joren::privacy::{NoticeLanguage, PrivacyNotice};
use joren::{ShopName, ShopSlug};

use super::{fresh_store, owner_of, shop_with_owner};
use crate::TestDb;
use joren::storage::Engine;
use rstest::rstest;

fn notice(text: &str) -> PrivacyNotice {
    PrivacyNotice::parse(text).unwrap()
}

async fn settings_changes(store: &joren::storage::Store, shop: joren::ShopId) -> Vec<AuditDetail> {
    super::audit_details(store, shop, AuditAction::SettingsChanged).await
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_new_shop_shows_the_default_text_in_both_languages(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, _owner) = shop_with_owner(&store).await;
    let own = store.privacy_notices(shop.id).await.unwrap();
    assert_eq!(own.japanese, None);
    assert_eq!(own.english, None);
    for language in NoticeLanguage::ALL {
        assert_eq!(store.privacy_notice(shop.id, language).await.unwrap(), None);
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_owner_saves_a_text_in_one_language_and_it_is_logged(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    let ours = notice("当店では、ニックネームと来店の記録だけをお預かりします。");

    let changed = store
        .set_privacy_notice(shop.id, NoticeLanguage::Japanese, Some(&ours), owner.id)
        .await
        .unwrap();
    assert!(changed);
    assert_eq!(
        store
            .privacy_notice(shop.id, NoticeLanguage::Japanese)
            .await
            .unwrap(),
        Some(ours.clone())
    );
    assert_eq!(
        store
            .privacy_notice(shop.id, NoticeLanguage::English)
            .await
            .unwrap(),
        None,
        "the other language keeps its default"
    );
    let own = store.privacy_notices(shop.id).await.unwrap();
    assert_eq!(own.get(NoticeLanguage::Japanese), Some(&ours));
    assert_eq!(own.get(NoticeLanguage::English), None);

    let log = store.audit_log(shop.id, None, 1).await.unwrap();
    assert_eq!(log[0].action, AuditAction::SettingsChanged);
    assert_eq!(log[0].by, Some(owner.id));
    assert_eq!(
        log[0].detail,
        AuditDetail::PrivacyNotice {
            language: "ja".to_owned(),
            back_to_default: false,
        }
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn saving_the_same_text_again_changes_and_logs_nothing(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    let ours = notice("We keep your nickname and your visits.");
    let save = |text: Option<PrivacyNotice>| {
        let store = store.clone();
        async move {
            store
                .set_privacy_notice(shop.id, NoticeLanguage::English, text.as_ref(), owner.id)
                .await
                .unwrap()
        }
    };
    assert!(save(Some(ours.clone())).await);
    assert!(!save(Some(ours.clone())).await);
    assert!(save(None).await, "going back is a change");
    assert!(!save(None).await, "already the default");
    assert_eq!(
        settings_changes(&store, shop.id).await,
        [
            AuditDetail::PrivacyNotice {
                language: "en".to_owned(),
                back_to_default: true,
            },
            AuditDetail::PrivacyNotice {
                language: "en".to_owned(),
                back_to_default: false,
            }
        ]
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn going_back_to_the_default_forgets_the_owners_text(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (shop, owner) = shop_with_owner(&store).await;
    let ours = notice("■ 利用目的\n・スタンプのため");
    store
        .set_privacy_notice(shop.id, NoticeLanguage::Japanese, Some(&ours), owner.id)
        .await
        .unwrap();
    store
        .set_privacy_notice(shop.id, NoticeLanguage::English, Some(&ours), owner.id)
        .await
        .unwrap();

    store
        .set_privacy_notice(shop.id, NoticeLanguage::Japanese, None, owner.id)
        .await
        .unwrap();
    let own = store.privacy_notices(shop.id).await.unwrap();
    assert_eq!(own.japanese, None);
    assert_eq!(own.english, Some(ours), "only the one language went back");
    assert_eq!(
        settings_changes(&store, shop.id).await[0],
        AuditDetail::PrivacyNotice {
            language: "ja".to_owned(),
            back_to_default: true,
        }
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn each_shop_has_its_own_notice(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let name = ShopName::parse("Joren").unwrap();
    let ours = store
        .ensure_shop(&ShopSlug::parse("ours").unwrap(), &name)
        .await
        .unwrap();
    let theirs = store
        .ensure_shop(&ShopSlug::parse("theirs").unwrap(), &name)
        .await
        .unwrap();
    let owner = owner_of(&store, ours.id).await;
    store
        .set_privacy_notice(
            ours.id,
            NoticeLanguage::Japanese,
            Some(&notice("うちの文")),
            owner.id,
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .privacy_notice(theirs.id, NoticeLanguage::Japanese)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_text_edited_by_hand_into_something_the_rules_refuse_is_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir).await;
    let (shop, _owner) = shop_with_owner(&store).await;
    let path = dir.path().join("nested/dir/joren.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("UPDATE shops SET privacy_notice_ja = ' ' WHERE id = $1")
        .bind(shop.id.0)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let error = store
        .privacy_notice(shop.id, NoticeLanguage::Japanese)
        .await
        .expect_err("an empty stored text is refused");
    assert!(error.to_string().contains("privacy notice"), "{error}");
}
