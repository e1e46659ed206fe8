//! SQLite implementation of [`ForwardStore`]: central IDs, status updates, polls, media, dead letters.

use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Row, Sqlite, Transaction};
use uuid::Uuid;

use super::sqlite_rows::{corrupt, enqueue, parse_json, parse_ts, ts};
use super::*;
use crate::domain::TicketStatus;
use crate::jobs::{BackgroundJob, ForwardTicket, StatusChanged};

#[async_trait]
impl ForwardStore for SqliteStore {
    async fn ticket_by_id(&self, id: Uuid) -> StoreResult<Option<TicketRecord>> {
        self.load_record("SELECT * FROM tickets WHERE id = ?", &id.to_string()).await
    }

    async fn central_ref(&self, id: Uuid) -> StoreResult<CentralRef> {
        let row = sqlx::query(
            "SELECT central_id, tracking_url, central_token, create_uncertain_at FROM tickets WHERE id = ?",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| super::sqlite_rows::central_ref_of(&r)).transpose().map(Option::unwrap_or_default)
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

    async fn central_ticket(&self, central_id: &str) -> StoreResult<Option<CentralTicket>> {
        let Some(r) = sqlx::query(
            "SELECT id, tracking_id, status, central_word, central_note, central_agency, central_seen_at,
                    central_observed_at, central_version FROM tickets WHERE central_id = ?",
        )
        .bind(central_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let opt_ts = |col: &str| r.get::<Option<&str>, _>(col).map(parse_ts).transpose();
        Ok(Some(CentralTicket {
            id: Uuid::parse_str(r.get("id")).map_err(corrupt)?,
            tracking_id: r.get("tracking_id"),
            seen: CentralSeen {
                status: Some(TicketStatus::from_str(r.get("status")).map_err(corrupt)?),
                word: r.get("central_word"),
                note: r.get("central_note"),
                agency: r.get("central_agency"),
                seen_at: opt_ts("central_seen_at")?,
                observed_at: opt_ts("central_observed_at")?,
                version: r.get("central_version"),
            },
        }))
    }

    async fn write_central(&self, w: &CentralWrite) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let id = w.ticket_id.to_string();
        let kept = sqlx::query(
            "UPDATE tickets SET central_word = ?, central_note = ?, central_agency = ?, central_seen_at = ?,
                    central_observed_at = ?, central_version = central_version + 1
             WHERE id = ? AND central_version = ?",
        )
        .bind(&w.word)
        .bind(&w.note)
        .bind(&w.agency)
        .bind(w.seen_at.map(ts))
        .bind(ts(w.now))
        .bind(&id)
        .bind(w.expected_version)
        .execute(&mut *tx)
        .await?;
        if kept.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some((status, note)) = &w.change {
            sqlx::query("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")
                .bind(status.as_str())
                .bind(ts(w.now))
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            add_history(&mut tx, w.ticket_id, *status, note.as_deref(), w.source, w.now).await?;
        }
        if w.stop_polling {
            sqlx::query("UPDATE tickets SET next_poll_at = NULL WHERE id = ?").bind(&id).execute(&mut *tx).await?;
        } else {
            sqlx::query("UPDATE tickets SET next_poll_at = ? WHERE id = ? AND next_poll_at IS NULL")
                .bind(ts(w.now))
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn due_orphan_checks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OrphanCheck>> {
        let rows = sqlx::query(
            "SELECT id, central_id, created_at, orphan_checks FROM tickets
             WHERE orphan_check_at IS NOT NULL AND orphan_check_at <= ? AND central_id IS NOT NULL
             ORDER BY orphan_check_at LIMIT ?",
        )
        .bind(ts(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OrphanCheck {
                    ticket_id: Uuid::parse_str(r.get("id")).map_err(corrupt)?,
                    central_id: r.get("central_id"),
                    created_at: parse_ts(r.get("created_at"))?,
                    failed_looks: r.get("orphan_checks"),
                })
            })
            .collect()
    }

    async fn record_orphans(
        &self,
        ticket_id: Uuid,
        found: &[(Option<String>, String)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        insert_orphans(&mut tx, ticket_id, found, now).await?;
        sqlx::query("UPDATE tickets SET orphan_check_at = NULL WHERE id = ?")
            .bind(ticket_id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_orphans(&self, limit: i64) -> StoreResult<Vec<OrphanRow>> {
        let rows = sqlx::query(
            "SELECT t.tracking_id, t.central_id AS kept, o.central_id, o.detail, o.found_at
             FROM central_orphans o JOIN tickets t ON t.id = o.ticket_id ORDER BY o.id LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OrphanRow {
                    tracking_id: r.get("tracking_id"),
                    kept: r.get("kept"),
                    central_id: r.get("central_id"),
                    detail: r.get("detail"),
                    found_at: parse_ts(r.get("found_at"))?,
                })
            })
            .collect()
    }

    async fn hold_job(&self, id: i64, ticket: Uuid, reason: &str) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let waiting: Option<Option<String>> = sqlx::query_scalar("SELECT opd_code FROM tickets WHERE id = ?")
            .bind(ticket.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let parked = matches!(waiting, Some(None));
        let (state, error) = if parked { ("held", Some(reason)) } else { ("pending", None) };
        sqlx::query("UPDATE outbox SET state = ?, lease_until = NULL, last_error = ? WHERE id = ?")
            .bind(state)
            .bind(error)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(parked)
    }

    async fn mark_create_uncertain(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE tickets SET create_uncertain_at = ? WHERE id = ? AND create_uncertain_at IS NULL")
            .bind(ts(now))
            .bind(id.to_string())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn postpone_orphan_check(&self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE tickets SET orphan_check_at = ?, orphan_checks = orphan_checks + 1 WHERE id = ?")
            .bind(ts(at))
            .bind(id.to_string())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn assign_opd(&self, id: Uuid, opd_code: &str, decided_by: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let key = id.to_string();
        let updated = sqlx::query(
            "UPDATE tickets SET opd_code = ?, updated_at = ? WHERE id = ? AND central_id IS NULL AND opd_code IS NULL",
        )
        .bind(opd_code)
        .bind(ts(now))
        .bind(&key)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        // Held by the worker, dead from before triage existed, or still pending: it runs now, with the OPD.
        // A running one is left to its worker, whose hold sees the OPD and makes it due again.
        sqlx::query(
            "UPDATE outbox SET state = 'pending', run_at = ?, budget_from = ?, last_error = NULL, attempts = 0
             WHERE dedupe_key = ? AND state IN ('held', 'dead')",
        )
        .bind(ts(now))
        .bind(ts(now))
        .bind(ForwardTicket { ticket_id: id }.dedupe_key())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO routing_decisions (ticket_id, opd_code, suggested, decided_by, corrected, at)
             VALUES (?, ?, (SELECT suggested FROM routing_decisions WHERE ticket_id = ? ORDER BY id LIMIT 1), ?, 1, ?)",
        )
        .bind(&key)
        .bind(opd_code)
        .bind(&key)
        .bind(decided_by)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn record_media_unavailable(&self, id: Uuid, position: i64, reason: &str) -> StoreResult<()> {
        sqlx::query("UPDATE ticket_media SET unavailable = ? WHERE ticket_id = ? AND position = ?")
            .bind(reason)
            .bind(id.to_string())
            .bind(position)
            .execute(&self.writer)
            .await?;
        Ok(())
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
            "SELECT position, file_ref, token, path, mime, unavailable FROM ticket_media WHERE ticket_id = ?
             ORDER BY position",
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
                unavailable: r.get("unavailable"),
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
        let mut tx = self.write_tx().await?;
        mark_unreachable(&mut tx, address, reason, now).await?;
        tx.commit().await?;
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

    async fn recipient_unreachable(
        &self,
        job_id: i64,
        address: &Address,
        reason: &str,
        reroute: Option<&NewJob>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        mark_unreachable(&mut tx, address, reason, now).await?;
        sqlx::query(
            "UPDATE outbox SET state = 'dead', lease_until = NULL, last_error = ?, send_started_at = NULL WHERE id = ?",
        )
        .bind(reason)
        .bind(job_id)
        .execute(&mut *tx)
        .await?;
        if let Some(job) = reroute {
            enqueue(&mut tx, job, now).await?;
        }
        tx.commit().await?;
        Ok(())
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
        rows.iter().map(job_row).collect()
    }

    async fn find_job(&self, dedupe_key: &str) -> StoreResult<Option<JobRow>> {
        let row = sqlx::query(
            "SELECT id, kind, dedupe_key, state, attempts, last_error, run_at, created_at, payload FROM outbox
             WHERE dedupe_key = ?",
        )
        .bind(dedupe_key)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(job_row).transpose()
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

pub(super) async fn mark_unreachable(
    tx: &mut Transaction<'static, Sqlite>,
    address: &Address,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO unreachable_addresses (channel, address, reason, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel, address) DO UPDATE SET reason = excluded.reason, at = excluded.at",
    )
    .bind(address.channel.as_str())
    .bind(&address.id)
    .bind(reason)
    .bind(ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets an unreachable mark: the chat can be reached again.
pub(super) async fn mark_reachable(tx: &mut Transaction<'static, Sqlite>, address: &Address) -> StoreResult<()> {
    sqlx::query("DELETE FROM unreachable_addresses WHERE channel = ? AND address = ?")
        .bind(address.channel.as_str())
        .bind(&address.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn job_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<JobRow> {
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
    let job = StatusChanged {
        ticket_id: id,
        history_id: Some(history_id),
        status: status.as_str().into(),
        note: note.map(Into::into),
    };
    enqueue(tx, &job.to_row(now), now).await
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
    if let Some(at) = f.orphan_check_at {
        sqlx::query("UPDATE tickets SET orphan_check_at = ? WHERE id = ?")
            .bind(ts(at))
            .bind(f.id.to_string())
            .execute(&mut **tx)
            .await?;
    }
    let found: Vec<(Option<String>, String)> = f
        .orphans
        .iter()
        .map(|c| (Some(c.clone()), "found before re-sending: an earlier attempt reached the server".to_string()))
        .collect();
    insert_orphans(tx, f.id, &found, now).await?;
    Ok(true)
}

async fn insert_orphans(
    tx: &mut Transaction<'static, Sqlite>,
    ticket_id: Uuid,
    found: &[(Option<String>, String)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for (central_id, detail) in found {
        sqlx::query(
            "INSERT INTO central_orphans (ticket_id, central_id, detail, found_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (ticket_id, central_id) DO NOTHING",
        )
        .bind(ticket_id.to_string())
        .bind(central_id)
        .bind(detail)
        .bind(ts(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
