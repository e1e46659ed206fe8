//! SQLite implementation of [`SmsStore`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Row, Transaction};

use super::sqlite_rows::{corrupt, enqueue, parse_ts, ts};
use super::*;

#[async_trait]
impl SmsStore for SqliteStore {
    async fn own_phone(&self, address: &Address) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT phone FROM reporter_phones WHERE channel = ? AND address = ?")
            .bind(address.channel.as_str())
            .bind(&address.id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn push_sms(&self, push: &SmsPush) -> StoreResult<PushOutcome> {
        let mut tx = self.write_tx().await?;
        // Finish the notify job first, and only if it is still ours: a run whose lease ran out and
        // whose job another run took must not count against the cap or fold the change twice.
        let finished = sqlx::query(
            "UPDATE outbox SET state = 'done', done_at = ?, lease_until = NULL WHERE id = ? AND state = 'running'",
        )
        .bind(ts(push.now))
        .bind(push.notify_job)
        .execute(&mut *tx)
        .await?;
        if finished.rows_affected() == 0 {
            return Ok(PushOutcome::AlreadyDone);
        }
        let day = push.day.to_string();
        let sent: i64 = sqlx::query_scalar("SELECT sent FROM sms_push_quota WHERE phone = ? AND day = ?")
            .bind(&push.phone)
            .bind(&day)
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or(0);
        let outcome = if sent < i64::from(push.cap) {
            // Counted in SMS, not pushes: a long note sent as "(1/2)" parts costs two.
            let parts = push.send.len().max(1) as i64;
            sqlx::query(
                "INSERT INTO sms_push_quota (phone, day, sent) VALUES (?, ?, ?)
                 ON CONFLICT (phone, day) DO UPDATE SET sent = sent + excluded.sent",
            )
            .bind(&push.phone)
            .bind(&day)
            .bind(parts)
            .execute(&mut *tx)
            .await?;
            for job in &push.send {
                enqueue(&mut tx, job, push.now).await?;
            }
            PushOutcome::Sent
        } else {
            fold_into_digest(&mut tx, push).await?;
            PushOutcome::Folded
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn record_delivery(&self, r: &DeliveryReport, job_kind: &str) -> StoreResult<bool> {
        let ours: Option<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE id = ? AND kind = ?")
            .bind(r.job_id)
            .bind(job_kind)
            .fetch_optional(&self.pool)
            .await?;
        if ours.is_none() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO sms_deliveries (job_id, part, provider, status, detail, at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (job_id, part) DO UPDATE SET status = excluded.status, detail = excluded.detail,
                 provider = excluded.provider, at = excluded.at
             WHERE sms_deliveries.status NOT IN ('delivered', 'failed')",
        )
        .bind(r.job_id)
        .bind(r.part)
        .bind(&r.provider)
        .bind(r.status.as_str())
        .bind(&r.detail)
        .bind(ts(r.at))
        .execute(&self.writer)
        .await?;
        Ok(true)
    }

    async fn deliveries(&self, job_id: i64) -> StoreResult<Vec<DeliveryReport>> {
        let rows = sqlx::query("SELECT * FROM sms_deliveries WHERE job_id = ? ORDER BY part")
            .bind(job_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DeliveryReport {
                    job_id: r.get("job_id"),
                    part: r.get("part"),
                    provider: r.get("provider"),
                    status: DeliveryStatus::parse(r.get("status")).ok_or_else(|| corrupt("delivery status"))?,
                    detail: r.get("detail"),
                    at: parse_ts(r.get("at"))?,
                })
            })
            .collect()
    }
}

/// Creates the day's digest job with this item, or appends the item while the digest still waits. If the
/// day's digest has already left, the item starts a digest of its own (it is never dropped).
async fn fold_into_digest(tx: &mut Transaction<'static, sqlx::Sqlite>, push: &SmsPush) -> StoreResult<()> {
    if upsert_digest(tx, push, &push.digest.dedupe_key).await? {
        return Ok(());
    }
    let key = format!("{}:{}", push.digest.dedupe_key, push.notify_job);
    upsert_digest(tx, push, &key).await?;
    Ok(())
}

/// True when a digest under `key` was created or extended.
async fn upsert_digest(tx: &mut Transaction<'static, sqlx::Sqlite>, push: &SmsPush, key: &str) -> StoreResult<bool> {
    let d = &push.digest;
    let done = sqlx::query(
        "INSERT INTO outbox (kind, dedupe_key, payload, priority, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (dedupe_key) DO UPDATE SET payload = json_insert(outbox.payload, ?, json(?))
         WHERE outbox.state = 'pending'",
    )
    .bind(&d.kind)
    .bind(key)
    .bind(d.payload.to_string())
    .bind(d.priority)
    .bind(ts(d.run_at))
    .bind(ts(push.now))
    // The digest's type names where its items go; the store only appends.
    .bind(format!("{}[#]", crate::jobs::SmsDigest::APPEND_PATH))
    .bind(push.item.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Remembers the reporter's own phone, shared in the step being committed.
pub(super) async fn save_own_phone(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    address: &Address,
    phone: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO reporter_phones (channel, address, phone, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel, address) DO UPDATE SET phone = excluded.phone, at = excluded.at",
    )
    .bind(address.channel.as_str())
    .bind(&address.id)
    .bind(phone)
    .bind(ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
