//! Processed inbound events written in batches: one transaction for many conversations' steps, each
//! inside its own savepoint, so a conflict in one step leaves the others committed. Under load this
//! turns one write transaction per event into one per batch.

use sqlx::Row;

use super::sqlite_rows::{enqueue, insert_ticket, parse_json, save_conversation, ts};
use super::*;
use crate::domain::Channel;

pub(super) async fn commit_steps(store: &SqliteStore, commits: &[StepCommit]) -> StoreResult<Vec<CommitOutcome>> {
    let mut tx = store.write_tx().await?;
    let mut outcomes = Vec::with_capacity(commits.len());
    for commit in commits {
        sqlx::query("SAVEPOINT step").execute(&mut *tx).await?;
        let outcome = apply(&mut tx, commit).await?;
        let end = if outcome == CommitOutcome::Committed { "RELEASE step" } else { "ROLLBACK TO step; RELEASE step" };
        sqlx::raw_sql(end).execute(&mut *tx).await?;
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// One step: mark the event processed, save the conversation if nobody wrote it since it was read,
/// insert tickets and jobs. Anything but `Committed` is rolled back to the savepoint by the caller.
async fn apply(tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>, commit: &StepCommit) -> StoreResult<CommitOutcome> {
    let marked = sqlx::query("UPDATE inbound_events SET processed_at = ? WHERE id = ? AND processed_at IS NULL")
        .bind(ts(commit.now))
        .bind(commit.inbound_id)
        .execute(&mut **tx)
        .await?;
    if marked.rows_affected() == 0 {
        return Ok(CommitOutcome::AlreadyProcessed);
    }
    if let Some(write) = &commit.state
        && !save_conversation(tx, &commit.address, write, commit.now).await?
    {
        return Ok(CommitOutcome::Conflict);
    }
    for ticket in &commit.tickets {
        if !insert_ticket(tx, ticket).await? {
            return Ok(CommitOutcome::TrackingIdTaken);
        }
    }
    for job in &commit.jobs {
        enqueue(tx, job, commit.now).await?;
    }
    if let Some(phone) = &commit.own_phone {
        super::sqlite_sms::save_own_phone(tx, &commit.address, phone, commit.now).await?;
    }
    match commit.reachable {
        Some(true) => super::sqlite_forward::mark_reachable(tx, &commit.address).await?,
        Some(false) => {
            super::sqlite_forward::mark_unreachable(tx, &commit.address, "left the chat", commit.now).await?;
        }
        None => {}
    }
    Ok(CommitOutcome::Committed)
}

/// SQLite allows 32,766 bound values; two per address.
const MAX_ADDRESSES: usize = 4000;

pub(super) async fn load_conversations(
    store: &SqliteStore,
    addresses: &[Address],
) -> StoreResult<Vec<(Address, Conversation)>> {
    let mut found = Vec::with_capacity(addresses.len());
    for chunk in addresses.chunks(MAX_ADDRESSES) {
        let values = vec!["(?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT channel, address, kind, state, dialog_version, version FROM conversations
             WHERE (channel, address) IN (VALUES {values})"
        );
        // Only placeholders are generated; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in chunk {
            query = query.bind(a.channel.as_str()).bind(&a.id);
        }
        for r in query.fetch_all(&store.pool).await? {
            let address = Address::new(Channel::from_column(r.get("channel"))?, r.get::<String, _>("address"));
            let conversation = Conversation {
                kind: r.get::<&str, _>("kind").parse().map_err(super::sqlite_rows::corrupt)?,
                state: parse_json(r.get::<&str, _>("state"))?,
                dialog_version: r.get("dialog_version"),
                version: r.get("version"),
            };
            found.push((address, conversation));
        }
    }
    Ok(found)
}
