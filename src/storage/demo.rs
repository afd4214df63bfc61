//! Writes a demo shop's year (see [`crate::demo`]) in bulk: regulars, a year of visits with
//! their stamps, rewards and audit entries, the people in the shop now, introductions with
//! their outcomes, and short links with scans.
//!
//! The visits are replayed in time order through the core's own rules ([`may_stamp`],
//! [`Card::add_stamp`], [`Card::redeem`]), so the cards, the ledger and the counters agree
//! exactly as if staff had checked every visit in at the register. Rows go in as multi-row
//! `INSERT`s inside one transaction: nothing is written unless all of it is.

use sqlx::AssertSqlSafe;
use std::collections::HashSet;

use sqlx::AnyConnection;

use super::bulk::BulkInsert;
use super::regulars::insert_search_terms;

use super::check_ins::stamps_shown;
use super::{Engine, StorageError, Store};
use crate::audit::{AuditAction, AuditDetail};
use crate::check_in::LedgerKind;
use crate::demo::{self, Crowd, DEMO_DAY_MILLIS, DEMO_DAYS, DemoRegular, DemoSize};
use crate::introduction::Outcome;
use crate::loyalty::{Card, PaperStamps, StampRules, may_stamp};
use crate::regular::{Reading, Tagline};
use crate::shop::{Shop, ShopId};
use crate::short_link::{ShortCode, ShortLinkTarget};

/// Rows per multi-row INSERT: well under SQLite's limit of 32,766 bound values.
const BATCH: usize = 1_000;
const MINUTE: i64 = 60 * 1000;

/// The shop's clock offset the demo's opening hours are laid out in (Asia/Tokyo, the default
/// zone of a new shop, has no daylight saving time).
const UTC_OFFSET_MILLIS: i64 = 9 * 60 * MINUTE;

#[derive(Debug, thiserror::Error)]
pub enum FillError {
    #[error(
        "this shop already has {0} regulars; demo data goes into an empty shop (use a new database file)"
    )]
    NotEmpty(i64),
    #[error("the shop has no staff yet to record the demo's check-ins")]
    NoStaff,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for FillError {
    fn from(error: sqlx::Error) -> Self {
        FillError::Storage(error.into())
    }
}

/// What `fill_demo` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub regulars: u64,
    pub visits: u64,
    pub stamps: u64,
    pub rewards_earned: u64,
    pub rewards_redeemed: u64,
    pub present: u64,
    pub introductions: u64,
    pub short_links: u64,
    pub scans: u64,
    /// Paper cards carried over at a first visit.
    pub paper_cards: u64,
    /// Newcomers brought by a regular, and the thank-you stamps given for them.
    pub brought: u64,
    pub thank_you_stamps: u64,
}

/// One regular's card as the replay goes.
#[derive(Debug, Clone, Default)]
struct Tally {
    card: Card,
    visits: u64,
    first_visit_at: Option<i64>,
    last_visit_at: Option<i64>,
    last_stamp_at: Option<i64>,
    /// Until when they are in the shop (left, or the presence window ran out).
    here_until: i64,
}

struct VisitRow {
    id: i64,
    regular: i64,
    at: i64,
    by: i64,
    stamped: bool,
    earned: bool,
    left_at: Option<i64>,
    detail: String,
}

/// A paper card carried over at a regular's first visit.
struct PaperCardRow {
    regular: i64,
    stamps: u32,
    at: i64,
    by: i64,
    detail: String,
}

/// A newcomer brought by a regular, at the newcomer's first visit.
struct BroughtRow {
    regular: i64,
    bringer: i64,
    at: i64,
    by: i64,
    /// The thank-you stamp's audit detail, when the bringer got one.
    thanked: Option<String>,
}

struct LedgerRow {
    regular: i64,
    kind: LedgerKind,
    visit: Option<i64>,
    at: i64,
    by: i64,
}

impl Store {
    /// Fills an empty shop with demo data of the given size, the year up to `now`, checked in
    /// by the shop's staff under its stamp rules. Refuses a shop that has regulars already.
    pub async fn fill_demo(
        &self,
        shop: &Shop,
        size: DemoSize,
        seed: u64,
        now: i64,
    ) -> Result<DemoReport, FillError> {
        let rules = shop.stamp_rules.clone();
        let shop = shop.id;
        let pool = &self.pool;
        let mut tx = self.begin_write_in(shop).await?;
        let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM regulars WHERE shop_id = $1")
            .bind(shop.0)
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Err(FillError::NotEmpty(existing));
        }
        let staff: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM staff WHERE shop_id = $1 AND disabled_at IS NULL ORDER BY id",
        )
        .bind(shop.0)
        .fetch_all(&mut *tx)
        .await?;
        if staff.is_empty() {
            return Err(FillError::NoStaff);
        }
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut filler = Filler {
            engine: self.engine,
            tx: &mut tx,
            shop,
            staff,
            rules,
            now,
            report: DemoReport::default(),
            paper_cards: Vec::new(),
            brought: Vec::new(),
        };
        let first_id = filler.next_id("regulars").await?;
        let people: Vec<DemoRegular> = (0..size.regulars)
            .map(|n| demo::regular(&mut rng, n))
            .collect();
        let year_start =
            demo::local_midnight(now, UTC_OFFSET_MILLIS) - (DEMO_DAYS as i64 - 1) * DEMO_DAY_MILLIS;
        filler
            .insert_regulars(&people, first_id, year_start - 30 * DEMO_DAY_MILLIS)
            .await?;
        let mut tallies = vec![Tally::default(); people.len()];
        filler
            .replay_year(&mut rng, &people, first_id, &mut tallies, size, year_start)
            .await?;
        filler.update_cards(first_id, &tallies).await?;
        filler
            .introduce(&mut rng, &people, first_id, &tallies)
            .await?;
        filler
            .short_links(&mut rng, &people, first_id, &tallies)
            .await?;
        count_visits_again(&mut *filler.tx, shop).await?;
        let report = filler.report;
        if self.engine == super::Engine::Postgres {
            // The rows above were given their ids; the next row the app adds must not take one.
            for table in [
                "regulars",
                "visits",
                "reward_ledger",
                "introductions",
                "introduction_outcomes",
                "audit_log",
                "link_scans",
            ] {
                sqlx::query(AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        sqlx::query("ANALYZE").execute(pool).await?;
        tracing::info!(?report, "demo data written");
        Ok(report)
    }
}

/// The insights' visit counts of the shop, from its visits and ledger as they now stand.
async fn count_visits_again(tx: &mut AnyConnection, shop: ShopId) -> Result<(), FillError> {
    sqlx::query("DELETE FROM visit_tallies WHERE shop_id = $1")
        .bind(shop.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO visit_tallies (shop_id, quarter, visits, first_visits, stamps,
                                    rewards_redeemed)
         SELECT $1, quarter, CAST(sum(visits) AS BIGINT), CAST(sum(first_visits) AS BIGINT),
                CAST(sum(stamps) AS BIGINT), CAST(sum(redeemed) AS BIGINT)
         FROM (
             SELECT checked_in_at / 900000 AS quarter, 1 AS visits, 0 AS first_visits,
                    stamped AS stamps, 0 AS redeemed
               FROM visits WHERE shop_id = $1 AND undone_at IS NULL
             UNION ALL
             SELECT min(checked_in_at) / 900000, 0, 1, 0, 0
               FROM visits WHERE shop_id = $1 AND undone_at IS NULL GROUP BY regular_id
             UNION ALL
             SELECT at / 900000, 0, 0, 0, 1
               FROM reward_ledger WHERE shop_id = $1 AND kind = 'redeemed'
         ) AS counted
         GROUP BY quarter",
    )
    .bind(shop.0)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

struct Filler<'a> {
    engine: Engine,
    tx: &'a mut AnyConnection,
    shop: ShopId,
    staff: Vec<i64>,
    rules: StampRules,
    now: i64,
    report: DemoReport,
    /// Paper cards carried over since the last flush.
    paper_cards: Vec<PaperCardRow>,
    /// Newcomers brought since the last flush.
    brought: Vec<BroughtRow>,
}

impl Filler<'_> {
    async fn next_id(&mut self, table: &str) -> Result<i64, FillError> {
        let max: Option<i64> =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT max(id) FROM {table}")))
                .fetch_one(&mut *self.tx)
                .await?;
        Ok(max.unwrap_or(0) + 1)
    }

    fn someone_on_staff(&self, rng: &mut fastrand::Rng) -> i64 {
        self.staff[rng.usize(0..self.staff.len())]
    }

    async fn insert_regulars(
        &mut self,
        people: &[DemoRegular],
        first_id: i64,
        consent_at: i64,
    ) -> Result<(), FillError> {
        for (chunk_no, chunk) in people.chunks(BATCH / 2).enumerate() {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO regulars (id, shop_id, nickname, reading, tagline, interests, offers,
                     looking_for, links, notes, may_be_introduced_at, may_be_introduced_by,
                     may_show_links_at, may_show_links_by, search_folded, search_romaji,
                     created_at, updated_at) ",
            );
            let base = first_id + (chunk_no * (BATCH / 2)) as i64;
            let mut terms = Vec::new();
            insert.push_values(chunk.iter().enumerate(), |mut row, (i, person)| {
                let profile = &person.profile;
                // Whoever was at the register when they agreed.
                let recorded_by = self.staff[(base as usize + i) % self.staff.len()];
                let keys = profile.search_keys();
                terms.extend(keys.terms().into_iter().map(|term| (base + i as i64, term)));
                row.push_bind(base + i as i64)
                    .push_bind(self.shop.0)
                    .push_bind(profile.nickname.as_str().to_owned())
                    .push_bind(
                        profile
                            .reading
                            .as_ref()
                            .map(|r| Reading::as_str(r).to_owned()),
                    )
                    .push_bind(
                        profile
                            .tagline
                            .as_ref()
                            .map(|t| Tagline::as_str(t).to_owned()),
                    )
                    .push_bind(json(&profile.interests))
                    .push_bind(json(&profile.offers))
                    .push_bind(json(&profile.looking_for))
                    .push_bind(json(&profile.links))
                    .push_bind(profile.notes.as_ref().map(|n| n.as_str().to_owned()))
                    .push_bind(person.may_be_introduced.then_some(consent_at))
                    .push_bind(person.may_be_introduced.then_some(recorded_by))
                    .push_bind(person.may_show_links.then_some(consent_at))
                    .push_bind(person.may_show_links.then_some(recorded_by))
                    .push_bind(keys.folded)
                    .push_bind(keys.romaji)
                    .push_bind(consent_at)
                    .push_bind(consent_at);
            });
            insert.build().execute(&mut *self.tx).await?;
            insert_search_terms(&mut *self.tx, self.shop, &terms).await?;
        }
        self.report.regulars = people.len() as u64;
        Ok(())
    }

    /// The year's visits day by day, then the people in the shop now, each checked in by the
    /// core's rules.
    async fn replay_year(
        &mut self,
        rng: &mut fastrand::Rng,
        people: &[DemoRegular],
        first_id: i64,
        tallies: &mut [Tally],
        size: DemoSize,
        year_start: i64,
    ) -> Result<(), FillError> {
        let crowd = Crowd::new(people.iter().map(|p| p.frequency));
        let presence = self.rules.presence_millis();
        // The history ends where the presence window begins: nobody from it is still here.
        let history_end = self.now - presence;
        let per_day =
            demo::visits_per_day(rng, size.visits, DEMO_DAYS, year_start, UTC_OFFSET_MILLIS);
        let mut next_visit = self.next_id("visits").await?;
        let mut visits = Vec::with_capacity(BATCH);
        let mut ledger = Vec::new();
        for (day, count) in per_day.iter().enumerate() {
            let day_start = year_start + day as i64 * DEMO_DAY_MILLIS;
            let mut times: Vec<i64> = (0..*count)
                .map(|_| demo::visit_time(rng, day_start))
                .map(|at| at.min(history_end - 1))
                .collect();
            times.sort_unstable();
            for at in times {
                // Someone who is in the shop already is not checked in twice: the next
                // person through the door is.
                let mut index = crowd.pick(rng);
                for _ in 0..8 {
                    if tallies[index].here_until <= at {
                        break;
                    }
                    index = crowd.pick(rng);
                }
                let stay = 20 + rng.i64(0..130);
                let left_at = (rng.u32(0..10) < 6).then_some(at + stay * MINUTE);
                if tallies[index].visits == 0 {
                    self.brought_by(tallies, index, first_id, at, &mut ledger);
                }
                let row = self.check_in(
                    rng,
                    &mut tallies[index],
                    first_id + index as i64,
                    at,
                    left_at,
                    &mut next_visit,
                    &mut ledger,
                );
                visits.push(row);
                if visits.len() >= BATCH {
                    self.flush(&mut visits, &mut ledger).await?;
                }
            }
        }
        // In the shop now: checked in within the presence window, not yet left.
        let mut present = HashSet::new();
        let mut arrivals = Vec::new();
        while present.len() < size.present as usize {
            let index = rng.usize(0..people.len());
            if present.insert(index) {
                let at = self.now - 1 - rng.i64(0..presence * 9 / 10);
                arrivals.push((at, index));
            }
        }
        arrivals.sort_unstable();
        for (at, index) in arrivals {
            let row = self.check_in(
                rng,
                &mut tallies[index],
                first_id + index as i64,
                at,
                None,
                &mut next_visit,
                &mut ledger,
            );
            visits.push(row);
        }
        self.report.present = present.len() as u64;
        self.flush(&mut visits, &mut ledger).await?;
        Ok(())
    }

    /// One check-in, decided as the register decides it; a reward waiting on the card is
    /// usually handed over at the visit.
    #[allow(clippy::too_many_arguments)]
    fn check_in(
        &mut self,
        rng: &mut fastrand::Rng,
        tally: &mut Tally,
        regular: i64,
        at: i64,
        left_at: Option<i64>,
        next_visit: &mut i64,
        ledger: &mut Vec<LedgerRow>,
    ) -> VisitRow {
        let by = self.someone_on_staff(rng);
        let id = *next_visit;
        *next_visit += 1;
        if tally.visits == 0 {
            self.paper_card(tally, regular, at, by);
        }
        let stamped = may_stamp(tally.last_stamp_at, at, &self.rules);
        let mut earned = false;
        if stamped {
            let (card, reward) = tally.card.add_stamp(&self.rules);
            tally.card = card;
            tally.last_stamp_at = Some(at);
            earned = reward.is_some();
            self.report.stamps += 1;
        }
        if earned {
            self.report.rewards_earned += 1;
            ledger.push(LedgerRow {
                regular,
                kind: LedgerKind::Earned,
                visit: Some(id),
                at,
                by,
            });
        } else if tally.card.rewards_available() > 0
            && rng.u32(0..10) < 7
            && let Ok(card) = tally.card.redeem()
        {
            tally.card = card;
            self.report.rewards_redeemed += 1;
            ledger.push(LedgerRow {
                regular,
                kind: LedgerKind::Redeemed,
                visit: None,
                at: at + MINUTE,
                by,
            });
        }
        tally.visits += 1;
        tally.first_visit_at.get_or_insert(at);
        tally.last_visit_at = Some(at);
        tally.here_until = left_at.unwrap_or(at + self.rules.presence_millis());
        self.report.visits += 1;
        let detail = if stamped {
            AuditDetail::Stamp {
                stamps: stamps_shown(tally.card, &self.rules),
                of: self.rules.stamps_per_card,
            }
        } else {
            AuditDetail::NoStamp
        }
        .to_stored();
        VisitRow {
            id,
            regular,
            at,
            by,
            stamped,
            earned,
            left_at,
            detail,
        }
    }

    /// One newcomer in ten brings a paper card from before the shop used Joren, carried over
    /// at their first visit. Chosen by their id, not by the random numbers, so that the rest of
    /// the demo is the same with or without it.
    fn paper_card(&mut self, tally: &mut Tally, regular: i64, at: i64, by: i64) {
        let goal = i64::from(self.rules.stamps_per_card);
        if regular % 10 != 3 || goal < 2 {
            return;
        }
        let stamps = 1 + (regular / 10 * 7) % (goal - 1);
        let Some(paper) = PaperStamps::from_stored(stamps as u32) else {
            return;
        };
        // An empty card, and fewer stamps than fill it: no reward.
        let (card, _) = tally.card.carry_over(paper, &self.rules);
        tally.card = card;
        self.report.paper_cards += 1;
        self.paper_cards.push(PaperCardRow {
            regular,
            stamps: paper.get(),
            at,
            by,
            detail: AuditDetail::PaperCard {
                carried: paper.get(),
                stamps: stamps_shown(card, &self.rules),
                of: self.rules.stamps_per_card,
            }
            .to_stored(),
        });
    }

    /// One newcomer in seven came with a regular who had been in at least twice before, who
    /// gets the thank-you stamp when the rules give one. Chosen by their ids and the visits
    /// so far, not by the random numbers, so that the rest of the demo is the same with or
    /// without it.
    fn brought_by(
        &mut self,
        tallies: &mut [Tally],
        index: usize,
        first_id: i64,
        at: i64,
        ledger: &mut Vec<LedgerRow>,
    ) {
        let regular = first_id + index as i64;
        if regular % 7 != 4 {
            return;
        }
        let Some(bringer) = (0..64)
            .map(|k| (index + 1 + k * 97) % tallies.len())
            .find(|&j| j != index && tallies[j].visits >= 2)
        else {
            return;
        };
        let by = self.staff[regular as usize % self.staff.len()];
        self.report.brought += 1;
        let thanked = self.rules.thank_you_stamp.then(|| {
            let (card, reward) = tallies[bringer].card.add_stamp(&self.rules);
            tallies[bringer].card = card;
            self.report.thank_you_stamps += 1;
            if reward.is_some() {
                self.report.rewards_earned += 1;
                ledger.push(LedgerRow {
                    regular: first_id + bringer as i64,
                    kind: LedgerKind::Earned,
                    visit: None,
                    at,
                    by,
                });
            }
            AuditDetail::Stamp {
                stamps: stamps_shown(card, &self.rules),
                of: self.rules.stamps_per_card,
            }
            .to_stored()
        });
        self.brought.push(BroughtRow {
            regular,
            bringer: first_id + bringer as i64,
            at,
            by,
            thanked,
        });
    }

    /// Writes the visits so far, their audit entries and the ledger rows.
    async fn flush(
        &mut self,
        visits: &mut Vec<VisitRow>,
        ledger: &mut Vec<LedgerRow>,
    ) -> Result<(), FillError> {
        if !self.paper_cards.is_empty() {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO paper_cards (regular_id, shop_id, stamps, carried_at, carried_by) ",
            );
            insert.push_values(self.paper_cards.iter(), |mut row, card| {
                row.push_bind(card.regular)
                    .push_bind(self.shop.0)
                    .push_bind(i64::from(card.stamps))
                    .push_bind(card.at)
                    .push_bind(card.by);
            });
            insert.build().execute(&mut *self.tx).await?;
            // Before the visits' entries: carried over, then checked in.
            let mut audit = BulkInsert::new(
                self.engine,
                "INSERT INTO audit_log (shop_id, at, staff_id, action, regular_id, detail) ",
            );
            audit.push_values(self.paper_cards.iter(), |mut row, card| {
                row.push_bind(self.shop.0)
                    .push_bind(card.at)
                    .push_bind(card.by)
                    .push_bind(AuditAction::PaperCardCarriedOver.as_str())
                    .push_bind(card.regular)
                    .push_bind(card.detail.clone());
            });
            audit.build().execute(&mut *self.tx).await?;
            self.paper_cards.clear();
        }
        if !self.brought.is_empty() {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO brought_by (regular_id, shop_id, bringer_id, recorded_at,
                     recorded_by, thanked_at) ",
            );
            insert.push_values(self.brought.iter(), |mut row, brought| {
                row.push_bind(brought.regular)
                    .push_bind(self.shop.0)
                    .push_bind(brought.bringer)
                    .push_bind(brought.at)
                    .push_bind(brought.by)
                    .push_bind(brought.thanked.is_some().then_some(brought.at));
            });
            insert.build().execute(&mut *self.tx).await?;
            let mut audit = BulkInsert::new(
                self.engine,
                "INSERT INTO audit_log (shop_id, at, staff_id, action, regular_id, detail) ",
            );
            let nothing = AuditDetail::Nothing.to_stored();
            let entries = self.brought.iter().flat_map(|brought| {
                let came = (
                    brought,
                    AuditAction::CameWith,
                    brought.regular,
                    nothing.clone(),
                );
                let thanked = brought
                    .thanked
                    .clone()
                    .map(|detail| (brought, AuditAction::ThankYouStamp, brought.bringer, detail));
                std::iter::once(came).chain(thanked)
            });
            audit.push_values(entries, |mut row, (brought, action, regular, detail)| {
                row.push_bind(self.shop.0)
                    .push_bind(brought.at)
                    .push_bind(brought.by)
                    .push_bind(action.as_str())
                    .push_bind(regular)
                    .push_bind(detail);
            });
            audit.build().execute(&mut *self.tx).await?;
            self.brought.clear();
        }
        if !visits.is_empty() {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO visits (id, shop_id, regular_id, checked_in_at, checked_in_by,
                     stamped, earned_reward, left_at) ",
            );
            insert.push_values(visits.iter(), |mut row, visit| {
                row.push_bind(visit.id)
                    .push_bind(self.shop.0)
                    .push_bind(visit.regular)
                    .push_bind(visit.at)
                    .push_bind(visit.by)
                    .push_bind(i64::from(visit.stamped))
                    .push_bind(i64::from(visit.earned))
                    .push_bind(visit.left_at);
            });
            insert.build().execute(&mut *self.tx).await?;
            let mut audit = BulkInsert::new(
                self.engine,
                "INSERT INTO audit_log (shop_id, at, staff_id, action, regular_id, detail) ",
            );
            audit.push_values(visits.iter(), |mut row, visit| {
                row.push_bind(self.shop.0)
                    .push_bind(visit.at)
                    .push_bind(visit.by)
                    .push_bind(AuditAction::CheckedIn.as_str())
                    .push_bind(visit.regular)
                    .push_bind(visit.detail.clone());
            });
            audit.build().execute(&mut *self.tx).await?;
            visits.clear();
        }
        if !ledger.is_empty() {
            let reward = self.rules.reward.as_str().to_owned();
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO reward_ledger (shop_id, regular_id, kind, visit_id, at, staff_id,
                     reward) ",
            );
            insert.push_values(ledger.iter(), |mut row, entry| {
                row.push_bind(self.shop.0)
                    .push_bind(entry.regular)
                    .push_bind(entry.kind.as_str())
                    .push_bind(entry.visit)
                    .push_bind(entry.at)
                    .push_bind(entry.by)
                    .push_bind(reward.clone());
            });
            insert.build().execute(&mut *self.tx).await?;
            ledger.clear();
        }
        Ok(())
    }

    /// The cards' running totals, and when each regular first came.
    async fn update_cards(&mut self, first_id: i64, tallies: &[Tally]) -> Result<(), FillError> {
        for (i, tally) in tallies.iter().enumerate() {
            if tally.visits == 0 {
                continue;
            }
            let first = tally.first_visit_at.unwrap_or(self.now);
            sqlx::query(
                "UPDATE regulars SET stamps = $1, rewards_earned = $2, rewards_redeemed = $3,
                        visits = $4, last_stamp_at = $5, last_visit_at = $6,
                        created_at = $7, updated_at = $7,
                        may_be_introduced_at = CASE WHEN may_be_introduced_at IS NULL
                            THEN NULL ELSE $7 END,
                        may_show_links_at = CASE WHEN may_show_links_at IS NULL
                            THEN NULL ELSE $7 END
                 WHERE id = $8",
            )
            .bind(i64::from(tally.card.stamps))
            .bind(i64::from(tally.card.rewards_earned))
            .bind(i64::from(tally.card.rewards_redeemed))
            .bind(tally.visits as i64)
            .bind(tally.last_stamp_at)
            .bind(tally.last_visit_at)
            .bind(first)
            .bind(first_id + i as i64)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// About one introduction per forty regulars, between people who both agreed to be
    /// introduced and had both come in by then; a third of them led somewhere.
    async fn introduce(
        &mut self,
        rng: &mut fastrand::Rng,
        people: &[DemoRegular],
        first_id: i64,
        tallies: &[Tally],
    ) -> Result<(), FillError> {
        let open: Vec<usize> = (0..people.len())
            .filter(|&i| people[i].may_be_introduced && tallies[i].visits > 0)
            .collect();
        if open.len() < 2 {
            return Ok(());
        }
        let wanted = (people.len() / 40).max(1);
        let mut pairs = HashSet::new();
        let mut next_id = self.next_id("introductions").await?;
        let mut rows = Vec::new();
        for _ in 0..wanted * 3 {
            if pairs.len() >= wanted {
                break;
            }
            let a = open[rng.usize(0..open.len())];
            let b = open[rng.usize(0..open.len())];
            if a == b || !pairs.insert((a.min(b), a.max(b))) {
                continue;
            }
            let (first, second) = (a.min(b), a.max(b));
            let since = tallies[first]
                .first_visit_at
                .max(tallies[second].first_visit_at)
                .unwrap_or(self.now);
            let at = since + rng.i64(0..(self.now - since).max(1));
            rows.push((
                next_id,
                first_id + first as i64,
                first_id + second as i64,
                at,
            ));
            next_id += 1;
        }
        let outcomes = [
            Outcome::WorkedTogether,
            Outcome::BecameCustomer,
            Outcome::BecameFriends,
            Outcome::NothingYet,
        ];
        for chunk in rows.chunks(BATCH / 2) {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO introductions (id, shop_id, first_id, second_id, introduced_at,
                     introduced_by) ",
            );
            let staff: Vec<i64> = chunk.iter().map(|_| self.someone_on_staff(rng)).collect();
            insert.push_values(chunk.iter().zip(&staff), |mut row, (pair, by)| {
                row.push_bind(pair.0)
                    .push_bind(self.shop.0)
                    .push_bind(pair.1)
                    .push_bind(pair.2)
                    .push_bind(pair.3)
                    .push_bind(*by);
            });
            insert.build().execute(&mut *self.tx).await?;
            let mut followed = Vec::new();
            for (pair, by) in chunk.iter().zip(&staff) {
                if rng.u32(0..3) == 0 {
                    let outcome = outcomes[rng.usize(0..outcomes.len())];
                    let later = (pair.3 + rng.i64(0..30 * DEMO_DAY_MILLIS)).min(self.now);
                    followed.push((pair.0, outcome, later, *by));
                }
            }
            if followed.is_empty() {
                continue;
            }
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO introduction_outcomes (introduction_id, outcome, recorded_at,
                     recorded_by) ",
            );
            insert.push_values(followed, |mut row, (id, outcome, at, by)| {
                row.push_bind(id)
                    .push_bind(outcome.as_str())
                    .push_bind(at)
                    .push_bind(by);
            });
            insert.build().execute(&mut *self.tx).await?;
        }
        self.report.introductions = rows.len() as u64;
        Ok(())
    }

    /// Creators who show their links have a short link per link, most of them scanned a
    /// few times since.
    async fn short_links(
        &mut self,
        rng: &mut fastrand::Rng,
        people: &[DemoRegular],
        first_id: i64,
        tallies: &[Tally],
    ) -> Result<(), FillError> {
        let mut codes = Vec::new();
        let mut scans = Vec::new();
        let mut taken = HashSet::new();
        for (i, person) in people.iter().enumerate() {
            if !person.may_show_links {
                continue;
            }
            let since = tallies[i].first_visit_at.unwrap_or(self.now);
            for link in person.profile.links.iter() {
                let code = loop {
                    let mut bytes = [0u8; ShortCode::LEN];
                    rng.fill(&mut bytes);
                    let code = ShortCode::from_random(bytes);
                    if taken.insert(code.clone()) {
                        break code;
                    }
                };
                for _ in 0..rng.u32(0..12) {
                    scans.push((code.clone(), since + rng.i64(0..(self.now - since).max(1))));
                }
                let target = ShortLinkTarget::Link(link.url().to_owned());
                codes.push((code, first_id + i as i64, target, since));
            }
        }
        for chunk in codes.chunks(BATCH / 2) {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO short_links (code, shop_id, regular_id, target, created_at) ",
            );
            insert.push_values(chunk, |mut row, (code, regular, target, at)| {
                row.push_bind(code.as_str().to_owned())
                    .push_bind(self.shop.0)
                    .push_bind(*regular)
                    .push_bind(target.to_stored().to_owned())
                    .push_bind(*at);
            });
            insert.build().execute(&mut *self.tx).await?;
        }
        for chunk in scans.chunks(BATCH) {
            let mut insert = BulkInsert::new(
                self.engine,
                "INSERT INTO link_scans (shop_id, code, scanned_at) ",
            );
            insert.push_values(chunk, |mut row, (code, at)| {
                row.push_bind(self.shop.0)
                    .push_bind(code.as_str().to_owned())
                    .push_bind(*at);
            });
            insert.build().execute(&mut *self.tx).await?;
        }
        self.report.short_links = codes.len() as u64;
        self.report.scans = scans.len() as u64;
        Ok(())
    }
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("tags and links serialize")
}
