//! The shop's privacy notice: the owner's own text in each language, kept on the shop's
//! row; none means the default text (see `crate::privacy`).

use sqlx::AssertSqlSafe;
use sqlx::Row;

use super::audit::Audit;
use super::{StorageError, Store, now_millis};
use crate::audit::{AuditAction, AuditDetail};
use crate::privacy::{NoticeLanguage, PrivacyNotice};
use crate::shop::ShopId;
use crate::staff::StaffId;

/// The owner's own texts; `None` where the shop shows the default text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnNotices {
    pub japanese: Option<PrivacyNotice>,
    pub english: Option<PrivacyNotice>,
}

impl OwnNotices {
    pub fn get(&self, language: NoticeLanguage) -> Option<&PrivacyNotice> {
        match language {
            NoticeLanguage::Japanese => self.japanese.as_ref(),
            NoticeLanguage::English => self.english.as_ref(),
        }
    }
}

/// The column that holds a language's text. A closed list: no caller's string reaches SQL.
fn column(language: NoticeLanguage) -> &'static str {
    match language {
        NoticeLanguage::Japanese => "privacy_notice_ja",
        NoticeLanguage::English => "privacy_notice_en",
    }
}

/// A stored text, checked again on the way out: a row edited by hand is refused rather than
/// shown to customers as it is.
fn stored(text: Option<String>) -> Result<Option<PrivacyNotice>, StorageError> {
    text.map(|text| {
        PrivacyNotice::parse(&text)
            .map_err(|error| StorageError::Corrupt(format!("privacy notice: {error}")))
    })
    .transpose()
}

impl Store {
    /// The owner's texts in both languages, for the settings.
    pub async fn privacy_notices(&self, shop: ShopId) -> Result<OwnNotices, StorageError> {
        let row = {
            let pool = &self.pool;
            sqlx::query("SELECT privacy_notice_ja, privacy_notice_en FROM shops WHERE id = $1")
                .bind(shop.0)
                .fetch_optional(pool)
                .await?
        };
        let Some(row) = row else {
            return Ok(OwnNotices::default());
        };
        Ok(OwnNotices {
            japanese: stored(row.try_get("privacy_notice_ja")?)?,
            english: stored(row.try_get("privacy_notice_en")?)?,
        })
    }

    /// The owner's text in one language, or `None` when the shop shows the default text.
    pub async fn privacy_notice(
        &self,
        shop: ShopId,
        language: NoticeLanguage,
    ) -> Result<Option<PrivacyNotice>, StorageError> {
        let text: Option<Option<String>> = {
            let pool = &self.pool;
            sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {} FROM shops WHERE id = $1",
                column(language)
            )))
            .bind(shop.0)
            .fetch_optional(pool)
            .await?
        };
        stored(text.flatten())
    }

    /// The owner saves their own text in a language, or, with `None`, goes back to the
    /// default text. Saving what is already there changes nothing and logs nothing; the
    /// answer says whether anything changed.
    pub async fn set_privacy_notice(
        &self,
        shop: ShopId,
        language: NoticeLanguage,
        notice: Option<&PrivacyNotice>,
        by: StaffId,
    ) -> Result<bool, StorageError> {
        let column = column(language);
        {
            let mut tx = self.begin_write_in(shop).await?;
            let before: Option<String> = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {column} FROM shops WHERE id = $1"
            )))
            .bind(shop.0)
            .fetch_one(&mut *tx)
            .await?;
            let after = notice.map(PrivacyNotice::as_str);
            if before.as_deref() == after {
                return Ok(false);
            }
            sqlx::query(AssertSqlSafe(format!(
                "UPDATE shops SET {column} = $1 WHERE id = $2"
            )))
            .bind(after)
            .bind(shop.0)
            .execute(&mut *tx)
            .await?;
            let detail = AuditDetail::PrivacyNotice {
                language: language.code().to_owned(),
                back_to_default: notice.is_none(),
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
        Ok(true)
    }
}
