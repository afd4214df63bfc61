//! The audit log's storage: entries are written inside the transaction of the change they
//! record, and read back newest first for the owner.

use sqlx::{AnyConnection, Row};

use super::{StorageError, Store};
use crate::audit::{AuditAction, AuditDetail, AuditEntry};
use crate::shop::ShopId;
use crate::staff::StaffId;

/// One entry to write, inside the transaction of the change it records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Audit<'a> {
    pub shop: ShopId,
    pub at: i64,
    pub by: Option<StaffId>,
    pub action: AuditAction,
    pub regular: Option<i64>,
    pub detail: &'a AuditDetail,
}

impl Audit<'_> {
    pub(crate) async fn write(self, connection: &mut AnyConnection) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO audit_log (shop_id, at, staff_id, action, regular_id, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.shop.0)
        .bind(self.at)
        .bind(self.by.map(|id| id.0))
        .bind(self.action.as_str())
        .bind(self.regular)
        .bind(self.detail.to_stored())
        .execute(connection)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The newest entries first, `limit` of them, older than the entry `before` when given
    /// (the next page).
    pub async fn audit_log(
        &self,
        shop: ShopId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        let rows = {
            let pool = &self.pool;
            sqlx::query(
                "SELECT a.id, a.at, a.staff_id, s.name AS staff_name, a.action, a.regular_id,
                            NULLIF(r.nickname, '') AS regular_name, a.detail
                     FROM audit_log a
                     LEFT JOIN staff s ON s.id = a.staff_id
                     LEFT JOIN regulars r ON r.id = a.regular_id AND r.shop_id = a.shop_id
                     WHERE a.shop_id = $1 AND ($2 IS NULL OR a.id < $2)
                     ORDER BY a.id DESC
                     LIMIT $3",
            )
            .bind(shop.0)
            .bind(before)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        };
        rows.iter().map(entry_from_row).collect()
    }
}

/// An entry as read back, with the member's and the regular's names (none for an erased
/// regular).
pub(super) fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEntry, StorageError> {
    let action: String = row.try_get("action")?;
    Ok(AuditEntry {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        by: row.try_get::<Option<i64>, _>("staff_id")?.map(StaffId),
        by_name: row.try_get("staff_name")?,
        action: AuditAction::parse(&action)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown audit action '{action}'")))?,
        regular: row.try_get("regular_id")?,
        regular_name: row.try_get("regular_name")?,
        detail: AuditDetail::from_stored(row.try_get("detail")?),
    })
}
