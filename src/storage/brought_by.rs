//! Who brought whom: a newcomer recorded as brought by a regular ("came with …", with "+ new
//! regular"), and the thank-you stamp the owner may give the regular for it, once per newcomer.

use sqlx::{AnyConnection, Row};

use super::audit::Audit;
use super::check_ins::{stamps_given, stamps_shown};
use super::regulars::CardRow;
use super::{StorageError, Store};
use crate::audit::{AuditAction, AuditDetail};
use crate::check_in::{Brought, BroughtPerson, Thanked};
use crate::loyalty::StampRules;
use crate::regular::RegularId;
use crate::shop::ShopId;
use crate::staff::StaffId;

/// The regular a newcomer came with, read inside the write turn before anything is added.
pub(super) struct Bringer {
    id: RegularId,
    nickname: String,
    card: CardRow,
}

/// The regular `bringer`, when they are one of this shop's (not erased).
pub(super) async fn bringer_within(
    tx: &mut AnyConnection,
    shop: ShopId,
    bringer: RegularId,
) -> Result<Option<Bringer>, StorageError> {
    let row = sqlx::query(
        "SELECT nickname, stamps, rewards_earned, rewards_redeemed FROM regulars
             WHERE shop_id = $1 AND id = $2 AND erased_at IS NULL",
    )
    .bind(shop.0)
    .bind(bringer.0)
    .fetch_optional(&mut *tx)
    .await?;
    row.map(|row| {
        Ok(Bringer {
            id: bringer,
            nickname: row.try_get("nickname")?,
            card: <CardRow as sqlx::FromRow<_>>::from_row(&row)?,
        })
    })
    .transpose()
}

/// Records that `newcomer` came with `bringer`, and gives the bringer the owner's thank-you
/// stamp when the rules say so: the newcomer's row (its key allows one), the bringer's card,
/// a reward the stamp earned in the ledger, and the audit entries of both. Inside the write
/// turn that adds the newcomer.
pub(super) async fn bring_within(
    tx: &mut AnyConnection,
    shop: ShopId,
    newcomer: RegularId,
    bringer: Bringer,
    rules: &StampRules,
    by: StaffId,
    now: i64,
) -> Result<Option<Thanked>, StorageError> {
    let thank = rules.thank_you_stamp;
    let inserted = sqlx::query(
        "INSERT INTO brought_by (regular_id, shop_id, bringer_id, recorded_at, recorded_by,
                                 thanked_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (regular_id) DO NOTHING",
    )
    .bind(newcomer.0)
    .bind(shop.0)
    .bind(bringer.id.0)
    .bind(now)
    .bind(by.0)
    .bind(thank.then_some(now))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(None);
    }
    Audit {
        shop,
        at: now,
        by: Some(by),
        action: AuditAction::CameWith,
        regular: Some(newcomer.0),
        detail: &AuditDetail::Nothing,
    }
    .write(tx)
    .await?;
    if !thank {
        return Ok(None);
    }
    let (card, reward) = bringer.card.card().add_stamp(rules);
    stamps_given(tx, shop, bringer.id, card, reward, rules, by, now).await?;
    Audit {
        shop,
        at: now,
        by: Some(by),
        action: AuditAction::ThankYouStamp,
        regular: Some(bringer.id.0),
        detail: &AuditDetail::Stamp {
            stamps: stamps_shown(card, rules),
            of: rules.stamps_per_card,
        },
    }
    .write(tx)
    .await?;
    Ok(Some(Thanked {
        regular: bringer.id,
        nickname: bringer.nickname,
        card,
        reward,
    }))
}

impl Store {
    /// Who brought this regular, and whom they brought, for their card; erased people are
    /// left out.
    pub async fn brought(&self, shop: ShopId, regular: RegularId) -> Result<Brought, StorageError> {
        let rows = sqlx::query(
            "SELECT b.regular_id, b.bringer_id, b.recorded_at, r.nickname
                 FROM brought_by b JOIN regulars r ON r.id = b.bringer_id
                 WHERE b.shop_id = $1 AND b.regular_id = $2 AND r.erased_at IS NULL
             UNION ALL
             SELECT b.regular_id, b.bringer_id, b.recorded_at, r.nickname
                 FROM brought_by b JOIN regulars r ON r.id = b.regular_id
                 WHERE b.shop_id = $1 AND b.bringer_id = $2 AND r.erased_at IS NULL
             ORDER BY recorded_at DESC, regular_id DESC",
        )
        .bind(shop.0)
        .bind(regular.0)
        .fetch_all(&self.pool)
        .await?;
        let mut brought = Brought::default();
        for row in rows {
            let (newcomer, bringer): (i64, i64) =
                (row.try_get("regular_id")?, row.try_get("bringer_id")?);
            let at = row.try_get("recorded_at")?;
            let nickname = row.try_get("nickname")?;
            if newcomer == regular.0 {
                brought.came_with = Some(BroughtPerson {
                    regular: RegularId(bringer),
                    nickname,
                    at,
                });
            } else {
                brought.brought.push(BroughtPerson {
                    regular: RegularId(newcomer),
                    nickname,
                    at,
                });
            }
        }
        Ok(brought)
    }
}
