//! Suggestions at the scale of the product brief: 100,000 regulars in the shop's database,
//! 300 of them in the shop now. `cargo bench -p joren --features server --bench suggestions`.
//!
//! The data is written straight into a fresh SQLite file (a few seconds); the figures are the
//! time of one `Store::suggestions` call, as a request at the register makes it.

use std::collections::HashSet;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use joren::loyalty::StampRules;
use joren::storage::{DatabaseUrl, Store, StoreOptions};
use joren::suggestion::{Person, suggest};
use joren::{RegularId, ShopName, ShopSlug};

const REGULARS: i64 = 100_000;
const PRESENT: i64 = 300;
const PAST_VISITS_EACH: i64 = 5;
const DAY: i64 = 24 * 60 * 60 * 1000;
const NOW: i64 = 1_795_500_000_000;

const TAGS: &[&str] = &[
    "photography",
    "photos for my shop",
    "写真",
    "お店の写真",
    "illustration",
    "an illustrator",
    "coffee",
    "コーヒー",
    "jazz",
    "ジャズ",
    "bread",
    "パン",
    "sourdough",
    "web design",
    "design for our cafe",
    "hiking",
    "山登り",
    "books",
    "古本",
    "film cameras",
    "フィルムカメラ",
    "ceramics",
    "陶芸",
    "gallery",
    "ギャラリー",
    "music lessons",
    "ピアノ",
    "translation",
    "翻訳",
    "english conversation",
    "英会話",
    "bookkeeping",
    "経理",
    "catering",
    "ケータリング",
    "flowers",
    "花",
    "cycling",
    "自転車",
    "knitting",
    "編み物",
];

/// A small deterministic generator: the same data on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn tags(&mut self, most: u64) -> String {
        let count = self.below(most + 1);
        let tags: Vec<&str> = (0..count)
            .map(|_| TAGS[self.below(TAGS.len() as u64) as usize])
            .collect();
        serde_json::to_string(&tags).unwrap()
    }
}

async fn shop_with_regulars(dir: &tempfile::TempDir) -> (Store, joren::Shop, Vec<RegularId>) {
    let url = DatabaseUrl::sqlite_file(dir.path().join("bench.db"));
    let store = Store::open(&url, &StoreOptions::default()).await.unwrap();
    let shop = store
        .ensure_shop(
            &ShopSlug::default_shop(),
            &ShopName::parse("Bench").unwrap(),
        )
        .await
        .unwrap();
    let pool = store.pool_for_tests();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut tx = pool.begin().await.unwrap();
    for id in 1..=REGULARS {
        let consent = (dice.below(10) < 7).then_some(NOW - 400 * DAY);
        sqlx::query(
            "INSERT INTO regulars (id, shop_id, nickname, interests, offers, looking_for,
                 may_be_introduced_at, search_folded, search_romaji, visits, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $3, $3, $8, $9, $9)",
        )
        .bind(id)
        .bind(shop.id.0)
        .bind(format!("regular{id}"))
        .bind(dice.tags(6))
        .bind(dice.tags(3))
        .bind(dice.tags(3))
        .bind(consent)
        .bind(PAST_VISITS_EACH)
        .bind(NOW - 400 * DAY)
        .execute(&mut *tx)
        .await
        .unwrap();
        for _ in 0..PAST_VISITS_EACH {
            let at = NOW - 1 - (dice.below(90 * DAY as u64) as i64) - DAY;
            insert_visit(&mut tx, shop.id.0, id, at).await;
        }
    }
    let mut present = Vec::new();
    for n in 0..PRESENT {
        let id = 1 + n * (REGULARS / PRESENT);
        let at = NOW - (dice.below(170 * 60 * 1000) as i64);
        insert_visit(&mut tx, shop.id.0, id, at).await;
        present.push(RegularId(id));
    }
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    (store, shop, present)
}

async fn insert_visit(tx: &mut sqlx::AnyConnection, shop: i64, regular: i64, at: i64) {
    sqlx::query(
        "INSERT INTO visits (shop_id, regular_id, checked_in_at, stamped) VALUES ($1, $2, $3, 1)",
    )
    .bind(shop)
    .bind(regular)
    .bind(at)
    .execute(tx)
    .await
    .unwrap();
}

fn suggestions(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (store, shop, present) = runtime.block_on(shop_with_regulars(&dir));
    let rules = StampRules::default();
    let mut next = 0;
    let mut group = c.benchmark_group("introductions");
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("suggestions, 300 present of 100,000 regulars", |b| {
        b.iter(|| {
            next = (next + 1) % present.len();
            runtime
                .block_on(store.suggestions(shop.id, present[next], &rules, NOW, 8))
                .unwrap()
        })
    });
    group.bench_function("talking points of two regulars", |b| {
        b.iter(|| {
            next = (next + 1) % present.len();
            let other = present[(next + 7) % present.len()];
            runtime
                .block_on(store.talking_points(shop.id, present[next], other, &rules, NOW))
                .unwrap()
        })
    });
    group.bench_function("ranking alone: 300 people folded and ranked", |b| {
        let mut dice = Dice(7);
        let tags = |dice: &mut Dice, most| {
            let list: Vec<String> = serde_json::from_str(&dice.tags(most)).unwrap();
            joren::Tags::parse(&list.join(",")).unwrap_or_default()
        };
        let people: Vec<_> = (0..=PRESENT)
            .map(|id| {
                (
                    tags(&mut dice, 6),
                    tags(&mut dice, 3),
                    tags(&mut dice, 3),
                    id,
                )
            })
            .collect();
        b.iter(|| {
            let persons: Vec<Person> = people
                .iter()
                .map(|(interests, offers, wanted, id)| {
                    Person::new(RegularId(*id), true, interests, offers, wanted, vec![NOW])
                })
                .collect();
            suggest(
                &persons[0],
                &persons[1..],
                &HashSet::new(),
                3 * 60 * 60 * 1000,
                8,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, suggestions);
criterion_main!(benches);
