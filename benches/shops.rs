//! Which shop a request is for, in an installation of 1,000 shops with two host names each:
//! `cargo bench -p joren --features server --bench shops`. Every screen and server function
//! asks it once; the figures are one `Store::shop_for_request` call on a SQLite file (and on
//! PostgreSQL when `JOREN_TEST_POSTGRES_URL` names a server), beside `Store::shop`, the
//! lookup by slug that a one-shop installation made before.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use joren::storage::testing::{PostgresDatabase, postgres_server};
use joren::storage::{DatabaseUrl, Store, StoreOptions};
use joren::{ShopHost, ShopName, ShopSlug};

const SHOPS: usize = 1_000;

fn slug(n: usize) -> ShopSlug {
    ShopSlug::parse(&format!("shop-{n:04}")).unwrap()
}

fn host(n: usize, www: bool) -> ShopHost {
    let prefix = if www { "www." } else { "" };
    ShopHost::parse(&format!("{prefix}shop-{n:04}.example")).unwrap()
}

async fn fill(store: &Store) {
    let name = ShopName::parse("Joren").unwrap();
    store
        .ensure_shop(&ShopSlug::default_shop(), &name)
        .await
        .unwrap();
    for n in 0..SHOPS {
        store.add_shop(&slug(n), &name).await.unwrap();
        for www in [false, true] {
            store.add_shop_host(&slug(n), &host(n, www)).await.unwrap();
        }
    }
}

fn bench_engine(c: &mut Criterion, engine: &str, store: &Store, runtime: &tokio::runtime::Runtime) {
    let main = ShopSlug::default_shop();
    let (by_host, chosen, unknown) = (host(617, true), slug(617), host(5_000, false));
    // Each case reaches the shop it is meant to.
    let found = |host: Option<&ShopHost>, chose: Option<&ShopSlug>| {
        let shop = runtime.block_on(store.shop_for_request(host, chose, &main));
        shop.unwrap().expect("a shop").slug
    };
    assert_eq!(found(Some(&by_host), None), chosen);
    assert_eq!(found(Some(&unknown), Some(&chosen)), chosen);
    assert_eq!(found(Some(&unknown), None), main);
    let mut group = c.benchmark_group(format!("which shop ({engine}, {SHOPS} shops)"));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("by host name", |b| {
        b.iter(|| {
            runtime
                .block_on(store.shop_for_request(Some(&by_host), None, &main))
                .unwrap()
        });
    });
    group.bench_function("by the tablet's choice", |b| {
        b.iter(|| {
            runtime
                .block_on(store.shop_for_request(Some(&unknown), Some(&chosen), &main))
                .unwrap()
        });
    });
    group.bench_function("the main shop", |b| {
        b.iter(|| {
            runtime
                .block_on(store.shop_for_request(Some(&unknown), None, &main))
                .unwrap()
        });
    });
    group.bench_function("by slug alone (the one-shop lookup)", |b| {
        b.iter(|| runtime.block_on(store.shop(&main)).unwrap());
    });
    group.finish();
}

fn which_shop(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::sqlite_file(dir.path().join("joren.db"));
    let store = runtime
        .block_on(Store::open(&url, &StoreOptions::default()))
        .unwrap();
    runtime.block_on(fill(&store));
    bench_engine(c, "SQLite", &store, &runtime);
    runtime.block_on(store.close());

    if let Some(server) = postgres_server("the shops benchmark") {
        let database = runtime.block_on(PostgresDatabase::create(&server));
        let url = DatabaseUrl::Postgres(database.url.clone());
        let store = runtime
            .block_on(Store::open(&url, &StoreOptions::default()))
            .unwrap();
        runtime.block_on(fill(&store));
        bench_engine(c, "PostgreSQL", &store, &runtime);
        runtime.block_on(store.close());
        drop(database);
    }
}

criterion_group!(benches, which_shop);
criterion_main!(benches);
