//! The shop's privacy notice. Anyone may read it, without unlocking the kiosk: customers
//! read it on their phone or from the lock screen, and it says nothing about any customer.
//! Only the owner reads the texts for editing and changes them.

use joren::privacy::NoticeBlock;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::functions::staff::FormOutcome;

/// The notice as a customer's page shows it: plain text blocks, never markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicNotice {
    pub shop_name: String,
    pub blocks: Vec<NoticeBlock>,
}

/// One language's text as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeForEditing {
    /// The owner's own text, or the default text when they have not written one.
    pub text: String,
    /// The default text, written with the shop's name: what "back to the default" shows.
    pub default_text: String,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerNotices {
    pub ja: NoticeForEditing,
    pub en: NoticeForEditing,
}

/// The language a request names, `ja` or `en`.
#[cfg(feature = "ssr")]
fn language(code: &str) -> Result<joren::privacy::NoticeLanguage, AppError> {
    joren::privacy::NoticeLanguage::from_code(code)
        .ok_or_else(|| AppError::Invalid("the language is ja or en".into()))
}

/// The notice in one language (`ja` or `en`), for anyone.
#[server(endpoint = "get_privacy_notice")]
pub async fn get_privacy_notice(lang: String) -> Result<PublicNotice, AppError> {
    use crate::auth::current_shop;
    use joren::privacy::PrivacyNotice;

    let language = language(&lang)?;
    let state = crate::state::app_state()?;
    let shop = current_shop(&state).await?;
    let own = state.store.privacy_notice(shop.id, language).await?;
    let notice = PrivacyNotice::own_or_default(own, language, &shop.name);
    Ok(PublicNotice {
        shop_name: shop.name.to_string(),
        blocks: notice.blocks(),
    })
}

/// Both texts, for the owner's settings.
#[server(endpoint = "get_privacy_notices")]
pub async fn get_privacy_notices() -> Result<OwnerNotices, AppError> {
    use crate::auth::require_owner;
    use joren::privacy::{NoticeLanguage, PrivacyNotice};

    let (state, shop, _owner) = require_owner().await?;
    let own = state.store.privacy_notices(shop.id).await?;
    let editing = |language| {
        let default_text = PrivacyNotice::default_for(language, &shop.name).to_string();
        match own.get(language) {
            Some(text) => NoticeForEditing {
                text: text.to_string(),
                default_text,
                is_default: false,
            },
            None => NoticeForEditing {
                text: default_text.clone(),
                default_text,
                is_default: true,
            },
        }
    };
    Ok(OwnerNotices {
        ja: editing(NoticeLanguage::Japanese),
        en: editing(NoticeLanguage::English),
    })
}

/// The owner saves their text in one language. A text equal to the default is kept as the
/// default, so that it follows the shop's name if that changes.
#[server(endpoint = "save_privacy_notice")]
pub async fn save_privacy_notice(lang: String, text: String) -> Result<FormOutcome, AppError> {
    use crate::auth::require_owner;
    use crate::problems::{Field, FieldProblem, Problem};
    use joren::privacy::{NoticeLanguage, PrivacyNotice};

    let (state, shop, owner) = require_owner().await?;
    let language = language(&lang)?;
    let notice = match PrivacyNotice::parse(&text) {
        Ok(notice) => notice,
        Err(error) => {
            let field = match language {
                NoticeLanguage::Japanese => Field::PrivacyNoticeJa,
                NoticeLanguage::English => Field::PrivacyNoticeEn,
            };
            return Ok(FormOutcome::Invalid(vec![FieldProblem {
                field,
                problem: Problem::from(error),
            }]));
        }
    };
    let own = (notice != PrivacyNotice::default_for(language, &shop.name)).then_some(notice);
    state
        .store
        .set_privacy_notice(shop.id, language, own.as_ref(), owner.id)
        .await?;
    Ok(FormOutcome::Saved)
}

/// The owner goes back to the default text in one language; the answer is that text.
#[server(endpoint = "reset_privacy_notice")]
pub async fn reset_privacy_notice(lang: String) -> Result<String, AppError> {
    use crate::auth::require_owner;
    use joren::privacy::PrivacyNotice;

    let (state, shop, owner) = require_owner().await?;
    let language = language(&lang)?;
    state
        .store
        .set_privacy_notice(shop.id, language, None, owner.id)
        .await?;
    Ok(PrivacyNotice::default_for(language, &shop.name).to_string())
}
