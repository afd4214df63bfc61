//! Short links and scan counts against a real SQLite file.

use joren::introduction::{Introduce, IntroductionId};
use joren::regular::{Consents, Profile, RegularDraft, RegularId};
use joren::short_link::{Destination, ShortCode, ShortLinkTarget};
use joren::storage::Engine;
use joren::storage::Store;
use joren::{Shop, ShopName, ShopSlug, Staff};

use super::{TestDb, owner_of, shop_with_owner};
use rstest::rstest;

const NOW: i64 = 1_795_500_000_000;
const PORTFOLIO: &str = "https://例え.jp/作品?year=2026";

struct Fixture {
    store: Store,
    shop: Shop,
    owner: Staff,
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
        _db: db,
    })
}

fn draft(nickname: &str, links: &str, may_show_links: bool) -> RegularDraft {
    RegularDraft {
        nickname: nickname.into(),
        links: links.into(),
        may_show_links,
        may_be_introduced: true,
        ..RegularDraft::default()
    }
}

impl Fixture {
    async fn add(&self, draft: RegularDraft) -> RegularId {
        self.store
            .add_regular(
                self.shop.id,
                &Profile::parse(&draft).unwrap(),
                &Consents::default().after_draft(&draft, NOW, self.owner.id),
                self.owner.id,
            )
            .await
            .unwrap()
    }

    async fn update(&self, id: RegularId, draft: RegularDraft) {
        let saved = self
            .store
            .update_regular(
                self.shop.id,
                id,
                &Profile::parse(&draft).unwrap(),
                draft.may_be_introduced,
                draft.may_show_links,
                self.owner.id,
            )
            .await
            .unwrap();
        assert!(saved);
    }

    async fn code(&self, id: RegularId, target: &ShortLinkTarget) -> ShortCode {
        self.code_on(id, target, None).await
    }

    async fn code_on(
        &self,
        id: RegularId,
        target: &ShortLinkTarget,
        introduction: Option<IntroductionId>,
    ) -> ShortCode {
        self.store
            .short_link(self.shop.id, id, target, introduction, NOW)
            .await
            .unwrap()
    }

    async fn follow(&self, code: &ShortCode) -> Option<Destination> {
        self.store
            .follow_short_link(self.shop.id, code, Some(NOW + 1_000))
            .await
            .unwrap()
            .map(|followed| followed.destination)
    }

    async fn scans_in_database(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM link_scans")
            .fetch_one(self.store.pool_for_tests())
            .await
            .unwrap()
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_link_keeps_one_code_that_redirects_to_its_ascii_address_and_counts_each_scan(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f
        .add(draft("ゆう", &format!("作品 {PORTFOLIO}\n@yu_photo"), true))
        .await;
    let portfolio = ShortLinkTarget::Link(PORTFOLIO.to_owned());
    let code = f.code(yu, &portfolio).await;
    assert_eq!(
        f.code(yu, &portfolio).await,
        code,
        "the same link, the same code"
    );
    let instagram = f
        .code(
            yu,
            &ShortLinkTarget::Link("https://www.instagram.com/yu_photo/".into()),
        )
        .await;
    assert_ne!(instagram, code);

    for _ in 0..3 {
        assert_eq!(
            f.follow(&code).await,
            Some(Destination::Redirect(
                "https://xn--r8jz45g.jp/%E4%BD%9C%E5%93%81?year=2026".to_owned()
            ))
        );
    }
    f.follow(&instagram).await.unwrap();
    let counts = f.store.scan_counts(f.shop.id, yu).await.unwrap();
    assert_eq!(counts.get(&portfolio), Some(&3));
    assert_eq!(counts.values().sum::<u32>(), 4);

    // A scan keeps its time and nothing else: no column could hold who scanned.
    let query = match f.store.engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_info('link_scans') ORDER BY cid",
        Engine::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = 'link_scans'
              ORDER BY ordinal_position"
        }
    };
    let columns: Vec<String> = sqlx::query_scalar(query)
        .fetch_all(f.store.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(columns, ["id", "shop_id", "code", "scanned_at"]);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn unknown_codes_withdrawn_consent_and_removed_links_lead_nowhere_and_count_nothing(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(draft("ゆう", PORTFOLIO, true)).await;
    let portfolio = ShortLinkTarget::Link(PORTFOLIO.to_owned());
    let code = f.code(yu, &portfolio).await;
    let card = f.code(yu, &ShortLinkTarget::CreatorCard).await;
    assert_eq!(f.follow(&card).await, Some(Destination::CreatorCard));

    assert_eq!(f.follow(&ShortCode::parse("zzzzzzzz").unwrap()).await, None);

    f.update(yu, draft("ゆう", PORTFOLIO, false)).await;
    assert_eq!(f.follow(&code).await, None, "consent withdrawn: at once");
    assert_eq!(f.follow(&card).await, None);

    f.update(yu, draft("ゆう", "https://new.example/", true))
        .await;
    assert_eq!(f.follow(&code).await, None, "the link is no longer theirs");
    assert_eq!(f.follow(&card).await, Some(Destination::CreatorCard));

    f.update(yu, draft("ゆう", PORTFOLIO, true)).await;
    assert!(f.follow(&code).await.is_some(), "the same code works again");
    assert_eq!(f.scans_in_database().await, 3);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn scans_of_an_introductions_codes_count_toward_it(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(draft("ゆう", PORTFOLIO, true)).await;
    let hana = f.add(draft("はな", "", false)).await;
    let Introduce::Introduced(introduction) = f
        .store
        .introduce(f.shop.id, yu, hana, None, f.owner.id, NOW)
        .await
        .unwrap()
    else {
        panic!("a new pair");
    };
    let portfolio = ShortLinkTarget::Link(PORTFOLIO.to_owned());
    let on_card = f.code(yu, &portfolio).await;
    let on_introduction = f.code_on(yu, &portfolio, Some(introduction)).await;
    assert_ne!(on_card, on_introduction);
    assert_eq!(
        f.code_on(yu, &portfolio, Some(introduction)).await,
        on_introduction
    );

    f.follow(&on_card).await.unwrap();
    f.follow(&on_introduction).await.unwrap();
    f.follow(&on_introduction).await.unwrap();
    assert_eq!(
        f.store
            .introduction_scans(f.shop.id, introduction)
            .await
            .unwrap(),
        2
    );
    let counts = f.store.scan_counts(f.shop.id, yu).await.unwrap();
    assert_eq!(
        counts.get(&portfolio),
        Some(&3),
        "the card counts every scan"
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn another_shops_code_leads_nowhere_from_this_shop(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(draft("ゆう", PORTFOLIO, true)).await;
    let code = f.code(yu, &ShortLinkTarget::CreatorCard).await;
    // Scanned at any address, the code names its own shop.
    let own = f.store.shop_of_code(&code).await.unwrap();
    assert_eq!(own.map(|shop| shop.id), Some(f.shop.id));
    let other = f
        .store
        .ensure_shop(
            &ShopSlug::parse("pan-ya").unwrap(),
            &ShopName::parse("パン屋").unwrap(),
        )
        .await
        .unwrap();
    owner_of(&f.store, other.id).await;
    assert!(
        f.store
            .follow_short_link(other.id, &code, Some(NOW))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(f.scans_in_database().await, 0);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn two_tablets_making_the_same_code_at_once_get_one(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yu = f.add(draft("ゆう", PORTFOLIO, true)).await;
    let target = ShortLinkTarget::Link(PORTFOLIO.to_owned());
    let codes = codes_made_at_once(&f, yu, &target).await;
    assert!(codes.windows(2).all(|pair| pair[0] == pair[1]), "{codes:?}");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM short_links")
        .fetch_one(f.store.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

async fn codes_made_at_once(
    f: &Fixture,
    id: RegularId,
    target: &ShortLinkTarget,
) -> Vec<ShortCode> {
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = f.store.clone();
            let shop = f.shop.id;
            let target = target.clone();
            tokio::spawn(async move { store.short_link(shop, id, &target, None, NOW).await })
        })
        .collect();
    let mut codes = Vec::new();
    for task in tasks {
        codes.push(task.await.unwrap().unwrap());
    }
    codes
}
