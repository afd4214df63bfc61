//! A regular's links as the screens show them: each with what its QR code carries (a short
//! link, when the shop has a public address and the regular agreed to show their links),
//! and the address of their public creator card. Shared by the regular's card, an
//! introduction's page and the printable cards.

#[cfg(feature = "ssr")]
use joren::check_in::Regular;
use serde::{Deserialize, Serialize};

/// One of a regular's links as their card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    /// "ポートフォリオ", "Instagram", "yu-photo.jp".
    pub label: String,
    /// The address as people read it: "@yu_photo", "https://例え.jp/作品".
    pub address: String,
    /// What the QR code carries: the short link, or the address itself (in ASCII).
    pub encoded: String,
    /// An SVG drawn on the server; `None` without the consent to show links.
    pub qr_svg: Option<String>,
    /// How often its short link was scanned, when the shop has a public address.
    pub scans: Option<u32>,
}

/// A regular's links as a page shows them: with QR codes only when they agreed. With the
/// shop's public address, each QR code carries the link's short link (one of its own on an
/// introduction's page, so that its scans count toward the introduction).
#[cfg(feature = "ssr")]
pub(crate) async fn link_views(
    state: &crate::state::AppState,
    shop: &joren::Shop,
    regular: &Regular,
    introduction: Option<joren::introduction::IntroductionId>,
) -> Result<Vec<LinkView>, joren::storage::StorageError> {
    use joren::short_link::ShortLinkTarget;

    let may_show = regular.consents.may_show_links();
    let counts = match (&state.public_url, may_show) {
        (Some(_), true) => Some(state.store.scan_counts(shop.id, regular.id).await?),
        _ => None,
    };
    let mut views = Vec::new();
    for link in &regular.profile.links {
        let encoded = qr_content(state, shop, regular, link, introduction).await?;
        let target = ShortLinkTarget::Link(link.url().to_owned());
        views.push(LinkView {
            label: link.label(),
            address: link.address(),
            qr_svg: may_show.then(|| crate::qr::qr_svg(&encoded)).flatten(),
            encoded,
            scans: counts
                .as_ref()
                .map(|counts| counts.get(&target).copied().unwrap_or(0)),
        });
    }
    Ok(views)
}

/// What a QR code of `link` carries: its short link (made on first use) when the shop has a
/// public address and the regular agreed to show their links, else the address itself.
#[cfg(feature = "ssr")]
pub(crate) async fn qr_content(
    state: &crate::state::AppState,
    shop: &joren::Shop,
    regular: &Regular,
    link: &joren::Link,
    introduction: Option<joren::introduction::IntroductionId>,
) -> Result<String, joren::storage::StorageError> {
    use joren::short_link::ShortLinkTarget;
    use joren::storage::now_millis;

    match &state.public_url {
        Some(public) if regular.consents.may_show_links() => {
            let target = ShortLinkTarget::Link(link.url().to_owned());
            let code = state
                .store
                .short_link(shop.id, regular.id, &target, introduction, now_millis())
                .await?;
            Ok(public.short_link(&code))
        }
        _ => Ok(link.href()),
    }
}

/// The address of a regular's public creator card: only with the shop's public address and
/// their consent to show links.
#[cfg(feature = "ssr")]
pub(crate) async fn public_card_url(
    state: &crate::state::AppState,
    shop: &joren::Shop,
    regular: &Regular,
) -> Result<Option<String>, joren::storage::StorageError> {
    use joren::short_link::ShortLinkTarget;
    use joren::storage::now_millis;

    let Some(public) = &state.public_url else {
        return Ok(None);
    };
    if !regular.consents.may_show_links() {
        return Ok(None);
    }
    let code = state
        .store
        .short_link(
            shop.id,
            regular.id,
            &ShortLinkTarget::CreatorCard,
            None,
            now_millis(),
        )
        .await?;
    Ok(Some(public.creator_card(&code)))
}
