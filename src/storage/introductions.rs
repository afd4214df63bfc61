//! Introductions and their follow-ups, and what the suggestion ranking reads.
//!
//! "Introduce" and a follow-up each run in one transaction that takes SQLite's write lock
//! first, checks the rules against the rows as they are, writes, and writes the audit log.
//! The once-only rule is also a unique index on the pair, so no interleaving can break it.

use sqlx::AssertSqlSafe;
use std::collections::{HashMap, HashSet};

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::audit::Audit;
use super::{Engine, StorageError, Store, count};
use crate::audit::{AuditAction, AuditDetail};
use crate::check_in::RegularSummary;
use crate::introduction::{
    FollowUp, FollowUpDue, Introduce, Introduction, IntroductionError, IntroductionId, Outcome,
    OutcomeChange, Pair, Suggested, follow_up,
};
use crate::loyalty::{Card, StampRules};
use crate::regular::{Notes, RegularId, Tags};
use crate::shop::ShopId;
use crate::staff::StaffId;
use crate::suggestion::{Person, Reasons, reasons, suggest};

/// How far back "how often both come" looks.
const TOGETHER_LOOKBACK_MILLIS: i64 = 90 * 24 * 60 * 60 * 1000;

/// What the ranking reads of a regular (`r`), as one JSON object: the summary, tags, consent,
/// and their check-in times since the query's parameter `$lookback`. The people in the shop
/// come back as one JSON array in one row: sqlx hands every row over between threads, and
/// 300 hand-overs cost more than the query itself.
fn person_json(engine: Engine, lookback: u8) -> String {
    match engine {
        Engine::Sqlite => format!(
            "json_object(
                'id', r.id, 'nickname', r.nickname, 'tagline', r.tagline, 'stamps', r.stamps,
                'rewards_earned', r.rewards_earned, 'rewards_redeemed', r.rewards_redeemed,
                'last_visit_at', r.last_visit_at,
                'may_be_introduced', json(CASE WHEN r.may_be_introduced_at IS NULL
                                          THEN 'false' ELSE 'true' END),
                'interests', json(r.interests), 'offers', json(r.offers),
                'looking_for', json(r.looking_for),
                'visits', (SELECT json_group_array(w.checked_in_at) FROM visits w
                           WHERE w.regular_id = r.id AND w.checked_in_at > ${lookback}
                             AND w.undone_at IS NULL))"
        ),
        Engine::Postgres => format!(
            "json_build_object(
                'id', r.id, 'nickname', r.nickname, 'tagline', r.tagline, 'stamps', r.stamps,
                'rewards_earned', r.rewards_earned, 'rewards_redeemed', r.rewards_redeemed,
                'last_visit_at', r.last_visit_at,
                'may_be_introduced', r.may_be_introduced_at IS NOT NULL,
                'interests', r.interests::json, 'offers', r.offers::json,
                'looking_for', r.looking_for::json,
                'visits', (SELECT coalesce(json_agg(w.checked_in_at), '[]'::json) FROM visits w
                           WHERE w.regular_id = r.id AND w.checked_in_at > ${lookback}
                             AND w.undone_at IS NULL))"
        ),
    }
}

/// One [`person_json`] object.
#[derive(serde::Deserialize)]
struct PersonRecord {
    id: i64,
    nickname: String,
    tagline: Option<String>,
    stamps: i64,
    rewards_earned: i64,
    rewards_redeemed: i64,
    last_visit_at: Option<i64>,
    may_be_introduced: bool,
    interests: Tags,
    offers: Tags,
    looking_for: Tags,
    visits: Vec<i64>,
}

impl PersonRecord {
    fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, StorageError> {
        serde_json::from_str(json)
            .map_err(|error| StorageError::Corrupt(format!("a regular's record: {error}")))
    }

    fn into_parts(self) -> (Person, RegularSummary) {
        let id = RegularId(self.id);
        let person = Person::new(
            id,
            self.may_be_introduced,
            &self.interests,
            &self.offers,
            &self.looking_for,
            self.visits,
        );
        let summary = RegularSummary {
            id,
            nickname: self.nickname,
            tagline: self.tagline,
            card: Card {
                stamps: count(self.stamps),
                rewards_earned: count(self.rewards_earned),
                rewards_redeemed: count(self.rewards_redeemed),
            },
            may_be_introduced: self.may_be_introduced,
            last_visit_at: self.last_visit_at,
        };
        (person, summary)
    }
}

/// The columns an [`Introduction`] is read from, with both nicknames and the staff name.
const INTRODUCTION_COLUMNS: &str = "i.id AS id, i.first_id AS first_id, i.second_id AS second_id,
     i.introduced_at AS introduced_at, i.note AS note,
     f.nickname AS first_nickname, s.nickname AS second_nickname, st.name AS by_name";
const INTRODUCTION_JOINS: &str = "introductions i
     JOIN regulars f ON f.id = i.first_id
     JOIN regulars s ON s.id = i.second_id
     LEFT JOIN staff st ON st.id = i.introduced_by";

impl Store {
    /// Introduces `a` and `b`: both must be regulars of this shop who agreed to be
    /// introduced. A pair met before is not introduced again; the answer says when and by whom.
    pub async fn introduce(
        &self,
        shop: ShopId,
        a: RegularId,
        b: RegularId,
        note: Option<&Notes>,
        by: StaffId,
        now: i64,
    ) -> Result<Introduce, StorageError> {
        let pair = match Pair::new(a, b) {
            Ok(pair) => pair,
            Err(refused) => return Ok(Introduce::Refused(refused)),
        };
        {
            let mut tx = self.begin_write_in(shop).await?;
            for id in [pair.first(), pair.second()] {
                let row = sqlx::query(
                    "SELECT nickname, may_be_introduced_at FROM regulars
                         WHERE shop_id = $1 AND id = $2",
                )
                .bind(shop.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    return Ok(Introduce::Refused(IntroductionError::NoSuchRegular));
                };
                if row
                    .try_get::<Option<i64>, _>("may_be_introduced_at")?
                    .is_none()
                {
                    return Ok(Introduce::Refused(IntroductionError::NoConsent {
                        nickname: row.try_get("nickname")?,
                    }));
                }
            }
            if let Some(met) = select_between(&mut tx, shop, pair).await? {
                return Ok(Introduce::AlreadyMet(met));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO introductions
                         (shop_id, first_id, second_id, introduced_at, introduced_by, note)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     RETURNING id",
            )
            .bind(shop.0)
            .bind(pair.first().0)
            .bind(pair.second().0)
            .bind(now)
            .bind(by.0)
            .bind(note.map(Notes::as_str))
            .fetch_one(&mut *tx)
            .await?;
            let detail = AuditDetail::Introduction { introduction: id };
            for regular in [pair.first(), pair.second()] {
                Audit {
                    shop,
                    at: now,
                    by: Some(by),
                    action: AuditAction::Introduced,
                    regular: Some(regular.0),
                    detail: &detail,
                }
                .write(&mut tx)
                .await?;
            }
            tx.commit().await?;
            Ok(Introduce::Introduced(IntroductionId(id)))
        }
    }

    /// Records what an introduction led to. The history keeps every earlier outcome; the
    /// same outcome and note as the newest adds nothing.
    pub async fn record_outcome(
        &self,
        shop: ShopId,
        introduction: IntroductionId,
        outcome: Outcome,
        note: Option<&Notes>,
        by: StaffId,
        now: i64,
    ) -> Result<FollowUp, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let Some(found) = select_introduction(&mut tx, shop, introduction).await? else {
            return Ok(FollowUp::Refused(IntroductionError::NoSuchIntroduction));
        };
        let note = note.map(Notes::as_str);
        if follow_up(found.outcomes.first(), outcome, note) == FollowUp::Unchanged {
            return Ok(FollowUp::Unchanged);
        }
        sqlx::query(
            "INSERT INTO introduction_outcomes
                     (introduction_id, outcome, note, recorded_at, recorded_by)
                 VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(introduction.0)
        .bind(outcome.as_str())
        .bind(note)
        .bind(now)
        .bind(by.0)
        .execute(&mut *tx)
        .await?;
        let detail = AuditDetail::FollowUp {
            introduction: introduction.0,
            outcome,
        };
        for regular in [found.pair.first(), found.pair.second()] {
            Audit {
                shop,
                at: now,
                by: Some(by),
                action: AuditAction::OutcomeRecorded,
                regular: Some(regular.0),
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(FollowUp::Recorded)
    }

    /// The introduction the register asks `regular` about after a check-in: the oldest of
    /// theirs introduced within `window` (Unix milliseconds, from included, until excluded;
    /// see [`crate::introduction::follow_up_window`]) that has no outcome yet, that nobody
    /// asked not to be asked about again, and whose other person has not been erased. One at
    /// a time: once it has an outcome, the next one comes at the next check-in.
    pub async fn follow_up_due(
        &self,
        shop: ShopId,
        regular: RegularId,
        window: (i64, i64),
    ) -> Result<Option<FollowUpDue>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        // Each side of the pair through its own index; the other person is the side that is
        // not `regular`.
        let side = |mine: &str, theirs: &str| {
            format!(
                "SELECT i.id AS id, o.id AS other, o.nickname AS other_nickname,
                        i.introduced_at AS introduced_at
                     FROM introductions i
                     JOIN regulars o ON o.id = i.{theirs}
                     WHERE i.shop_id = $1 AND i.{mine} = $2
                       AND i.introduced_at >= $3 AND i.introduced_at < $4
                       AND i.follow_up_stopped_at IS NULL AND o.erased_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM introduction_outcomes io
                                       WHERE io.introduction_id = i.id)"
            )
        };
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} UNION ALL {} ORDER BY introduced_at, id LIMIT 1",
            side("first_id", "second_id"),
            side("second_id", "first_id"),
        )))
        .bind(shop.0)
        .bind(regular.0)
        .bind(window.0)
        .bind(window.1)
        .fetch_optional(&mut *connection)
        .await?;
        row.map(|row| {
            Ok(FollowUpDue {
                introduction: IntroductionId(row.try_get("id")?),
                other: RegularId(row.try_get("other")?),
                other_nickname: row.try_get("other_nickname")?,
                at: row.try_get("introduced_at")?,
            })
        })
        .transpose()
    }

    /// "Don't ask again": the register no longer asks what this introduction led to; it can
    /// still be followed up on its own page. `false` when there is no such introduction in
    /// this shop. Asked a second time (a double tap, another tablet), it changes nothing and
    /// writes no second audit entry.
    pub async fn stop_follow_up(
        &self,
        shop: ShopId,
        introduction: IntroductionId,
        by: StaffId,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let Some(found) = select_introduction(&mut tx, shop, introduction).await? else {
            return Ok(false);
        };
        let stopped = sqlx::query(
            "UPDATE introductions SET follow_up_stopped_at = $1, follow_up_stopped_by = $2
                 WHERE shop_id = $3 AND id = $4 AND follow_up_stopped_at IS NULL",
        )
        .bind(now)
        .bind(by.0)
        .bind(shop.0)
        .bind(introduction.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if stopped == 0 {
            return Ok(true);
        }
        let detail = AuditDetail::Introduction {
            introduction: introduction.0,
        };
        for regular in [found.pair.first(), found.pair.second()] {
            Audit {
                shop,
                at: now,
                by: Some(by),
                action: AuditAction::FollowUpStopped,
                regular: Some(regular.0),
                detail: &detail,
            }
            .write(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// One introduction with its follow-ups, newest first.
    pub async fn introduction(
        &self,
        shop: ShopId,
        id: IntroductionId,
    ) -> Result<Option<Introduction>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        select_introduction(&mut connection, shop, id).await
    }

    /// The introduction of this pair, when they have met here.
    pub async fn introduction_between(
        &self,
        shop: ShopId,
        pair: Pair,
    ) -> Result<Option<Introduction>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        select_between(&mut connection, shop, pair).await
    }

    /// Everyone a regular met here, newest first, with what each introduction led to.
    pub async fn introductions_of(
        &self,
        shop: ShopId,
        regular: RegularId,
    ) -> Result<Vec<Introduction>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {INTRODUCTION_COLUMNS} FROM {INTRODUCTION_JOINS}
                 WHERE i.shop_id = $1 AND i.first_id = $2
                 UNION ALL
                 SELECT {INTRODUCTION_COLUMNS} FROM {INTRODUCTION_JOINS}
                 WHERE i.shop_id = $1 AND i.second_id = $2
                 ORDER BY introduced_at DESC, id DESC"
        )))
        .bind(shop.0)
        .bind(regular.0)
        .fetch_all(&mut *connection)
        .await?;
        let mut outcomes = sqlx::query(
            "SELECT o.introduction_id, o.outcome, o.note, o.recorded_at,
                        st.name AS by_name
                 FROM introduction_outcomes o
                 LEFT JOIN staff st ON st.id = o.recorded_by
                 WHERE o.introduction_id IN (
                     SELECT id FROM introductions WHERE shop_id = $1 AND first_id = $2
                     UNION ALL
                     SELECT id FROM introductions WHERE shop_id = $1 AND second_id = $2)
                 ORDER BY o.recorded_at DESC, o.id DESC",
        )
        .bind(shop.0)
        .bind(regular.0)
        .fetch_all(&mut *connection)
        .await?
        .iter()
        .try_fold(
            HashMap::<i64, Vec<OutcomeChange>>::new(),
            |mut by_introduction, row| {
                by_introduction
                    .entry(row.try_get("introduction_id")?)
                    .or_default()
                    .push(outcome_from_row(row)?);
                Ok::<_, StorageError>(by_introduction)
            },
        )?;
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                introduction_from_row(row, outcomes.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// Whom to introduce `selected` to among the people in the shop now, best first (see
    /// [`crate::suggestion`]). Empty when they have not agreed to be introduced, or are not a
    /// regular of this shop.
    pub async fn suggestions(
        &self,
        shop: ShopId,
        selected: RegularId,
        rules: &StampRules,
        now: i64,
        limit: usize,
    ) -> Result<Vec<Suggested>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        let Some((person, _)) =
            select_person(self.engine, &mut connection, shop, selected, now).await?
        else {
            return Ok(Vec::new());
        };
        // In no particular order: the ranking decides it.
        // SQLite's CROSS JOIN keeps the visits as the outer loop: the few present, not
        // every regular. A subquery's JSON is text again to SQLite, hence json().
        let (join, element) = match self.engine {
            Engine::Sqlite => ("CROSS JOIN", "json(person)"),
            Engine::Postgres => ("JOIN", "person"),
        };
        let present: String = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT {} FROM (
                 SELECT {} AS person
                 FROM visits v {join} regulars r ON r.id = v.regular_id
                 WHERE v.shop_id = $1 AND v.checked_in_at > $2
                   AND v.left_at IS NULL AND v.undone_at IS NULL
                   AND r.may_be_introduced_at IS NOT NULL AND r.id <> $3) AS present",
            self.engine.json_rows(element),
            person_json(self.engine, 4)
        )))
        .bind(shop.0)
        .bind(now - rules.presence_millis())
        .bind(selected.0)
        .bind(now - TOGETHER_LOOKBACK_MILLIS)
        .fetch_one(&mut *connection)
        .await?;
        let records: Vec<PersonRecord> = PersonRecord::parse(&present)?;
        let mut summaries = HashMap::with_capacity(records.len());
        let mut present = Vec::with_capacity(records.len());
        for record in records {
            let (person, summary) = record.into_parts();
            summaries.insert(summary.id, summary);
            present.push(person);
        }
        let met = met(&mut connection, shop, selected).await?;
        let window = rules.presence_millis();
        Ok(suggest(&person, &present, &met, window, limit)
            .into_iter()
            .filter_map(|suggestion| {
                Some(Suggested {
                    regular: summaries.remove(&suggestion.id)?,
                    reasons: suggestion.reasons,
                })
            })
            .collect())
    }

    /// What `a` and `b` could talk about: shared interests, what one offers that the other
    /// looks for, how often they were here together. `None` when either is not a regular of
    /// this shop.
    pub async fn talking_points(
        &self,
        shop: ShopId,
        a: RegularId,
        b: RegularId,
        rules: &StampRules,
        now: i64,
    ) -> Result<Option<Reasons>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        let Some((a, _)) = select_person(self.engine, &mut connection, shop, a, now).await? else {
            return Ok(None);
        };
        let Some((b, _)) = select_person(self.engine, &mut connection, shop, b, now).await? else {
            return Ok(None);
        };
        Ok(Some(reasons(&a, &b, rules.presence_millis())))
    }
}

/// One regular as the ranking sees them, with their visits over the lookback.
async fn select_person(
    engine: Engine,
    connection: &mut AnyConnection,
    shop: ShopId,
    id: RegularId,
    now: i64,
) -> Result<Option<(Person, RegularSummary)>, StorageError> {
    let record: Option<String> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT CAST({} AS TEXT) FROM regulars r WHERE r.shop_id = $1 AND r.id = $2",
        person_json(engine, 3)
    )))
    .bind(shop.0)
    .bind(id.0)
    .bind(now - TOGETHER_LOOKBACK_MILLIS)
    .fetch_optional(&mut *connection)
    .await?;
    record
        .map(|json| PersonRecord::parse::<PersonRecord>(&json).map(PersonRecord::into_parts))
        .transpose()
}

/// Everyone `regular` was introduced to here.
async fn met(
    connection: &mut AnyConnection,
    shop: ShopId,
    regular: RegularId,
) -> Result<HashSet<RegularId>, StorageError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT second_id FROM introductions WHERE shop_id = $1 AND first_id = $2
         UNION ALL
         SELECT first_id FROM introductions WHERE shop_id = $1 AND second_id = $2",
    )
    .bind(shop.0)
    .bind(regular.0)
    .fetch_all(connection)
    .await?;
    Ok(ids.into_iter().map(RegularId).collect())
}

async fn select_introduction(
    connection: &mut AnyConnection,
    shop: ShopId,
    id: IntroductionId,
) -> Result<Option<Introduction>, StorageError> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {INTRODUCTION_COLUMNS} FROM {INTRODUCTION_JOINS}
         WHERE i.shop_id = $1 AND i.id = $2"
    )))
    .bind(shop.0)
    .bind(id.0)
    .fetch_optional(&mut *connection)
    .await?;
    match row {
        Some(row) => {
            let outcomes = outcomes_of(connection, id).await?;
            Ok(Some(introduction_from_row(&row, outcomes)?))
        }
        None => Ok(None),
    }
}

async fn select_between(
    connection: &mut AnyConnection,
    shop: ShopId,
    pair: Pair,
) -> Result<Option<Introduction>, StorageError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM introductions WHERE shop_id = $1 AND first_id = $2 AND second_id = $3",
    )
    .bind(shop.0)
    .bind(pair.first().0)
    .bind(pair.second().0)
    .fetch_optional(&mut *connection)
    .await?;
    match id {
        Some(id) => select_introduction(connection, shop, IntroductionId(id)).await,
        None => Ok(None),
    }
}

async fn outcomes_of(
    connection: &mut AnyConnection,
    id: IntroductionId,
) -> Result<Vec<OutcomeChange>, StorageError> {
    sqlx::query(
        "SELECT o.outcome, o.note, o.recorded_at, st.name AS by_name
         FROM introduction_outcomes o
         LEFT JOIN staff st ON st.id = o.recorded_by
         WHERE o.introduction_id = $1
         ORDER BY o.recorded_at DESC, o.id DESC",
    )
    .bind(id.0)
    .fetch_all(connection)
    .await?
    .iter()
    .map(outcome_from_row)
    .collect()
}

fn outcome_from_row(row: &AnyRow) -> Result<OutcomeChange, StorageError> {
    let name: String = row.try_get("outcome")?;
    Ok(OutcomeChange {
        outcome: Outcome::parse(&name).map_err(|error| StorageError::Corrupt(error.to_string()))?,
        note: row.try_get("note")?,
        by: row.try_get("by_name")?,
        at: row.try_get("recorded_at")?,
    })
}

fn introduction_from_row(
    row: &AnyRow,
    outcomes: Vec<OutcomeChange>,
) -> Result<Introduction, StorageError> {
    let pair = Pair::new(
        RegularId(row.try_get("first_id")?),
        RegularId(row.try_get("second_id")?),
    )
    .map_err(|error| StorageError::Corrupt(error.to_string()))?;
    Ok(Introduction {
        id: IntroductionId(row.try_get("id")?),
        pair,
        first_nickname: row.try_get("first_nickname")?,
        second_nickname: row.try_get("second_nickname")?,
        at: row.try_get("introduced_at")?,
        by: row.try_get("by_name")?,
        note: row.try_get("note")?,
        outcomes,
    })
}
