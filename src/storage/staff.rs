//! Staff of a shop, and the shop's first start.

use sqlx::Row;

use super::audit::Audit;
use super::{StorageError, Store, count, now_millis};
use crate::audit::{AuditAction, AuditDetail};
use crate::shop::{ShopId, ShopName};
use crate::staff::{
    ClientLockout, Lockouts, PinHash, Role, Staff, StaffId, StaffLockout, StaffName,
    address_lockout_millis, pin_lockout_millis,
};

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

/// What a wrong PIN led to: until when (Unix ms) the member and the address now wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongPin {
    pub staff_locked_until: Option<i64>,
    pub client_locked_until: Option<i64>,
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
        by: StaffId,
    ) -> Result<AddStaff, StorageError> {
        {
            let mut tx = self.begin_write_in(shop).await?;
            let now = now_millis();
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO staff (shop_id, name, role, pin_hash, created_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (shop_id, name) DO NOTHING
                     RETURNING id",
            )
            .bind(shop.0)
            .bind(name.as_str())
            .bind(role.as_str())
            .bind(pin.as_str())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = inserted else {
                return Ok(AddStaff::NameTaken);
            };
            let detail = AuditDetail::StaffAdded {
                name: name.as_str().to_owned(),
                role,
            };
            Audit {
                shop,
                at: now,
                by: Some(by),
                action: AuditAction::StaffAdded,
                regular: None,
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
            Ok(AddStaff::Added(Staff {
                id: StaffId(id),
                name: name.clone(),
                role,
            }))
        }
    }

    /// Whether the shop still waits for its owner.
    pub async fn needs_first_start(&self, shop: ShopId) -> Result<bool, StorageError> {
        let count: i64 = {
            let pool = &self.pool;
            sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE shop_id = $1")
                .bind(shop.0)
                .fetch_one(pool)
                .await?
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
        {
            // BEGIN IMMEDIATE takes the write lock first, so two first starts cannot both
            // see an empty staff table.
            let mut tx = self.begin_write_in(shop).await?;
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
            let id = StaffId(row.try_get("id")?);
            Audit {
                shop,
                at: now_millis(),
                by: Some(id),
                action: AuditAction::FirstStart,
                regular: None,
                detail: &AuditDetail::ShopNamed {
                    name: shop_name.as_str().to_owned(),
                },
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
            Ok(FirstStart::Done(Staff {
                id,
                name: owner.clone(),
                role: Role::Owner,
            }))
        }
    }

    /// The shop's active staff, owner first, then by name: the staff picker.
    pub async fn staff(&self, shop: ShopId) -> Result<Vec<Staff>, StorageError> {
        let rows = {
            let pool = &self.pool;
            sqlx::query(
                "SELECT id, name, role FROM staff
                     WHERE shop_id = $1 AND disabled_at IS NULL
                     ORDER BY role = 'owner' DESC, name",
            )
            .bind(shop.0)
            .fetch_all(pool)
            .await?
        };
        rows.iter().map(staff_from_row).collect()
    }

    /// A member of staff, their PIN hash and any wait, to check a PIN against.
    pub async fn staff_with_pin(
        &self,
        shop: ShopId,
        id: StaffId,
    ) -> Result<Option<PinCheck>, StorageError> {
        let row = {
            let pool = &self.pool;
            sqlx::query(
                "SELECT id, name, role, pin_hash, locked_until FROM staff
                     WHERE shop_id = $1 AND id = $2 AND disabled_at IS NULL",
            )
            .bind(shop.0)
            .bind(id.0)
            .fetch_optional(pool)
            .await?
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

    /// Until when (Unix ms) this client address has to wait before any PIN is checked.
    pub async fn client_locked_until(
        &self,
        shop: ShopId,
        client: &str,
        now: i64,
    ) -> Result<Option<i64>, StorageError> {
        let until: Option<Option<i64>> = {
            let pool = &self.pool;
            sqlx::query_scalar(
                "SELECT locked_until FROM unlock_attempts WHERE shop_id = $1 AND client = $2",
            )
            .bind(shop.0)
            .bind(client)
            .fetch_optional(pool)
            .await?
        };
        Ok(until.flatten().filter(|until| *until > now))
    }

    /// Counts a wrong PIN against the member of staff (when they exist) and against the
    /// client address; says until when each now has to wait, if at all.
    pub async fn record_wrong_pin(
        &self,
        shop: ShopId,
        staff: Option<StaffId>,
        client: &str,
        now: i64,
    ) -> Result<WrongPin, StorageError> {
        {
            // One transaction with the write lock: two tablets guessing at once are both
            // counted.
            let mut tx = self.begin_write_in(shop).await?;
            let mut staff_locked_until = None;
            if let Some(id) = staff {
                let failures: Option<i64> = sqlx::query_scalar(
                    "UPDATE staff SET failed_pins = failed_pins + 1
                         WHERE shop_id = $1 AND id = $2
                         RETURNING failed_pins",
                )
                .bind(shop.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
                staff_locked_until = failures
                    .and_then(|n| pin_lockout_millis(count(n)))
                    .map(|wait| now.saturating_add(wait));
                if let Some(until) = staff_locked_until {
                    sqlx::query(
                        "UPDATE staff SET locked_until = $1 WHERE shop_id = $2 AND id = $3",
                    )
                    .bind(until)
                    .bind(shop.0)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
                    let detail = AuditDetail::WrongPins {
                        failures: u32::try_from(failures.unwrap_or(0)).unwrap_or(u32::MAX),
                    };
                    Audit {
                        shop,
                        at: now,
                        by: Some(id),
                        action: AuditAction::LockedOut,
                        regular: None,
                        detail: &detail,
                    }
                    .write(&mut tx)
                    .await?;
                }
            }
            let failures: i64 = sqlx::query_scalar(
                    "INSERT INTO unlock_attempts (shop_id, client, failures, last_failure_at)
                     VALUES ($1, $2, 1, $3)
                     ON CONFLICT (shop_id, client)
                     DO UPDATE SET failures = unlock_attempts.failures + 1, last_failure_at = excluded.last_failure_at
                     RETURNING failures",
                )
                .bind(shop.0)
                .bind(client)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            let client_locked_until =
                address_lockout_millis(count(failures)).map(|wait| now.saturating_add(wait));
            if let Some(until) = client_locked_until {
                sqlx::query(
                    "UPDATE unlock_attempts SET locked_until = $1
                         WHERE shop_id = $2 AND client = $3",
                )
                .bind(until)
                .bind(shop.0)
                .bind(client)
                .execute(&mut *tx)
                .await?;
                let detail = AuditDetail::WrongPinsFrom {
                    failures: count(failures),
                    client: client.to_owned(),
                };
                Audit {
                    shop,
                    at: now,
                    by: None,
                    action: AuditAction::LockedOut,
                    regular: None,
                    detail: &detail,
                }
                .write(&mut tx)
                .await?;
            }
            tx.commit().await?;
            Ok(WrongPin {
                staff_locked_until,
                client_locked_until,
            })
        }
    }

    /// A right PIN clears the count of wrong ones, for the member and for the address, and
    /// is logged as an unlock.
    pub async fn record_right_pin(
        &self,
        shop: ShopId,
        id: StaffId,
        client: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        {
            let mut tx = self.begin_write_in(shop).await?;
            sqlx::query(
                    "UPDATE staff SET failed_pins = 0, locked_until = NULL
                     WHERE shop_id = $1 AND id = $2 AND (failed_pins <> 0 OR locked_until IS NOT NULL)",
                )
                .bind(shop.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM unlock_attempts WHERE shop_id = $1 AND client = $2")
                .bind(shop.0)
                .bind(client)
                .execute(&mut *tx)
                .await?;
            Audit {
                shop,
                at: now,
                by: Some(id),
                action: AuditAction::Unlocked,
                regular: None,
                detail: &AuditDetail::Nothing,
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Members of staff with wrong PINs in a row, and the addresses waiting now.
    pub async fn lockouts(&self, shop: ShopId, now: i64) -> Result<Lockouts, StorageError> {
        {
            let pool = &self.pool;
            let staff = sqlx::query(
                "SELECT id, name, role, failed_pins, locked_until FROM staff
                     WHERE shop_id = $1 AND disabled_at IS NULL AND failed_pins > 0
                     ORDER BY locked_until DESC, name",
            )
            .bind(shop.0)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                Ok(StaffLockout {
                    staff: staff_from_row(row)?,
                    failures: count(row.try_get("failed_pins")?),
                    locked_until: row
                        .try_get::<Option<i64>, _>("locked_until")?
                        .filter(|until| *until > now),
                })
            })
            .collect::<Result<_, StorageError>>()?;
            let clients = sqlx::query(
                "SELECT client, failures, locked_until FROM unlock_attempts
                     WHERE shop_id = $1 AND locked_until > $2
                     ORDER BY locked_until DESC",
            )
            .bind(shop.0)
            .bind(now)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                Ok(ClientLockout {
                    client: row.try_get("client")?,
                    failures: count(row.try_get("failures")?),
                    locked_until: row.try_get("locked_until")?,
                })
            })
            .collect::<Result<_, StorageError>>()?;
            Ok(Lockouts { staff, clients })
        }
    }

    /// The owner lets a member of staff try again now; `false` when there was nothing to clear.
    pub async fn clear_staff_lockout(
        &self,
        shop: ShopId,
        staff: StaffId,
        by: StaffId,
    ) -> Result<bool, StorageError> {
        {
            let mut tx = self.begin_write_in(shop).await?;
            let name: Option<String> = sqlx::query_scalar(
                "UPDATE staff SET failed_pins = 0, locked_until = NULL
                     WHERE shop_id = $1 AND id = $2 AND failed_pins > 0
                     RETURNING name",
            )
            .bind(shop.0)
            .bind(staff.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(name) = name else {
                return Ok(false);
            };
            Audit {
                shop,
                at: now_millis(),
                by: Some(by),
                action: AuditAction::LockoutCleared,
                regular: None,
                detail: &AuditDetail::StaffWaitCleared { name },
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        }
    }

    /// The owner lets a client address try again now; `false` when there was nothing to clear.
    pub async fn clear_client_lockout(
        &self,
        shop: ShopId,
        client: &str,
        by: StaffId,
    ) -> Result<bool, StorageError> {
        {
            let mut tx = self.begin_write_in(shop).await?;
            let deleted =
                sqlx::query("DELETE FROM unlock_attempts WHERE shop_id = $1 AND client = $2")
                    .bind(shop.0)
                    .bind(client)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if deleted == 0 {
                return Ok(false);
            }
            Audit {
                shop,
                at: now_millis(),
                by: Some(by),
                action: AuditAction::LockoutCleared,
                regular: None,
                detail: &AuditDetail::ClientWaitCleared {
                    client: client.to_owned(),
                },
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        }
    }
}

fn staff_from_row(row: &sqlx::any::AnyRow) -> Result<Staff, StorageError> {
    let role: String = row.try_get("role")?;
    Ok(Staff {
        id: StaffId(row.try_get("id")?),
        name: StaffName::parse(row.try_get("name")?)
            .map_err(|error| StorageError::Corrupt(error.to_string()))?,
        role: Role::parse(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown role '{role}'")))?,
    })
}
