//! Server-side sessions, kept in the shop's own database so that any app server can take
//! any request. The cookie holds only a random id.

use joren::storage::Store;
use time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

/// The session cookie's name.
pub const COOKIE: &str = "joren_session";

pub async fn layer(
    store: &Store,
    secure: bool,
) -> Result<SessionManagerLayer<SqliteStore>, sqlx::Error> {
    let pool = store
        .sqlite_pool()
        .expect("the embedded engine is SQLite")
        .clone();
    let sessions = SqliteStore::new(pool);
    sessions.migrate().await?;
    // Expired sessions are removed hourly; the task ends with the process.
    tokio::spawn(
        sessions
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    Ok(SessionManagerLayer::new(sessions)
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(Duration::hours(12))))
}
