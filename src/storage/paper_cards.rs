//! A paper card carried over: the stamps a regular brought from before the shop used Joren,
//! put onto their card once, in the card's ledger and the audit log, never counted as visits.

use sqlx::AnyConnection;

use super::audit::Audit;
use super::check_ins::{stamps_given, stamps_shown};
use super::regulars::CardRow;
use super::{Change, StorageError, Store};
use crate::audit::{AuditAction, AuditDetail};
use crate::check_in::CarryOver;
use crate::loyalty::{PaperStamps, StampRules};
use crate::regular::RegularId;
use crate::shop::ShopId;
use crate::staff::StaffId;

impl Store {
    /// Carries a paper card's stamps over onto a regular's card (the owner, for a regular
    /// added before). `None` when there is no such regular in this shop.
    pub async fn carry_over_paper_card(
        &self,
        shop: ShopId,
        regular: RegularId,
        paper: PaperStamps,
        rules: &StampRules,
        by: StaffId,
        now: i64,
    ) -> Result<Option<CarryOver>, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let carried = carry_over_within(&mut tx, shop, regular, paper, rules, by, now).await?;
        if matches!(carried, Some(CarryOver::CarriedOver { .. })) {
            tx.commit().await?;
            self.announce(Change::InTheShop(shop));
        }
        Ok(carried)
    }

    /// Whether a paper card was carried over for this regular: once is all.
    pub async fn paper_card_carried(
        &self,
        shop: ShopId,
        regular: RegularId,
    ) -> Result<bool, StorageError> {
        let found = sqlx::query_scalar::<_, i64>(
            "SELECT stamps FROM paper_cards WHERE shop_id = $1 AND regular_id = $2",
        )
        .bind(shop.0)
        .bind(regular.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }
}

/// The carry-over itself, inside a transaction that holds the write turn: the paper card's
/// row (its key refuses a second one), the card's new totals, a reward the stamps earned in
/// the ledger, and the audit entry.
pub(super) async fn carry_over_within(
    tx: &mut AnyConnection,
    shop: ShopId,
    regular: RegularId,
    paper: PaperStamps,
    rules: &StampRules,
    by: StaffId,
    now: i64,
) -> Result<Option<CarryOver>, StorageError> {
    let row = sqlx::query_as::<_, CardRow>(
        "SELECT stamps, rewards_earned, rewards_redeemed FROM regulars
             WHERE shop_id = $1 AND id = $2 AND erased_at IS NULL",
    )
    .bind(shop.0)
    .bind(regular.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let inserted = sqlx::query(
        "INSERT INTO paper_cards (regular_id, shop_id, stamps, carried_at, carried_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (regular_id) DO NOTHING",
    )
    .bind(regular.0)
    .bind(shop.0)
    .bind(i64::from(paper.get()))
    .bind(now)
    .bind(by.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(Some(CarryOver::AlreadyCarried));
    }
    let (card, reward) = row.card().carry_over(paper, rules);
    stamps_given(tx, shop, regular, card, reward, rules, by, now).await?;
    Audit {
        shop,
        at: now,
        by: Some(by),
        action: AuditAction::PaperCardCarriedOver,
        regular: Some(regular.0),
        detail: &AuditDetail::PaperCard {
            carried: paper.get(),
            stamps: stamps_shown(card, rules),
            of: rules.stamps_per_card,
        },
    }
    .write(tx)
    .await?;
    Ok(Some(CarryOver::CarriedOver { card, reward }))
}
