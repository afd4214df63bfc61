//! A regular's own data on request, and their erasure.
//!
//! Erasure (docs/product.md: "erasure removes the person's data and leaves only anonymous
//! counts") keeps the regular's row as a numbered placeholder with no personal data in it:
//! nickname empty, every profile field, link, consent and search key cleared, and the search
//! terms made from their name deleted. Their visits, stamps, rewards and introductions stay,
//! pointing at the placeholder, so the shop's counts stay true and the other person of an
//! introduction keeps their side of it; the notes of those introductions and their
//! follow-ups, which may speak of the person, are cleared. Their short links and the scans
//! of them are deleted, so their QR codes lead nowhere. The audit log gets one entry that an
//! erasure happened, by whom and when.
//!
//! Every connection runs with `secure_delete`, so the old values are overwritten with zeros
//! in the file, not merely unlinked; and the erasure ends with a checkpoint that empties the
//! write-ahead log, where the pages as they were before would otherwise linger.

use std::time::Duration;

use sqlx::Row;

use super::audit::Audit;
use super::{Change, StorageError, Store, count};
use crate::audit::{AuditAction, AuditDetail, AuditEntry};
use crate::personal_data::{Met, PersonalData, ShortLinkRecord};
use crate::regular::RegularId;
use crate::shop::Shop;
use crate::staff::StaffId;

/// How long an erasure tries to empty the write-ahead log while readers finish.
const CHECKPOINT_PATIENCE: Duration = Duration::from_secs(5);

impl Store {
    /// Everything this shop keeps about a regular; `None` when there is no such regular (or
    /// they were erased).
    pub async fn personal_data(
        &self,
        shop: &Shop,
        id: RegularId,
        now: i64,
    ) -> Result<Option<PersonalData>, StorageError> {
        let Some(regular) = self.regular(shop.id, id).await? else {
            return Ok(None);
        };
        let visits = self.visits(shop.id, id, u32::MAX).await?;
        let ledger = self.reward_ledger(shop.id, id, u32::MAX).await?;
        let introductions = self
            .introductions_of(shop.id, id)
            .await?
            .into_iter()
            .map(Met::from)
            .collect();
        let pool = &self.pool;
        let staff_name = |staff: Option<StaffId>| async move {
            match staff {
                Some(staff) => {
                    sqlx::query_scalar::<_, String>("SELECT name FROM staff WHERE id = $1")
                        .bind(staff.0)
                        .fetch_optional(pool)
                        .await
                }
                None => Ok(None),
            }
        };
        let may_be_introduced_recorded_by =
            staff_name(regular.consents.may_be_introduced.and_then(|c| c.given_by)).await?;
        let may_show_links_recorded_by =
            staff_name(regular.consents.may_show_links.and_then(|c| c.given_by)).await?;
        let short_links = sqlx::query(
            "SELECT s.code, s.target, s.created_at,
                    (SELECT count(*) FROM link_scans l WHERE l.code = s.code) AS scans
             FROM short_links s
             WHERE s.shop_id = $1 AND s.regular_id = $2
             ORDER BY s.created_at, s.code",
        )
        .bind(shop.id.0)
        .bind(id.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(ShortLinkRecord {
                code: row.try_get("code")?,
                target: row.try_get("target")?,
                created_at: row.try_get("created_at")?,
                scans: count(row.try_get("scans")?),
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
        let bringing = sqlx::query(
            "SELECT regular_id, recorded_at FROM brought_by
                 WHERE shop_id = $1 AND (regular_id = $2 OR bringer_id = $2)
                 ORDER BY recorded_at DESC, regular_id DESC",
        )
        .bind(shop.id.0)
        .bind(id.0)
        .fetch_all(pool)
        .await?;
        let mut came_with_a_regular_at = None;
        let mut brought_newcomers_at = Vec::new();
        for row in &bringing {
            let at: i64 = row.try_get("recorded_at")?;
            if row.try_get::<i64, _>("regular_id")? == id.0 {
                came_with_a_regular_at = Some(at);
            } else {
                brought_newcomers_at.push(at);
            }
        }
        let audit = self.audit_of(shop.id, id).await?;
        Ok(Some(PersonalData {
            shop: shop.name.as_str().to_owned(),
            produced_at: now,
            regular,
            may_be_introduced_recorded_by,
            may_show_links_recorded_by,
            visits,
            ledger,
            introductions,
            came_with_a_regular_at,
            brought_newcomers_at,
            short_links,
            audit,
        }))
    }

    /// Erases a regular's personal data (see the module's notes); `false` when there is no
    /// such regular in this shop, or they were erased already.
    pub async fn erase_regular(
        &self,
        shop: &Shop,
        id: RegularId,
        by: StaffId,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write_in(shop.id).await?;
        let erased = sqlx::query(
            "UPDATE regulars SET nickname = '', reading = NULL, tagline = NULL,
                    interests = '[]', offers = '[]', looking_for = '[]', links = '[]',
                    notes = NULL, may_be_introduced_at = NULL, may_be_introduced_by = NULL,
                    may_show_links_at = NULL, may_show_links_by = NULL,
                    search_folded = '', search_romaji = '', erased_at = $3, updated_at = $3
             WHERE shop_id = $1 AND id = $2 AND erased_at IS NULL",
        )
        .bind(shop.id.0)
        .bind(id.0)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if erased == 0 {
            return Ok(false);
        }
        // The pieces of their name that the search looked them up by.
        super::regulars::delete_search_terms(&mut tx, id).await?;
        // Out of "in the shop now", so nobody is shown a blank name.
        sqlx::query(
            "UPDATE visits SET left_at = $2
             WHERE regular_id = $1 AND left_at IS NULL AND undone_at IS NULL",
        )
        .bind(id.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE introduction_outcomes SET note = NULL
             WHERE note IS NOT NULL AND introduction_id IN (
                 SELECT id FROM introductions WHERE shop_id = $1 AND first_id = $2
                 UNION ALL
                 SELECT id FROM introductions WHERE shop_id = $1 AND second_id = $2)",
        )
        .bind(shop.id.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE introductions SET note = NULL
             WHERE shop_id = $1 AND (first_id = $2 OR second_id = $2) AND note IS NOT NULL",
        )
        .bind(shop.id.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM link_scans WHERE code IN (
                 SELECT code FROM short_links WHERE shop_id = $1 AND regular_id = $2)",
        )
        .bind(shop.id.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM short_links WHERE shop_id = $1 AND regular_id = $2")
            .bind(shop.id.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        Audit {
            shop: shop.id,
            at: now,
            by: Some(by),
            action: AuditAction::Erased,
            regular: Some(id.0),
            detail: &AuditDetail::Nothing,
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        self.announce(Change::InTheShop(shop.id));
        self.empty_write_ahead_log().await?;
        Ok(true)
    }

    /// Copies every page of the write-ahead log into the database file and truncates the log
    /// to nothing, so no earlier version of a page stays in it. Readers in the middle of a
    /// query keep the log alive; this waits for them, up to [`CHECKPOINT_PATIENCE`], and else
    /// leaves it to the next checkpoint (and says so in the log).
    async fn empty_write_ahead_log(&self) -> Result<(), StorageError> {
        if self.engine != super::Engine::Sqlite {
            return Ok(());
        }
        let pool = &self.pool;
        let deadline = tokio::time::Instant::now() + CHECKPOINT_PATIENCE;
        loop {
            let busy: i64 = {
                let _turn = self.write_turn().await;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .fetch_one(pool)
                    .await?
                    .try_get(0)?
            };
            if busy == 0 {
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                tracing::warn!(
                    "the write-ahead log could not be emptied after an erasure; \
                     the next checkpoint will"
                );
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What staff did to one regular's data, oldest first.
    async fn audit_of(
        &self,
        shop: crate::shop::ShopId,
        id: RegularId,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        let pool = &self.pool;
        let rows = sqlx::query(
            "SELECT a.id, a.at, a.staff_id, s.name AS staff_name, a.action, a.regular_id,
                    NULLIF(r.nickname, '') AS regular_name, a.detail
             FROM audit_log a
             LEFT JOIN staff s ON s.id = a.staff_id
             LEFT JOIN regulars r ON r.id = a.regular_id AND r.shop_id = a.shop_id
             WHERE a.shop_id = $1 AND a.regular_id = $2
             ORDER BY a.id",
        )
        .bind(shop.0)
        .bind(id.0)
        .fetch_all(pool)
        .await?;
        rows.iter().map(super::audit::entry_from_row).collect()
    }
}
