//! `joren shop`: the operator's list of the shops one installation serves, and the host
//! names each is reached at. The servers read both for every request, so a change needs no
//! restart, on one server or many.

use std::fmt::Write as _;

use joren::storage::{AddHost, AddShop, ShopListing, StorageError, Store};
use joren::{ShopHost, ShopName, ShopSlug};

use crate::config::{Config, ShopCommand};

/// The name a new shop shows until its owner gives it one.
pub const NEW_SHOP_NAME: &str = "Joren";

#[derive(Debug, thiserror::Error)]
pub enum ShopCommandError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ShopCommandError {
    /// Whether the command line was wrong (exit status 2), rather than the database.
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::Usage(_))
    }
}

/// Runs the command; answers what to print.
pub async fn run(config: &Config, command: &ShopCommand) -> Result<String, ShopCommandError> {
    // Every argument is checked before the database is opened.
    let parsed = Parsed::from(command)?;
    let store = Store::open(&config.database_url, &config.store).await?;
    let result = async {
        // The main shop is there from the first start of the server on; made here too when
        // shops are added before that.
        let name = ShopName::parse(NEW_SHOP_NAME).expect("the new shop name is valid");
        store.ensure_shop(&config.shop, &name).await?;
        parsed.apply(&store, &config.shop).await
    }
    .await;
    store.close().await;
    result
}

enum Parsed {
    List,
    Add(ShopSlug, Vec<ShopHost>),
    AddHost(ShopSlug, ShopHost),
    RemoveHost(ShopHost),
}

impl Parsed {
    fn from(command: &ShopCommand) -> Result<Self, ShopCommandError> {
        let slug = |slug: &str| {
            ShopSlug::parse(slug)
                .map_err(|error| ShopCommandError::Usage(format!("'{slug}': {error}")))
        };
        let host = |host: &str| {
            ShopHost::parse(host).map_err(|error| ShopCommandError::Usage(error.to_string()))
        };
        Ok(match command {
            ShopCommand::List => Self::List,
            ShopCommand::Add { slug: s, hosts } => Self::Add(
                slug(s)?,
                hosts.iter().map(|h| host(h)).collect::<Result<_, _>>()?,
            ),
            ShopCommand::AddHost { slug: s, host: h } => Self::AddHost(slug(s)?, host(h)?),
            ShopCommand::RemoveHost { host: h } => Self::RemoveHost(host(h)?),
        })
    }

    async fn apply(self, store: &Store, main: &ShopSlug) -> Result<String, ShopCommandError> {
        match self {
            Self::List => Ok(listing(&store.shops().await?, main)),
            Self::Add(slug, hosts) => {
                // Hosts another shop has are refused before the shop is added.
                for host in &hosts {
                    if let Some(holder) = holder_of(store, host).await? {
                        return Err(taken(host, &holder));
                    }
                }
                let name = ShopName::parse(NEW_SHOP_NAME).expect("the new shop name is valid");
                if let AddShop::SlugTaken = store.add_shop(&slug, &name).await? {
                    return Err(ShopCommandError::Usage(format!(
                        "a shop '{slug}' exists already (joren shop list)"
                    )));
                }
                let mut said = format!("Added the shop '{slug}'.");
                for host in &hosts {
                    add_host(store, &slug, host).await?;
                    let _ = write!(said, " It is reached at {host}.");
                }
                let _ = write!(
                    said,
                    " Its owner sets it up the first time the kiosk is opened at {}.",
                    where_to_open(&slug, &hosts)
                );
                Ok(said)
            }
            Self::AddHost(slug, host) => {
                add_host(store, &slug, &host).await?;
                Ok(format!("The shop '{slug}' is reached at {host} too."))
            }
            Self::RemoveHost(host) => {
                if store.remove_shop_host(&host).await? {
                    Ok(format!(
                        "No shop is reached at {host} any more: requests for it go to the main \
                         shop '{main}'."
                    ))
                } else {
                    Err(ShopCommandError::Usage(format!(
                        "no shop is reached at {host} (joren shop list)"
                    )))
                }
            }
        }
    }
}

async fn add_host(store: &Store, slug: &ShopSlug, host: &ShopHost) -> Result<(), ShopCommandError> {
    match store.add_shop_host(slug, host).await? {
        AddHost::Added => Ok(()),
        AddHost::TakenBy(holder) => Err(taken(host, &holder)),
        AddHost::NoSuchShop => Err(ShopCommandError::Usage(format!(
            "there is no shop '{slug}' (joren shop list)"
        ))),
    }
}

async fn holder_of(store: &Store, host: &ShopHost) -> Result<Option<ShopSlug>, StorageError> {
    Ok(store
        .shops()
        .await?
        .into_iter()
        .find(|listing| listing.hosts.contains(host))
        .map(|listing| listing.shop.slug))
}

fn taken(host: &ShopHost, holder: &ShopSlug) -> ShopCommandError {
    ShopCommandError::Usage(format!(
        "{host} is the shop '{holder}''s already; remove it there first \
         (joren shop remove-host {host})"
    ))
}

fn where_to_open(slug: &ShopSlug, hosts: &[ShopHost]) -> String {
    match hosts.first() {
        Some(host) => format!("{host}"),
        None => format!("/s/{slug}"),
    }
}

/// One line for each shop: its slug, name, where it is reached, and whether it is set up.
fn listing(shops: &[ShopListing], main: &ShopSlug) -> String {
    let mut lines = String::new();
    for listing in shops {
        let mut reached: Vec<String> = listing.hosts.iter().map(ToString::to_string).collect();
        if &listing.shop.slug == main {
            reached.push("any other host name (the main shop)".to_owned());
        }
        reached.push(format!("/s/{}", listing.shop.slug));
        let state = if listing.set_up {
            "set up"
        } else {
            "waiting for its owner's first start"
        };
        let _ = writeln!(
            lines,
            "{}\t{}\t{}\t{state}",
            listing.shop.slug,
            listing.shop.name,
            reached.join(", ")
        );
    }
    lines.trim_end().to_owned()
}
