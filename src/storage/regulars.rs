//! Regulars: their profiles and consents, and finding them as staff type.

use sqlx::AssertSqlSafe;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{AnyConnection, Arguments, Row};

use super::audit::Audit;
use super::bulk::BulkInsert;
use super::{Change, Engine, StorageError, Store, count, now_millis};
use crate::audit::{AuditAction, AuditDetail, ProfileChange};
use crate::check_in::{Regular, RegularSummary, SEARCH_RESULTS, rank};
use crate::loyalty::Card;
use crate::reading::{Query, SearchKeys, SearchTerm, like_escape, term_range};
use crate::regular::{
    Consent, Consents, Links, Nickname, Notes, Profile, Reading, RegularId, Tagline, Tags,
};
use crate::shop::ShopId;
use crate::staff::StaffId;

/// Matches a search looks at before ranking, beyond the best prefix matches: the most recent
/// visitors among the matches inside names, of whom the ranking orders those who visited last
/// at the same time by nickname.
const SEARCH_CANDIDATES: i64 = 200;

/// The most search terms (see [`SearchKeys::terms`]) a step of a search reads to find its
/// matches, whose regulars it then reads by id to keep the most recent visitors. When more
/// terms match, so many regulars do that the walk from the most recent visitor down meets
/// one every few rows: of `n` regulars, about `n / FEW_TERMS` rows for each result (times the
/// terms a match has in the range, one or two). At 100,000 regulars both ways stay under
/// 4 ms on either engine (measured 2026-12-06: reading 1,000 regulars by id takes 7 ms on
/// PostgreSQL, 1.5 ms on SQLite; the walk about 1 µs a row on both).
pub(super) const FEW_TERMS: i64 = 500;

/// Rows of search terms per `INSERT`: four values each, well within what either engine
/// binds in one statement.
const TERMS_PER_INSERT: usize = 1_000;

/// The columns a [`RegularSummary`] is read from.
const SUMMARY_COLUMNS: &str = "r.id AS regular_id, r.nickname, r.tagline, r.stamps, \
     r.rewards_earned, r.rewards_redeemed, r.last_visit_at, \
     CASE WHEN r.may_be_introduced_at IS NULL THEN 0 ELSE 1 END AS may_be_introduced";

impl Store {
    /// Adds a regular; the audit log records who did.
    pub async fn add_regular(
        &self,
        shop: ShopId,
        profile: &Profile,
        consents: &Consents,
        by: StaffId,
    ) -> Result<RegularId, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let id = insert_regular(&mut tx, shop, profile, consents, by, now_millis()).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a regular's profile and consents; `false` when there is no such regular in
    /// this shop. The audit log names the fields that changed, not their values.
    pub async fn update_regular(
        &self,
        shop: ShopId,
        id: RegularId,
        profile: &Profile,
        may_be_introduced: bool,
        may_show_links: bool,
        by: StaffId,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write_in(shop).await?;
        let Some(before) = select_regular(&mut tx, shop, id).await? else {
            return Ok(false);
        };
        let now = now_millis();
        let consents = before
            .consents
            .after(may_be_introduced, may_show_links, now, by);
        let changed = changed_fields(&before, profile, &consents);
        if changed.is_empty() {
            return Ok(true);
        }
        let keys = profile.search_keys();
        if keys != before.profile.search_keys() {
            replace_search_terms(&mut tx, shop, id, &keys).await?;
        }
        sqlx::query(
            "UPDATE regulars SET nickname = $1, reading = $2, tagline = $3,
                        interests = $4, offers = $5, looking_for = $6, links = $7, notes = $8,
                        may_be_introduced_at = $9, may_be_introduced_by = $10,
                        may_show_links_at = $11, may_show_links_by = $12,
                        search_folded = $13, search_romaji = $14, updated_at = $15
                 WHERE shop_id = $16 AND id = $17 AND erased_at IS NULL",
        )
        .bind(profile.nickname.as_str())
        .bind(profile.reading.as_ref().map(Reading::as_str))
        .bind(profile.tagline.as_ref().map(Tagline::as_str))
        .bind(to_json(&profile.interests)?)
        .bind(to_json(&profile.offers)?)
        .bind(to_json(&profile.looking_for)?)
        .bind(to_json(&profile.links)?)
        .bind(profile.notes.as_ref().map(Notes::as_str))
        .bind(consents.may_be_introduced.map(|c| c.given_at))
        .bind(
            consents
                .may_be_introduced
                .and_then(|c| c.given_by)
                .map(|s| s.0),
        )
        .bind(consents.may_show_links.map(|c| c.given_at))
        .bind(
            consents
                .may_show_links
                .and_then(|c| c.given_by)
                .map(|s| s.0),
        )
        .bind(&keys.folded)
        .bind(&keys.romaji)
        .bind(now)
        .bind(shop.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        let detail = AuditDetail::RegularEdited { changes: changed };
        Audit {
            shop,
            at: now,
            by: Some(by),
            action: AuditAction::RegularEdited,
            regular: Some(id.0),
            detail: &detail,
        }
        .write(&mut tx)
        .await?;
        tx.commit().await?;
        self.announce(Change::InTheShop(shop));
        Ok(true)
    }

    /// A regular's whole card, if they are a regular of this shop.
    pub async fn regular(
        &self,
        shop: ShopId,
        id: RegularId,
    ) -> Result<Option<Regular>, StorageError> {
        let pool = &self.pool;
        let mut connection = pool.acquire().await?;
        select_regular(&mut connection, shop, id).await
    }

    /// Finds regulars by what staff typed (see [`Query`]): the best prefix matches of the most
    /// recent visitors first, then substring matches, at most [`SEARCH_RESULTS`].
    ///
    /// Two steps, as before the search had terms: the [`SEARCH_RESULTS`] most recent
    /// visitors whose name or reading begins with the query; when there are fewer, those are
    /// all of them, and the most recent of those whose name holds the query anywhere complete
    /// the list (with the others among the [`SEARCH_CANDIDATES`] most recent who visited last
    /// at the same time as the last of them, whom the ranking orders by nickname).
    ///
    /// Each step first counts the search terms in the query's range, up to [`FEW_TERMS`]. So
    /// few are read by their regular's id, and a query that matches nobody reads no regular
    /// at all; more are met within a few rows of the walk from the most recent visitor down.
    /// Either way the keys themselves decide (`LIKE`), so a term cut short never lets a
    /// non-match through.
    pub async fn search_regulars(
        &self,
        shop: ShopId,
        query: &Query,
    ) -> Result<Vec<RegularSummary>, StorageError> {
        let mut candidates = Vec::new();
        {
            let pool = &self.pool;
            let mut connection = pool.acquire().await?;
            let rows = Match::Prefix.find(&mut connection, shop, query).await?;
            let enough = rows.len() >= SEARCH_RESULTS;
            candidates.extend(rows);
            if !enough {
                let rows = Match::Anywhere.find(&mut connection, shop, query).await?;
                candidates.extend(rows);
            }
        }
        let mut seen = std::collections::HashSet::new();
        let candidates = candidates
            .iter()
            .map(|row| {
                let keys = SearchKeys {
                    folded: row.try_get("search_folded")?,
                    romaji: row.try_get("search_romaji")?,
                };
                Ok((summary_from_row(row)?, keys))
            })
            .collect::<Result<Vec<_>, StorageError>>()?
            .into_iter()
            .filter(|(summary, _)| seen.insert(summary.id))
            .collect();
        Ok(rank(query, candidates, SEARCH_RESULTS))
    }
}

/// One step of a search: the names or readings that begin with the query, then those that
/// hold it anywhere.
#[derive(Debug, Clone, Copy)]
enum Match {
    Prefix,
    Anywhere,
}

impl Match {
    /// This step's matches as the ranking needs them, with their search keys: the
    /// [`SEARCH_RESULTS`] most recent visitors (the newest regular first among equals); for
    /// matches inside names, those among the [`SEARCH_CANDIDATES`] most recent who visited
    /// last at the same time as the last of them, whom the ranking orders by nickname.
    async fn find(
        self,
        connection: &mut AnyConnection,
        shop: ShopId,
        query: &Query,
    ) -> Result<Vec<AnyRow>, StorageError> {
        let mut params = Params::default();
        let terms = self.terms(&mut params, shop, query);
        let limit = params.push(FEW_TERMS + 1);
        let sql = format!(
            "SELECT count(*) FROM (SELECT regular_id FROM ({terms}) AS terms LIMIT {limit}) AS found"
        );
        let found: i64 = sqlx::query_scalar_with(AssertSqlSafe(sql.as_str()), params.0)
            .fetch_one(&mut *connection)
            .await?;
        if found == 0 {
            return Ok(Vec::new());
        }
        let by_terms = found <= FEW_TERMS;
        let first = match self {
            Match::Prefix => SEARCH_RESULTS,
            Match::Anywhere => SEARCH_RESULTS + 1,
        };
        let mut rows = self
            .read(connection, shop, query, by_terms, Cut::First(first))
            .await?;
        if rows.len() > SEARCH_RESULTS {
            // The last result and the next visited last at the same time: the others who
            // did, up to the SEARCH_CANDIDATES-th most recent match.
            let visited = |row: &AnyRow| row.try_get::<Option<i64>, _>("last_visit_at");
            let last = visited(&rows[SEARCH_RESULTS - 1])?;
            if visited(&rows[SEARCH_RESULTS])? == last {
                let mut later = 0;
                for row in &rows[..SEARCH_RESULTS] {
                    if visited(row)? != last {
                        later += 1;
                    }
                }
                let cut = Cut::VisitedAt(last, SEARCH_CANDIDATES - later);
                let tied = self.read(connection, shop, query, by_terms, cut).await?;
                rows.extend(tied);
            }
        }
        Ok(rows)
    }

    /// Reads this step's matches, the most recent visitors first: through the regulars who
    /// have a term in the query's range, each read by id, or along the index
    /// `regulars_search`, which holds the keys, from the most recent visitor down.
    async fn read(
        self,
        connection: &mut AnyConnection,
        shop: ShopId,
        query: &Query,
        by_terms: bool,
        cut: Cut,
    ) -> Result<Vec<AnyRow>, StorageError> {
        let mut params = Params::default();
        let from = if by_terms {
            // The terms first (CROSS JOIN keeps SQLite to that order), then each regular.
            let terms = self.terms(&mut params, shop, query);
            format!(
                "(SELECT DISTINCT regular_id FROM ({terms}) AS terms) AS t
                 CROSS JOIN regulars r WHERE r.id = t.regular_id AND"
            )
        } else {
            "regulars r WHERE".to_owned()
        };
        let shop = params.push(shop.0);
        let filter = self.filter(
            &params.push(like_escape(query.folded())),
            &params.push(like_escape(query.romaji())),
        );
        let (visited, limit) = match cut {
            Cut::First(limit) => (String::new(), limit as i64),
            Cut::VisitedAt(Some(at), limit) => {
                (format!("AND r.last_visit_at = {}", params.push(at)), limit)
            }
            Cut::VisitedAt(None, limit) => ("AND r.last_visit_at IS NULL".to_owned(), limit),
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, r.search_folded, r.search_romaji
             FROM {from} r.shop_id = {shop} AND {filter} {visited}
             ORDER BY r.last_visit_at DESC NULLS LAST, r.id DESC
             LIMIT {limit}",
            limit = params.push(limit)
        );
        Ok(sqlx::query_with(AssertSqlSafe(sql.as_str()), params.0)
            .fetch_all(&mut *connection)
            .await?)
    }

    /// The search terms of the shop in the query's ranges (see [`term_range`]), each with
    /// its regular's id: the folded query's range, and the romaji one's when it differs.
    fn terms(self, params: &mut Params, shop: ShopId, query: &Query) -> String {
        let at_start = match self {
            Match::Prefix => "1",
            Match::Anywhere => "0, 1",
        };
        let mut ranges = vec![term_range(query.folded())];
        if query.romaji() != query.folded() {
            ranges.push(term_range(query.romaji()));
        }
        let shop = params.push(shop.0);
        ranges
            .into_iter()
            .map(|(from, to)| {
                format!(
                    "SELECT regular_id FROM search_terms
                      WHERE shop_id = {shop} AND at_start IN ({at_start})
                        AND term >= {} AND term < {}",
                    params.push(from),
                    params.push(to)
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    }

    /// The keys' own test, with the query's keys (put through [`like_escape`]) bound to the
    /// parameters `folded` and `romaji`.
    fn filter(self, folded: &str, romaji: &str) -> String {
        let sep = SearchKeys::SEPARATOR;
        match self {
            Match::Prefix => format!(
                "(r.search_folded LIKE {folded} || '%' ESCAPE '\\'
                  OR r.search_folded LIKE '%{sep}' || {folded} || '%' ESCAPE '\\'
                  OR r.search_romaji LIKE {romaji} || '%' ESCAPE '\\'
                  OR r.search_romaji LIKE '%{sep}' || {romaji} || '%' ESCAPE '\\')"
            ),
            Match::Anywhere => format!(
                "(r.search_folded LIKE '%' || {folded} || '%' ESCAPE '\\'
                  OR r.search_romaji LIKE '%' || {romaji} || '%' ESCAPE '\\')"
            ),
        }
    }
}

/// Which of a step's matches a read returns.
#[derive(Debug, Clone, Copy)]
enum Cut {
    /// The most recent visitors, so many.
    First(usize),
    /// Those who visited last at this time (or never), the newest regulars first, so many.
    VisitedAt(Option<i64>, i64),
}

/// The values of a statement, bound as it is written: each push gives its placeholder.
#[derive(Default)]
struct Params(AnyArguments);

impl Params {
    fn push<T>(&mut self, value: T) -> String
    where
        T: 'static + sqlx::Encode<'static, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        self.0
            .add(value)
            .expect("a search binds only integers and text");
        format!("${}", self.0.len())
    }
}

/// Replaces a regular's search terms with those of their new keys, inside the caller's
/// transaction.
async fn replace_search_terms(
    connection: &mut AnyConnection,
    shop: ShopId,
    id: RegularId,
    keys: &SearchKeys,
) -> Result<(), StorageError> {
    delete_search_terms(connection, id).await?;
    insert_terms_of(connection, shop, id, keys).await
}

/// Inserts one regular's search terms, made from their keys, inside the caller's transaction.
async fn insert_terms_of(
    connection: &mut AnyConnection,
    shop: ShopId,
    id: RegularId,
    keys: &SearchKeys,
) -> Result<(), StorageError> {
    let terms: Vec<_> = keys.terms().into_iter().map(|term| (id.0, term)).collect();
    insert_search_terms(connection, shop, &terms).await
}

/// Deletes a regular's search terms (their name's pieces), inside the caller's transaction.
pub(super) async fn delete_search_terms(
    connection: &mut AnyConnection,
    id: RegularId,
) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM search_terms WHERE regular_id = $1")
        .bind(id.0)
        .execute(connection)
        .await?;
    Ok(())
}

/// Inserts search terms, each with the id of the regular it belongs to, inside the caller's
/// transaction.
pub(super) async fn insert_search_terms(
    connection: &mut AnyConnection,
    shop: ShopId,
    terms: &[(i64, SearchTerm)],
) -> Result<(), StorageError> {
    for chunk in terms.chunks(TERMS_PER_INSERT) {
        let mut insert = BulkInsert::new(
            Engine::of(connection),
            "INSERT INTO search_terms (shop_id, at_start, term, regular_id) ",
        );
        insert.push_values(chunk, |mut row, (regular, term)| {
            row.push_bind(shop.0)
                .push_bind(i64::from(term.at_start))
                .push_bind(term.term.clone())
                .push_bind(*regular);
        });
        insert.build().execute(&mut *connection).await?;
    }
    Ok(())
}

/// Inserts a regular inside the caller's transaction, with its audit entry.
pub(super) async fn insert_regular(
    connection: &mut AnyConnection,
    shop: ShopId,
    profile: &Profile,
    consents: &Consents,
    by: StaffId,
    now: i64,
) -> Result<RegularId, StorageError> {
    let keys = profile.search_keys();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO regulars (shop_id, nickname, reading, tagline, interests, offers,
                looking_for, links, notes, may_be_introduced_at, may_be_introduced_by,
                may_show_links_at, may_show_links_by, search_folded, search_romaji,
                created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
         RETURNING id",
    )
    .bind(shop.0)
    .bind(profile.nickname.as_str())
    .bind(profile.reading.as_ref().map(Reading::as_str))
    .bind(profile.tagline.as_ref().map(Tagline::as_str))
    .bind(to_json(&profile.interests)?)
    .bind(to_json(&profile.offers)?)
    .bind(to_json(&profile.looking_for)?)
    .bind(to_json(&profile.links)?)
    .bind(profile.notes.as_ref().map(Notes::as_str))
    .bind(consents.may_be_introduced.map(|c| c.given_at))
    .bind(
        consents
            .may_be_introduced
            .and_then(|c| c.given_by)
            .map(|s| s.0),
    )
    .bind(consents.may_show_links.map(|c| c.given_at))
    .bind(
        consents
            .may_show_links
            .and_then(|c| c.given_by)
            .map(|s| s.0),
    )
    .bind(&keys.folded)
    .bind(&keys.romaji)
    .bind(now)
    .fetch_one(&mut *connection)
    .await?;
    insert_terms_of(connection, shop, RegularId(id), &keys).await?;
    Audit {
        shop,
        at: now,
        by: Some(by),
        action: AuditAction::RegularCreated,
        regular: Some(id),
        detail: &AuditDetail::Nothing,
    }
    .write(connection)
    .await?;
    Ok(RegularId(id))
}

pub(super) async fn select_regular(
    connection: &mut AnyConnection,
    shop: ShopId,
    id: RegularId,
) -> Result<Option<Regular>, StorageError> {
    let row = sqlx::query(
        "SELECT id, nickname, reading, tagline, interests, offers, looking_for, links, notes,
                may_be_introduced_at, may_be_introduced_by, may_show_links_at,
                may_show_links_by, stamps, rewards_earned, rewards_redeemed, visits, created_at,
                last_visit_at
         FROM regulars WHERE shop_id = $1 AND id = $2 AND erased_at IS NULL",
    )
    .bind(shop.0)
    .bind(id.0)
    .fetch_optional(connection)
    .await?;
    row.map(|row| regular_from_row(&row)).transpose()
}

fn regular_from_row(row: &AnyRow) -> Result<Regular, StorageError> {
    let corrupt = |error: crate::regular::RegularError| StorageError::Corrupt(error.to_string());
    let optional = |column: &str| -> Result<Option<String>, StorageError> {
        Ok(row.try_get::<Option<String>, _>(column)?)
    };
    let profile = Profile {
        nickname: Nickname::from_stored(row.try_get("nickname")?).map_err(corrupt)?,
        reading: optional("reading")?
            .map(|text| Reading::parse(&text))
            .transpose()
            .map_err(corrupt)?,
        tagline: optional("tagline")?
            .map(|text| Tagline::parse(&text))
            .transpose()
            .map_err(corrupt)?,
        interests: from_json::<Tags>(row, "interests")?,
        offers: from_json::<Tags>(row, "offers")?,
        looking_for: from_json::<Tags>(row, "looking_for")?,
        links: from_json::<Links>(row, "links")?,
        notes: optional("notes")?
            .map(|text| Notes::parse(&text))
            .transpose()
            .map_err(corrupt)?,
    };
    let consent = |column: &str| -> Result<Option<Consent>, StorageError> {
        let given_by = row
            .try_get::<Option<i64>, _>(format!("{column}_by").as_str())?
            .map(StaffId);
        Ok(row
            .try_get::<Option<i64>, _>(format!("{column}_at").as_str())?
            .map(|given_at| Consent { given_at, given_by }))
    };
    Ok(Regular {
        id: RegularId(row.try_get("id")?),
        profile,
        consents: Consents {
            may_be_introduced: consent("may_be_introduced")?,
            may_show_links: consent("may_show_links")?,
        },
        card: card_from_row(row)?,
        visits: count(row.try_get("visits")?),
        created_at: row.try_get("created_at")?,
        last_visit_at: row.try_get("last_visit_at")?,
    })
}

fn summary_from_row(row: &AnyRow) -> Result<RegularSummary, StorageError> {
    Ok(RegularSummary {
        id: RegularId(row.try_get("regular_id")?),
        nickname: row.try_get("nickname")?,
        tagline: row.try_get("tagline")?,
        card: card_from_row(row)?,
        may_be_introduced: row.try_get::<i64, _>("may_be_introduced")? != 0,
        last_visit_at: row.try_get("last_visit_at")?,
    })
}

/// A regular's stamp card as stored: three counts.
#[derive(sqlx::FromRow)]
pub(super) struct CardRow {
    stamps: i64,
    rewards_earned: i64,
    rewards_redeemed: i64,
}

impl CardRow {
    pub(super) fn card(&self) -> Card {
        Card {
            stamps: count(self.stamps),
            rewards_earned: count(self.rewards_earned),
            rewards_redeemed: count(self.rewards_redeemed),
        }
    }
}

/// The card of a row read without a row struct of its own.
pub(super) fn card_from_row(row: &AnyRow) -> Result<Card, StorageError> {
    Ok(<CardRow as sqlx::FromRow<AnyRow>>::from_row(row)?.card())
}

fn to_json(value: &impl serde::Serialize) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|error| StorageError::Corrupt(error.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(
    row: &AnyRow,
    column: &str,
) -> Result<T, StorageError> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text)
        .map_err(|error| StorageError::Corrupt(format!("regulars.{column}: {error}")))
}

/// The parts of a regular's card an edit changed, for the audit log.
fn changed_fields(before: &Regular, after: &Profile, consents: &Consents) -> Vec<ProfileChange> {
    let old = &before.profile;
    let mut changed = Vec::new();
    let mut note = |differs: bool, part: ProfileChange| {
        if differs {
            changed.push(part);
        }
    };
    note(old.nickname != after.nickname, ProfileChange::Nickname);
    note(old.reading != after.reading, ProfileChange::Reading);
    note(old.tagline != after.tagline, ProfileChange::Tagline);
    note(old.interests != after.interests, ProfileChange::Interests);
    note(old.offers != after.offers, ProfileChange::Offers);
    note(
        old.looking_for != after.looking_for,
        ProfileChange::LookingFor,
    );
    note(old.links != after.links, ProfileChange::Links);
    note(old.notes != after.notes, ProfileChange::Notes);
    note(
        before.consents.may_be_introduced.is_some() != consents.may_be_introduced.is_some(),
        if consents.may_be_introduced.is_some() {
            ProfileChange::IntroductionsConsentGiven
        } else {
            ProfileChange::IntroductionsConsentWithdrawn
        },
    );
    note(
        before.consents.may_show_links.is_some() != consents.may_show_links.is_some(),
        if consents.may_show_links.is_some() {
            ProfileChange::LinksConsentGiven
        } else {
            ProfileChange::LinksConsentWithdrawn
        },
    );
    changed
}
