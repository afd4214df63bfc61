//! Backups: `joren backup FILE`, `joren restore FILE`, and the daily backup that runs
//! inside the server when the owner turned it on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use joren::ShopSlug;
use joren::backup::is_due;
use joren::storage::{BackupError, RestoreError, StorageError, Store, now_millis};

use crate::config::Config;

/// How often the server looks whether the day's backup is due.
const CHECK_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum BackupCommandError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error("not restored: {0}")]
    Restore(#[from] RestoreError),
    #[error("not restored: the current data could not be saved first: {0}")]
    SaveCurrent(BackupError),
}

/// `joren backup FILE`.
pub async fn backup(config: &Config, file: &Path) -> Result<(), BackupCommandError> {
    if file.exists() {
        return Err(BackupError::Exists(file.to_owned()).into());
    }
    let store = Store::open(&config.database_url, &config.store).await?;
    let made = store.backup_to(file).await;
    store.close().await;
    let bytes = made?;
    println!("Backed up to {} ({})", file.display(), size(bytes));
    Ok(())
}

/// `joren restore FILE`: checks the file, saves the current data as a backup, then
/// restores. A running server goes on with the restored data.
pub async fn restore(config: &Config, file: &Path) -> Result<(), BackupCommandError> {
    let checked = joren::storage::check_backup(file).await?;
    let store = Store::open(&config.database_url, &config.store).await?;
    let result = restore_with(&store, config, &checked).await;
    store.close().await;
    let (summary, saved) = result?;
    println!(
        "Restored {}: {} regulars, {} visits. The data it replaced is saved in {}.",
        file.display(),
        summary.regulars,
        summary.visits,
        saved.display()
    );
    Ok(())
}

async fn restore_with(
    store: &Store,
    config: &Config,
    checked: &joren::storage::CheckedBackup,
) -> Result<(joren::storage::BackupSummary, PathBuf), BackupCommandError> {
    // Named unlike the daily backups, so that their count never removes it.
    let zone = match store.shop(&config.shop).await? {
        Some(shop) => shop.time_zone,
        None => joren::TimeZoneName::default(),
    };
    let saved = config.backup_dir.join(format!(
        "before-restore-{}",
        joren::backup::file_name(now_millis(), &zone)
    ));
    store
        .backup_to(&saved)
        .await
        .map_err(BackupCommandError::SaveCurrent)?;
    let summary = store.restore_checked(checked).await?;
    Ok((summary, saved))
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

/// Runs the daily backup of the shop `slug` into `dir` while the server runs: once a minute
/// it looks whether the owner's schedule makes one due.
pub fn spawn_daily(store: Store, slug: ShopSlug, dir: PathBuf) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        // The first look comes a minute after start, not during it.
        let mut ticks =
            tokio::time::interval_at(tokio::time::Instant::now() + CHECK_EVERY, CHECK_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = daily(&store, &slug, &dir).await {
                tracing::error!(%error, dir = %dir.display(), "the daily backup failed");
            }
        }
    })
}

async fn daily(store: &Store, slug: &ShopSlug, dir: &Path) -> Result<(), BackupError> {
    let Some(shop) = store.shop(slug).await? else {
        return Ok(());
    };
    let (schedule, status) = store.backup_schedule().await?;
    let now = now_millis();
    if !is_due(&schedule, &status, now, &shop.time_zone) {
        return Ok(());
    }
    let path = store.backup_into(dir, &shop.time_zone, now).await?;
    tracing::info!(file = %path.display(), "daily backup made");
    Ok(())
}
