//! Shops: the tenant of every other row.

use sqlx::Row;

use super::{Db, StorageError, Store, now_millis};
use crate::shop::{Shop, ShopId, ShopName, ShopSlug, TimeZoneName};

impl Store {
    /// Returns the shop with this slug, creating it with the given name when it is new.
    /// An existing shop keeps its name.
    pub async fn ensure_shop(
        &self,
        slug: &ShopSlug,
        name: &ShopName,
    ) -> Result<Shop, StorageError> {
        match &self.db {
            Db::Sqlite(pool) => {
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
        }
        self.shop(slug)
            .await?
            .ok_or_else(|| StorageError::Corrupt(format!("shop '{slug}' vanished after insert")))
    }

    pub async fn shop(&self, slug: &ShopSlug) -> Result<Option<Shop>, StorageError> {
        let row = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query("SELECT id, slug, name, time_zone FROM shops WHERE slug = $1")
                    .bind(slug.as_str())
                    .fetch_optional(pool)
                    .await?
            }
        };
        row.map(|row| {
            let corrupt = |error: crate::shop::ShopError| StorageError::Corrupt(error.to_string());
            Ok(Shop {
                id: ShopId(row.try_get("id")?),
                slug: ShopSlug::parse(row.try_get("slug")?).map_err(corrupt)?,
                name: ShopName::parse(row.try_get("name")?).map_err(corrupt)?,
                time_zone: TimeZoneName::parse(row.try_get("time_zone")?).map_err(corrupt)?,
            })
        })
        .transpose()
    }
}
