//! Row helpers every SQLite file of the store shares: timestamps and JSON in columns, and the rows
//! written or read in more than one place (tickets, conversations, outbox jobs, inbound events).

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Transaction};
use uuid::Uuid;

use super::*;
use crate::domain::{Channel, TicketStatus};

pub(super) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(super) fn parse_ts(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn parse_json(s: &str) -> StoreResult<serde_json::Value> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

pub(super) fn pending_from_row(r: &SqliteRow) -> StoreResult<PendingInbound> {
    let channel = Channel::from_column(r.get("channel"))?;
    Ok(PendingInbound {
        id: r.get("id"),
        event: InboundEvent {
            address: Address::new(channel, r.get::<String, _>("address")),
            external_id: r.get("external_id"),
            body: serde_json::from_str(r.get("body")).map_err(corrupt)?,
            lang_hint: r.get("lang_hint"),
            received_at: parse_ts(r.get("received_at"))?,
            via: r.get("via"),
        },
        attempts: r.get("attempts"),
    })
}

/// Inserts or updates the conversation if nobody else wrote it since it was read.
pub(super) async fn save_conversation(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    address: &Address,
    c: &ConversationWrite,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let state = c.state.to_string();
    let written = match c.expected_version {
        None => sqlx::query(
            "INSERT INTO conversations (channel, address, kind, state, dialog_version, version, updated_at)
             VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (channel, address) DO NOTHING",
        )
        .bind(address.channel.as_str())
        .bind(&address.id)
        .bind(c.kind.as_str())
        .bind(state)
        .bind(&c.dialog_version)
        .bind(ts(now))
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        Some(v) => sqlx::query(
            "UPDATE conversations SET kind = ?, state = ?, dialog_version = ?, version = version + 1, updated_at = ?
             WHERE channel = ? AND address = ? AND version = ?",
        )
        .bind(c.kind.as_str())
        .bind(state)
        .bind(&c.dialog_version)
        .bind(ts(now))
        .bind(address.channel.as_str())
        .bind(&address.id)
        .bind(v)
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    Ok(written == 1)
}

/// Inserts a ticket with its first status, media and routing decision; false if the tracking ID is taken.
pub(super) async fn insert_ticket(tx: &mut Transaction<'static, sqlx::Sqlite>, t: &NewTicket) -> StoreResult<bool> {
    let id = t.id.to_string();
    let now = ts(t.created_at);
    let inserted = sqlx::query(
        "INSERT INTO tickets (id, tracking_id, channel, reporter, lang, dialog, description, location_lat, location_lon,
            address_text, occurred_on, report_type, anonymous, confidential, opd_code, status, answers, created_at, updated_at, via)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'diterima', ?, ?, ?, ?)
         ON CONFLICT (tracking_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&t.tracking_id)
    .bind(t.reporter.channel.as_str())
    .bind(&t.reporter.id)
    .bind(&t.lang)
    .bind(&t.dialog)
    .bind(&t.description)
    .bind(t.location.map(|l| l.0))
    .bind(t.location.map(|l| l.1))
    .bind(&t.address_text)
    .bind(t.occurred_on.map(|d| d.to_string()))
    .bind(&t.report_type)
    .bind(t.anonymous)
    .bind(t.confidential)
    .bind(&t.opd_code)
    .bind(t.answers.to_string())
    .bind(&now)
    .bind(&now)
    .bind(&t.via)
    .execute(&mut **tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO ticket_status_history (ticket_id, status, note, source, at) VALUES (?, 'diterima', NULL, 'gateway', ?)")
        .bind(&id)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    for (position, file_ref) in t.photos.iter().enumerate() {
        sqlx::query("INSERT INTO ticket_media (ticket_id, position, file_ref) VALUES (?, ?, ?)")
            .bind(&id)
            .bind(position as i64)
            .bind(file_ref)
            .execute(&mut **tx)
            .await?;
    }
    if t.opd_code.is_some() || t.opd_suggested.is_some() {
        sqlx::query(
            "INSERT INTO routing_decisions (ticket_id, opd_code, suggested, decided_by, corrected, at) VALUES (?, ?, ?, 'citizen', ?, ?)",
        )
        .bind(&id)
        .bind(&t.opd_code)
        .bind(&t.opd_suggested)
        .bind(t.opd_corrected)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}

pub(super) async fn enqueue(
    tx: &mut Transaction<'static, sqlx::Sqlite>,
    job: &NewJob,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO outbox (kind, dedupe_key, payload, priority, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(&job.kind)
    .bind(&job.dedupe_key)
    .bind(job.payload.to_string())
    .bind(job.priority)
    .bind(ts(job.run_at))
    .bind(ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) fn ticket_from_row(
    r: &SqliteRow,
    photos: Vec<String>,
    routing: Option<&SqliteRow>,
) -> StoreResult<TicketRecord> {
    let lat: Option<f64> = r.get("location_lat");
    let lon: Option<f64> = r.get("location_lon");
    let occurred: Option<String> = r.get("occurred_on");
    let ticket = NewTicket {
        id: Uuid::parse_str(r.get("id")).map_err(corrupt)?,
        tracking_id: r.get("tracking_id"),
        reporter: Address::new(Channel::from_column(r.get("channel"))?, r.get::<String, _>("reporter")),
        lang: r.get("lang"),
        dialog: r.get("dialog"),
        description: r.get("description"),
        location: lat.zip(lon),
        address_text: r.get("address_text"),
        occurred_on: occurred.map(|d| NaiveDate::from_str(&d)).transpose().map_err(corrupt)?,
        report_type: r.get("report_type"),
        anonymous: r.get("anonymous"),
        confidential: r.get("confidential"),
        opd_code: r.get("opd_code"),
        opd_suggested: routing.and_then(|x| x.get("suggested")),
        opd_corrected: routing.map(|x| x.get("corrected")).unwrap_or(false),
        photos,
        answers: parse_json(r.get::<&str, _>("answers"))?,
        created_at: parse_ts(r.get("created_at"))?,
        via: r.get("via"),
    };
    Ok(TicketRecord { ticket, status: TicketStatus::from_str(r.get("status")).map_err(corrupt)? })
}

/// A ticket row's central reference columns.
pub(super) fn central_ref_of(r: &sqlx::sqlite::SqliteRow) -> StoreResult<CentralRef> {
    Ok(CentralRef {
        central_id: r.get("central_id"),
        tracking_url: r.get("tracking_url"),
        token: r.get("central_token"),
        uncertain_since: r.get::<Option<&str>, _>("create_uncertain_at").map(parse_ts).transpose()?,
    })
}
