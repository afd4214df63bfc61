//! A paper card carried over, on both engines: with a new regular, or later by the owner;
//! once only, even from two tablets at once; in the ledger, the audit log and the person's own
//! data; never a visit.

use joren::audit::{AuditAction, AuditDetail};
use joren::check_in::{CarryOver, CheckInOutcome, LedgerKind};
use joren::insights::{Period, QuarterTally};
use joren::loyalty::{PaperStamps, StampRules};
use joren::regular::Consents;
use joren::storage::Engine;
use rstest::rstest;

use super::regulars::{Fixture, NOW, fixture, profile, rules};

fn paper(stamps: &str, rules: &StampRules) -> PaperStamps {
    PaperStamps::parse(stamps, rules)
        .unwrap()
        .expect("some stamps")
}

impl Fixture {
    async fn carry_over(
        &self,
        regular: joren::RegularId,
        stamps: PaperStamps,
        rules: &StampRules,
        at: i64,
    ) -> Option<CarryOver> {
        self.store
            .carry_over_paper_card(self.shop.id, regular, stamps, rules, self.owner.id, at)
            .await
            .unwrap()
    }

    async fn audit_of(&self, action: AuditAction) -> Vec<AuditDetail> {
        super::audit_details(&self.store, self.shop.id, action).await
    }
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn a_new_regular_brings_a_paper_card_whose_stamps_count_but_never_as_visits(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(10, 240);
    let six = paper("6", &rules);
    let yu_with_a_paper_card = joren::check_in::Newcomer {
        paper: Some(six),
        ..super::newcomer(&profile("ゆー。", "ゆう"), &Consents::default())
    };
    let add = |at: i64| {
        f.store
            .add_regular_and_check_in(f.shop.id, &yu_with_a_paper_card, &rules, f.owner.id, at)
    };
    let (yu, checked_in) = super::added(add(NOW).await.unwrap());
    let CheckInOutcome::CheckedIn {
        stamped: true,
        card,
        ..
    } = checked_in
    else {
        panic!("checked in with a stamp: {checked_in:?}");
    };
    assert_eq!(card.stamps, 7, "six from the paper card and today's");
    // The same tap sent twice carries nothing over a second time.
    let (again, _) = super::added(add(NOW + 300).await.unwrap());
    assert_eq!(again, yu);

    let regular = f.store.regular(f.shop.id, yu).await.unwrap().unwrap();
    assert_eq!((regular.card.stamps, regular.visits), (7, 1));
    let ledger = f.store.reward_ledger(f.shop.id, yu, 10).await.unwrap();
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert_eq!(ledger[0].kind, LedgerKind::CarriedOver);
    assert_eq!(ledger[0].stamps, Some(6));
    assert_eq!(ledger[0].by.as_deref(), Some("みどり"));
    assert_eq!(ledger[0].at, NOW);
    assert_eq!(
        f.audit_of(AuditAction::PaperCardCarriedOver).await,
        [AuditDetail::PaperCard {
            carried: 6,
            stamps: 6,
            of: 10
        }]
    );
    assert!(f.store.paper_card_carried(f.shop.id, yu).await.unwrap());
    // The person's own data has it, as their card's ledger.
    let own = f
        .store
        .personal_data(&f.shop, yu, NOW + 1_000)
        .await
        .unwrap()
        .unwrap();
    assert!(own.ledger.iter().any(|line| line.stamps == Some(6)));
    // The insights count one visit and one stamp that day: the paper card is neither.
    let week = Period::parse("week", None, None, jiff::civil::date(2026, 11, 25)).unwrap();
    let counts = f.store.period_counts(&f.shop, &week).await.unwrap();
    let tally = |of: fn(&QuarterTally) -> u32| counts.quarters.iter().map(of).sum::<u32>();
    assert_eq!((tally(|q| q.visits), tally(|q| q.stamps)), (1, 1));
}

#[rstest]
#[case::sqlite(Engine::Sqlite)]
#[case::postgres(Engine::Postgres)]
#[tokio::test]
async fn the_owner_carries_a_paper_card_over_once_and_a_card_it_fills_earns_its_reward(
    #[case] engine: Engine,
) {
    let Some(f) = fixture(engine).await else {
        return;
    };
    let rules = rules(4, 240);
    let yu = f.add("ゆー。", "ゆう").await;
    f.check_in(yu, &rules, NOW).await;
    assert!(!f.store.paper_card_carried(f.shop.id, yu).await.unwrap());

    // Two tablets at once: one carries the card over, the other is told it was.
    let three = paper("3", &rules);
    let (first, second) = tokio::join!(
        f.carry_over(yu, three, &rules, NOW + 1),
        f.carry_over(yu, three, &rules, NOW + 2)
    );
    let mut outcomes = [first.unwrap(), second.unwrap()];
    outcomes.sort_by_key(|outcome| matches!(outcome, CarryOver::AlreadyCarried));
    let [
        CarryOver::CarriedOver { card, reward },
        CarryOver::AlreadyCarried,
    ] = outcomes
    else {
        panic!("one carried over, one refused: {outcomes:?}");
    };
    assert_eq!((card.stamps, card.rewards_available()), (0, 1));
    assert!(reward.is_some(), "one stamp and three fill a card of four");

    // Later, again: nothing changes.
    assert_eq!(
        f.carry_over(yu, paper("1", &rules), &rules, NOW + 60_000)
            .await,
        Some(CarryOver::AlreadyCarried)
    );
    let regular = f.store.regular(f.shop.id, yu).await.unwrap().unwrap();
    assert_eq!(regular.card, card);
    assert_eq!(regular.visits, 1);
    let kinds: Vec<_> = f
        .store
        .reward_ledger(f.shop.id, yu, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|line| line.kind)
        .collect();
    assert_eq!(kinds, [LedgerKind::Earned, LedgerKind::CarriedOver]);
    assert_eq!(
        f.audit_of(AuditAction::PaperCardCarriedOver).await,
        [AuditDetail::PaperCard {
            carried: 3,
            stamps: 4,
            of: 4
        }]
    );

    // No such regular here, or one of another shop: nothing.
    let other = f.other_shop().await;
    let theirs = f
        .store
        .add_regular(
            other.id,
            &profile("ほか", "ほか"),
            &Consents::default(),
            f.owner.id,
        )
        .await
        .unwrap();
    assert_eq!(f.carry_over(theirs, three, &rules, NOW).await, None);
    assert_eq!(
        f.carry_over(joren::RegularId(i64::MAX), three, &rules, NOW)
            .await,
        None
    );
    assert!(!f.store.paper_card_carried(other.id, theirs).await.unwrap());
}
