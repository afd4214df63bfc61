//! `joren demo`: a new shop filled with a year of demo data, for trying Joren out, the
//! screenshots and the benchmark. It never touches a shop that has regulars.

use std::time::Instant;

use joren::demo::{DemoError, DemoSize};
use joren::staff::PinHash;
use joren::storage::{AddStaff, FillError, FirstStart, StorageError, Store, now_millis};
use joren::{Pin, Role, ShopName, ShopSlug, StaffName};

use crate::config::{Config, DemoArgs};

/// The demo shop's name, its owner, and a second member of staff with their PIN.
const DEMO_SHOP: &str = "喫茶 こもれび";
const DEMO_OWNER: &str = "店長";
const DEMO_STAFF: (&str, &str) = ("ゆき", "2468");

#[derive(Debug, thiserror::Error)]
pub enum DemoCommandError {
    #[error(transparent)]
    Size(#[from] DemoError),
    #[error("invalid --owner-pin: {0}")]
    Pin(String),
    #[error("invalid --shop: {0}")]
    Shop(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Fill(#[from] FillError),
}

impl DemoCommandError {
    /// Whether the command line was wrong (exit status 2), rather than the database.
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::Size(_) | Self::Pin(_) | Self::Shop(_))
    }
}

pub async fn run(config: &Config, args: &DemoArgs) -> Result<(), DemoCommandError> {
    let size = DemoSize::new(args.regulars, args.visits, args.present)?;
    let pin = Pin::new_for(Role::Owner, &args.owner_pin)
        .map_err(|error| DemoCommandError::Pin(error.to_string()))?;
    let slug = match &args.shop {
        Some(slug) => {
            ShopSlug::parse(slug).map_err(|error| DemoCommandError::Shop(error.to_string()))?
        }
        None => config.shop.clone(),
    };
    let started = Instant::now();
    let store = Store::open(&config.database_url, &config.store).await?;
    let result = fill(&store, &slug, size, args.seed, &pin).await;
    store.close().await;
    let report = result?;
    println!(
        "Demo data written to {} in {:.1} s: {} regulars, {} visits ({} in the shop now), \
         {} rewards earned, {} paper cards carried over, {} newcomers brought by a regular \
         ({} thank-you stamps), {} introductions, {} short links scanned {} times.",
        config.database_url,
        started.elapsed().as_secs_f64(),
        report.regulars,
        report.visits,
        report.present,
        report.rewards_earned,
        report.paper_cards,
        report.brought,
        report.thank_you_stamps,
        report.introductions,
        report.short_links,
        report.scans,
    );
    Ok(())
}

async fn fill(
    store: &Store,
    slug: &ShopSlug,
    size: DemoSize,
    seed: u64,
    owner_pin: &Pin,
) -> Result<joren::storage::DemoReport, DemoCommandError> {
    let name = ShopName::parse(DEMO_SHOP).expect("the demo shop's name is valid");
    let shop = store.ensure_shop(slug, &name).await?;
    if store.needs_first_start(shop.id).await? {
        let owner = StaffName::parse(DEMO_OWNER).expect("the demo owner's name is valid");
        let hash = PinHash::of(owner_pin).map_err(|e| DemoCommandError::Pin(e.to_string()))?;
        if let FirstStart::Done(owner) = store.first_start(shop.id, &name, &owner, &hash).await? {
            // The demo shows every kind of stamp: a regular who brings a newcomer is thanked.
            let rules = joren::loyalty::StampRules {
                thank_you_stamp: true,
                ..shop.stamp_rules.clone()
            };
            store.set_stamp_rules(shop.id, &rules, owner.id).await?;
            let staff = StaffName::parse(DEMO_STAFF.0).expect("the demo staff name is valid");
            let pin = Pin::new_for(Role::Staff, DEMO_STAFF.1).expect("the demo PIN is valid");
            let hash = PinHash::of(&pin).map_err(|e| DemoCommandError::Pin(e.to_string()))?;
            if let AddStaff::Added(_) = store
                .add_staff(shop.id, &staff, Role::Staff, &hash, owner.id)
                .await?
            {
                println!(
                    "A new demo shop 「{DEMO_SHOP}」: owner {DEMO_OWNER} (PIN as given by \
                     --owner-pin), staff {} (PIN {}).",
                    DEMO_STAFF.0, DEMO_STAFF.1
                );
            }
        }
    }
    // The shop as it is now, with its owner's stamp rules (and its name, if it was new).
    let shop = store
        .shop(slug)
        .await?
        .ok_or_else(|| StorageError::Corrupt("the shop vanished".into()))?;
    Ok(store.fill_demo(&shop, size, seed, now_millis()).await?)
}
