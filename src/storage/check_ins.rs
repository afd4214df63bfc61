//! Visits and the reward ledger: check-in, undo, "left", redemption, and who is in the shop.
//!
//! Every change runs in one transaction that takes SQLite's write lock first (`BEGIN
//! IMMEDIATE`), reads the regular's card, decides with the core's rules and writes. Two
//! tablets checking the same person in at the same moment are therefore serialized: the
//! second sees the first's visit and adds nothing. The database, not the page, guarantees
//! one stamp.

use sqlx::AssertSqlSafe;
use sqlx::{AnyConnection, FromRow};

use super::audit::Audit;
use super::brought_by::{bring_within, bringer_within};
use super::check_ins_together::CheckInAsked;
use super::insights::{Counted, VisitTally, tally_one, tally_visit, untally_visit};
use super::paper_cards::carry_over_within;
use super::regulars::{CardRow, insert_regular};
use super::{Change, Engine, StorageError, Store, count};
use crate::audit::{AuditAction, AuditDetail};
use crate::check_in::{
    CheckInOutcome, LedgerEntry, LedgerKind, Newcomer, NewcomerAdded, Present, Redeem,
    RegularSummary, Undo, Visit, VisitId,
};
use crate::loyalty::{Card, LoyaltyError, RewardEarned, StampRules, may_stamp, may_undo};
use crate::regular::{Reading, RegularId};
use crate::shop::ShopId;
use crate::staff::StaffId;

impl Store {
    /// Checks a regular in: a visit, and a stamp when the owner's gap allows, with their
    /// nickname for the answer. `None` when there is no such regular in this shop.
    pub async fn check_in(
        &self,
        shop: ShopId,
        regular: RegularId,
        rules: &StampRules,
        by: StaffId,
        now: i64,
    ) -> Result<Option<CheckedIn>, StorageError> {
        let asked = CheckInAsked {
            shop,
            regular,
            rules: rules.clone(),
            by,
            now,
        };
        match self.engine {
            // Check-ins that wait for the one writer are committed together.
            Engine::Sqlite => self.check_in_together(asked).await,
            // PostgreSQL's writers of a shop wait for each other's advisory lock, not for
            // one file, and it groups commits that arrive together by itself.
            Engine::Postgres => self.check_in_alone(&asked).await,
        }
    }

    /// "+ new regular": adds them, carries over the stamps of a paper card they brought,
    /// records the regular they came with (and that regular's thank-you stamp, when the
    /// owner gives one), and checks them in, in one transaction. A regular to come with who
    /// is not this shop's adds nothing ([`NewcomerAdded::NoSuchBringer`]).
    pub async fn add_regular_and_check_in(
        &self,
        shop: ShopId,
        newcomer: &Newcomer,
        rules: &StampRules,
        by: StaffId,
        now: i64,
    ) -> Result<NewcomerAdded, StorageError> {
        let profile = &newcomer.profile;
        let mut tx = self.begin_write_in(shop).await?;
        let bringer = match newcomer.came_with {
            Some(came_with) => match bringer_within(&mut tx, shop, came_with).await? {
                Some(bringer) => Some(bringer),
                None => return Ok(NewcomerAdded::NoSuchBringer),
            },
            None => None,
        };
        // The same new regular again within moments is the same tap sent twice (a double
        // tap on a form posted before the page's wasm arrived): they are checked in, not
        // added a second time. The shop's write turn makes the look and the insert one step.
        let same = sqlx::query_scalar::<_, i64>(
            "SELECT id FROM regulars
             WHERE shop_id = $1 AND nickname = $2 AND reading IS NOT DISTINCT FROM $3
               AND created_at >= $4 AND erased_at IS NULL
             ORDER BY id DESC LIMIT 1",
        )
        .bind(shop.0)
        .bind(profile.nickname.as_str())
        .bind(profile.reading.as_ref().map(Reading::as_str))
        .bind(now - crate::check_in::SAME_NEW_REGULAR_WITHIN_MILLIS)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, thanked) = match same {
            Some(id) => (RegularId(id), None),
            None => {
                let id =
                    insert_regular(&mut tx, shop, profile, &newcomer.consents, by, now).await?;
                if let Some(paper) = newcomer.paper {
                    carry_over_within(&mut tx, shop, id, paper, rules, by, now).await?;
                }
                let thanked = match bringer {
                    Some(bringer) => {
                        bring_within(&mut tx, shop, id, bringer, rules, by, now).await?
                    }
                    None => None,
                };
                (id, thanked)
            }
        };
        let checked_in = check_in_within(&mut tx, shop, id, rules, by, now)
            .await?
            .ok_or_else(|| StorageError::Corrupt("a new regular vanished".into()))?;
        tx.commit().await?;
        self.announce(Change::InTheShop(shop));
        Ok(NewcomerAdded::CheckedIn {
            id,
            nickname: checked_in.nickname,
            outcome: checked_in.outcome,
            thanked,
        })
    }

    /// Undoes a check-in made less than ten minutes ago. The visit is kept and marked; its
    /// stamp, and a reward that stamp earned, are taken back. `None` when there is no such
    /// visit in this shop.
    pub async fn undo_check_in(
        &self,
        shop: ShopId,
        visit: VisitId,
        rules: &StampRules,
        by: StaffId,
        now: i64,
    ) -> Result<Option<Undo>, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let found = sqlx::query_as::<_, UndoRow>(
            "SELECT v.regular_id, v.checked_in_at, v.stamped, v.earned_reward,
                        v.undone_at, r.stamps, r.rewards_earned, r.rewards_redeemed
                 FROM visits v JOIN regulars r ON r.id = v.regular_id
                 WHERE v.shop_id = $1 AND v.id = $2 AND r.erased_at IS NULL",
        )
        .bind(shop.0)
        .bind(visit.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(found) = found else {
            return Ok(None);
        };
        if found.undone_at.is_some() {
            return Ok(Some(Undo::AlreadyUndone));
        }
        if !may_undo(found.checked_in_at, now) {
            return Ok(Some(Undo::TooLate));
        }
        let regular = found.regular_id;
        let stamped = found.stamped != 0;
        let earned = found.earned_reward != 0;
        let before = found.card.card();
        let card = if stamped {
            match before.undo_stamp(rules, earned) {
                Ok(card) => card,
                Err(LoyaltyError::RewardAlreadyRedeemed) => {
                    return Ok(Some(Undo::RewardAlreadyRedeemed));
                }
                Err(error) => return Err(StorageError::Corrupt(error.to_string())),
            }
        } else {
            before
        };
        // Taken off the insights' counts. When it was the regular's first visit and
        // another of theirs stands, that one is their first now.
        let at = found.checked_in_at;
        let next_first: Option<i64> = sqlx::query_scalar(
            "SELECT min(checked_in_at) FROM visits
                 WHERE regular_id = $1 AND id != $2 AND undone_at IS NULL",
        )
        .bind(regular)
        .bind(visit.0)
        .fetch_one(&mut *tx)
        .await?;
        let first = next_first.is_none_or(|next| next >= at);
        untally_visit(
            &mut tx,
            VisitTally {
                shop,
                at,
                first,
                stamped,
            },
        )
        .await?;
        if first && let Some(next) = next_first {
            tally_one(&mut tx, shop, next, Counted::FirstVisit).await?;
        }
        sqlx::query("UPDATE visits SET undone_at = $1, undone_by = $2 WHERE id = $3")
            .bind(now)
            .bind(by.0)
            .bind(visit.0)
            .execute(&mut *tx)
            .await?;
        // The last stamp and visit that still stand, so the gap rule and the
        // recent-visitor ranking forget the undone one.
        sqlx::query(
            "UPDATE regulars SET stamps = $1, rewards_earned = $2, visits = visits - 1,
                    last_stamp_at = (SELECT MAX(checked_in_at) FROM visits
                        WHERE regular_id = $3 AND stamped = 1 AND undone_at IS NULL),
                    last_visit_at = (SELECT MAX(checked_in_at) FROM visits
                        WHERE regular_id = $3 AND undone_at IS NULL),
                    updated_at = $4
                 WHERE id = $3",
        )
        .bind(i64::from(card.stamps))
        .bind(i64::from(card.rewards_earned))
        .bind(regular)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if card.rewards_earned < before.rewards_earned {
            ledger(
                &mut tx,
                shop,
                regular,
                LedgerKind::TakenBack,
                Some(visit),
                now,
                by,
                rules,
            )
            .await?;
        }
        let detail = if stamped {
            AuditDetail::StampTakenBack
        } else {
            AuditDetail::Nothing
        };
        Audit {
            shop,
            at: now,
            by: Some(by),
            action: AuditAction::CheckInUndone,
            regular: Some(regular),
            detail: &detail,
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        self.announce(Change::InTheShop(shop));
        Ok(Some(Undo::Undone { card }))
    }

    /// Marks a visit as over: the regular leaves "in the shop now". `false` when the visit
    /// is not in the shop now (left already, undone, or not this shop's).
    pub async fn mark_left(
        &self,
        shop: ShopId,
        visit: VisitId,
        by: StaffId,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let regular: Option<i64> = sqlx::query_scalar(
            "UPDATE visits SET left_at = $1
                 WHERE shop_id = $2 AND id = $3 AND left_at IS NULL AND undone_at IS NULL
                 RETURNING regular_id",
        )
        .bind(now)
        .bind(shop.0)
        .bind(visit.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(regular) = regular else {
            return Ok(false);
        };
        Audit {
            shop,
            at: now,
            by: Some(by),
            action: AuditAction::MarkedLeft,
            regular: Some(regular),
            detail: &AuditDetail::Nothing,
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        self.announce(Change::InTheShop(shop));
        Ok(true)
    }

    /// Staff hand over a reward. `None` when there is no such regular in this shop.
    ///
    /// `seen_handed_over` is how many rewards the screen showed as handed over already: when
    /// that has changed since, the tap was sent twice (or another tablet handed it over a
    /// moment ago), and nothing more is redeemed.
    #[allow(clippy::too_many_arguments)]
    pub async fn redeem_reward(
        &self,
        shop: ShopId,
        regular: RegularId,
        rules: &StampRules,
        seen_handed_over: Option<u32>,
        by: StaffId,
        now: i64,
    ) -> Result<Option<Redeem>, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let row = sqlx::query_as::<_, CardRow>(
            "SELECT stamps, rewards_earned, rewards_redeemed FROM regulars
                 WHERE shop_id = $1 AND id = $2 AND erased_at IS NULL",
        )
        .bind(shop.0)
        .bind(regular.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let before = row.card();
        if seen_handed_over.is_some_and(|seen| seen != before.rewards_redeemed) {
            return Ok(Some(Redeem::NoneAvailable));
        }
        let Ok(card) = before.redeem() else {
            return Ok(Some(Redeem::NoneAvailable));
        };
        sqlx::query("UPDATE regulars SET rewards_redeemed = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(card.rewards_redeemed))
            .bind(now)
            .bind(regular.0)
            .execute(&mut *tx)
            .await?;
        tally_one(&mut tx, shop, now, Counted::RewardRedeemed).await?;
        ledger(
            &mut tx,
            shop,
            regular.0,
            LedgerKind::Redeemed,
            None,
            now,
            by,
            rules,
        )
        .await?;
        Audit {
            shop,
            at: now,
            by: Some(by),
            action: AuditAction::RewardRedeemed,
            regular: Some(regular.0),
            detail: &AuditDetail::Reward {
                reward: rules.reward.as_str().to_owned(),
            },
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        self.announce(Change::InTheShop(shop));
        Ok(Some(Redeem::Redeemed { card }))
    }

    /// Everyone checked in within the presence window who has not left, newest first.
    pub async fn in_the_shop(
        &self,
        shop: ShopId,
        rules: &StampRules,
        now: i64,
    ) -> Result<Vec<Present>, StorageError> {
        Ok(self
            .newest_in_the_shop(shop, rules, now, u32::MAX)
            .await?
            .newest)
    }

    /// The newest `at_most` of everyone in the shop now (as [`Store::in_the_shop`] lists
    /// them), and how many are in the shop in all: what the register shows. Read as one
    /// row, the people as one JSON array.
    pub async fn newest_in_the_shop(
        &self,
        shop: ShopId,
        rules: &StampRules,
        now: i64,
        at_most: u32,
    ) -> Result<InTheShop, StorageError> {
        let row = sqlx::query_as::<_, InTheShopRow>(AssertSqlSafe(self.newest_in_the_shop_sql()))
            .bind(shop.0)
            .bind(now - rules.presence_millis())
            .bind(i64::from(at_most))
            .fetch_one(&self.pool)
            .await?;
        let in_all = count(row.in_all);
        let people: Vec<PresentRecord> = serde_json::from_str(&row.people)
            .map_err(|error| StorageError::Corrupt(format!("the people in the shop: {error}")))?;
        let mut newest: Vec<Present> = people
            .into_iter()
            .map(PresentRecord::into_present)
            .collect();
        // JSON arrays keep the order rows are given in, but SQL does not promise that order.
        newest.sort_by_key(|p| std::cmp::Reverse((p.checked_in_at, p.visit.0)));
        Ok(InTheShop { newest, in_all })
    }

    /// The statement of [`Store::newest_in_the_shop`]: the count of everyone in the shop
    /// and the newest `$3` of them, as one JSON row. Both read `visits_by_time` alone: the
    /// count from the index, the list in the index's order up to its limit.
    fn newest_in_the_shop_sql(&self) -> String {
        let element = self.engine.json_array(
            "v.id, v.checked_in_at, r.id, r.nickname, r.tagline, r.stamps, r.rewards_earned, \
             r.rewards_redeemed, CASE WHEN r.may_be_introduced_at IS NULL THEN 0 ELSE 1 END, \
             r.last_visit_at",
        );
        // A subquery's JSON is text again to SQLite, hence json().
        let (join, person) = match self.engine {
            Engine::Sqlite => ("CROSS JOIN", "json(person)"),
            Engine::Postgres => ("JOIN", "person"),
        };
        let here = "v.shop_id = $1 AND v.checked_in_at > $2 \
                    AND v.left_at IS NULL AND v.undone_at IS NULL";
        format!(
            "SELECT (SELECT count(*) FROM visits v WHERE {here}) AS in_all,
                    (SELECT {rows} FROM (
                        SELECT {element} AS person, v.checked_in_at, v.id
                        FROM visits v {join} regulars r ON r.id = v.regular_id
                        WHERE {here}
                        ORDER BY v.checked_in_at DESC, v.id DESC
                        LIMIT $3) AS newest) AS people",
            rows = self.engine.json_rows(person),
        )
    }

    /// SQLite's plan for [`Store::newest_in_the_shop`], one line per step; for tests.
    #[cfg(feature = "testing")]
    pub async fn sqlite_plan_of_newest_in_the_shop_for_tests(
        &self,
    ) -> Result<Vec<String>, StorageError> {
        let sql = format!("EXPLAIN QUERY PLAN {}", self.newest_in_the_shop_sql());
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(1_i64)
            .bind(0_i64)
            .bind(50_i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(_, _, _, step)| step).collect())
    }

    /// A regular's visits, newest first, undone ones included and marked.
    pub async fn visits(
        &self,
        shop: ShopId,
        regular: RegularId,
        limit: u32,
    ) -> Result<Vec<Visit>, StorageError> {
        let rows = sqlx::query_as::<_, VisitRow>(
            "SELECT v.id, v.checked_in_at, s.name AS by_name, v.stamped, v.earned_reward,
                        v.left_at, v.undone_at, u.name AS undone_by_name
                 FROM visits v
                 LEFT JOIN staff s ON s.id = v.checked_in_by
                 LEFT JOIN staff u ON u.id = v.undone_by
                 WHERE v.shop_id = $1 AND v.regular_id = $2
                 ORDER BY v.checked_in_at DESC, v.id DESC
                 LIMIT $3",
        )
        .bind(shop.0)
        .bind(regular.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(VisitRow::into_visit).collect())
    }

    /// A regular's card ledger, newest first: rewards earned, redeemed, taken back, the
    /// paper card carried over and the thank-you stamps for newcomers they brought (each
    /// before a reward of the same moment, which it came before).
    pub async fn reward_ledger(
        &self,
        shop: ShopId,
        regular: RegularId,
        limit: u32,
    ) -> Result<Vec<LedgerEntry>, StorageError> {
        let rows = sqlx::query_as::<_, LedgerRow>(
            "SELECT at, kind, by_name, reward, stamps FROM (
                 SELECT l.at, l.id AS seq, l.kind, s.name AS by_name, l.reward,
                        CAST(NULL AS BIGINT) AS stamps
                     FROM reward_ledger l LEFT JOIN staff s ON s.id = l.staff_id
                     WHERE l.shop_id = $1 AND l.regular_id = $2
                 UNION ALL
                 SELECT p.carried_at, 0, 'carried_over', s.name, '', p.stamps
                     FROM paper_cards p LEFT JOIN staff s ON s.id = p.carried_by
                     WHERE p.shop_id = $1 AND p.regular_id = $2
                 UNION ALL
                 SELECT b.thanked_at, 0, 'thank_you', s.name, '', 1
                     FROM brought_by b LEFT JOIN staff s ON s.id = b.recorded_by
                     WHERE b.shop_id = $1 AND b.bringer_id = $2 AND b.thanked_at IS NOT NULL
             ) AS lines
             ORDER BY at DESC, seq DESC
             LIMIT $3",
        )
        .bind(shop.0)
        .bind(regular.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(LedgerRow::into_entry).collect()
    }
}

/// The newest people in the shop now, and how many are there in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InTheShop {
    pub newest: Vec<Present>,
    pub in_all: u32,
}

/// One person in the shop as [`Store::newest_in_the_shop`] reads them: visit, checked in
/// at, regular, nickname, tagline, stamps, rewards earned, rewards redeemed, may be
/// introduced (0 or 1), last visit.
#[derive(serde::Deserialize)]
struct PresentRecord(
    i64,
    i64,
    i64,
    String,
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
);

impl PresentRecord {
    fn into_present(self) -> Present {
        let PresentRecord(visit, at, id, nickname, tagline, stamps, earned, redeemed, meet, last) =
            self;
        Present {
            visit: VisitId(visit),
            checked_in_at: at,
            regular: RegularSummary {
                id: RegularId(id),
                nickname,
                tagline,
                card: Card {
                    stamps: count(stamps),
                    rewards_earned: count(earned),
                    rewards_redeemed: count(redeemed),
                },
                may_be_introduced: meet != 0,
                last_visit_at: last,
            },
        }
    }
}

/// The check-in itself, inside a transaction that holds the write lock.
pub(super) async fn check_in_within(
    tx: &mut AnyConnection,
    shop: ShopId,
    regular: RegularId,
    rules: &StampRules,
    by: StaffId,
    now: i64,
) -> Result<Option<CheckedIn>, StorageError> {
    // The card, the nickname for the answer, and the visit that has them in the shop
    // already (a double tap, another tablet a moment ago), in one read. The visit is looked for among the regular's own
    // visits (whose shop is the regular's), not among the shop's recent ones: with the shop
    // in the condition SQLite 3.46 walked every visit of the last hours instead, 0.5 ms with
    // a thousand of them, inside the write turn.
    let row = sqlx::query_as::<_, CheckInRow>(
        "SELECT r.stamps, r.rewards_earned, r.rewards_redeemed, r.last_stamp_at, r.visits,
                r.nickname, here.id AS here_id, here.checked_in_at AS here_at
         FROM regulars r LEFT JOIN (
             SELECT id, checked_in_at FROM visits
             WHERE regular_id = $2 AND checked_in_at > $3
               AND left_at IS NULL AND undone_at IS NULL
             ORDER BY checked_in_at DESC LIMIT 1) AS here ON TRUE
         WHERE r.shop_id = $1 AND r.id = $2 AND r.erased_at IS NULL",
    )
    .bind(shop.0)
    .bind(regular.0)
    .bind(now - rules.presence_millis())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let card = row.card.card();
    let last_stamp_at = row.last_stamp_at;
    let visits_before = row.visits;
    let nickname = row.nickname;
    // In the shop already: nothing is added.
    if let (Some(here), Some(here_at)) = (row.here_id, row.here_at) {
        return Ok(Some(CheckedIn {
            outcome: CheckInOutcome::AlreadyHere {
                visit: VisitId(here),
                checked_in_at: here_at,
                card,
            },
            nickname,
        }));
    }

    let stamped = may_stamp(last_stamp_at, now, rules);
    let (card, reward) = if stamped {
        card.add_stamp(rules)
    } else {
        (card, None)
    };
    let visit: i64 = sqlx::query_scalar(
        "INSERT INTO visits (shop_id, regular_id, checked_in_at, checked_in_by, stamped,
                             earned_reward)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id",
    )
    .bind(shop.0)
    .bind(regular.0)
    .bind(now)
    .bind(by.0)
    .bind(i64::from(stamped))
    .bind(i64::from(reward.is_some()))
    .fetch_one(&mut *tx)
    .await?;
    // The guard on last_stamp_at makes the update itself refuse a second stamp, should an
    // engine ever run this without the write lock.
    let updated = sqlx::query(
        "UPDATE regulars SET stamps = $1, rewards_earned = $2, visits = visits + 1,
                last_visit_at = $3, updated_at = $3,
                last_stamp_at = CASE WHEN $4 = 1 THEN $3 ELSE last_stamp_at END
         WHERE id = $5 AND last_stamp_at IS NOT DISTINCT FROM $6",
    )
    .bind(i64::from(card.stamps))
    .bind(i64::from(card.rewards_earned))
    .bind(now)
    .bind(i64::from(stamped))
    .bind(regular.0)
    .bind(last_stamp_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(StorageError::Corrupt(
            "the card changed during a check-in".into(),
        ));
    }
    tally_visit(
        tx,
        VisitTally {
            shop,
            at: now,
            first: visits_before == 0,
            stamped,
        },
    )
    .await?;
    if reward.is_some() {
        ledger(
            tx,
            shop,
            regular.0,
            LedgerKind::Earned,
            Some(VisitId(visit)),
            now,
            by,
            rules,
        )
        .await?;
    }
    let detail = if stamped {
        AuditDetail::Stamp {
            stamps: stamps_shown(card, rules),
            of: rules.stamps_per_card,
        }
    } else {
        AuditDetail::NoStamp
    };
    Audit {
        shop,
        at: now,
        by: Some(by),
        action: AuditAction::CheckedIn,
        regular: Some(regular.0),
        detail: &detail,
    }
    .write(tx)
    .await?;
    Ok(Some(CheckedIn {
        outcome: CheckInOutcome::CheckedIn {
            visit: VisitId(visit),
            stamped,
            reward,
            card,
        },
        nickname,
    }))
}

/// A check-in as the register answers it: what it did, and the regular's nickname, read
/// with their card in the same write turn (the answer needs no read of its own after the
/// commit: one hand-over to SQLite's thread fewer for every check-in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedIn {
    pub outcome: CheckInOutcome,
    pub nickname: String,
}

/// The stamp count as a person reads it: a card just completed shows as full, not empty.
pub(super) fn stamps_shown(card: Card, rules: &StampRules) -> u32 {
    if card.stamps == 0 && card.rewards_earned > 0 {
        rules.stamps_per_card
    } else {
        card.stamps
    }
}

/// A card's new totals after stamps given outside a visit (a paper card carried over, a
/// thank-you for bringing a newcomer), and the reward they earned, in the ledger.
#[allow(clippy::too_many_arguments)]
pub(super) async fn stamps_given(
    tx: &mut AnyConnection,
    shop: ShopId,
    regular: RegularId,
    card: Card,
    reward: Option<RewardEarned>,
    rules: &StampRules,
    by: StaffId,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE regulars SET stamps = $1, rewards_earned = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(i64::from(card.stamps))
    .bind(i64::from(card.rewards_earned))
    .bind(now)
    .bind(regular.0)
    .execute(&mut *tx)
    .await?;
    if reward.is_some() {
        ledger(
            tx,
            shop,
            regular.0,
            LedgerKind::Earned,
            None,
            now,
            by,
            rules,
        )
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn ledger(
    tx: &mut AnyConnection,
    shop: ShopId,
    regular: i64,
    kind: LedgerKind,
    visit: Option<VisitId>,
    at: i64,
    by: StaffId,
    rules: &StampRules,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO reward_ledger (shop_id, regular_id, kind, visit_id, at, staff_id, reward)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(shop.0)
    .bind(regular)
    .bind(kind.as_str())
    .bind(visit.map(|v| v.0))
    .bind(at)
    .bind(by.0)
    .bind(rules.reward.as_str())
    .execute(tx)
    .await?;
    Ok(())
}

/// A visit with its card, as an undo reads it.
#[derive(FromRow)]
struct UndoRow {
    regular_id: i64,
    checked_in_at: i64,
    stamped: i64,
    earned_reward: i64,
    undone_at: Option<i64>,
    #[sqlx(flatten)]
    card: CardRow,
}

/// A regular's card and whether they are in the shop already, as a check-in reads them.
#[derive(FromRow)]
struct CheckInRow {
    #[sqlx(flatten)]
    card: CardRow,
    last_stamp_at: Option<i64>,
    visits: i64,
    nickname: String,
    here_id: Option<i64>,
    here_at: Option<i64>,
}

/// How many are in the shop, and the newest of them as one JSON array.
#[derive(FromRow)]
struct InTheShopRow {
    in_all: i64,
    people: String,
}

/// One of a regular's visits, with the names of the staff who checked them in and undid it.
#[derive(FromRow)]
struct VisitRow {
    id: i64,
    checked_in_at: i64,
    by_name: Option<String>,
    stamped: i64,
    earned_reward: i64,
    left_at: Option<i64>,
    undone_at: Option<i64>,
    undone_by_name: Option<String>,
}

impl VisitRow {
    fn into_visit(self) -> Visit {
        Visit {
            id: VisitId(self.id),
            checked_in_at: self.checked_in_at,
            by: self.by_name,
            stamped: self.stamped != 0,
            earned_reward: self.earned_reward != 0,
            left_at: self.left_at,
            undone_at: self.undone_at,
            undone_by: self.undone_by_name,
        }
    }
}

/// One line of the reward ledger, with the name of the member of staff.
#[derive(FromRow)]
struct LedgerRow {
    at: i64,
    kind: String,
    by_name: Option<String>,
    reward: String,
    stamps: Option<i64>,
}

impl LedgerRow {
    fn into_entry(self) -> Result<LedgerEntry, StorageError> {
        let kind = LedgerKind::parse(&self.kind).ok_or_else(|| {
            StorageError::Corrupt(format!("unknown ledger entry '{}'", self.kind))
        })?;
        Ok(LedgerEntry {
            at: self.at,
            kind,
            by: self.by_name,
            reward: self.reward,
            stamps: self.stamps.map(count),
        })
    }
}
