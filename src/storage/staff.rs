//! Staff of a shop, and the shop's first start.

use sqlx::Row;

use super::{Db, StorageError, Store, now_millis};
use crate::shop::{ShopId, ShopName};
use crate::staff::{PinHash, Role, Staff, StaffId, StaffName, pin_lockout_millis};

/// A member of staff with what an unlock needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinCheck {
    pub staff: Staff,
    pub hash: PinHash,
    /// Unix ms until which no PIN is even checked.
    pub locked_until: Option<i64>,
}

/// What a first start found.
#[derive(Debug, PartialEq, Eq)]
pub enum FirstStart {
    /// The owner was created, the shop named.
    Done(Staff),
    /// Somebody else set the shop up first; nothing was changed.
    AlreadySetUp,
}

/// What adding a member of staff did.
#[derive(Debug, PartialEq, Eq)]
pub enum AddStaff {
    Added(Staff),
    /// Someone of this shop already has the name; the picker could not tell them apart.
    NameTaken,
}

impl Store {
    /// Adds a member of staff, unless the shop already has someone of that name.
    pub async fn add_staff(
        &self,
        shop: ShopId,
        name: &StaffName,
        role: Role,
        pin: &PinHash,
    ) -> Result<AddStaff, StorageError> {
        let inserted = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query(
                    "INSERT INTO staff (shop_id, name, role, pin_hash, created_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (shop_id, name) DO NOTHING
                     RETURNING id",
                )
                .bind(shop.0)
                .bind(name.as_str())
                .bind(role.as_str())
                .bind(pin.as_str())
                .bind(now_millis())
                .fetch_optional(pool)
                .await?
            }
        };
        Ok(match inserted {
            Some(row) => AddStaff::Added(Staff {
                id: StaffId(row.try_get("id")?),
                name: name.clone(),
                role,
            }),
            None => AddStaff::NameTaken,
        })
    }

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

    /// A member of staff, their PIN hash and any wait, to check a PIN against.
    pub async fn staff_with_pin(
        &self,
        shop: ShopId,
        id: StaffId,
    ) -> Result<Option<PinCheck>, StorageError> {
        let row = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query(
                    "SELECT id, name, role, pin_hash, locked_until FROM staff
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
            Ok(PinCheck {
                staff: staff_from_row(&row)?,
                hash,
                locked_until: row.try_get("locked_until")?,
            })
        })
        .transpose()
    }

    /// Counts a wrong PIN; returns until when (Unix ms) the member now has to wait, if at all.
    pub async fn record_wrong_pin(
        &self,
        shop: ShopId,
        id: StaffId,
        now: i64,
    ) -> Result<Option<i64>, StorageError> {
        match &self.db {
            Db::Sqlite(pool) => {
                // One transaction with the write lock: two tablets guessing at once are both
                // counted.
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let failures: Option<i64> = sqlx::query_scalar(
                    "UPDATE staff SET failed_pins = failed_pins + 1
                     WHERE shop_id = $1 AND id = $2
                     RETURNING failed_pins",
                )
                .bind(shop.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
                let locked_until = failures
                    .and_then(|n| pin_lockout_millis(u32::try_from(n).unwrap_or(u32::MAX)))
                    .map(|wait| now.saturating_add(wait));
                if locked_until.is_some() {
                    sqlx::query(
                        "UPDATE staff SET locked_until = $1 WHERE shop_id = $2 AND id = $3",
                    )
                    .bind(locked_until)
                    .bind(shop.0)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(locked_until)
            }
        }
    }

    /// A right PIN clears the count of wrong ones.
    pub async fn record_right_pin(&self, shop: ShopId, id: StaffId) -> Result<(), StorageError> {
        match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query(
                    "UPDATE staff SET failed_pins = 0, locked_until = NULL
                     WHERE shop_id = $1 AND id = $2 AND (failed_pins <> 0 OR locked_until IS NOT NULL)",
                )
                .bind(shop.0)
                .bind(id.0)
                .execute(pool)
                .await?;
            }
        }
        Ok(())
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
