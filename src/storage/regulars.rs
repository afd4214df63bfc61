//! Regulars: their profiles and consents, and finding them as staff type.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::audit::Audit;
use super::bulk::BulkInsert;
use super::{Change, Engine, StorageError, Store, count, now_millis};
use crate::audit::{AuditAction, AuditDetail, ProfileChange};
use crate::checkin::{Regular, RegularSummary, SEARCH_RESULTS, rank};
use crate::loyalty::Card;
use crate::reading::{Query, SearchKeys, SearchTerm, like_escape, term_range};
use crate::regular::{
    Consent, Consents, Links, Nickname, Notes, Profile, Reading, RegularId, Tagline, Tags,
};
use crate::shop::ShopId;
use crate::staff::StaffId;

/// The most matches a search looks at, found through their terms (see
/// [`SearchKeys::terms`]), to pick the most recent visitors among them. More matches than
/// this are found sooner by the walk from the most recent visitor down, which meets one every
/// few rows: at most (regulars / this) rows for each result.
const SEARCH_CANDIDATES: i64 = 500;

/// Rows of search terms per `INSERT`: four values each, well within what either engine
/// binds in one statement.
const TERMS_PER_INSERT: usize = 1_000;

/// The columns a [`RegularSummary`] is read from.
pub(super) const SUMMARY_COLUMNS: &str = "r.id AS regular_id, r.nickname, r.tagline, r.stamps, \
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
        {
            let mut tx = self.begin_write_in(shop).await?;
            let id = insert_regular(&mut tx, shop, profile, consents, by, now_millis()).await?;
            tx.commit().await?;
            Ok(id)
        }
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
        {
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
    }

    /// A regular's whole card, if they are a regular of this shop.
    pub async fn regular(
        &self,
        shop: ShopId,
        id: RegularId,
    ) -> Result<Option<Regular>, StorageError> {
        {
            let pool = &self.pool;
            let mut connection = pool.acquire().await?;
            select_regular(&mut connection, shop, id).await
        }
    }

    /// Finds regulars by what staff typed (see [`Query`]): the best prefix matches of the most
    /// recent visitors first, then substring matches, at most [`SEARCH_RESULTS`].
    ///
    /// Each of the two steps reads the [`SEARCH_RESULTS`] most recent visitors among its
    /// matches: when the prefix step finds fewer, it found them all, and the most recent
    /// others complete the list. A step first counts, by the search terms, the regulars who
    /// may match. Up to [`SEARCH_CANDIDATES`] are read by id and the most recent visitors
    /// among them kept, so a query that matches nobody reads no regular at all; more are
    /// met within a few rows of the walk from the most recent visitor down. Either way the
    /// keys themselves decide (`LIKE`), so a term cut short never lets a non-match through.
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
    /// The regulars of this step, the most recent visitors first, with their search keys.
    async fn find(
        self,
        connection: &mut AnyConnection,
        shop: ShopId,
        query: &Query,
    ) -> Result<Vec<AnyRow>, StorageError> {
        let (folded_from, folded_to) = term_range(query.folded());
        let (romaji_from, romaji_to) = term_range(query.romaji());
        let at_start = match self {
            Match::Prefix => "1",
            Match::Anywhere => "0, 1",
        };
        // The regulars who have a term in either range: the folded query's, the romaji one's.
        let terms = format!(
            "SELECT DISTINCT regular_id FROM (
                 SELECT regular_id FROM search_terms
                  WHERE shop_id = $1 AND at_start IN ({at_start}) AND term >= $2 AND term < $3
                 UNION ALL
                 SELECT regular_id FROM search_terms
                  WHERE shop_id = $1 AND at_start IN ({at_start}) AND term >= $4 AND term < $5
             ) AS terms"
        );
        let found: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM ({terms} LIMIT $6) AS found"))
                .bind(shop.0)
                .bind(&folded_from)
                .bind(&folded_to)
                .bind(&romaji_from)
                .bind(&romaji_to)
                .bind(SEARCH_CANDIDATES + 1)
                .fetch_one(&mut *connection)
                .await?;
        if found == 0 {
            return Ok(Vec::new());
        }
        let folded = like_escape(query.folded());
        let romaji = like_escape(query.romaji());
        if found <= SEARCH_CANDIDATES {
            // The terms first (CROSS JOIN keeps SQLite to that order), then each regular by id.
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS}, r.search_folded, r.search_romaji
                 FROM ({terms}) AS t CROSS JOIN regulars r
                 WHERE r.id = t.regular_id AND r.shop_id = $1 AND {filter}
                 ORDER BY r.last_visit_at DESC NULLS LAST, r.id DESC
                 LIMIT $8",
                filter = self.filter(6, 7)
            );
            Ok(sqlx::query(&sql)
                .bind(shop.0)
                .bind(&folded_from)
                .bind(&folded_to)
                .bind(&romaji_from)
                .bind(&romaji_to)
                .bind(&folded)
                .bind(&romaji)
                .bind(SEARCH_RESULTS as i64)
                .fetch_all(&mut *connection)
                .await?)
        } else {
            // Along the index `regulars_search`, which holds the keys.
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS}, r.search_folded, r.search_romaji FROM regulars r
                 WHERE r.shop_id = $1 AND {filter}
                 ORDER BY r.last_visit_at DESC NULLS LAST, r.id DESC
                 LIMIT $4",
                filter = self.filter(2, 3)
            );
            Ok(sqlx::query(&sql)
                .bind(shop.0)
                .bind(&folded)
                .bind(&romaji)
                .bind(SEARCH_RESULTS as i64)
                .fetch_all(&mut *connection)
                .await?)
        }
    }

    /// The keys' own test, on the parameters `$folded` and `$romaji` (the query's keys put
    /// through [`like_escape`]).
    fn filter(self, folded: u8, romaji: u8) -> String {
        let sep = SearchKeys::SEPARATOR;
        match self {
            Match::Prefix => format!(
                "(r.search_folded LIKE ${folded} || '%' ESCAPE '\\'
                  OR r.search_folded LIKE '%{sep}' || ${folded} || '%' ESCAPE '\\'
                  OR r.search_romaji LIKE ${romaji} || '%' ESCAPE '\\'
                  OR r.search_romaji LIKE '%{sep}' || ${romaji} || '%' ESCAPE '\\')"
            ),
            Match::Anywhere => format!(
                "(r.search_folded LIKE '%' || ${folded} || '%' ESCAPE '\\'
                  OR r.search_romaji LIKE '%' || ${romaji} || '%' ESCAPE '\\')"
            ),
        }
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
    let terms: Vec<_> = keys.terms().into_iter().map(|term| (id, term)).collect();
    insert_search_terms(connection, shop, &terms).await?;
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

pub(super) fn summary_from_row(row: &AnyRow) -> Result<RegularSummary, StorageError> {
    Ok(RegularSummary {
        id: RegularId(row.try_get("regular_id")?),
        nickname: row.try_get("nickname")?,
        tagline: row.try_get("tagline")?,
        card: card_from_row(row)?,
        may_be_introduced: row.try_get::<i64, _>("may_be_introduced")? != 0,
        last_visit_at: row.try_get("last_visit_at")?,
    })
}

pub(super) fn card_from_row(row: &AnyRow) -> Result<Card, StorageError> {
    Ok(Card {
        stamps: count(row.try_get("stamps")?),
        rewards_earned: count(row.try_get("rewards_earned")?),
        rewards_redeemed: count(row.try_get("rewards_redeemed")?),
    })
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
