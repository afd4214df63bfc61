//! Several shops in one installation: the operator adds shops and the host names they are
//! reached at, and each request is answered for one shop, chosen by its host name, else by
//! the shop its tablet chose by path (`/s/<slug>`), else the installation's main shop.
//!
//! Choosing the shop is all a host or a path does: a member of staff is signed in for one
//! shop, and every read and write names the shop, so nothing of one shop is reachable from
//! another (the tests try it).

use sqlx::AssertSqlSafe;
use sqlx::Row;

use super::shops::{SHOP_COLUMNS, shop_from_row};
use super::{StorageError, Store, now_millis};
use crate::shop::{Shop, ShopHost, ShopName, ShopSlug, TimeZoneName};
use crate::short_link::ShortCode;

/// What adding a shop did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddShop {
    /// A new shop, waiting for its owner's first start.
    Added(Shop),
    /// A shop with this slug exists already; nothing changed.
    SlugTaken,
}

/// What giving a shop a host name did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddHost {
    /// The shop is reached at the host now (it may have been already).
    Added,
    /// Another shop is reached at this host; nothing changed.
    TakenBy(ShopSlug),
    /// No shop has this slug; nothing changed.
    NoSuchShop,
}

/// A shop as the operator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopListing {
    pub shop: Shop,
    /// Its host names, in alphabetical order.
    pub hosts: Vec<ShopHost>,
    /// Whether its owner has set it up (first start) yet.
    pub set_up: bool,
}

impl Store {
    /// Adds a shop for the operator; its owner names it at its first start, until then it
    /// shows `name`.
    pub async fn add_shop(
        &self,
        slug: &ShopSlug,
        name: &ShopName,
    ) -> Result<AddShop, StorageError> {
        let added = {
            let _turn = self.write_turn().await;
            sqlx::query(
                "INSERT INTO shops (slug, name, time_zone, created_at)
                     VALUES ($1, $2, $3, $4)
                     ON CONFLICT (slug) DO NOTHING
                     RETURNING id",
            )
            .bind(slug.as_str())
            .bind(name.as_str())
            .bind(TimeZoneName::DEFAULT)
            .bind(now_millis())
            .fetch_optional(&self.pool)
            .await?
        };
        if added.is_none() {
            return Ok(AddShop::SlugTaken);
        }
        let shop = self
            .shop(slug)
            .await?
            .ok_or_else(|| StorageError::Corrupt(format!("shop '{slug}' vanished after insert")))?;
        Ok(AddShop::Added(shop))
    }

    /// Lets the shop be reached at `host`. A host belongs to one shop at most.
    pub async fn add_shop_host(
        &self,
        slug: &ShopSlug,
        host: &ShopHost,
    ) -> Result<AddHost, StorageError> {
        let mut tx = self.begin_write().await?;
        let Some(shop) = sqlx::query_scalar::<_, i64>("SELECT id FROM shops WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(AddHost::NoSuchShop);
        };
        let holder = sqlx::query(
            "SELECT s.id, s.slug FROM shop_hosts h JOIN shops s ON s.id = h.shop_id
                 WHERE h.host = $1",
        )
        .bind(host.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        match holder {
            Some(row) if row.try_get::<i64, _>("id")? == shop => return Ok(AddHost::Added),
            Some(row) => {
                let other = ShopSlug::parse(row.try_get("slug")?)
                    .map_err(|error| StorageError::Corrupt(error.to_string()))?;
                return Ok(AddHost::TakenBy(other));
            }
            None => {}
        }
        sqlx::query("INSERT INTO shop_hosts (host, shop_id, added_at) VALUES ($1, $2, $3)")
            .bind(host.as_str())
            .bind(shop)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(AddHost::Added)
    }

    /// Stops serving a shop at `host`; `false` when no shop was reached there. Requests for
    /// it go to the main shop (or the one the tablet chose by path) from then on.
    pub async fn remove_shop_host(&self, host: &ShopHost) -> Result<bool, StorageError> {
        let _turn = self.write_turn().await;
        let removed = sqlx::query("DELETE FROM shop_hosts WHERE host = $1")
            .bind(host.as_str())
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(removed > 0)
    }

    /// Every shop, in the order they were added, with its host names.
    pub async fn shops(&self) -> Result<Vec<ShopListing>, StorageError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SHOP_COLUMNS},
                    (SELECT COUNT(*) FROM staff WHERE staff.shop_id = shops.id) AS staff
                 FROM shops ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await?;
        let hosts = sqlx::query("SELECT shop_id, host FROM shop_hosts ORDER BY host")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let shop = shop_from_row(row)?;
                let hosts = hosts
                    .iter()
                    .filter(|host| host.try_get::<i64, _>("shop_id").ok() == Some(shop.id.0))
                    .map(|host| {
                        ShopHost::parse(host.try_get("host")?)
                            .map_err(|error| StorageError::Corrupt(error.to_string()))
                    })
                    .collect::<Result<_, StorageError>>()?;
                Ok(ShopListing {
                    shop,
                    hosts,
                    set_up: row.try_get::<i64, _>("staff")? > 0,
                })
            })
            .collect()
    }

    /// The shop a request is for: the one reached at its `host`, else the one its tablet
    /// `chose` by path, else the `main` shop; `None` only when none of them exists. One query.
    pub async fn shop_for_request(
        &self,
        host: Option<&ShopHost>,
        chose: Option<&ShopSlug>,
        main: &ShopSlug,
    ) -> Result<Option<Shop>, StorageError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SHOP_COLUMNS} FROM shops WHERE id = COALESCE(
                 (SELECT shop_id FROM shop_hosts WHERE host = $1),
                 (SELECT id FROM shops WHERE slug = $2),
                 (SELECT id FROM shops WHERE slug = $3))"
        )))
        .bind(host.map(ShopHost::as_str))
        .bind(chose.map(ShopSlug::as_str))
        .bind(main.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(shop_from_row).transpose()
    }

    /// The shop a short link's code belongs to: a printed code names its shop, whatever
    /// address it is scanned at.
    pub async fn shop_of_code(&self, code: &ShortCode) -> Result<Option<Shop>, StorageError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SHOP_COLUMNS} FROM shops
                 WHERE id = (SELECT shop_id FROM short_links WHERE code = $1)"
        )))
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(shop_from_row).transpose()
    }
}
