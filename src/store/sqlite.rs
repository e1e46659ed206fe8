//! The embedded default: SQLite in WAL mode, one file, no service to run.

use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use uuid::Uuid;

use super::sqlite_rows::{corrupt, parse_json, parse_ts, pending_from_row, ts};
use super::*;
use crate::domain::{Channel, TicketStatus};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[async_trait]
impl Store for SqliteStore {
    async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.writer).await?;
        Ok(())
    }

    async fn ready(&self) -> StoreResult<bool> {
        let table: Option<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                .fetch_optional(&self.pool)
                .await?;
        if table.is_none() {
            return Ok(false);
        }
        let applied: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1").fetch_one(&self.pool).await?;
        Ok(applied as usize >= MIGRATOR.iter().count())
    }

    async fn accept_inbound(&self, event: &InboundEvent) -> StoreResult<Accepted> {
        let body = serde_json::to_string(&event.body).map_err(corrupt)?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO inbound_events (channel, external_id, address, body, lang_hint, received_at, via) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (channel, external_id) DO NOTHING RETURNING id",
        )
        .bind(event.address.channel.as_str())
        .bind(&event.external_id)
        .bind(&event.address.id)
        .bind(body)
        .bind(&event.lang_hint)
        .bind(ts(event.received_at))
        .bind(&event.via)
        .fetch_optional(&self.writer)
        .await?;
        Ok(id.map_or(Accepted::Duplicate, Accepted::New))
    }

    async fn inbound_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM inbound_events").fetch_one(&self.pool).await?)
    }

    async fn last_inbound(&self, address: &Address) -> StoreResult<Option<(String, DateTime<Utc>)>> {
        let row = sqlx::query(
            "SELECT external_id, received_at FROM inbound_events WHERE channel = ? AND address = ?
             ORDER BY id DESC LIMIT 1",
        )
        .bind(address.channel.as_str())
        .bind(&address.id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.get("external_id"), parse_ts(r.get::<&str, _>("received_at"))?))).transpose()
    }

    async fn sent_job(&self, kind: &str, sent_ref: &str) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM outbox WHERE kind = ? AND sent_ref = ? ORDER BY id DESC LIMIT 1")
            .bind(kind)
            .bind(sent_ref)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn pending_inbound(&self, limit: i64) -> StoreResult<Vec<PendingInbound>> {
        let rows = sqlx::query(
            "SELECT id, channel, external_id, address, body, lang_hint, received_at, via, attempts FROM inbound_events
             WHERE processed_at IS NULL AND dead_at IS NULL ORDER BY id LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(pending_from_row).collect()
    }

    async fn due_inbound(&self, now: DateTime<Utc>, per_chat: i64, limit: i64) -> StoreResult<Vec<PendingInbound>> {
        super::sqlite_inbox::due(self, now, per_chat, limit).await
    }

    async fn fail_inbound(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        super::sqlite_inbox::fail(self, id, error, retry_at, now).await
    }

    async fn failed_inbound(&self, dead_only: bool, limit: i64) -> StoreResult<Vec<FailedInbound>> {
        super::sqlite_inbox::failed(self, dead_only, limit).await
    }

    async fn revive_inbound(&self, which: Option<i64>) -> StoreResult<u64> {
        super::sqlite_inbox::revive(self, which).await
    }

    async fn load_conversation(&self, address: &Address) -> StoreResult<Option<Conversation>> {
        let row = sqlx::query(
            "SELECT kind, state, dialog_version, version FROM conversations WHERE channel = ? AND address = ?",
        )
        .bind(address.channel.as_str())
        .bind(&address.id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Conversation {
                kind: r.get::<&str, _>("kind").parse().map_err(corrupt)?,
                state: parse_json(r.get::<&str, _>("state"))?,
                dialog_version: r.get("dialog_version"),
                version: r.get("version"),
            })
        })
        .transpose()
    }

    async fn commit_step(&self, commit: &StepCommit) -> StoreResult<CommitOutcome> {
        let mut outcomes = super::sqlite_steps::commit_steps(self, std::slice::from_ref(commit)).await?;
        Ok(outcomes.pop().unwrap_or(CommitOutcome::Conflict))
    }

    async fn commit_steps(&self, commits: &[StepCommit]) -> StoreResult<Vec<CommitOutcome>> {
        super::sqlite_steps::commit_steps(self, commits).await
    }

    async fn load_conversations(&self, addresses: &[Address]) -> StoreResult<Vec<(Address, Conversation)>> {
        super::sqlite_steps::load_conversations(self, addresses).await
    }

    async fn find_ticket(&self, tracking_id: &str) -> StoreResult<Option<TicketView>> {
        let Some(row) = sqlx::query(
            "SELECT id, tracking_id, channel, reporter, status, opd_code, created_at FROM tickets WHERE tracking_id = ?",
        )
        .bind(tracking_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let id: String = row.get("id");
        let history = sqlx::query("SELECT status, note, at FROM ticket_status_history WHERE ticket_id = ? ORDER BY id")
            .bind(&id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|h| {
                Ok(StatusEntry {
                    status: TicketStatus::from_str(h.get("status")).map_err(corrupt)?,
                    note: h.get("note"),
                    at: parse_ts(h.get("at"))?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(TicketView {
            id: Uuid::parse_str(&id).map_err(corrupt)?,
            tracking_id: row.get("tracking_id"),
            reporter: Address::new(Channel::from_column(row.get("channel"))?, row.get::<String, _>("reporter")),
            status: TicketStatus::from_str(row.get("status")).map_err(corrupt)?,
            opd_code: row.get("opd_code"),
            created_at: parse_ts(row.get("created_at"))?,
            history,
        }))
    }

    async fn ticket_record(&self, tracking_id: &str) -> StoreResult<Option<TicketRecord>> {
        self.load_record("SELECT * FROM tickets WHERE tracking_id = ?", tracking_id).await
    }

    async fn count_tickets(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM tickets").fetch_one(&self.pool).await?)
    }

    async fn claim_jobs(
        &self,
        kind: &str,
        limit: i64,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<Job>> {
        // One statement, so the claim is atomic. Claimable: due pending jobs, and running jobs whose lease
        // expired or whose holder stopped beating (a crashed process). A job whose chat has an earlier
        // job held by another live process, or waiting for a retry, is not: a chat's jobs leave in order.
        // A picked job brings its chat's earlier claimable jobs along, so a batch cut by `limit` never
        // holds a later job without the earlier ones.
        let rows = sqlx::query(
            "WITH gone AS (SELECT id FROM workers WHERE expires_at < ?3),
             cand AS (
                SELECT id, chat FROM (
                    SELECT id, priority, chat FROM (SELECT o.id, o.priority, o.chat FROM outbox o
                        WHERE o.kind = ?2 AND o.state = 'pending' AND o.run_at <= ?3 AND NOT EXISTS (
                            SELECT 1 FROM outbox p WHERE p.kind = ?2 AND p.chat = o.chat AND p.id < o.id
                                AND p.state IN ('pending', 'running') AND (p.run_at > ?3 OR (p.state = 'running'
                                AND p.lease_until >= ?3 AND p.lease_owner IS NOT ?5
                                AND COALESCE(p.lease_owner, '') NOT IN (SELECT id FROM gone))))
                        ORDER BY o.priority, o.id LIMIT ?4)
                    UNION ALL
                    SELECT id, priority, chat FROM (SELECT o.id, o.priority, o.chat FROM outbox o
                        WHERE o.kind = ?2 AND o.state = 'running'
                            AND (o.lease_until < ?3 OR o.lease_owner IN (SELECT id FROM gone)) AND NOT EXISTS (
                            SELECT 1 FROM outbox p WHERE p.kind = ?2 AND p.chat = o.chat AND p.id < o.id
                                AND p.state IN ('pending', 'running') AND (p.run_at > ?3 OR (p.state = 'running'
                                AND p.lease_until >= ?3 AND p.lease_owner IS NOT ?5
                                AND COALESCE(p.lease_owner, '') NOT IN (SELECT id FROM gone))))
                        LIMIT ?4))
                ORDER BY priority, id LIMIT ?4),
             picked AS (
                SELECT id FROM cand
                UNION
                SELECT p.id FROM cand c JOIN outbox p ON p.kind = ?2 AND p.chat = c.chat AND p.id < c.id
                WHERE p.state = 'pending' OR (p.state = 'running'
                    AND (p.lease_until < ?3 OR p.lease_owner IN (SELECT id FROM gone))))
             UPDATE outbox SET state = 'running', lease_until = ?1, lease_owner = ?5, attempts = attempts + 1,
                 maybe_sent = (send_started_at IS NOT NULL), send_started_at = NULL
             WHERE id IN (SELECT id FROM picked)
             RETURNING id, kind, dedupe_key, payload, priority, attempts, COALESCE(budget_from, created_at) AS budget_from,
                 maybe_sent",
        )
        .bind(ts(lease_until))
        .bind(kind)
        .bind(ts(now))
        .bind(limit)
        .bind(self.claim_owner())
        .fetch_all(&self.writer)
        .await?;
        let mut jobs = rows
            .iter()
            .map(|r| {
                Ok(Job {
                    id: r.get("id"),
                    kind: r.get("kind"),
                    dedupe_key: r.get("dedupe_key"),
                    payload: parse_json(r.get::<&str, _>("payload"))?,
                    priority: r.get("priority"),
                    attempts: r.get("attempts"),
                    budget_from: parse_ts(r.get("budget_from"))?,
                    maybe_sent: r.get("maybe_sent"),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    async fn complete_job(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'done', done_at = ?, lease_until = NULL, last_error = NULL, send_started_at = NULL
             WHERE id = ?",
        )
        .bind(ts(now))
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn complete_jobs(&self, ids: &[i64], now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'done', done_at = ?, lease_until = NULL, last_error = NULL, send_started_at = NULL
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(ts(now))
        .bind(serde_json::to_string(ids).map_err(corrupt)?)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn renew_leases(&self, ids: &[i64], lease_until: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET lease_until = ? WHERE state = 'running' AND id IN (SELECT value FROM json_each(?))",
        )
        .bind(ts(lease_until))
        .bind(serde_json::to_string(ids).map_err(corrupt)?)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn release_jobs(&self, ids: &[i64]) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'pending', lease_until = NULL, attempts = MAX(attempts - 1, 0), send_started_at = NULL
             WHERE state = 'running' AND id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(ids).map_err(corrupt)?)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn begin_sends(&self, ids: &[i64], now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "UPDATE outbox SET send_started_at = ?1
             WHERE state = 'running' AND lease_owner IS ?2 AND id IN (SELECT value FROM json_each(?3)) RETURNING id",
        )
        .bind(ts(now))
        .bind(self.claim_owner())
        .bind(serde_json::to_string(ids).map_err(corrupt)?)
        .fetch_all(&self.writer)
        .await?)
    }

    async fn complete_sends(&self, sent: &[SentJob], now: DateTime<Utc>) -> StoreResult<()> {
        let sent: Vec<serde_json::Value> =
            sent.iter().map(|s| serde_json::json!({ "id": s.id, "ref": s.reference })).collect();
        sqlx::query(
            "UPDATE outbox SET state = 'done', done_at = ?1, lease_until = NULL, last_error = NULL, send_started_at = NULL,
                 sent_ref = (SELECT json_extract(value, '$.ref') FROM json_each(?2) WHERE json_extract(value, '$.id') = outbox.id)
             WHERE id IN (SELECT json_extract(value, '$.id') FROM json_each(?2))",
        )
        .bind(ts(now))
        .bind(serde_json::Value::Array(sent).to_string())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn cancel_send(&self, id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET send_started_at = NULL WHERE id = ? AND state = 'running'")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn heartbeat(&self, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO workers (id, started_at, beat_at, expires_at) VALUES (?1, ?2, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at, expires_at = excluded.expires_at",
        )
        .bind(&self.owner)
        .bind(ts(now))
        .bind(ts(expires_at))
        .execute(&mut *tx)
        .await?;
        // Rows of processes gone for a day hold nothing any more (their claims were taken back).
        sqlx::query("DELETE FROM workers WHERE expires_at < ?")
            .bind(ts(now - chrono::Duration::days(1)))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.beating.store(true, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    async fn retire(&self) -> StoreResult<()> {
        sqlx::query("DELETE FROM workers WHERE id = ?").bind(&self.owner).execute(&self.writer).await?;
        Ok(())
    }

    async fn fail_job(&self, id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()> {
        let (state, run_at) = match retry_at {
            Some(at) => ("pending", Some(ts(at))),
            None => ("dead", None),
        };
        sqlx::query(
            "UPDATE outbox SET state = ?, run_at = COALESCE(?, run_at), lease_until = NULL, last_error = ?,
                 send_started_at = NULL WHERE id = ?",
        )
        .bind(state)
        .bind(run_at)
        .bind(error)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn purge_before(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let cutoff = ts(before);
        let jobs = sqlx::query("DELETE FROM outbox WHERE state = 'done' AND done_at < ?")
            .bind(&cutoff)
            .execute(&self.writer)
            .await?
            .rows_affected();
        let events = sqlx::query("DELETE FROM inbound_events WHERE processed_at IS NOT NULL AND processed_at < ?")
            .bind(&cutoff)
            .execute(&self.writer)
            .await?
            .rows_affected();
        // SMS bookkeeping: delivery reports age with their messages; a push quota matters for its day only.
        let deliveries = sqlx::query("DELETE FROM sms_deliveries WHERE at < ?")
            .bind(&cutoff)
            .execute(&self.writer)
            .await?
            .rows_affected();
        let quotas = sqlx::query("DELETE FROM sms_push_quota WHERE day < ?")
            .bind(before.date_naive().to_string())
            .execute(&self.writer)
            .await?
            .rows_affected();
        Ok(jobs + events + deliveries + quotas)
    }

    async fn outbox_counts(&self, kind: &str) -> StoreResult<OutboxCounts> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM outbox WHERE kind = ? GROUP BY state")
            .bind(kind)
            .fetch_all(&self.pool)
            .await?;
        let mut counts = OutboxCounts::default();
        for r in rows {
            let n: i64 = r.get("n");
            match r.get::<&str, _>("state") {
                "pending" => counts.pending = n,
                "running" => counts.running = n,
                "done" => counts.done = n,
                "dead" => counts.dead = n,
                other => return Err(corrupt(format!("outbox state {other:?}"))),
            }
        }
        Ok(counts)
    }
}
