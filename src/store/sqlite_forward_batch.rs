//! The forward worker's reads for a whole round at once: tickets (with their central references),
//! photos and routing decisions in three queries instead of about five per ticket.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use super::sqlite_rows::ticket_from_row;
use super::*;

/// SQLite allows 32,766 bound values.
const CHUNK: usize = 1000;

pub(super) async fn forward_inputs(store: &SqliteStore, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, ForwardInput>> {
    let mut inputs = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let keys: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
        let tickets = by_ids(store, "SELECT * FROM tickets WHERE id IN", "", &keys).await?;
        let media = by_ids(
            store,
            "SELECT ticket_id, position, file_ref, token, path, mime, unavailable FROM ticket_media WHERE ticket_id IN",
            "ORDER BY ticket_id, position",
            &keys,
        )
        .await?;
        let routing = by_ids(
            store,
            "SELECT ticket_id, suggested, corrected FROM routing_decisions WHERE ticket_id IN",
            "ORDER BY id",
            &keys,
        )
        .await?;
        let mut media_of: HashMap<String, Vec<&SqliteRow>> = HashMap::new();
        for m in &media {
            media_of.entry(m.get("ticket_id")).or_default().push(m);
        }
        // The first routing decision of each ticket, as `load_record` reads it.
        let mut first_routing: HashMap<String, &SqliteRow> = HashMap::new();
        for r in &routing {
            first_routing.entry(r.get("ticket_id")).or_insert(r);
        }
        for row in &tickets {
            let id: String = row.get("id");
            let rows = media_of.remove(&id).unwrap_or_default();
            let photos = rows.iter().map(|m| m.get::<String, _>("file_ref")).collect();
            let record = ticket_from_row(row, photos, first_routing.get(&id).copied())?;
            let central = super::sqlite_rows::central_ref_of(row)?;
            let media = rows
                .iter()
                .map(|m| MediaRow {
                    position: m.get("position"),
                    file_ref: m.get("file_ref"),
                    token: m.get("token"),
                    path: m.get("path"),
                    mime: m.get("mime"),
                    unavailable: m.get("unavailable"),
                })
                .collect();
            inputs.insert(record.ticket.id, ForwardInput { central, record, media });
        }
    }
    Ok(inputs)
}

/// `{select} (?, ?, …) {order}` with one placeholder per key; only placeholders are generated.
async fn by_ids(store: &SqliteStore, select: &str, order: &str, keys: &[String]) -> StoreResult<Vec<SqliteRow>> {
    let placeholders = vec!["?"; keys.len()].join(", ");
    let sql = format!("{select} ({placeholders}) {order}");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for k in keys {
        query = query.bind(k);
    }
    Ok(query.fetch_all(&store.pool).await?)
}
