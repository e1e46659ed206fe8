//! Inbound events that failed: their retries, their dead letters, and reading the events that are due
//! without letting one chat's backlog hide the others.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::sqlite_rows::{parse_ts, pending_from_row, ts};
use super::*;

/// Events that may be processed at `now`: per chat its oldest open events (at most `per_chat`), and
/// none of a chat whose oldest open event waits for a retry — a chat's events stay in order.
pub(super) async fn due(
    store: &SqliteStore,
    now: DateTime<Utc>,
    per_chat: i64,
    limit: i64,
) -> StoreResult<Vec<PendingInbound>> {
    let rows = sqlx::query(
        "SELECT e.id, e.channel, e.external_id, e.address, e.body, e.lang_hint, e.received_at, e.via, e.attempts
         FROM (SELECT id,
                 ROW_NUMBER() OVER chat AS pos,
                 MAX(COALESCE(retry_at, '') > ?1) OVER chat AS blocked
               FROM inbound_events WHERE processed_at IS NULL AND dead_at IS NULL
               WINDOW chat AS (PARTITION BY channel, address ORDER BY id)) r
         JOIN inbound_events e ON e.id = r.id
         WHERE r.blocked = 0 AND r.pos <= ?2
         ORDER BY r.id LIMIT ?3",
    )
    .bind(ts(now))
    .bind(per_chat)
    .bind(limit)
    .fetch_all(&store.pool)
    .await?;
    rows.iter().map(pending_from_row).collect()
}

pub(super) async fn fail(
    store: &SqliteStore,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let (retry, dead) = match retry_at {
        Some(at) => (Some(ts(at)), None),
        None => (None, Some(ts(now))),
    };
    sqlx::query(
        "UPDATE inbound_events SET attempts = attempts + 1, last_error = ?, retry_at = ?, dead_at = ?
         WHERE id = ? AND processed_at IS NULL",
    )
    .bind(error)
    .bind(retry)
    .bind(dead)
    .bind(id)
    .execute(&store.writer)
    .await?;
    Ok(())
}

pub(super) async fn failed(store: &SqliteStore, dead_only: bool, limit: i64) -> StoreResult<Vec<FailedInbound>> {
    let rows = sqlx::query(
        "SELECT id, channel, attempts, last_error, received_at, retry_at, dead_at FROM inbound_events
         WHERE processed_at IS NULL AND attempts > 0 AND (dead_at IS NOT NULL OR NOT ?) ORDER BY id LIMIT ?",
    )
    .bind(dead_only)
    .bind(limit)
    .fetch_all(&store.pool)
    .await?;
    let time = |r: &sqlx::sqlite::SqliteRow, column: &str| {
        r.get::<Option<String>, _>(column).map(|t| parse_ts(&t)).transpose()
    };
    rows.iter()
        .map(|r| {
            Ok(FailedInbound {
                id: r.get("id"),
                channel: crate::domain::Channel::from_column(r.get("channel"))?,
                attempts: r.get("attempts"),
                last_error: r.get("last_error"),
                received_at: parse_ts(r.get("received_at"))?,
                retry_at: if r.get::<Option<String>, _>("dead_at").is_some() { None } else { time(r, "retry_at")? },
                dead_at: time(r, "dead_at")?,
            })
        })
        .collect()
}

pub(super) async fn revive(store: &SqliteStore, which: Option<i64>) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE inbound_events SET dead_at = NULL, retry_at = NULL, attempts = 0
         WHERE dead_at IS NOT NULL AND processed_at IS NULL AND (?1 IS NULL OR id = ?1)",
    )
    .bind(which)
    .execute(&store.writer)
    .await?;
    Ok(done.rows_affected())
}
