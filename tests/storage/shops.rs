//! Several shops in one database: shops added by the operator, the host names they are
//! reached at, which shop a request is for, and that nothing of one shop is within reach of
//! another's id.

use joren::introduction::{Introduce, IntroductionError};
use joren::reading::Query;
use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::{AddHost, AddShop, Engine, Store};
use joren::{ShopHost, ShopName, ShopSlug};
use rstest::rstest;

use super::{TestDb, owner_of, shop_with_owner};

const NOW: i64 = 1_795_500_000_000;

fn slug(text: &str) -> ShopSlug {
    ShopSlug::parse(text).unwrap()
}

fn host(text: &str) -> ShopHost {
    ShopHost::parse(text).unwrap()
}

/// A regular's profile: a nickname read ゆう.
fn profile(nickname: &str) -> Profile {
    Profile::parse(&RegularDraft {
        nickname: nickname.into(),
        reading: "ゆう".into(),
        ..RegularDraft::default()
    })
    .unwrap()
}

async fn add_shop(store: &Store, text: &str) -> joren::Shop {
    match store
        .add_shop(&slug(text), &ShopName::parse("Joren").unwrap())
        .await
        .unwrap()
    {
        AddShop::Added(shop) => shop,
        AddShop::SlugTaken => panic!("{text} was new"),
    }
}

/// The slug of the shop a request with this host name and chosen shop is for.
async fn chosen(store: &Store, host_name: Option<&str>, chose: Option<&str>) -> Option<String> {
    store
        .shop_for_request(
            host_name.map(host).as_ref(),
            chose.map(slug).as_ref(),
            &ShopSlug::default_shop(),
        )
        .await
        .unwrap()
        .map(|shop| shop.slug.as_str().to_owned())
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn shops_are_added_once_and_reached_at_their_own_host_names(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (main, _) = shop_with_owner(&store).await;
    let bakery = add_shop(&store, "pan-ya").await;
    assert_eq!(bakery.name.as_str(), "Joren");
    assert_eq!(
        store
            .add_shop(&slug("pan-ya"), &ShopName::parse("Other").unwrap())
            .await
            .unwrap(),
        AddShop::SlugTaken
    );

    let pan_ya = host("pan-ya.example");
    assert_eq!(
        store.add_shop_host(&slug("pan-ya"), &pan_ya).await.unwrap(),
        AddHost::Added
    );
    assert_eq!(
        store.add_shop_host(&slug("pan-ya"), &pan_ya).await.unwrap(),
        AddHost::Added,
        "the same host again changes nothing"
    );
    store
        .add_shop_host(&slug("pan-ya"), &host("www.pan-ya.example"))
        .await
        .unwrap();
    assert_eq!(
        store.add_shop_host(&main.slug, &pan_ya).await.unwrap(),
        AddHost::TakenBy(slug("pan-ya"))
    );
    assert_eq!(
        store
            .add_shop_host(&slug("hana"), &host("hana.example"))
            .await
            .unwrap(),
        AddHost::NoSuchShop
    );

    // The host decides first, then the tablet's choice, then the main shop.
    let main_slug = Some("main".to_owned());
    let bakery_slug = Some("pan-ya".to_owned());
    assert_eq!(
        chosen(&store, Some("pan-ya.example"), None).await,
        bakery_slug
    );
    assert_eq!(
        chosen(&store, Some("www.pan-ya.example"), None).await,
        bakery_slug
    );
    assert_eq!(
        chosen(&store, Some("pan-ya.example"), Some("main")).await,
        bakery_slug
    );
    assert_eq!(chosen(&store, Some("192.168.1.20"), None).await, main_slug);
    assert_eq!(chosen(&store, None, Some("pan-ya")).await, bakery_slug);
    assert_eq!(
        chosen(&store, Some("192.168.1.20"), Some("pan-ya")).await,
        bakery_slug
    );
    assert_eq!(chosen(&store, None, Some("no-such-shop")).await, main_slug);
    assert_eq!(chosen(&store, None, None).await, main_slug);
    let none = store
        .shop_for_request(None, None, &slug("not-made"))
        .await
        .unwrap();
    assert_eq!(none, None);

    // The operator's list: in the order added, hosts sorted, set up or waiting.
    let listed = store.shops().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!((listed[0].shop.id, listed[0].set_up), (main.id, true));
    assert!(listed[0].hosts.is_empty());
    assert_eq!((listed[1].shop.id, listed[1].set_up), (bakery.id, false));
    assert_eq!(
        listed[1].hosts,
        [host("pan-ya.example"), host("www.pan-ya.example")]
    );
    owner_of(&store, bakery.id).await;
    assert!(store.shops().await.unwrap()[1].set_up);

    assert!(store.remove_shop_host(&pan_ya).await.unwrap());
    assert!(!store.remove_shop_host(&pan_ya).await.unwrap());
    assert_eq!(
        chosen(&store, Some("pan-ya.example"), None).await,
        main_slug
    );
    assert_eq!(
        chosen(&store, Some("www.pan-ya.example"), None).await,
        bakery_slug
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn one_shops_regulars_and_staff_are_out_of_reach_of_another(#[case] engine: Engine) {
    let Some(db) = TestDb::new(engine).await else {
        return;
    };
    let store = db.store.clone();
    let (cafe, cafe_owner) = shop_with_owner(&store).await;
    let bakery = add_shop(&store, "pan-ya").await;
    let bakery_owner = owner_of(&store, bakery.id).await;
    let agreed = Consents::default().after(true, false, NOW, cafe_owner.id);
    let (yu, _) = super::added(
        store
            .add_regular_and_check_in(
                cafe.id,
                &super::newcomer(&profile("ゆう"), &agreed),
                &cafe.stamp_rules,
                cafe_owner.id,
                NOW,
            )
            .await
            .unwrap(),
    );
    let bakers_regular = store
        .add_regular(bakery.id, &profile("ゆうき"), &agreed, bakery_owner.id)
        .await
        .unwrap();

    // Through the bakery's id, the café's regular is no one.
    assert_eq!(store.regular(bakery.id, yu).await.unwrap(), None);
    let found = store
        .search_regulars(bakery.id, &Query::parse("ゆう").unwrap())
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|r| r.id).collect::<Vec<_>>(),
        [bakers_regular]
    );
    let rules = &bakery.stamp_rules;
    assert!(
        store
            .check_in(bakery.id, yu, rules, bakery_owner.id, NOW + 1)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .in_the_shop(bakery.id, rules, NOW + 2)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .introduce(
                bakery.id,
                yu,
                bakers_regular,
                None,
                bakery_owner.id,
                NOW + 3
            )
            .await
            .unwrap(),
        Introduce::Refused(IntroductionError::NoSuchRegular),
        "a regular of another shop cannot be introduced here"
    );
    assert_eq!(store.personal_data(&bakery, yu, NOW).await.unwrap(), None);
    assert!(
        !store
            .erase_regular(&bakery, yu, bakery_owner.id, NOW)
            .await
            .unwrap()
    );

    // Nor is the café's owner anyone at the bakery.
    assert!(
        store
            .staff_with_pin(bakery.id, cafe_owner.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .staff(bakery.id)
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        [bakery_owner.id]
    );

    // The café's regular is as they were: one visit, in the shop, not erased.
    let regular = store.regular(cafe.id, yu).await.unwrap().unwrap();
    assert_eq!(regular.profile.nickname.as_str(), "ゆう");
    assert_eq!(store.visits(cafe.id, yu, 10).await.unwrap().len(), 1);
    assert_eq!(
        store
            .in_the_shop(cafe.id, &cafe.stamp_rules, NOW + 2)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_shop_writes_while_another_shop_holds_its_turn() {
    /// Not a measurement: how long a write that should not wait is given.
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);
    let Some(db) = TestDb::new(Engine::Postgres).await else {
        return;
    };
    let store = db.store.clone();
    let (cafe, cafe_owner) = shop_with_owner(&store).await;
    let bakery = add_shop(&store, "pan-ya").await;
    let bakery_owner = owner_of(&store, bakery.id).await;

    // The café's turn is taken (as by a long check-in at another server).
    let held = store
        .hold_write_turn_for_tests(Some(cafe.id))
        .await
        .unwrap();
    // The bakery does not wait for it.
    let (komugi, nobody) = (profile("こむぎ"), Consents::default());
    let bakers = store.add_regular(bakery.id, &komugi, &nobody, bakery_owner.id);
    let bakers = tokio::time::timeout(PATIENCE, bakers).await;
    assert!(
        bakers.is_ok_and(|added| added.is_ok()),
        "the bakery wrote at once"
    );
    // The café's own next write waits for the café's turn, then goes on.
    let cafes = tokio::spawn({
        let (store, profile) = (store.clone(), profile("ゆう"));
        async move {
            store
                .add_regular(cafe.id, &profile, &Consents::default(), cafe_owner.id)
                .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !cafes.is_finished(),
        "the café's write waits for the café's turn"
    );
    held.release().await.unwrap();
    let written = tokio::time::timeout(PATIENCE, cafes).await;
    assert!(
        written.is_ok_and(|done| done.unwrap().is_ok()),
        "then it is written"
    );

    // The installation's own writes (a host name) wait for neither shop.
    let held = store
        .hold_write_turn_for_tests(Some(bakery.id))
        .await
        .unwrap();
    let pan_ya = host("pan-ya.example");
    let host_added = store.add_shop_host(&bakery.slug, &pan_ya);
    let host_added = tokio::time::timeout(PATIENCE, host_added).await;
    assert!(host_added.is_ok_and(|added| matches!(added, Ok(AddHost::Added))));
    held.release().await.unwrap();
}
