//! Regulars, search, check-in, stamps, rewards and presence against a real SQLite file.

use joren::audit::AuditAction;
use joren::check_in::CheckInOutcome;
use joren::loyalty::{RewardText, StampRules};
use joren::reading::Query;
use joren::regular::{Consents, Profile, RegularDraft};
use joren::storage::Engine;
use joren::storage::Store;
use joren::{Shop, ShopName, ShopSlug, Staff};

use super::{TestDb, shop_with_owner};
use rstest::rstest;

pub(super) const MINUTE: i64 = 60_000;
pub(super) const NOW: i64 = 1_795_500_000_000;

pub(super) struct Fixture {
    pub(super) store: Store,
    pub(super) shop: Shop,
    pub(super) owner: Staff,
    pub(super) _db: TestDb,
}

pub(super) async fn fixture(engine: Engine) -> Option<Fixture> {
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

pub(super) fn profile(nickname: &str, reading: &str) -> Profile {
    Profile::parse(&RegularDraft {
        nickname: nickname.into(),
        reading: reading.into(),
        ..RegularDraft::default()
    })
    .unwrap()
}

pub(super) fn rules(stamps_per_card: u32, min_gap_minutes: u32) -> StampRules {
    StampRules {
        stamps_per_card,
        reward: RewardText::parse("a free coffee").unwrap(),
        min_gap_minutes,
        presence_minutes: 180,
        thank_you_stamp: false,
    }
}

impl Fixture {
    pub(super) async fn add(&self, nickname: &str, reading: &str) -> joren::RegularId {
        self.store
            .add_regular(
                self.shop.id,
                &profile(nickname, reading),
                &Consents::default(),
                self.owner.id,
            )
            .await
            .unwrap()
    }

    /// A second shop in the same database, for checks that one shop never sees another's.
    pub(super) async fn other_shop(&self) -> joren::Shop {
        self.store
            .ensure_shop(
                &joren::ShopSlug::parse("other").unwrap(),
                &joren::ShopName::parse("Other").unwrap(),
            )
            .await
            .unwrap()
    }

    pub(super) async fn search(&self, typed: &str) -> Vec<String> {
        self.store
            .search_regulars(self.shop.id, &Query::parse(typed).unwrap())
            .await
            .unwrap()
            .into_iter()
            .map(|found| found.nickname)
            .collect()
    }

    pub(super) async fn check_in(
        &self,
        regular: joren::RegularId,
        rules: &StampRules,
        at: i64,
    ) -> CheckInOutcome {
        self.store
            .check_in(self.shop.id, regular, rules, self.owner.id, at)
            .await
            .unwrap()
            .expect("a regular of this shop")
            .outcome
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_regular_is_found_by_kana_katakana_romaji_and_width_but_not_by_others(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    f.add("ゆー。", "ゆう").await;
    f.add("山田 花子", "やまだ はなこ").await;
    f.add("Ken", "").await;
    for typed in ["ゆう", "ユウ", "yu", "ﾕｳ", "ＹＵ"] {
        assert_eq!(f.search(typed).await, ["ゆー。"], "{typed}");
    }
    assert_eq!(f.search("hana").await, ["山田 花子"]);
    assert_eq!(f.search("山田").await, ["山田 花子"]);
    assert_eq!(f.search("KEN").await, ["Ken"]);
    // Punctuation alone is no query at all, so it can never act as a wildcard.
    assert!(Query::parse("%").is_none());
    assert!(Query::parse("_").is_none());
    assert!(f.search("hanako x").await.is_empty());
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn recent_visitors_rank_first_among_prefix_matches(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let yuko = f.add("ゆうこ", "").await;
    let _yuta = f.add("ゆうた", "").await;
    let _mayu = f.add("まゆ", "").await;
    f.check_in(yuko, &rules(10, 240), NOW).await;
    assert_eq!(f.search("ゆ").await, ["ゆうこ", "ゆうた", "まゆ"]);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn an_edit_keeps_consent_times_and_logs_which_fields_changed(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let draft = RegularDraft {
        nickname: "ゆー。".into(),
        reading: "ゆう".into(),
        tagline: "walked across Japan, now a photographer".into(),
        offers: "photography".into(),
        may_be_introduced: true,
        ..RegularDraft::default()
    };
    let consents = Consents::default().after_draft(&draft, NOW, f.owner.id);
    let yu = f
        .store
        .add_regular(
            f.shop.id,
            &Profile::parse(&draft).unwrap(),
            &consents,
            f.owner.id,
        )
        .await
        .unwrap();

    let edited = RegularDraft {
        tagline: "photographer in Koenji".into(),
        may_show_links: true,
        ..draft
    };
    let saved = f
        .store
        .update_regular(
            f.shop.id,
            yu,
            &Profile::parse(&edited).unwrap(),
            true,
            true,
            f.owner.id,
        )
        .await
        .unwrap();
    assert!(saved);
    let regular = f.store.regular(f.shop.id, yu).await.unwrap().unwrap();
    assert_eq!(
        regular.profile.tagline.unwrap().as_str(),
        "photographer in Koenji"
    );
    assert_eq!(
        regular.consents.may_be_introduced.unwrap().given_at,
        NOW,
        "kept with its time"
    );
    assert!(regular.consents.may_show_links.is_some());
    assert_eq!(regular.profile.offers.to_text(), "photography");

    let log = f.store.audit_log(f.shop.id, None, 1).await.unwrap();
    assert_eq!(log[0].action, AuditAction::RegularEdited);
    assert_eq!(
        log[0].detail,
        joren::audit::AuditDetail::RegularEdited {
            changes: vec![
                joren::audit::ProfileChange::Tagline,
                joren::audit::ProfileChange::LinksConsentGiven
            ]
        }
    );
    assert_eq!(log[0].regular_name.as_deref(), Some("ゆー。"));

    // Another shop's regular is neither found, nor changed, nor checked in.
    let theirs = f
        .store
        .ensure_shop(
            &ShopSlug::parse("theirs").unwrap(),
            &ShopName::parse("Other").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(f.store.regular(theirs.id, yu).await.unwrap(), None);
    assert!(
        !f.store
            .update_regular(
                theirs.id,
                yu,
                &Profile::parse(&edited).unwrap(),
                false,
                false,
                f.owner.id
            )
            .await
            .unwrap()
    );
    assert_eq!(
        f.store
            .check_in(theirs.id, yu, &rules(10, 240), f.owner.id, NOW)
            .await
            .unwrap(),
        None
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_stamp_rules_are_the_owners_setting_and_reach_the_shop(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    assert_eq!(f.shop.stamp_rules, StampRules::default());
    let new_rules = rules(5, 60);
    f.store
        .set_stamp_rules(f.shop.id, &new_rules, f.owner.id)
        .await
        .unwrap();
    let shop = f.store.shop(&f.shop.slug).await.unwrap().unwrap();
    assert_eq!(shop.stamp_rules, new_rules);
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn listeners_hear_of_each_change_to_the_shop_once_it_is_committed(#[case] engine: Engine) {
    use joren::storage::Change;
    use tokio::sync::broadcast::error::TryRecvError;

    let Some(f) = fixture(engine).await else {
        return;
    };
    let mut changes = f.store.changes();
    let yu = f.add("ゆー。", "ゆう").await;
    assert_eq!(
        changes.try_recv(),
        Err(TryRecvError::Empty),
        "nobody new is in the shop"
    );
    let checked_in = f.check_in(yu, &rules(10, 240), NOW).await;
    assert_eq!(changes.try_recv(), Ok(Change::InTheShop(f.shop.id)));
    // By the time the change is heard, a read sees it.
    let present = f
        .store
        .in_the_shop(f.shop.id, &rules(10, 240), NOW + 1)
        .await
        .unwrap();
    assert_eq!(present.len(), 1);

    let nobody = joren::RegularId(yu.0 + 1_000);
    let refused = f
        .store
        .check_in(f.shop.id, nobody, &rules(10, 240), f.owner.id, NOW)
        .await
        .unwrap();
    assert!(refused.is_none());
    assert_eq!(
        changes.try_recv(),
        Err(TryRecvError::Empty),
        "nothing changed"
    );

    assert!(
        f.store
            .mark_left(f.shop.id, checked_in.visit(), f.owner.id, NOW + 2)
            .await
            .unwrap()
    );
    assert_eq!(changes.try_recv(), Ok(Change::InTheShop(f.shop.id)));
    assert!(
        !f.store
            .mark_left(f.shop.id, checked_in.visit(), f.owner.id, NOW + 3)
            .await
            .unwrap()
    );
    assert_eq!(changes.try_recv(), Err(TryRecvError::Empty), "left already");
}
