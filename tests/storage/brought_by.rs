//! Who brought whom, on both engines: a newcomer recorded as brought by a regular with "+ new
//! regular", on both their cards; the owner's thank-you stamp once per newcomer, in the
//! ledger, the audit log and the person's own data; refused for a regular not of this shop;
//! kept for the counts when either is erased.

use joren::audit::{AuditAction, AuditDetail};
use joren::check_in::{CheckInOutcome, LedgerKind, Newcomer, NewcomerAdded, Thanked};
use joren::insights::Period;
use joren::loyalty::{Card, RewardEarned, StampRules};
use joren::regular::Consents;
use joren::storage::Engine;
use rstest::rstest;

use super::regulars::{Fixture, MINUTE, NOW, fixture, profile, rules};

fn thanking(stamps_per_card: u32) -> StampRules {
    StampRules {
        thank_you_stamp: true,
        ..rules(stamps_per_card, 240)
    }
}

fn came_with(nickname: &str, reading: &str, bringer: joren::RegularId) -> Newcomer {
    Newcomer {
        came_with: Some(bringer),
        ..super::newcomer(&profile(nickname, reading), &Consents::default())
    }
}

impl Fixture {
    async fn add_newcomer(
        &self,
        newcomer: &Newcomer,
        rules: &StampRules,
        at: i64,
    ) -> NewcomerAdded {
        self.store
            .add_regular_and_check_in(self.shop.id, newcomer, rules, self.owner.id, at)
            .await
            .unwrap()
    }

    async fn card_of(&self, regular: joren::RegularId) -> Card {
        self.store
            .regular(self.shop.id, regular)
            .await
            .unwrap()
            .expect("a regular of this shop")
            .card
    }

    async fn entries_of(&self, action: AuditAction) -> Vec<(Option<i64>, AuditDetail)> {
        self.store
            .audit_log(self.shop.id, None, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|entry| entry.action == action)
            .map(|entry| (entry.regular, entry.detail))
            .collect()
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_newcomer_who_came_with_a_regular_shows_on_both_cards_and_thanks_them_once(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = thanking(10);
    let yuki = f.add("ゆき", "ゆき").await;
    f.check_in(yuki, &rules, NOW - 5 * MINUTE).await;

    let hanako = came_with("はなこ", "はなこ", yuki);
    let NewcomerAdded::CheckedIn {
        id,
        outcome: CheckInOutcome::CheckedIn { stamped: true, .. },
        thanked,
        ..
    } = f.add_newcomer(&hanako, &rules, NOW).await
    else {
        panic!("hanako was not checked in");
    };
    let one_more = Card {
        stamps: 2,
        ..Card::default()
    };
    assert_eq!(
        thanked,
        Some(Thanked {
            regular: yuki,
            nickname: "ゆき".into(),
            card: one_more,
            reward: None,
        })
    );
    assert_eq!(f.card_of(yuki).await, one_more);
    // The same tap sent twice: the same newcomer, and no second thank-you.
    let again = f.add_newcomer(&hanako, &rules, NOW + 300).await;
    assert!(
        matches!(again, NewcomerAdded::CheckedIn { id: same, thanked: None, .. } if same == id),
        "{again:?}"
    );
    assert_eq!(f.card_of(yuki).await, one_more);

    let on_yukis_card = f.store.brought(f.shop.id, yuki).await.unwrap();
    assert_eq!(on_yukis_card.came_with, None);
    let brought: Vec<_> = on_yukis_card
        .brought
        .iter()
        .map(|p| (p.regular, p.nickname.as_str(), p.at))
        .collect();
    assert_eq!(brought, [(id, "はなこ", NOW)]);
    let on_hanakos_card = f.store.brought(f.shop.id, id).await.unwrap();
    let came = on_hanakos_card.came_with.expect("came with yuki");
    assert_eq!((came.regular, came.nickname.as_str()), (yuki, "ゆき"));
    assert!(on_hanakos_card.brought.is_empty());

    // In the ledger as a thank-you, not as a visit's stamp.
    let ledger = f.store.reward_ledger(f.shop.id, yuki, 10).await.unwrap();
    let lines: Vec<_> = ledger.iter().map(|l| (l.kind, l.stamps, l.at)).collect();
    assert_eq!(lines, [(LedgerKind::ThankYou, Some(1), NOW)]);
    assert_eq!(f.store.visits(f.shop.id, yuki, 10).await.unwrap().len(), 1);
    assert_eq!(
        f.entries_of(AuditAction::CameWith).await,
        [(Some(id.0), AuditDetail::Nothing)]
    );
    assert_eq!(
        f.entries_of(AuditAction::ThankYouStamp).await,
        [(Some(yuki.0), AuditDetail::Stamp { stamps: 2, of: 10 })]
    );

    // Each one's own data says when, not who.
    let hanakos = f
        .store
        .personal_data(&f.shop, id, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hanakos.came_with_a_regular_at, Some(NOW));
    assert!(hanakos.brought_newcomers_at.is_empty());
    let yukis = f
        .store
        .personal_data(&f.shop, yuki, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(yukis.came_with_a_regular_at, None);
    assert_eq!(yukis.brought_newcomers_at, [NOW]);
    assert!(yukis.ledger.iter().any(|l| l.kind == LedgerKind::ThankYou));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn without_the_owners_thank_you_the_bringer_gets_no_stamp(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 240);
    let yuki = f.add("ゆき", "ゆき").await;
    let added = f
        .add_newcomer(&came_with("はなこ", "はなこ", yuki), &rules, NOW)
        .await;
    assert!(
        matches!(added, NewcomerAdded::CheckedIn { thanked: None, .. }),
        "{added:?}"
    );
    assert_eq!(f.card_of(yuki).await, Card::default());
    assert!(
        f.store
            .reward_ledger(f.shop.id, yuki, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f.store
            .brought(f.shop.id, yuki)
            .await
            .unwrap()
            .brought
            .len(),
        1
    );
    assert_eq!(f.entries_of(AuditAction::CameWith).await.len(), 1);
    assert!(f.entries_of(AuditAction::ThankYouStamp).await.is_empty());
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_thank_you_stamp_that_fills_the_card_earns_its_reward(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = thanking(2);
    let yuki = f.add("ゆき", "ゆき").await;
    f.check_in(yuki, &rules, NOW - 5 * MINUTE).await;
    let added = f
        .add_newcomer(&came_with("はなこ", "はなこ", yuki), &rules, NOW)
        .await;
    let NewcomerAdded::CheckedIn {
        thanked: Some(thanked),
        ..
    } = added
    else {
        panic!("no thank-you: {added:?}");
    };
    assert_eq!(thanked.reward, Some(RewardEarned { number: 1 }));
    assert_eq!(
        f.card_of(yuki).await,
        Card {
            stamps: 0,
            rewards_earned: 1,
            rewards_redeemed: 0
        }
    );
    let kinds: Vec<_> = f
        .store
        .reward_ledger(f.shop.id, yuki, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.kind)
        .collect();
    assert_eq!(kinds, [LedgerKind::Earned, LedgerKind::ThankYou]);
    assert_eq!(
        f.entries_of(AuditAction::ThankYouStamp).await,
        [(Some(yuki.0), AuditDetail::Stamp { stamps: 2, of: 2 })],
        "a full card reads as full"
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_bringer_who_is_not_a_regular_of_this_shop_adds_nothing(#[case] engine: Engine) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = thanking(10);
    let other = f.other_shop().await;
    let elsewhere = f
        .store
        .add_regular(
            other.id,
            &profile("ゆき", "ゆき"),
            &Consents::default(),
            f.owner.id,
        )
        .await
        .unwrap();
    let erased = f.add("そら", "そら").await;
    assert!(
        f.store
            .erase_regular(&f.shop, erased, f.owner.id, NOW - MINUTE)
            .await
            .unwrap()
    );
    for bringer in [elsewhere, erased, joren::RegularId(9_999)] {
        let added = f
            .add_newcomer(&came_with("はなこ", "はなこ", bringer), &rules, NOW)
            .await;
        assert_eq!(added, NewcomerAdded::NoSuchBringer, "{bringer:?}");
    }
    assert!(f.search("はなこ").await.is_empty(), "nobody was added");
    assert!(f.entries_of(AuditAction::RegularCreated).await.len() == 1);
    assert!(f.entries_of(AuditAction::CameWith).await.is_empty());
    assert_eq!(
        f.store
            .regular(other.id, elsewhere)
            .await
            .unwrap()
            .unwrap()
            .card,
        Card::default()
    );
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn erasing_either_keeps_the_count_and_leaves_their_name_off_the_other_card(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = thanking(10);
    let yuki = f.add("ゆき", "ゆき").await;
    let hanako = match f
        .add_newcomer(&came_with("はなこ", "はなこ", yuki), &rules, NOW)
        .await
    {
        NewcomerAdded::CheckedIn { id, .. } => id,
        other => panic!("{other:?}"),
    };
    let taro = match f
        .add_newcomer(&came_with("たろう", "たろう", yuki), &rules, NOW + MINUTE)
        .await
    {
        NewcomerAdded::CheckedIn { id, .. } => id,
        other => panic!("{other:?}"),
    };
    let week = Period::parse("week", None, None, jiff::civil::date(2026, 11, 25)).unwrap();
    let counted = |f: &Fixture| {
        let (store, shop) = (f.store.clone(), f.shop.clone());
        async move { store.period_counts(&shop, &week).await.unwrap().brought }
    };
    let before = counted(&f).await;
    assert_eq!(before.len(), 2, "both newcomers of the week: {before:?}");
    assert!(before.iter().all(|b| b.bringer == yuki.0));

    assert!(
        f.store
            .erase_regular(&f.shop, hanako, f.owner.id, NOW + 2 * MINUTE)
            .await
            .unwrap()
    );
    let names: Vec<_> = f
        .store
        .brought(f.shop.id, yuki)
        .await
        .unwrap()
        .brought
        .into_iter()
        .map(|p| p.nickname)
        .collect();
    assert_eq!(names, ["たろう"]);
    assert!(
        f.store
            .erase_regular(&f.shop, yuki, f.owner.id, NOW + 3 * MINUTE)
            .await
            .unwrap()
    );
    assert_eq!(
        f.store.brought(f.shop.id, taro).await.unwrap().came_with,
        None
    );
    assert_eq!(counted(&f).await, before, "the counts stay");
}
