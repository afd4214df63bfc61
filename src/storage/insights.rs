//! What the owner's insights read: the visit tallies kept with every check-in, undo and
//! redeemed reward, the period's scans and introductions, and the names to label them with
//! (staff all, regulars only those the page names).
//!
//! Each read comes back as one JSON array in one row: sqlx hands every row over between
//! threads, and a year holds some 17,000 quarter hours.

use sqlx::AssertSqlSafe;
use std::collections::HashMap;

use jiff::tz::TimeZone;
use sqlx::AnyConnection;

use super::{StorageError, Store};
use crate::insights::bringers::BroughtFact;
use crate::insights::{IntroductionFact, Period, QUARTER_MILLIS, QuarterTally};
use crate::introduction::Outcome;
use crate::shop::{Shop, ShopId};

/// What happened in a period, as storage counted it, before it is added up by day.
#[derive(Debug, Clone, Default)]
pub struct PeriodCounts {
    pub quarters: Vec<QuarterTally>,
    /// (quarter, scans) for the quarter hours with any.
    pub scans: Vec<(i64, u32)>,
    pub introductions: Vec<IntroductionFact>,
    /// The newcomers of the period who came with a regular.
    pub brought: Vec<BroughtFact>,
    /// Staff names by id, for the connectors.
    pub staff: HashMap<i64, String>,
}

/// Regulars by id: nickname ("" once erased) and visits.
pub type RegularNames = HashMap<i64, (String, u32)>;

/// One check-in, as the counts see it: [`tally_visit`] adds it, [`untally_visit`] takes an
/// undone one off.
#[derive(Debug, Clone, Copy)]
pub(super) struct VisitTally {
    pub shop: ShopId,
    pub at: i64,
    pub first: bool,
    pub stamped: bool,
}

/// Adds a visit to its quarter hour's counts.
pub(super) async fn tally_visit(
    tx: &mut AnyConnection,
    visit: VisitTally,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO visit_tallies (shop_id, quarter, visits, first_visits, stamps)
         VALUES ($1, $2, 1, $3, $4)
         ON CONFLICT (shop_id, quarter) DO UPDATE SET
             visits = visit_tallies.visits + 1,
             first_visits = visit_tallies.first_visits + excluded.first_visits,
             stamps = visit_tallies.stamps + excluded.stamps",
    )
    .bind(visit.shop.0)
    .bind(visit.at.div_euclid(QUARTER_MILLIS))
    .bind(i64::from(visit.first))
    .bind(i64::from(visit.stamped))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Takes an undone visit off its quarter hour's counts again.
pub(super) async fn untally_visit(
    tx: &mut AnyConnection,
    visit: VisitTally,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE visit_tallies SET visits = visits - 1, first_visits = first_visits - $3,
                stamps = stamps - $4
         WHERE shop_id = $1 AND quarter = $2",
    )
    .bind(visit.shop.0)
    .bind(visit.at.div_euclid(QUARTER_MILLIS))
    .bind(i64::from(visit.first))
    .bind(i64::from(visit.stamped))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// One more of something counted on its own in the quarter hour of `at`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Counted {
    /// The visit that became a regular's first when their first was undone.
    FirstVisit,
    /// A reward handed over.
    RewardRedeemed,
}

/// Adds one to the quarter hour of `at` for what was `counted`.
pub(super) async fn tally_one(
    tx: &mut AnyConnection,
    shop: ShopId,
    at: i64,
    counted: Counted,
) -> Result<(), sqlx::Error> {
    let column = match counted {
        Counted::FirstVisit => "first_visits",
        Counted::RewardRedeemed => "rewards_redeemed",
    };
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO visit_tallies (shop_id, quarter, {column}) VALUES ($1, $2, 1)
         ON CONFLICT (shop_id, quarter) DO UPDATE SET {column} = visit_tallies.{column} + 1"
    )))
    .bind(shop.0)
    .bind(at.div_euclid(QUARTER_MILLIS))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

impl Store {
    /// Everything the insights page needs for `period` in the shop's time zone, read in one
    /// transaction so the charts agree with each other.
    pub async fn period_counts(
        &self,
        shop: &Shop,
        period: &Period,
    ) -> Result<PeriodCounts, StorageError> {
        let zone = TimeZone::get(shop.time_zone.as_str()).unwrap_or(TimeZone::UTC);
        let (start, end) = period.millis(&zone);
        {
            let pool = &self.pool;
            let mut tx = pool.begin().await?;
            let engine = self.engine;
            let rows = |values: &str| engine.json_rows(&engine.json_array(values));
            let quarters: String = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {} FROM visit_tallies
                 WHERE shop_id = $1 AND quarter >= $2 AND quarter < $3",
                rows("quarter, visits, first_visits, stamps, rewards_redeemed")
            )))
            .bind(shop.id.0)
            .bind(start.div_euclid(QUARTER_MILLIS))
            .bind(end.div_euclid(QUARTER_MILLIS))
            .fetch_one(&mut *tx)
            .await?;
            let scans: String = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {} FROM (
                     SELECT scanned_at / 900000 AS quarter, count(*) AS n FROM link_scans
                     WHERE shop_id = $1 AND scanned_at >= $2 AND scanned_at < $3
                     GROUP BY scanned_at / 900000) AS per_quarter",
                rows("quarter, n")
            )))
            .bind(shop.id.0)
            .bind(start)
            .bind(end)
            .fetch_one(&mut *tx)
            .await?;
            let introductions: String = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {} FROM introductions i
                 WHERE i.shop_id = $1 AND i.introduced_at >= $2 AND i.introduced_at < $3",
                rows(
                    "i.introduced_at, i.introduced_by, i.first_id, i.second_id,
                     (SELECT o.outcome FROM introduction_outcomes o
                       WHERE o.introduction_id = i.id
                       ORDER BY o.recorded_at DESC, o.id DESC LIMIT 1)"
                )
            )))
            .bind(shop.id.0)
            .bind(start)
            .bind(end)
            .fetch_one(&mut *tx)
            .await?;
            let brought: String = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {} FROM brought_by
                 WHERE shop_id = $1 AND recorded_at >= $2 AND recorded_at < $3",
                rows("recorded_at, regular_id, bringer_id")
            )))
            .bind(shop.id.0)
            .bind(start)
            .bind(end)
            .fetch_one(&mut *tx)
            .await?;
            let staff: String = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {} FROM staff WHERE shop_id = $1",
                rows("id, name")
            )))
            .bind(shop.id.0)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            let mut counts = decode(&quarters, &scans, &introductions, &staff)?;
            counts.brought = serde_json::from_str::<Vec<(i64, i64, i64)>>(&brought)
                .map_err(|error| StorageError::Corrupt(error.to_string()))?
                .into_iter()
                .map(|(at, newcomer, bringer)| BroughtFact {
                    at,
                    newcomer,
                    bringer,
                })
                .collect();
            Ok(counts)
        }
    }

    /// The nickname and visits of the given regulars of the shop: the few the insights name
    /// (the connectors, the people the community graph shows), read one by one by id. A year
    /// of a large shop has thousands of regulars in its introductions, scattered over the
    /// table: reading them all would bring most of the table into memory for a few names.
    pub async fn regular_names(
        &self,
        shop: &Shop,
        ids: &[i64],
    ) -> Result<RegularNames, StorageError> {
        if ids.is_empty() {
            return Ok(RegularNames::new());
        }
        let engine = self.engine;
        let list = (2..ids.len() + 2)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {} FROM regulars r WHERE r.shop_id = $1 AND r.id IN ({list})",
            engine.json_rows(&engine.json_array("r.id, r.nickname, r.visits"))
        );
        let mut query = sqlx::query_scalar(AssertSqlSafe(sql.as_str())).bind(shop.id.0);
        for id in ids {
            query = query.bind(*id);
        }
        let regulars: String = query.fetch_one(&self.pool).await?;
        let regulars: Vec<(i64, String, u32)> = serde_json::from_str(&regulars)
            .map_err(|error| StorageError::Corrupt(error.to_string()))?;
        Ok(regulars
            .into_iter()
            .map(|(id, nickname, visits)| (id, (nickname, visits)))
            .collect())
    }
}

/// Someone who came at least a few times and not lately, as the insights list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSeen {
    pub regular: i64,
    pub nickname: String,
    pub visits: u32,
    pub last_visit_at: i64,
    /// What they usually come for: their interests as kept with their profile.
    pub interests: Vec<String>,
}

impl Store {
    /// The regulars of the shop with at least `min_visits` visits whose last visit was
    /// before `last_visit_before` (Unix ms), those seen most recently first, at most
    /// `at_most` of them; never an erased one. Read along the recency index, from the
    /// cut-off back, so a large shop reads only the rows it lists and the few it passes.
    pub async fn not_seen_lately(
        &self,
        shop: ShopId,
        min_visits: u32,
        last_visit_before: i64,
        at_most: u32,
    ) -> Result<Vec<NotSeen>, StorageError> {
        let rows: Vec<(i64, String, i64, i64, String)> = sqlx::query_as(
            "SELECT id, nickname, visits, last_visit_at, interests FROM regulars
             WHERE shop_id = $1 AND last_visit_at < $2 AND visits >= $3 AND erased_at IS NULL
             ORDER BY last_visit_at DESC, id DESC
             LIMIT $4",
        )
        .bind(shop.0)
        .bind(last_visit_before)
        .bind(i64::from(min_visits))
        .bind(i64::from(at_most))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(regular, nickname, visits, last_visit_at, interests)| {
                Ok(NotSeen {
                    regular,
                    nickname,
                    visits: u32::try_from(visits).unwrap_or(0),
                    last_visit_at,
                    interests: serde_json::from_str(&interests)
                        .map_err(|error| StorageError::Corrupt(error.to_string()))?,
                })
            })
            .collect()
    }
}

type IntroductionRow = (i64, Option<i64>, i64, i64, Option<String>);

fn decode(
    quarters: &str,
    scans: &str,
    introductions: &str,
    staff: &str,
) -> Result<PeriodCounts, StorageError> {
    fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StorageError> {
        serde_json::from_str(text).map_err(|error| StorageError::Corrupt(error.to_string()))
    }
    let quarters: Vec<(i64, u32, u32, u32, u32)> = json(quarters)?;
    let introductions: Vec<IntroductionRow> = json(introductions)?;
    let introductions = introductions
        .into_iter()
        .map(|(at, by, first, second, outcome)| {
            let outcome = outcome
                .map(|name| Outcome::parse(&name))
                .transpose()
                .map_err(|error| StorageError::Corrupt(error.to_string()))?;
            Ok(IntroductionFact {
                at,
                by,
                first,
                second,
                outcome,
            })
        })
        .collect::<Result<_, StorageError>>()?;
    Ok(PeriodCounts {
        quarters: quarters
            .into_iter()
            .map(
                |(quarter, visits, first_visits, stamps, rewards_redeemed)| QuarterTally {
                    quarter,
                    visits,
                    first_visits,
                    stamps,
                    rewards_redeemed,
                },
            )
            .collect(),
        scans: json(scans)?,
        introductions,
        brought: Vec::new(),
        staff: json::<Vec<(i64, String)>>(staff)?.into_iter().collect(),
    })
}
