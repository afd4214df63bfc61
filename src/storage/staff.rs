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

/// What a wrong PIN leads to: until when (Unix ms) the member and the address then wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongPin {
    pub staff_locked_until: Option<i64>,
    pub client_locked_until: Option<i64>,
}

/// Whether an unlock attempt may check a PIN.
#[derive(Debug, PartialEq, Eq)]
pub enum PinAttempt {
    /// The address or the member waits until then (Unix ms); nothing was counted.
    Wait { until: i64 },
    /// Counted as a wrong PIN until the check proves it right.
    Counted(CountedAttempt),
}

/// An attempt counted before its PIN is checked.
#[derive(Debug, PartialEq, Eq)]
pub struct CountedAttempt {
    /// The member and their hash; `None` when the shop has no such active member (the
    /// attempt then counts against the address alone).
    pub check: Option<PinCheck>,
    /// The waits this attempt starts if its PIN is wrong (they are already stored: a right
    /// PIN clears them).
    pub if_wrong: WrongPin,
    staff_failures: u32,
    client_failures: u32,
}

/// Whose counts of wrong PINs [`Store::clear_all_lockouts`] cleared: each member's name and
/// each address, with how many wrong PINs in a row they had.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ClearedWaits {
    pub staff: Vec<(String, u32)>,
    pub clients: Vec<(String, u32)>,
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
        row.map(|row| pin_check_from_row(&row)).transpose()
    }

    /// Counts an unlock attempt before any PIN is checked, in one write that first looks at
    /// both waits: an address or a member that has to wait gets [`PinAttempt::Wait`] and
    /// nothing is counted; otherwise the attempt counts as a wrong PIN against the address
    /// and the member (when they exist) until [`Store::record_right_pin`] clears it. Counting
    /// first is what holds a burst of parallel guesses to the limits: the checks of a hash
    /// take long, and a count made after them let every guess of a burst through.
    pub async fn count_pin_attempt(
        &self,
        shop: ShopId,
        staff: StaffId,
        client: &str,
        now: i64,
    ) -> Result<PinAttempt, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let client_until: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT locked_until FROM unlock_attempts WHERE shop_id = $1 AND client = $2",
        )
        .bind(shop.0)
        .bind(client)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(until) = client_until.flatten().filter(|until| *until > now) {
            return Ok(PinAttempt::Wait { until });
        }
        let row = sqlx::query(
            "SELECT id, name, role, pin_hash, locked_until FROM staff
                 WHERE shop_id = $1 AND id = $2 AND disabled_at IS NULL",
        )
        .bind(shop.0)
        .bind(staff.0)
        .fetch_optional(&mut *tx)
        .await?;
        let check = row.map(|row| pin_check_from_row(&row)).transpose()?;
        if let Some(until) = check
            .as_ref()
            .and_then(|check| check.locked_until)
            .filter(|until| *until > now)
        {
            return Ok(PinAttempt::Wait { until });
        }

        let mut if_wrong = WrongPin {
            staff_locked_until: None,
            client_locked_until: None,
        };
        let mut staff_failures = 0;
        if check.is_some() {
            let failures: i64 = sqlx::query_scalar(
                "UPDATE staff SET failed_pins = failed_pins + 1
                     WHERE shop_id = $1 AND id = $2
                     RETURNING failed_pins",
            )
            .bind(shop.0)
            .bind(staff.0)
            .fetch_one(&mut *tx)
            .await?;
            staff_failures = count(failures);
            if_wrong.staff_locked_until =
                pin_lockout_millis(staff_failures).map(|wait| now.saturating_add(wait));
            if let Some(until) = if_wrong.staff_locked_until {
                sqlx::query("UPDATE staff SET locked_until = $1 WHERE shop_id = $2 AND id = $3")
                    .bind(until)
                    .bind(shop.0)
                    .bind(staff.0)
                    .execute(&mut *tx)
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
        let client_failures = count(failures);
        if_wrong.client_locked_until =
            address_lockout_millis(client_failures).map(|wait| now.saturating_add(wait));
        if let Some(until) = if_wrong.client_locked_until {
            sqlx::query(
                "UPDATE unlock_attempts SET locked_until = $1
                     WHERE shop_id = $2 AND client = $3",
            )
            .bind(until)
            .bind(shop.0)
            .bind(client)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(PinAttempt::Counted(CountedAttempt {
            check,
            if_wrong,
            staff_failures,
            client_failures,
        }))
    }

    /// A counted attempt's PIN was wrong: its count stays, and a wait it started goes into the
    /// audit log (not before, since the PIN that starts a wait may be the right one).
    pub async fn record_wrong_pin(
        &self,
        shop: ShopId,
        client: &str,
        attempt: &CountedAttempt,
        now: i64,
    ) -> Result<(), StorageError> {
        // The member's wait is theirs; the address's is the kiosk's own doing.
        let staff_wait = attempt.if_wrong.staff_locked_until.map(|_| {
            let by = attempt.check.as_ref().map(|check| check.staff.id);
            let failures = attempt.staff_failures;
            (by, AuditDetail::WrongPins { failures })
        });
        let client_wait = attempt.if_wrong.client_locked_until.map(|_| {
            let failures = attempt.client_failures;
            let client = client.to_owned();
            (None, AuditDetail::WrongPinsFrom { failures, client })
        });
        if staff_wait.is_none() && client_wait.is_none() {
            return Ok(());
        }
        let mut tx = self.begin_write_in(shop).await?;
        for (by, detail) in staff_wait.into_iter().chain(client_wait) {
            Audit {
                shop,
                at: now,
                by,
                action: AuditAction::LockedOut,
                regular: None,
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
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

    /// The owner lets a member of staff try again now; `false` when there was nothing to clear.
    pub async fn clear_staff_lockout(
        &self,
        shop: ShopId,
        staff: StaffId,
        by: StaffId,
    ) -> Result<bool, StorageError> {
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

    /// The owner lets a client address try again now; `false` when there was nothing to clear.
    pub async fn clear_client_lockout(
        &self,
        shop: ShopId,
        client: &str,
        by: StaffId,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let deleted = sqlx::query("DELETE FROM unlock_attempts WHERE shop_id = $1 AND client = $2")
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

    /// Everyone of the shop may try again now, members and addresses alike: the operator's
    /// way out (`joren unlock-waits`) when wrong PINs keep even the owner waiting. Says whose
    /// counts of wrong PINs were cleared, and logs each as the owner's own button does.
    pub async fn clear_all_lockouts(
        &self,
        shop: ShopId,
        now: i64,
    ) -> Result<ClearedWaits, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let staff = sqlx::query(
            "SELECT name, failed_pins FROM staff
                 WHERE shop_id = $1 AND failed_pins > 0 ORDER BY name",
        )
        .bind(shop.0)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("name")?, count(row.try_get("failed_pins")?))))
        .collect::<Result<Vec<(String, u32)>, StorageError>>()?;
        let clients = sqlx::query(
            "SELECT client, failures FROM unlock_attempts WHERE shop_id = $1 ORDER BY client",
        )
        .bind(shop.0)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("client")?, count(row.try_get("failures")?))))
        .collect::<Result<Vec<(String, u32)>, StorageError>>()?;
        sqlx::query(
            "UPDATE staff SET failed_pins = 0, locked_until = NULL
                 WHERE shop_id = $1 AND failed_pins > 0",
        )
        .bind(shop.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM unlock_attempts WHERE shop_id = $1")
            .bind(shop.0)
            .execute(&mut *tx)
            .await?;
        let details = staff
            .iter()
            .map(|(name, _)| AuditDetail::StaffWaitCleared { name: name.clone() })
            .chain(
                clients
                    .iter()
                    .map(|(client, _)| AuditDetail::ClientWaitCleared {
                        client: client.clone(),
                    }),
            );
        for detail in details {
            Audit {
                shop,
                at: now,
                by: None,
                action: AuditAction::LockoutCleared,
                regular: None,
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(ClearedWaits { staff, clients })
    }
}

fn pin_check_from_row(row: &sqlx::any::AnyRow) -> Result<PinCheck, StorageError> {
    let hash = PinHash::from_stored(row.try_get("pin_hash")?)
        .ok_or_else(|| StorageError::Corrupt("a PIN hash is not a PHC string".into()))?;
    Ok(PinCheck {
        staff: staff_from_row(row)?,
        hash,
        locked_until: row.try_get("locked_until")?,
    })
}

fn staff_from_row(row: &sqlx::any::AnyRow) -> Result<Staff, StorageError> {
    let role: String = row.try_get("role")?;
    Ok(Staff {
        id: StaffId(row.try_get("id")?),
        name: StaffName::from_stored(row.try_get("name")?)
            .map_err(|error| StorageError::Corrupt(error.to_string()))?,
        role: Role::parse(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown role '{role}'")))?,
    })
}
