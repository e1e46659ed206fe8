//! The SQLite store itself: its reader pool and its one writer, the WAL checkpointer, and the reads
//! and write transaction every SQLite file of the store shares.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool, Transaction};
use uuid::Uuid;

use super::sqlite_rows::ticket_from_row;
use super::*;

pub struct SqliteStore {
    /// Readers: WAL lets them run beside the writer.
    pub(super) pool: SqlitePool,
    /// The one writer connection: writes queue here in FIFO order instead of spinning on SQLite's
    /// busy handler, which sleeps in coarse steps and ruins latency under load.
    pub(super) writer: SqlitePool,
    /// This process's id on the database (a `workers` row once it beats): its claims carry it.
    pub(super) owner: String,
    /// Whether this process has beaten at least once; until then its claims carry no owner.
    pub(super) beating: std::sync::atomic::AtomicBool,
}

impl SqliteStore {
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + NORMAL is durable against process crashes (kill -9); only an OS crash may lose the last commits.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // The writer never checkpoints: a checkpoint's fsync would stall whichever commit triggered it.
        let writer_options = options.clone().pragma("wal_autocheckpoint", "0");
        let writer = SqlitePoolOptions::new().max_connections(1).connect_with(writer_options).await?;
        let pool = SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(options).await?;
        spawn_checkpointer(pool.clone());
        let owner = Uuid::new_v4().to_string();
        Ok(Self { pool, writer, owner, beating: std::sync::atomic::AtomicBool::new(false) })
    }

    /// The id claims are stamped with: ours once we beat, none before (then only the lease protects them).
    pub(super) fn claim_owner(&self) -> Option<&str> {
        self.beating.load(std::sync::atomic::Ordering::Acquire).then_some(self.owner.as_str())
    }

    /// One ticket with its photos and first routing decision; `sql` selects the ticket row by one key.
    pub(super) async fn load_record(&self, sql: &'static str, key: &str) -> StoreResult<Option<TicketRecord>> {
        let Some(row) = sqlx::query(sql).bind(key).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let id: String = row.get("id");
        let photos: Vec<String> =
            sqlx::query_scalar("SELECT file_ref FROM ticket_media WHERE ticket_id = ? ORDER BY position")
                .bind(&id)
                .fetch_all(&self.pool)
                .await?;
        let suggestion =
            sqlx::query("SELECT suggested, corrected FROM routing_decisions WHERE ticket_id = ? ORDER BY id LIMIT 1")
                .bind(&id)
                .fetch_optional(&self.pool)
                .await?;
        ticket_from_row(&row, photos, suggestion.as_ref()).map(Some)
    }

    /// Starts a write transaction that holds the write lock from its first statement,
    /// so two writers queue on the busy timeout instead of failing on a lock upgrade.
    pub(super) async fn write_tx(&self) -> StoreResult<Transaction<'static, sqlx::Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Copies the WAL back into the database once a second, beside the writer (PASSIVE never blocks it).
/// Stops when the pool is closed.
fn spawn_checkpointer(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if pool.is_closed() || sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await.is_err() {
                return;
            }
        }
    });
}
