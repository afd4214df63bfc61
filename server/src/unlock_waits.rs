//! `joren unlock-waits`: lets everyone of a shop try their PIN again at once. After wrong
//! PINs the kiosk makes a member, or a tablet's address, wait (up to an hour); the owner
//! clears that in the settings, but nobody can when it is the owner who waits. This is the
//! way out, for whoever runs the machine (`sudo joren-admin unlock-waits`).

use std::fmt::Write as _;

use joren::ShopSlug;
use joren::storage::{ClearedWaits, StorageError, Store, now_millis};

use crate::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum UnlockWaitsError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl UnlockWaitsError {
    /// Whether the command line was wrong (exit status 2), rather than the database.
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::Usage(_))
    }
}

/// Clears the waits of the shop `shop` names (the main shop by default); answers what to
/// print.
pub async fn run(config: &Config, shop: Option<&str>) -> Result<String, UnlockWaitsError> {
    let slug = match shop {
        Some(slug) => ShopSlug::parse(slug)
            .map_err(|error| UnlockWaitsError::Usage(format!("'{slug}': {error}")))?,
        None => config.shop.clone(),
    };
    let store = Store::open(&config.database_url, &config.store).await?;
    let result = async {
        let shop = store.shop(&slug).await?.ok_or_else(|| {
            UnlockWaitsError::Usage(format!("no shop '{slug}' here (joren shop list)"))
        })?;
        let cleared = store.clear_all_lockouts(shop.id, now_millis()).await?;
        Ok(said(&slug, &cleared))
    }
    .await;
    store.close().await;
    result
}

fn said(slug: &ShopSlug, cleared: &ClearedWaits) -> String {
    if cleared.staff.is_empty() && cleared.clients.is_empty() {
        return format!("Nobody of the shop '{slug}' was waiting after wrong PINs.");
    }
    let mut said = format!("Everyone of the shop '{slug}' may try their PIN again now:");
    for (name, failures) in &cleared.staff {
        let _ = write!(said, "\n  {name}: {failures} wrong PIN(s) in a row cleared");
    }
    for (client, failures) in &cleared.clients {
        let _ = write!(
            said,
            "\n  the address {client}: {failures} wrong PIN(s) cleared"
        );
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_whose_waits_were_cleared() {
        let slug = ShopSlug::default_shop();
        assert_eq!(
            said(&slug, &ClearedWaits::default()),
            format!("Nobody of the shop '{slug}' was waiting after wrong PINs.")
        );
        let cleared = ClearedWaits {
            staff: vec![("みどり".to_owned(), 6)],
            clients: vec![("192.168.1.23".to_owned(), 11)],
        };
        assert_eq!(
            said(&slug, &cleared),
            format!(
                "Everyone of the shop '{slug}' may try their PIN again now:\n  \
                 みどり: 6 wrong PIN(s) in a row cleared\n  \
                 the address 192.168.1.23: 11 wrong PIN(s) cleared"
            )
        );
    }
}
