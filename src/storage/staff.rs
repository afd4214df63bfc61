//! Staff of a shop, and the shop's first start.

use sqlx::Row;

use super::{Db, StorageError, Store, now_millis};
use crate::shop::{ShopId, ShopName};
use crate::staff::{PinHash, Role, Staff, StaffId, StaffName};

/// What a first start found.
#[derive(Debug, PartialEq, Eq)]
pub enum FirstStart {
    /// The owner was created, the shop named.
    Done(Staff),
    /// Somebody else set the shop up first; nothing was changed.
    AlreadySetUp,
}

impl Store {
    /// Whether the shop still waits for its owner.
    pub async fn needs_first_start(&self, shop: ShopId) -> Result<bool, StorageError> {
        let count: i64 = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE shop_id = $1")
                    .bind(shop.0)
                    .fetch_one(pool)
                    .await?
            }
        };
        Ok(count == 0)
    }

    /// Names the shop and creates its owner, once: if any staff exists already (another
    /// tablet was quicker), nothing changes.
    pub async fn first_start(
        &self,
        shop: ShopId,
        shop_name: &ShopName,
        owner: &StaffName,
        pin: &PinHash,
    ) -> Result<FirstStart, StorageError> {
        match &self.db {
            Db::Sqlite(pool) => {
                // BEGIN IMMEDIATE takes the write lock first, so two first starts cannot both
                // see an empty staff table.
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let created = sqlx::query(
                    "INSERT INTO staff (shop_id, name, role, pin_hash, created_at)
                     SELECT $1, $2, 'owner', $3, $4
                     WHERE NOT EXISTS (SELECT 1 FROM staff WHERE shop_id = $1)
                     RETURNING id",
                )
                .bind(shop.0)
                .bind(owner.as_str())
                .bind(pin.as_str())
                .bind(now_millis())
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = created else {
                    return Ok(FirstStart::AlreadySetUp);
                };
                sqlx::query("UPDATE shops SET name = $1 WHERE id = $2")
                    .bind(shop_name.as_str())
                    .bind(shop.0)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(FirstStart::Done(Staff {
                    id: StaffId(row.try_get("id")?),
                    name: owner.clone(),
                    role: Role::Owner,
                }))
            }
        }
    }

    /// The shop's active staff, owner first, then by name: the staff picker.
    pub async fn staff(&self, shop: ShopId) -> Result<Vec<Staff>, StorageError> {
        let rows = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query(
                    "SELECT id, name, role FROM staff
                     WHERE shop_id = $1 AND disabled_at IS NULL
                     ORDER BY role = 'owner' DESC, name",
                )
                .bind(shop.0)
                .fetch_all(pool)
                .await?
            }
        };
        rows.iter().map(staff_from_row).collect()
    }

    /// A member of staff and their PIN hash, to check a PIN against.
    pub async fn staff_with_pin(
        &self,
        shop: ShopId,
        id: StaffId,
    ) -> Result<Option<(Staff, PinHash)>, StorageError> {
        let row = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query(
                    "SELECT id, name, role, pin_hash FROM staff
                     WHERE shop_id = $1 AND id = $2 AND disabled_at IS NULL",
                )
                .bind(shop.0)
                .bind(id.0)
                .fetch_optional(pool)
                .await?
            }
        };
        row.map(|row| {
            let hash = PinHash::from_stored(row.try_get("pin_hash")?)
                .ok_or_else(|| StorageError::Corrupt("a PIN hash is not a PHC string".into()))?;
            Ok((staff_from_row(&row)?, hash))
        })
        .transpose()
    }
}

fn staff_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Staff, StorageError> {
    let role: String = row.try_get("role")?;
    Ok(Staff {
        id: StaffId(row.try_get("id")?),
        name: StaffName::parse(row.try_get("name")?)
            .map_err(|error| StorageError::Corrupt(error.to_string()))?,
        role: Role::parse(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown role '{role}'")))?,
    })
}
