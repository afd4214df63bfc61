//! Short links and their scans (see [`crate::short_link`]).
//!
//! A code is made the first time a page needs it and kept: the same link of the same
//! regular (on the same introduction's page) always has the same code, so a printed card
//! keeps working. A scan stores only its time.

use std::collections::HashMap;

use sqlx::Row;

use super::regulars::select_regular;
use super::{StorageError, Store, count};
use crate::check_in::Regular;
use crate::introduction::IntroductionId;
use crate::regular::RegularId;
use crate::shop::ShopId;
use crate::short_link::{Destination, ShortCode, ShortLinkTarget, destination};

/// A scanned code that leads somewhere now.
#[derive(Debug, Clone)]
pub struct Followed {
    pub destination: Destination,
    /// The regular the code belongs to, for their public card.
    pub regular: Regular,
}

/// A fresh code collides with a kept one about once in a trillion; a few tries are plenty.
const CODE_ATTEMPTS: usize = 5;

impl Store {
    /// The code of the short link to `target` of `regular` (on `introduction`'s page, when
    /// given), made on first use.
    pub async fn short_link(
        &self,
        shop: ShopId,
        regular: RegularId,
        target: &ShortLinkTarget,
        introduction: Option<IntroductionId>,
        now: i64,
    ) -> Result<ShortCode, StorageError> {
        let introduction = introduction.map(|id| id.0);
        {
            let pool = &self.pool;
            let find = || {
                sqlx::query_scalar::<_, String>(
                    "SELECT code FROM short_links
                         WHERE shop_id = $1 AND regular_id = $2 AND target = $3
                           AND COALESCE(introduction_id, 0) = COALESCE($4, 0)",
                )
                .bind(shop.0)
                .bind(regular.0)
                .bind(target.to_stored())
                .bind(introduction)
                .fetch_optional(pool)
            };
            for _ in 0..CODE_ATTEMPTS {
                if let Some(code) = find().await? {
                    return stored_code(code);
                }
                // Another tablet may make the same link's code at the same moment: the
                // unique index keeps one, and both read it back.
                let turn = self.write_turn().await;
                sqlx::query(
                    "INSERT INTO short_links
                             (code, shop_id, regular_id, target, introduction_id, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT DO NOTHING",
                )
                .bind(ShortCode::generate().as_str())
                .bind(shop.0)
                .bind(regular.0)
                .bind(target.to_stored())
                .bind(introduction)
                .bind(now)
                .execute(pool)
                .await?;
                drop(turn);
            }
            find()
                .await?
                .map(stored_code)
                .unwrap_or_else(|| Err(StorageError::Corrupt("no short link code".into())))
        }
    }

    /// Where a scanned code leads now, counting a scan at `scanned_at` when it leads somewhere
    /// (`None`: only look, as for a HEAD request, which link checkers and previews send).
    /// `None` for an unknown code, a code of another shop, a regular who no longer agrees to
    /// show their links, or a link no longer on their profile; such a scan is not counted.
    pub async fn follow_short_link(
        &self,
        shop: ShopId,
        code: &ShortCode,
        scanned_at: Option<i64>,
    ) -> Result<Option<Followed>, StorageError> {
        let pool = &self.pool;
        // The turn to write comes before the connection, as everywhere: a writer
        // never holds a connection while it waits for its turn.
        let _turn = self.write_turn().await;
        let mut connection = pool.acquire().await?;
        let row = sqlx::query(
            "SELECT regular_id, target FROM short_links WHERE code = $1 AND shop_id = $2",
        )
        .bind(code.as_str())
        .bind(shop.0)
        .fetch_optional(&mut *connection)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let target = ShortLinkTarget::from_stored(row.try_get("target")?);
        let regular_id = RegularId(row.try_get("regular_id")?);
        let Some(regular) = select_regular(&mut connection, shop, regular_id).await? else {
            return Ok(None);
        };
        let Some(destination) = destination(&target, &regular.consents, &regular.profile.links)
        else {
            return Ok(None);
        };
        if let Some(now) = scanned_at {
            sqlx::query("INSERT INTO link_scans (shop_id, code, scanned_at) VALUES ($1, $2, $3)")
                .bind(shop.0)
                .bind(code.as_str())
                .bind(now)
                .execute(&mut *connection)
                .await?;
        }
        Ok(Some(Followed {
            destination,
            regular,
        }))
    }

    /// How often each of a regular's short links was scanned, on any page, by target.
    pub async fn scan_counts(
        &self,
        shop: ShopId,
        regular: RegularId,
    ) -> Result<HashMap<ShortLinkTarget, u32>, StorageError> {
        let pool = &self.pool;
        let rows = sqlx::query(
            "SELECT s.target, COUNT(*) AS scans
                 FROM short_links s JOIN link_scans l ON l.code = s.code
                 WHERE s.shop_id = $1 AND s.regular_id = $2
                 GROUP BY s.target",
        )
        .bind(shop.0)
        .bind(regular.0)
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    ShortLinkTarget::from_stored(row.try_get("target")?),
                    count(row.try_get("scans")?),
                ))
            })
            .collect()
    }

    /// How often the codes shown on an introduction's page were scanned.
    pub async fn introduction_scans(
        &self,
        shop: ShopId,
        introduction: IntroductionId,
    ) -> Result<u32, StorageError> {
        let pool = &self.pool;
        let scans: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM short_links s JOIN link_scans l ON l.code = s.code
                 WHERE s.introduction_id = $1 AND s.shop_id = $2",
        )
        .bind(introduction.0)
        .bind(shop.0)
        .fetch_one(pool)
        .await?;
        Ok(count(scans))
    }
}

fn stored_code(code: String) -> Result<ShortCode, StorageError> {
    ShortCode::parse(&code)
        .ok_or_else(|| StorageError::Corrupt(format!("a short link code '{code}'")))
}
