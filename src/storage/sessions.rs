//! The tablets' sessions, in the shop's own database so that any app server can take any
//! request, and read through the store's one pool like everything else.
//!
//! The core keeps them as the web layer hands them over: an opaque id (the cookie's random
//! value), the data as text, and when the session expires. What a session holds, and how
//! long it lasts, is the server's business (`server/src/sessions.rs`).

use super::{StorageError, Store};

impl Store {
    /// The data of the session `id`, unless it is unknown or expired at `now`.
    pub async fn load_session(&self, id: &str, now: i64) -> Result<Option<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Keeps a new session; `false`, and nothing written, when the id is taken already (the
    /// caller draws another).
    pub async fn create_session(
        &self,
        id: &str,
        data: &str,
        expires_at: i64,
    ) -> Result<bool, StorageError> {
        let _turn = self.write_turn().await;
        let created = sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(created.rows_affected() == 1)
    }

    /// Keeps the session `id` as it is now, whether it was kept before or not.
    pub async fn save_session(
        &self,
        id: &str,
        data: &str,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the session `id` (signed out); an unknown id is no error.
    pub async fn delete_session(&self, id: &str) -> Result<(), StorageError> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes the sessions expired at `now`; answers how many.
    pub async fn delete_expired_sessions(&self, now: i64) -> Result<u64, StorageError> {
        let _turn = self.write_turn().await;
        let deleted = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}
