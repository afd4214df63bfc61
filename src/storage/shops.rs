//! Shops: the tenant of every other row.

use sqlx::AssertSqlSafe;
use sqlx::Row;

use super::audit::Audit;
use super::{StorageError, Store, now_millis};
use crate::audit::{AuditAction, AuditDetail};
use crate::loyalty::{StampRules, StampRulesDraft};
use crate::shop::{Shop, ShopId, ShopName, ShopSlug, TimeZoneName};
use crate::staff::{IdleLock, StaffId};

impl Store {
    /// Returns the shop with this slug, creating it with the given name when it is new.
    /// An existing shop keeps its name.
    pub async fn ensure_shop(
        &self,
        slug: &ShopSlug,
        name: &ShopName,
    ) -> Result<Shop, StorageError> {
        {
            let pool = &self.pool;
            let _turn = self.write_turn().await;
            sqlx::query(
                "INSERT INTO shops (slug, name, time_zone, created_at)
                     VALUES ($1, $2, $3, $4)
                     ON CONFLICT (slug) DO NOTHING",
            )
            .bind(slug.as_str())
            .bind(name.as_str())
            .bind(TimeZoneName::DEFAULT)
            .bind(now_millis())
            .execute(pool)
            .await?;
        }
        self.shop(slug)
            .await?
            .ok_or_else(|| StorageError::Corrupt(format!("shop '{slug}' vanished after insert")))
    }

    pub async fn shop(&self, slug: &ShopSlug) -> Result<Option<Shop>, StorageError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SHOP_COLUMNS} FROM shops WHERE slug = $1"
        )))
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(shop_from_row).transpose()
    }
}

/// The columns [`shop_from_row`] reads.
pub(super) const SHOP_COLUMNS: &str = "id, slug, name, time_zone, idle_lock_minutes, \
     stamps_per_card, reward_text, min_gap_minutes, presence_minutes, thank_you_stamp";

/// A shop as stored, checked again on the way out.
pub(super) fn shop_from_row(row: &sqlx::any::AnyRow) -> Result<Shop, StorageError> {
    let corrupt = |error: crate::shop::ShopError| StorageError::Corrupt(error.to_string());
    Ok(Shop {
        id: ShopId(row.try_get("id")?),
        slug: ShopSlug::parse(row.try_get("slug")?).map_err(corrupt)?,
        name: ShopName::from_stored(row.try_get("name")?).map_err(corrupt)?,
        time_zone: TimeZoneName::parse(row.try_get("time_zone")?).map_err(corrupt)?,
        idle_lock: u32::try_from(row.try_get::<i64, _>("idle_lock_minutes")?)
            .ok()
            .and_then(|minutes| IdleLock::from_minutes(minutes).ok())
            .ok_or_else(|| StorageError::Corrupt("idle lock out of range".into()))?,
        stamp_rules: stamp_rules_from_row(row)?,
    })
}

impl Store {
    /// The owner changes how long the kiosk waits before it locks itself.
    pub async fn set_idle_lock(
        &self,
        shop: ShopId,
        idle_lock: IdleLock,
        by: StaffId,
    ) -> Result<(), StorageError> {
        let minutes = i64::from(idle_lock.minutes());
        self.set_shop_setting(shop, by, "idle_lock_minutes", minutes, |before, after| {
            AuditDetail::IdleLock {
                before: u32::try_from(*before).unwrap_or(0),
                after: u32::try_from(*after).unwrap_or(0),
            }
        })
        .await
    }

    /// The shop's time zone, for "today" and for the insights' days; logged when it changes.
    /// The name must be one the built-in time zone database knows.
    pub async fn set_time_zone(
        &self,
        shop: ShopId,
        zone: &TimeZoneName,
        by: StaffId,
    ) -> Result<(), StorageError> {
        let zone = zone.as_str().to_owned();
        self.set_shop_setting(shop, by, "time_zone", zone, |before, after| {
            AuditDetail::TimeZone {
                before: before.clone(),
                after: after.clone(),
            }
        })
        .await
    }

    /// Sets one of the shop's own columns to `value` and logs the change in the owner's
    /// words (`detail` of the value before and after); the same value again changes and
    /// logs nothing.
    async fn set_shop_setting<T>(
        &self,
        shop: ShopId,
        by: StaffId,
        column: &'static str,
        value: T,
        detail: impl Fn(&T, &T) -> AuditDetail,
    ) -> Result<(), StorageError>
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any>
            + for<'q> sqlx::Encode<'q, sqlx::Any>
            + sqlx::Type<sqlx::Any>
            + PartialEq
            + Send
            + Unpin
            + 'static,
    {
        {
            let mut tx = self.begin_write_in(shop).await?;
            let before: T = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {column} FROM shops WHERE id = $1"
            )))
            .bind(shop.0)
            .fetch_one(&mut *tx)
            .await?;
            if before == value {
                return Ok(());
            }
            let detail = detail(&before, &value);
            sqlx::query(AssertSqlSafe(format!(
                "UPDATE shops SET {column} = $1 WHERE id = $2"
            )))
            .bind(value)
            .bind(shop.0)
            .execute(&mut *tx)
            .await?;
            Audit {
                shop,
                at: now_millis(),
                by: Some(by),
                action: AuditAction::SettingsChanged,
                regular: None,
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// The stamp rules as stored, checked again on the way out: a row edited by hand is refused
/// rather than trusted.
fn stamp_rules_from_row(row: &sqlx::any::AnyRow) -> Result<StampRules, StorageError> {
    let draft = StampRulesDraft {
        stamps_per_card: row.try_get::<i64, _>("stamps_per_card")?.to_string(),
        reward: row.try_get("reward_text")?,
        min_gap_minutes: row.try_get::<i64, _>("min_gap_minutes")?.to_string(),
        presence_minutes: row.try_get::<i64, _>("presence_minutes")?.to_string(),
        thank_you_stamp: row.try_get::<i64, _>("thank_you_stamp")? != 0,
    };
    StampRules::parse(&draft)
        .map_err(|problems| StorageError::Corrupt(format!("stamp rules: {problems:?}")))
}

impl Store {
    /// The owner changes the stamp rules. Cards already stamped keep their stamps; the new
    /// goal applies from the next stamp.
    pub async fn set_stamp_rules(
        &self,
        shop: ShopId,
        rules: &StampRules,
        by: StaffId,
    ) -> Result<(), StorageError> {
        {
            let mut tx = self.begin_write_in(shop).await?;
            let before = sqlx::query(
                "SELECT stamps_per_card, reward_text, min_gap_minutes, presence_minutes,
                        thank_you_stamp
                     FROM shops WHERE id = $1",
            )
            .bind(shop.0)
            .fetch_one(&mut *tx)
            .await?;
            let before = stamp_rules_from_row(&before)?;
            if &before == rules {
                return Ok(());
            }
            sqlx::query(
                "UPDATE shops SET stamps_per_card = $1, reward_text = $2,
                            min_gap_minutes = $3, presence_minutes = $4, thank_you_stamp = $5
                     WHERE id = $6",
            )
            .bind(i64::from(rules.stamps_per_card))
            .bind(rules.reward.as_str())
            .bind(i64::from(rules.min_gap_minutes))
            .bind(i64::from(rules.presence_minutes))
            .bind(i64::from(rules.thank_you_stamp))
            .bind(shop.0)
            .execute(&mut *tx)
            .await?;
            let detail = AuditDetail::StampRules {
                before,
                after: rules.clone(),
            };
            Audit {
                shop,
                at: now_millis(),
                by: Some(by),
                action: AuditAction::SettingsChanged,
                regular: None,
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}
