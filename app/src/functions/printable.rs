//! The printable creator card: one card per link (and one for the public card when the shop
//! has a public address), only with the regular's consent to show their links.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::printable::CardSize;

/// The print screen: every card this regular can have, drawn at the chosen size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintablePage {
    pub nickname: String,
    pub size: CardSize,
    /// Empty without the consent to show links.
    pub cards: Vec<PrintableView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintableView {
    /// "card" for the public card, "1" to "3" for a link by its place on the profile.
    pub key: String,
    pub label: String,
    pub svg: String,
}

/// The cards of a regular, by key; empty without their consent to show links. A card whose
/// address is too long for a QR code is left out.
#[cfg(feature = "ssr")]
pub async fn printable_cards(
    state: &crate::state::AppState,
    shop: &joren::Shop,
    regular: &joren::check_in::Regular,
    lang: crate::lang::Lang,
) -> Result<Vec<(String, crate::printable::PrintableCard)>, joren::storage::StorageError> {
    use crate::functions::links::{public_card_url, qr_content};
    use crate::i18n::td_string;

    if !regular.consents.may_show_links() {
        return Ok(Vec::new());
    }
    let card = |label: String, address: String, encoded: String| crate::printable::PrintableCard {
        shop_name: shop.name.to_string(),
        nickname: regular.profile.nickname.to_string(),
        tagline: regular.profile.tagline.as_ref().map(ToString::to_string),
        label,
        address,
        encoded,
    };
    let mut cards = Vec::new();
    if let Some(url) = public_card_url(state, shop, regular).await? {
        let label = td_string!(lang, regular.profile_and_links);
        cards.push(("card".to_owned(), card(label.to_owned(), url.clone(), url)));
    }
    for (place, link) in regular.profile.links.iter().enumerate() {
        let encoded = qr_content(state, shop, regular, link, None).await?;
        cards.push((
            (place + 1).to_string(),
            card(link.label(), link.address(), encoded),
        ));
    }
    Ok(cards)
}

#[server(endpoint = "get_printable")]
pub async fn get_printable(
    regular_id: i64,
    size: String,
) -> Result<Option<PrintablePage>, AppError> {
    use crate::auth::require_staff;
    use crate::printable::card_svg;
    use joren::RegularId;

    let (state, shop, _staff) = require_staff().await?;
    let size = CardSize::from_code(&size).unwrap_or(CardSize::A6);
    let Some(regular) = state.store.regular(shop.id, RegularId(regular_id)).await? else {
        return Ok(None);
    };
    let lang = crate::lang::request_lang();
    let cards = printable_cards(&state, &shop, &regular, lang)
        .await?
        .into_iter()
        .filter_map(|(key, card)| {
            card_svg(&card, size).map(|svg| PrintableView {
                key,
                label: card.label,
                svg,
            })
        })
        .collect();
    Ok(Some(PrintablePage {
        nickname: regular.profile.nickname.to_string(),
        size,
        cards,
    }))
}
