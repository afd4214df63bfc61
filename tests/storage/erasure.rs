//! A regular's own data on request, and erasure: nothing personal left in the file or its
//! write-ahead log, the shop's counts kept.

use joren::audit::{AuditAction, AuditDetail};
use joren::introduction::{FollowUp, Introduce, Outcome};
use joren::regular::{Consents, Notes, Profile, RegularDraft};
use joren::short_link::ShortLinkTarget;
use joren::storage::Store;
use joren::{RegularId, Shop, Staff};
use sqlx::AssertSqlSafe;

use crate::TestDb;
use crate::shop_with_owner;
use joren::storage::Engine;
use rstest::rstest;

const NOW: i64 = 1_790_000_000_000;

/// Strings that appear only in the erased regular's data: each must be in the file before
/// and nowhere after.
const MARKERS: [&str; 12] = [
    "ゾフィーヌ",
    "まるめろ",
    "marumero",
    "Quillfeather",
    "oldtagline-wren",
    "marmalade-printing",
    "risograph-zines",
    "letterpress-wanted",
    "quillfeather.example",
    "quill_feather_ig",
    "allergic-to-walnuts",
    "met-over-the-risograph",
];

struct Fixture {
    store: Store,
    shop: Shop,
    owner: Staff,
    db: TestDb,
}

impl Fixture {
    async fn new(engine: Engine) -> Option<Self> {
        let db = TestDb::new(engine).await?;
        let store = db.store.clone();
        let (shop, owner) = shop_with_owner(&store).await;
        Some(Fixture {
            store,
            shop,
            owner,
            db,
        })
    }

    async fn add(&self, draft: &RegularDraft) -> RegularId {
        self.store
            .add_regular(
                self.shop.id,
                &Profile::parse(draft).unwrap(),
                &Consents::default().after_draft(draft, NOW - 1_000, self.owner.id),
                self.owner.id,
            )
            .await
            .unwrap()
    }

    /// SQLite: the database file and its write-ahead log, as bytes on disk. PostgreSQL
    /// (whose files belong to the server): every row of every table, as text.
    async fn stored_bytes(&self) -> Vec<u8> {
        if let Some(file) = self.db.sqlite_file() {
            let mut bytes = std::fs::read(&file).unwrap();
            if let Ok(wal) = std::fs::read(file.with_extension("db-wal")) {
                bytes.extend(wal);
            }
            return bytes;
        }
        let pool = self.store.pool_for_tests();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        let mut bytes = Vec::new();
        for table in tables {
            let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT CAST(t AS TEXT) FROM \"{table}\" t"
            )))
            .fetch_all(pool)
            .await
            .unwrap();
            for row in rows {
                bytes.extend(row.into_bytes());
            }
        }
        bytes
    }

    async fn markers_on_disk(&self) -> Vec<&'static str> {
        let bytes = self.stored_bytes().await;
        MARKERS
            .into_iter()
            .filter(|marker| {
                bytes
                    .windows(marker.len())
                    .any(|window| window == marker.as_bytes())
            })
            .collect()
    }
}

fn quill() -> RegularDraft {
    RegularDraft {
        nickname: "ゾフィーヌ Quillfeather".into(),
        reading: "まるめろ".into(),
        tagline: "oldtagline-wren".into(),
        interests: "risograph-zines".into(),
        offers: "marmalade-printing".into(),
        looking_for: "letterpress-wanted".into(),
        links: "https://quillfeather.example/work\n@quill_feather_ig".into(),
        notes: "allergic-to-walnuts".into(),
        may_be_introduced: true,
        may_show_links: true,
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn erasure_leaves_nothing_personal_in_the_file_or_its_log_and_keeps_the_counts(
    #[case] engine: Engine,
) {
    let Some(f) = Fixture::new(engine).await else {
        return;
    };
    let shop = f.shop.id;
    let owner = f.owner.id;
    let mut draft = quill();
    let quill = f.add(&draft).await;
    // An earlier tagline, overwritten by an edit: it must not linger in free space either.
    draft.tagline = "printer of small things".into();
    assert!(
        f.store
            .update_regular(
                shop,
                quill,
                &Profile::parse(&draft).unwrap(),
                true,
                true,
                owner
            )
            .await
            .unwrap()
    );
    let ben = f
        .add(&RegularDraft {
            nickname: "Ben".into(),
            may_be_introduced: true,
            ..RegularDraft::default()
        })
        .await;
    let rules = f.shop.stamp_rules.clone();
    f.store
        .check_in(shop, quill, &rules, owner, NOW - 3_600_000)
        .await
        .unwrap()
        .unwrap();
    f.store
        .check_in(shop, ben, &rules, owner, NOW - 3_000_000)
        .await
        .unwrap()
        .unwrap();
    let note = Notes::parse("met-over-the-risograph").unwrap();
    let Introduce::Introduced(introduction) = f
        .store
        .introduce(shop, quill, ben, Some(&note), owner, NOW - 2_000_000)
        .await
        .unwrap()
    else {
        panic!("a new pair is introduced");
    };
    let recorded = f
        .store
        .record_outcome(
            shop,
            introduction,
            Outcome::WorkedTogether,
            Some(&Notes::parse("Quillfeather printed Ben's menus").unwrap()),
            owner,
            NOW - 1_000_000,
        )
        .await
        .unwrap();
    assert_eq!(recorded, FollowUp::Recorded);
    let target = ShortLinkTarget::Link("https://quillfeather.example/work".into());
    let code = f
        .store
        .short_link(shop, quill, &target, None, NOW - 900_000)
        .await
        .unwrap();
    assert!(
        f.store
            .follow_short_link(shop, &code, Some(NOW - 800_000))
            .await
            .unwrap()
            .is_some()
    );
    let before = f
        .store
        .personal_data(&f.shop, quill, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.visits.len(), 1);
    assert_eq!(before.short_links.len(), 1);
    assert_eq!(before.short_links[0].scans, 1);
    assert_eq!(before.introductions.len(), 1);
    assert_eq!(
        before.may_be_introduced_recorded_by.as_deref(),
        Some("みどり")
    );
    // PostgreSQL's rows as read hold only the tagline of now; SQLite's file still holds the
    // one it replaced.
    let expected: Vec<&str> = match engine {
        Engine::Sqlite => MARKERS.to_vec(),
        Engine::Postgres => MARKERS
            .into_iter()
            .filter(|marker| *marker != "oldtagline-wren")
            .collect(),
    };
    assert_eq!(
        f.markers_on_disk().await,
        expected,
        "before the erasure the database holds every marker, so their absence later means \
         something"
    );

    assert!(
        f.store
            .erase_regular(&f.shop, quill, owner, NOW)
            .await
            .unwrap()
    );

    assert_eq!(
        f.markers_on_disk().await,
        Vec::<&str>::new(),
        "nothing personal is left on disk"
    );
    assert_eq!(f.store.regular(shop, quill).await.unwrap(), None);
    assert_eq!(
        f.store.personal_data(&f.shop, quill, NOW).await.unwrap(),
        None
    );
    assert!(
        f.store
            .check_in(shop, quill, &rules, owner, NOW)
            .await
            .unwrap()
            .is_none(),
        "an erased regular cannot be checked in"
    );
    assert!(
        f.store
            .follow_short_link(shop, &code, Some(NOW))
            .await
            .unwrap()
            .is_none(),
        "their QR codes lead nowhere"
    );
    assert!(
        !f.store
            .in_the_shop(shop, &rules, NOW)
            .await
            .unwrap()
            .iter()
            .any(|p| p.regular.id == quill),
        "they are no longer shown in the shop"
    );
    // The counts stay: their visit, and Ben's side of the introduction with its outcome.
    assert_eq!(f.store.visits(shop, quill, 10).await.unwrap().len(), 1);
    let bens = f.store.introductions_of(shop, ben).await.unwrap();
    assert_eq!(bens.len(), 1);
    assert_eq!(bens[0].outcome(), Some(Outcome::WorkedTogether));
    assert_eq!(bens[0].note, None);
    assert_eq!(bens[0].outcomes[0].note, None);
    assert_eq!(bens[0].other(ben).map(|(_, name)| name), Some(""));
    // The audit log keeps that it happened, by whom, and nothing of what.
    let log = f.store.audit_log(shop, None, 100).await.unwrap();
    let erased: Vec<_> = log
        .iter()
        .filter(|e| e.action == AuditAction::Erased)
        .collect();
    assert_eq!(erased.len(), 1);
    assert_eq!(erased[0].by, Some(owner));
    assert_eq!(erased[0].regular, Some(quill.0));
    assert_eq!(erased[0].regular_name, None);
    assert_eq!(erased[0].detail, AuditDetail::Nothing);
    // Once is enough.
    assert!(
        !f.store
            .erase_regular(&f.shop, quill, owner, NOW)
            .await
            .unwrap()
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_regular_of_another_shop_is_neither_shown_nor_erased(#[case] engine: Engine) {
    let Some(f) = Fixture::new(engine).await else {
        return;
    };
    let quill = f.add(&quill()).await;
    let other = f
        .store
        .ensure_shop(
            &joren::ShopSlug::parse("other").unwrap(),
            &joren::ShopName::parse("Other").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        f.store.personal_data(&other, quill, NOW).await.unwrap(),
        None
    );
    assert!(
        !f.store
            .erase_regular(&other, quill, f.owner.id, NOW)
            .await
            .unwrap()
    );
    assert!(f.store.regular(f.shop.id, quill).await.unwrap().is_some());
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn their_own_data_holds_their_profile_consents_and_history_but_nobody_else(
    #[case] engine: Engine,
) {
    let Some(f) = Fixture::new(engine).await else {
        return;
    };
    let quill = f.add(&quill()).await;
    let ben = f
        .add(&RegularDraft {
            nickname: "Ben Otherperson".into(),
            may_be_introduced: true,
            ..RegularDraft::default()
        })
        .await;
    let rules = f.shop.stamp_rules.clone();
    for hours in [30, 20, 10] {
        f.store
            .check_in(
                f.shop.id,
                quill,
                &rules,
                f.owner.id,
                NOW - hours * 3_600_000,
            )
            .await
            .unwrap()
            .unwrap();
    }
    let introduced = f
        .store
        .introduce(f.shop.id, quill, ben, None, f.owner.id, NOW - 1_000)
        .await
        .unwrap();
    assert!(matches!(introduced, Introduce::Introduced(_)));
    let data = f
        .store
        .personal_data(&f.shop, quill, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(data.shop, "Joren");
    assert_eq!(
        data.regular.profile.notes.as_ref().unwrap().as_str(),
        "allergic-to-walnuts"
    );
    assert_eq!(
        data.visits.len(),
        3,
        "every visit, not only the card's recent ones"
    );
    assert_eq!(
        data.regular.consents.may_show_links.unwrap().given_by,
        Some(f.owner.id)
    );
    assert_eq!(data.may_show_links_recorded_by.as_deref(), Some("みどり"));
    let actions: Vec<_> = data.audit.iter().map(|e| e.action).collect();
    assert_eq!(actions[0], AuditAction::RegularCreated, "oldest first");
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == AuditAction::CheckedIn)
            .count(),
        3
    );
    let json = serde_json::to_string(&data).unwrap();
    assert!(json.contains("allergic-to-walnuts"));
    assert!(
        !json.contains("Otherperson"),
        "the other person is not in it: {json}"
    );
}
