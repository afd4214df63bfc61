//! The register's type-ahead search through its terms: what it finds, that the terms follow
//! every change to a name, and that the terms of the regulars saved before them are made
//! as the program makes them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use joren::check_in::{RegularSummary, SEARCH_RESULTS, rank};
use joren::demo::DemoSize;
use joren::reading::{MatchKind, Query, SearchKeys, term_range};
use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::testing::{PostgresDatabase, SEARCH_FEW_TERMS, postgres_server};
use joren::storage::{DatabaseUrl, Engine, Store, StoreOptions};
use joren::{RegularId, Shop, ShopName, ShopSlug, Staff};
use rstest::rstest;
use sqlx::Row;
use sqlx::migrate::Migrator;

use super::owner_of;
use super::regulars::{Fixture, fixture, profile};

const NOW: i64 = 1_795_500_000_000;
const MINUTE: i64 = 60_000;

/// The migration that brought the search terms.
const SEARCH_TERMS_MIGRATION: i64 = 20261206000001;

// The regulars' tests' fixture, with what these tests look at besides.
impl Fixture {
    /// The regular's terms as stored, sorted as [`SearchKeys::terms`] sorts them.
    async fn stored_terms(&self, regular: RegularId) -> Vec<(String, bool)> {
        let rows = sqlx::query(
            "SELECT term, CAST(at_start AS BIGINT) AS at_start FROM search_terms
              WHERE regular_id = $1",
        )
        .bind(regular.0)
        .fetch_all(self.store.pool_for_tests())
        .await
        .unwrap();
        let mut terms: Vec<(String, bool)> = rows
            .iter()
            .map(|row| (row.get("term"), row.get::<i64, _>("at_start") == 1))
            .collect();
        terms.sort();
        terms
    }
}

async fn add_to(
    store: &Store,
    shop: &Shop,
    by: &Staff,
    nickname: &str,
    reading: &str,
) -> RegularId {
    store
        .add_regular(
            shop.id,
            &profile(nickname, reading),
            &Consents::default(),
            by.id,
        )
        .await
        .unwrap()
}

async fn search_in(store: &Store, shop: &Shop, typed: &str) -> Vec<String> {
    store
        .search_regulars(shop.id, &Query::parse(typed).unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|found| found.nickname)
        .collect()
}

fn terms_of(nickname: &str, reading: Option<&str>) -> Vec<(String, bool)> {
    SearchKeys::of(nickname, reading)
        .terms()
        .into_iter()
        .map(|term| (term.term, term.at_start))
        .collect()
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_nickname_or_reading_is_found_by_any_part_of_it_in_any_script(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    f.add("山田 花子", "やまだ はなこ").await;
    f.add("Olivia B.", "オリビア").await;
    f.add("ゆー。", "ゆう").await;
    // Inside the nickname, inside the reading, in kana, katakana, romaji and full width.
    for typed in [
        "花子",
        "田花",
        "まだ",
        "マダ",
        "ﾏﾀﾞ",
        "madaha",
        "hanako",
        "ＨＡＮＡ",
        "nak",
    ] {
        assert_eq!(f.search(typed).await, ["山田 花子"], "{typed}");
    }
    for typed in ["livia", "LIV", "ビア", "bia", "iab"] {
        assert_eq!(f.search(typed).await, ["Olivia B."], "{typed}");
    }
    // The whole name and its start, as before.
    for typed in ["ゆう", "ユウ", "yu", "ﾕｳ", "ＹＵ"] {
        assert_eq!(f.search(typed).await, ["ゆー。"], "{typed}");
    }
    // A prefix match ranks before a match inside a name.
    f.add("まだら", "").await;
    assert_eq!(f.search("まだ").await, ["まだら", "山田 花子"]);
    // A character beyond the first 65,536, right after what was typed, and inside.
    f.add("山𠮷", "やまよし").await;
    assert_eq!(f.search("山").await, ["山田 花子", "山𠮷"]);
    assert_eq!(f.search("𠮷").await, ["山𠮷"]);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_name_that_matches_nobody_finds_nobody_and_a_rare_one_only_itself(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    // The one to find is the oldest; the newer names have terms that sort right before and
    // right after the query's range (ほしの…), or that the query begins with.
    f.add("星野さん", "ほしのさん").await;
    for nickname in [
        "ほし",
        "ほしな",
        "ほしい",
        "ほしは",
        "ほしま",
        "ほしを",
        "ほす",
        "ほせ",
        "ほそ",
        "ほた",
        "Hoshi",
        "Hoshinu",
    ] {
        f.add(nickname, "").await;
    }
    for typed in [
        "ほしのゆ",
        "hoshinoyu",
        "ホシノユ",
        "ほしのさんだ",
        "zzz",
        "しのゆ",
    ] {
        assert!(f.search(typed).await.is_empty(), "{typed}");
    }
    assert_eq!(f.search("ほしの").await, ["星野さん"]);
    assert_eq!(f.search("hoshino").await, ["星野さん"]);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_query_longer_than_a_term_finds_its_matches_among_names_that_begin_alike(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    // The same first eight characters, then others: the one searched for is the oldest,
    // and the newer ones would fill the results if the cut terms decided alone.
    f.add("わたなべはなこさま", "").await;
    f.add("Watanabehanaki", "").await;
    for last in ["あ", "い", "う", "え", "お", "か", "き", "く", "け", "ん"] {
        f.add(&format!("わたなべはなこさ{last}"), "").await;
        f.add(&format!("Watanabehanako{last}"), "").await;
    }
    assert_eq!(f.search("わたなべはなこさま").await, ["わたなべはなこさま"]);
    assert_eq!(f.search("たなべはなこさま").await, ["わたなべはなこさま"]);
    assert_eq!(f.search("watanabehanakosama").await, ["わたなべはなこさま"]);
    assert_eq!(f.search("watanabehanaki").await, ["Watanabehanaki"]);
    assert_eq!(f.search("atanabehanaki").await, ["Watanabehanaki"]);
    assert!(f.search("わたなべはなこさまです").await.is_empty());
    assert!(f.search("watanabehanakox").await.is_empty());
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn matches_inside_names_who_came_at_the_same_time_rank_by_nickname(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    // Twelve who never came, the first in nickname order the oldest: ranked by nickname,
    // not the newest regulars first.
    let names = [
        "あら", "いら", "うら", "えら", "おら", "から", "きら", "くら", "けら", "こら", "さら",
        "しら",
    ];
    for name in names {
        f.add(name, "").await;
    }
    assert_eq!(f.search("ら").await, names[..SEARCH_RESULTS]);
    assert_eq!(f.search("ra").await, names[..SEARCH_RESULTS]);
    // One who came goes first, the others still by nickname.
    let came = f.add("そら", "").await;
    f.store
        .check_in(f.shop.id, came, &f.shop.stamp_rules, f.owner.id, NOW)
        .await
        .unwrap();
    let mut expected = vec!["そら"];
    expected.extend(&names[..SEARCH_RESULTS - 1]);
    assert_eq!(f.search("ら").await, expected);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn an_edit_replaces_the_terms_the_old_name_is_not_found_and_the_new_one_is(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let id = f.add("こはる", "").await;
    assert_eq!(f.search("はる").await, ["こはる"]);
    let saved = f
        .store
        .update_regular(
            f.shop.id,
            id,
            &profile("Mirabel", "ミラベル"),
            false,
            false,
            f.owner.id,
        )
        .await
        .unwrap();
    assert!(saved);
    for typed in ["こはる", "はる", "koharu", "haru"] {
        assert!(f.search(typed).await.is_empty(), "{typed}");
    }
    for typed in ["mira", "rabel", "ミラ", "ベル", "beru"] {
        assert_eq!(f.search(typed).await, ["Mirabel"], "{typed}");
    }
    assert_eq!(
        f.stored_terms(id).await,
        terms_of("Mirabel", Some("ミラベル")),
        "exactly the new name's terms, none of the old"
    );
    // An edit of something else leaves the terms as they are.
    let mut tagline = RegularDraft {
        nickname: "Mirabel".into(),
        reading: "ミラベル".into(),
        ..RegularDraft::default()
    };
    tagline.tagline = "paints signs".into();
    f.store
        .update_regular(
            f.shop.id,
            id,
            &Profile::parse(&tagline).unwrap(),
            false,
            false,
            f.owner.id,
        )
        .await
        .unwrap();
    assert_eq!(
        f.stored_terms(id).await,
        terms_of("Mirabel", Some("ミラベル"))
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn an_erased_regular_is_not_found_and_leaves_no_terms(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let id = f.add("すずらん", "").await;
    let other = f.add("すずめ", "").await;
    assert_eq!(f.stored_terms(id).await, terms_of("すずらん", None));
    assert!(
        f.store
            .erase_regular(&f.shop, id, f.owner.id, NOW)
            .await
            .unwrap()
    );
    assert_eq!(f.search("すず").await, ["すずめ"]);
    assert!(f.search("らん").await.is_empty());
    assert!(f.stored_terms(id).await.is_empty(), "nothing of the name");
    assert_eq!(f.stored_terms(other).await, terms_of("すずめ", None));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_shop_never_finds_another_shops_regulars(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let theirs = f
        .store
        .ensure_shop(
            &ShopSlug::parse("theirs").unwrap(),
            &ShopName::parse("Other").unwrap(),
        )
        .await
        .unwrap();
    let their_owner = owner_of(&f.store, theirs.id).await;
    f.add("ももこ", "").await;
    add_to(&f.store, &theirs, &their_owner, "ももか", "").await;
    add_to(&f.store, &theirs, &their_owner, "すもも", "").await;
    assert_eq!(f.search("もも").await, ["ももこ"]);
    assert_eq!(f.search("momo").await, ["ももこ"]);
    assert!(f.search("すもも").await.is_empty());
    assert_eq!(
        search_in(&f.store, &theirs, "もも").await,
        ["ももか", "すもも"]
    );
    assert!(search_in(&f.store, &theirs, "ももこ").await.is_empty());
}

/// What the search answered before it had terms, from every regular of the shop read at
/// once: the `SEARCH_RESULTS` most recent visitors (the newest regular first among equals)
/// whose name begins with the query; when fewer, the 200 most recent of any match; ranked as
/// the register ranks (prefix matches first, then the most recent visitors, then by
/// nickname).
fn expected(query: &Query, everyone: &[(RegularSummary, SearchKeys)]) -> Vec<RegularId> {
    let most_recent = |kinds: &[MatchKind], limit: usize| {
        let mut found: Vec<_> = everyone
            .iter()
            .filter(|(_, keys)| query.matches(keys).is_some_and(|k| kinds.contains(&k)))
            .cloned()
            .collect();
        found.sort_by(|(a, _), (b, _)| {
            b.last_visit_at
                .cmp(&a.last_visit_at)
                .then(b.id.0.cmp(&a.id.0))
        });
        found.truncate(limit);
        found
    };
    let mut candidates = most_recent(&[MatchKind::Prefix], SEARCH_RESULTS);
    if candidates.len() < SEARCH_RESULTS {
        let known: Vec<RegularId> = candidates.iter().map(|(r, _)| r.id).collect();
        candidates.extend(
            most_recent(&[MatchKind::Prefix, MatchKind::Substring], 200)
                .into_iter()
                .filter(|(r, _)| !known.contains(&r.id)),
        );
    }
    rank(query, candidates, SEARCH_RESULTS)
        .into_iter()
        .map(|r| r.id)
        .collect()
}

async fn everyone(store: &Store, shop: &Shop) -> Vec<(RegularSummary, SearchKeys)> {
    let rows = sqlx::query(
        "SELECT id, nickname, last_visit_at, search_folded, search_romaji FROM regulars
          WHERE shop_id = $1",
    )
    .bind(shop.id.0)
    .fetch_all(store.pool_for_tests())
    .await
    .unwrap();
    rows.iter()
        .map(|row| {
            let summary = RegularSummary {
                id: RegularId(row.get("id")),
                nickname: row.get("nickname"),
                tagline: None,
                card: joren::loyalty::Card::default(),
                may_be_introduced: false,
                last_visit_at: row.get("last_visit_at"),
            };
            let keys = SearchKeys {
                folded: row.get("search_folded"),
                romaji: row.get("search_romaji"),
            };
            (summary, keys)
        })
        .collect()
}

/// Every regular's stored terms, by regular.
async fn all_stored_terms(store: &Store, shop: &Shop) -> BTreeMap<i64, Vec<(String, bool)>> {
    let rows = sqlx::query(
        "SELECT regular_id, term, CAST(at_start AS BIGINT) AS at_start FROM search_terms
          WHERE shop_id = $1",
    )
    .bind(shop.id.0)
    .fetch_all(store.pool_for_tests())
    .await
    .unwrap();
    let mut terms: BTreeMap<i64, Vec<(String, bool)>> = BTreeMap::new();
    for row in &rows {
        terms
            .entry(row.get("regular_id"))
            .or_default()
            .push((row.get("term"), row.get::<i64, _>("at_start") == 1));
    }
    for list in terms.values_mut() {
        list.sort();
    }
    terms
}

fn terms_of_keys(keys: &SearchKeys) -> Vec<(String, bool)> {
    keys.terms()
        .into_iter()
        .map(|term| (term.term, term.at_start))
        .collect()
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_demo_shop_finds_what_a_look_at_every_regular_finds(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let size = DemoSize::new(4_000, 4_000, 10).unwrap();
    f.store.fill_demo(&f.shop, size, 7, NOW).await.unwrap();
    let everyone = everyone(&f.store, &f.shop).await;
    // The demo's bulk insert wrote each regular's terms.
    let stored = all_stored_terms(&f.store, &f.shop).await;
    assert_eq!(stored.len(), everyone.len());
    for (regular, keys) in &everyone {
        assert_eq!(
            stored[&regular.id.0],
            terms_of_keys(keys),
            "{}",
            regular.nickname
        );
    }
    // Each way a search goes: through the terms or along the regulars, when prefix matches
    // are enough ("m": many) and when they are not ("ちゃん": many inside names), and none.
    let queries = [
        "m",
        "s",
        "ちゃん",
        "くん",
        "chan",
        "さ",
        "yu",
        "ゆう",
        "なべ",
        "watanabe",
        "子",
        "Emma",
        "oliv",
        "田中",
        "たなか",
        "藤",
        "iko",
        "ken",
        "ほしの",
        "zzz",
        "tanakahanako",
    ];
    let mut ways = BTreeMap::new();
    for typed in queries {
        let query = Query::parse(typed).unwrap();
        // The terms in the query's ranges, as the search counts them.
        let terms_in_range = |prefix: bool| {
            let mut keys = vec![query.folded()];
            if query.romaji() != query.folded() {
                keys.push(query.romaji());
            }
            let ranges: Vec<_> = keys.into_iter().map(term_range).collect();
            stored
                .values()
                .flatten()
                .filter(|(_, at_start)| *at_start || !prefix)
                .map(|(term, _)| {
                    ranges
                        .iter()
                        .filter(|(from, to)| term >= from && term < to)
                        .count() as i64
                })
                .sum::<i64>()
        };
        let prefix_matches = everyone
            .iter()
            .filter(|(_, keys)| query.matches(keys) == Some(MatchKind::Prefix))
            .count();
        let (prefix, anywhere) = (terms_in_range(true), terms_in_range(false));
        let way = if anywhere == 0 {
            "no match"
        } else if prefix_matches >= SEARCH_RESULTS {
            if prefix > SEARCH_FEW_TERMS {
                "prefix matches, walked"
            } else {
                "prefix matches, by the terms"
            }
        } else if anywhere > SEARCH_FEW_TERMS {
            "matches inside names, walked"
        } else {
            "matches inside names, by the terms"
        };
        *ways.entry(way).or_insert(0) += 1;
        let found: Vec<RegularId> = f
            .store
            .search_regulars(f.shop.id, &query)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(found, expected(&query, &everyone), "{typed}");
    }
    assert_eq!(ways.len(), 5, "every way is taken: {ways:?}");
}

/// A regular as an older Joren saved it, with the search keys of its time.
const SAVED_BEFORE: [(&str, Option<&str>); 14] = [
    ("ゆー。", Some("ゆう")),
    ("山田 花子", Some("やまだ はなこ")),
    ("ＫＥＮ", None),
    ("Ken", Some("エン")),
    ("わたなべはなこさん", Some("わたなべ")),
    ("Zoë", None),
    ("まっちゃ", Some("マッチャ")),
    ("ｶﾞｯﾂ", None),
    ("佐々木☆", Some("ささき")),
    ("𠮷田", Some("よしだ")),
    (
        "🍰ケーキ屋のシュークリーム大好きさん",
        Some("けーきやのしゅーくりーむだいすきさん"),
    ),
    ("ささささ", Some("ささ")),
    ("Søren", None),
    ("ティナ・ヴァイオレット", Some("てぃなゔぁいおれっと")),
];

/// Inserts the regulars of [`SAVED_BEFORE`] as the schema before the search terms had them,
/// and one erased regular; returns each id with its keys.
async fn insert_saved_before(
    connection: &mut sqlx::AnyConnection,
    shop: i64,
) -> Vec<(i64, SearchKeys)> {
    let mut saved = Vec::new();
    let erased = SearchKeys {
        folded: String::new(),
        romaji: String::new(),
    };
    for (nickname, reading) in SAVED_BEFORE {
        saved.push((nickname, reading, SearchKeys::of(nickname, reading), None));
    }
    saved.push(("", None, erased, Some(NOW)));
    let mut ids = Vec::new();
    for (nickname, reading, keys, erased_at) in saved {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO regulars (shop_id, nickname, reading, search_folded, search_romaji,
                                   created_at, updated_at, erased_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind(shop)
        .bind(nickname)
        .bind(reading)
        .bind(&keys.folded)
        .bind(&keys.romaji)
        .bind(NOW - MINUTE)
        .bind(erased_at)
        .fetch_one(&mut *connection)
        .await
        .unwrap();
        ids.push((id, keys));
    }
    ids
}

/// Every migration before the search terms, of one engine's folder.
fn before_search_terms(all: Migrator) -> Migrator {
    Migrator {
        migrations: Cow::Owned(
            all.migrations
                .iter()
                .filter(|migration| migration.version < SEARCH_TERMS_MIGRATION)
                .cloned()
                .collect(),
        ),
        ..Migrator::DEFAULT
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_regulars_saved_before_the_search_terms_get_the_terms_the_program_makes(
    #[case] engine: Engine,
) {
    use sqlx::Connection;

    sqlx::any::install_default_drivers();
    let dir = tempfile::tempdir().unwrap();
    let (url, _database, migrator) = match engine {
        Engine::Sqlite => {
            let path = dir.path().join("joren.db");
            let url = format!("sqlite://{}?mode=rwc", path.display());
            (
                url,
                None,
                before_search_terms(sqlx::migrate!("migrations/sqlite")),
            )
        }
        Engine::Postgres => {
            let Some(server) = postgres_server("storage tests") else {
                return;
            };
            let database = PostgresDatabase::create(&server).await;
            let url = database.url.secret().to_owned();
            (
                url,
                Some(database),
                before_search_terms(sqlx::migrate!("migrations/postgres")),
            )
        }
    };
    let mut connection = sqlx::AnyConnection::connect(&url).await.unwrap();
    migrator.run(&mut connection).await.unwrap();
    let shop: i64 = sqlx::query_scalar(
        "INSERT INTO shops (slug, name, created_at) VALUES ('joren', 'Joren', 1) RETURNING id",
    )
    .fetch_one(&mut connection)
    .await
    .unwrap();
    let saved = insert_saved_before(&mut connection, shop).await;
    connection.close().await.unwrap();

    let url = match engine {
        Engine::Sqlite => DatabaseUrl::sqlite_file(dir.path().join("joren.db")),
        Engine::Postgres => DatabaseUrl::parse(&url).unwrap(),
    };
    let store = Store::open(&url, &StoreOptions::default()).await.unwrap();
    let shop = store
        .shop(&ShopSlug::parse("joren").unwrap())
        .await
        .unwrap()
        .unwrap();
    let stored = all_stored_terms(&store, &shop).await;
    for (id, keys) in &saved {
        assert_eq!(
            stored.get(id).cloned().unwrap_or_default(),
            terms_of_keys(keys),
            "{keys:?}"
        );
    }
    assert_eq!(
        stored.len(),
        SAVED_BEFORE.len(),
        "every regular but the erased one has terms"
    );
    assert_eq!(
        search_in(&store, &shop, "なべはなこ").await,
        ["わたなべはなこさん"]
    );
    store.close().await;
}
