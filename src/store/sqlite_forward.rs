//! SQLite implementation of [`ForwardStore`]: central IDs, status updates, polls, media, dead letters.

use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Row, Sqlite, Transaction};
use uuid::Uuid;

use super::sqlite::{corrupt, enqueue, parse_json, parse_ts, ts};
use super::*;
use crate::domain::TicketStatus;

/// The outbox kind of "tell the reporter about this status change" jobs.
pub const NOTIFY_JOB: &str = "notify";

#[async_trait]
impl ForwardStore for SqliteStore {
    async fn ticket_by_id(&self, id: Uuid) -> StoreResult<Option<TicketRecord>> {
        self.load_record("SELECT * FROM tickets WHERE id = ?", &id.to_string()).await
    }

    async fn central_ref(&self, id: Uuid) -> StoreResult<CentralRef> {
        let row = sqlx::query("SELECT central_id, tracking_url, central_token FROM tickets WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|r| CentralRef {
                central_id: r.get("central_id"),
                tracking_url: r.get("tracking_url"),
                token: r.get("central_token"),
            })
            .unwrap_or_default())
    }

    async fn record_token(&self, id: Uuid, token: &str) -> StoreResult<()> {
        sqlx::query("UPDATE tickets SET central_token = ? WHERE id = ? AND central_id IS NULL")
            .bind(token)
            .bind(id.to_string())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn record_forwarded(&self, f: &Forwarded, now: DateTime<Utc>) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let recorded = record_one(&mut tx, f, now).await?;
        tx.commit().await?;
        Ok(recorded)
    }

    async fn forward_inputs(&self, ids: &[Uuid]) -> StoreResult<std::collections::HashMap<Uuid, ForwardInput>> {
        super::sqlite_forward_batch::forward_inputs(self, ids).await
    }

    async fn record_forwarded_many(&self, forwarded: &[Forwarded], now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        for f in forwarded {
            record_one(&mut tx, f, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn record_central_update(&self, u: &CentralUpdate) -> StoreResult<UpdateOutcome> {
        let mut tx = self.write_tx().await?;
        let Some(row) = sqlx::query("SELECT id, status FROM tickets WHERE central_id = ?")
            .bind(&u.central_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(UpdateOutcome::UnknownTicket);
        };
        let fresh = sqlx::query(
            "INSERT INTO central_updates (central_id, status, updated_at, received_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (central_id, status, updated_at) DO NOTHING",
        )
        .bind(&u.central_id)
        .bind(u.status.as_str())
        .bind(&u.central_updated_at)
        .bind(ts(u.now))
        .execute(&mut *tx)
        .await?;
        if fresh.rows_affected() == 0 {
            return Ok(UpdateOutcome::Duplicate);
        }
        let id = Uuid::parse_str(row.get("id")).map_err(corrupt)?;
        let current = TicketStatus::from_str(row.get("status")).map_err(corrupt)?;
        // A late report of an older change must not move the ticket backwards.
        let newer: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM central_updates WHERE central_id = ? AND updated_at > ? AND updated_at GLOB '[0-9]*'",
        )
        .bind(&u.central_id)
        .bind(&u.central_updated_at)
        .fetch_one(&mut *tx)
        .await?;
        let last_note: Option<String> =
            sqlx::query_scalar("SELECT note FROM ticket_status_history WHERE ticket_id = ? ORDER BY id DESC LIMIT 1")
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
        let nothing_new = current == u.status && (u.note.is_none() || u.note == last_note);
        if newer > 0 || nothing_new {
            tx.commit().await?;
            return Ok(UpdateOutcome::Unchanged);
        }
        sqlx::query("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")
            .bind(u.status.as_str())
            .bind(ts(u.now))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if u.status.is_final() {
            sqlx::query("UPDATE tickets SET next_poll_at = NULL WHERE id = ?")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        add_history(&mut tx, id, u.status, u.note.as_deref(), u.source, u.now).await?;
        tx.commit().await?;
        Ok(UpdateOutcome::Changed)
    }

    async fn due_polls(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<PollTarget>> {
        let rows = sqlx::query(
            "SELECT id, central_id, created_at FROM tickets
             WHERE central_id IS NOT NULL AND next_poll_at IS NOT NULL AND next_poll_at <= ?
             ORDER BY next_poll_at LIMIT ?",
        )
        .bind(ts(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PollTarget {
                    ticket_id: Uuid::parse_str(r.get("id")).map_err(corrupt)?,
                    central_id: r.get("central_id"),
                    created_at: parse_ts(r.get("created_at"))?,
                })
            })
            .collect()
    }

    async fn schedule_poll(&self, id: Uuid, at: Option<DateTime<Utc>>) -> StoreResult<()> {
        sqlx::query("UPDATE tickets SET next_poll_at = ? WHERE id = ?")
            .bind(at.map(ts))
            .bind(id.to_string())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn ticket_media(&self, id: Uuid) -> StoreResult<Vec<MediaRow>> {
        let rows = sqlx::query(
            "SELECT position, file_ref, token, path, mime FROM ticket_media WHERE ticket_id = ? ORDER BY position",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| MediaRow {
                position: r.get("position"),
                file_ref: r.get("file_ref"),
                token: r.get("token"),
                path: r.get("path"),
                mime: r.get("mime"),
            })
            .collect())
    }

    async fn record_media(&self, id: Uuid, position: i64, token: &str, path: &str, mime: &str) -> StoreResult<()> {
        sqlx::query("UPDATE ticket_media SET token = ?, path = ?, mime = ? WHERE ticket_id = ? AND position = ?")
            .bind(token)
            .bind(path)
            .bind(mime)
            .bind(id.to_string())
            .bind(position)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn media_by_token(&self, token: &str) -> StoreResult<Option<(String, String)>> {
        let row = sqlx::query("SELECT path, mime FROM ticket_media WHERE token = ? AND path IS NOT NULL")
            .bind(token)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get("path"), r.get("mime"))))
    }

    async fn mark_unreachable(&self, address: &Address, reason: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO unreachable_addresses (channel, address, reason, at) VALUES (?, ?, ?, ?)
             ON CONFLICT (channel, address) DO UPDATE SET reason = excluded.reason, at = excluded.at",
        )
        .bind(address.channel.as_str())
        .bind(&address.id)
        .bind(reason)
        .bind(ts(now))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn is_unreachable(&self, address: &Address) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM unreachable_addresses WHERE channel = ? AND address = ?")
            .bind(address.channel.as_str())
            .bind(&address.id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    async fn routing_corrections(&self) -> StoreResult<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT t.description, r.opd_code FROM routing_decisions r JOIN tickets t ON t.id = r.ticket_id
             WHERE r.corrected = 1 AND r.opd_code IS NOT NULL ORDER BY r.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get("description"), r.get("opd_code"))).collect())
    }

    async fn list_jobs(&self, kind: &str, state: Option<&str>, limit: i64) -> StoreResult<Vec<JobRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, dedupe_key, state, attempts, last_error, run_at, created_at, payload FROM outbox
             WHERE kind = ? AND (? IS NULL OR state = ?) ORDER BY id LIMIT ?",
        )
        .bind(kind)
        .bind(state)
        .bind(state)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(JobRow {
                    id: r.get("id"),
                    kind: r.get("kind"),
                    dedupe_key: r.get("dedupe_key"),
                    state: r.get("state"),
                    attempts: r.get("attempts"),
                    last_error: r.get("last_error"),
                    run_at: parse_ts(r.get("run_at"))?,
                    created_at: parse_ts(r.get("created_at"))?,
                    payload: parse_json(r.get::<&str, _>("payload"))?,
                })
            })
            .collect()
    }

    async fn hand_over(&self, done: Option<i64>, jobs: &[NewJob], now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        for job in jobs {
            enqueue(&mut tx, job, now).await?;
        }
        if let Some(done) = done {
            sqlx::query("UPDATE outbox SET state = 'done', done_at = ?, lease_until = NULL WHERE id = ?")
                .bind(ts(now))
                .bind(done)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn revive_jobs(&self, kind: &str, which: Revive, now: DateTime<Utc>) -> StoreResult<u64> {
        let key = match &which {
            Revive::AllDead => None,
            Revive::Key(k) => Some(k.as_str()),
        };
        let done = sqlx::query(
            "UPDATE outbox SET state = 'pending', run_at = ?, attempts = 0, budget_from = ?, lease_until = NULL
             WHERE kind = ? AND state = 'dead' AND (? IS NULL OR dedupe_key = ?)",
        )
        .bind(ts(now))
        .bind(ts(now))
        .bind(kind)
        .bind(key)
        .bind(key)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }
}

/// Appends a history row and queues the reporter's notification for it, in the caller's transaction.
async fn add_history(
    tx: &mut Transaction<'static, Sqlite>,
    id: Uuid,
    status: TicketStatus,
    note: Option<&str>,
    source: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let history_id: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_status_history (ticket_id, status, note, source, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(id.to_string())
    .bind(status.as_str())
    .bind(note)
    .bind(source)
    .bind(ts(now))
    .fetch_one(&mut **tx)
    .await?;
    let job = NewJob {
        kind: NOTIFY_JOB.into(),
        dedupe_key: format!("notify:{id}:{history_id}"),
        payload: serde_json::json!({ "ticket_id": id, "history_id": history_id, "status": status.as_str(), "note": note }),
        priority: 0,
        run_at: now,
    };
    enqueue(tx, &job, now).await
}

/// Completes the job, stores the central ID once and moves the ticket to `diteruskan` with its history
/// (which queues the reporter's notification). False when the ticket already had a central ID.
async fn record_one(tx: &mut Transaction<'static, Sqlite>, f: &Forwarded, now: DateTime<Utc>) -> StoreResult<bool> {
    if let Some(job) = f.done_job {
        sqlx::query(
            "UPDATE outbox SET state = 'done', done_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?",
        )
        .bind(ts(now))
        .bind(job)
        .execute(&mut **tx)
        .await?;
    }
    let updated = sqlx::query(
        "UPDATE tickets SET central_id = ?, tracking_url = ?, central_token = NULL, next_poll_at = ?,
            status = CASE WHEN status = 'diterima' THEN 'diteruskan' ELSE status END, updated_at = ?
         WHERE id = ? AND central_id IS NULL",
    )
    .bind(&f.central_id)
    .bind(&f.tracking_url)
    .bind(ts(f.first_poll))
    .bind(ts(now))
    .bind(f.id.to_string())
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    add_history(tx, f.id, TicketStatus::Diteruskan, None, "gateway", now).await?;
    Ok(true)
}
