//! SQLite implementation of [`AdminStore`]: invites, admin chats and wrong-code tries.

use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kentongan_admin::{Role, StoredInvite};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::sqlite_rows::{corrupt, parse_ts, ts};
use super::*;
use crate::domain::Channel;

macro_rules! admin_columns {
    () => {
        "id, channel, chat, role, opd, name, lang, created_at, revoked"
    };
}
macro_rules! invite_columns {
    () => {
        "id, hash, opd, role, expires_at, used_at, revoked, created_at"
    };
}

fn role_str(role: Role) -> &'static str {
    match role {
        Role::Koordinator => "koordinator",
        Role::Penghubung => "penghubung",
    }
}

fn parse_role(s: &str) -> StoreResult<Role> {
    match s {
        "koordinator" => Ok(Role::Koordinator),
        "penghubung" => Ok(Role::Penghubung),
        other => Err(corrupt(format!("unknown admin role {other:?}"))),
    }
}

fn admin_from_row(r: &SqliteRow) -> StoreResult<AdminRecord> {
    let channel = Channel::from_str(r.get::<&str, _>("channel")).map_err(corrupt)?;
    Ok(AdminRecord {
        id: r.get("id"),
        address: Address::new(channel, r.get::<String, _>("chat")),
        role: parse_role(r.get("role"))?,
        opd: r.get("opd"),
        name: r.get("name"),
        lang: r.get("lang"),
        created_at: parse_ts(r.get("created_at"))?,
        revoked: r.get::<i64, _>("revoked") != 0,
    })
}

fn invite_from_row(r: &SqliteRow) -> StoreResult<InviteRecord> {
    let hash: Vec<u8> = r.get("hash");
    let used_at: Option<String> = r.get("used_at");
    Ok(InviteRecord {
        id: r.get("id"),
        stored: StoredInvite {
            hash: hash.try_into().map_err(|_| corrupt("invite hash is not 32 bytes"))?,
            opd: r.get("opd"),
            role: parse_role(r.get("role"))?,
            expires_at: parse_ts(r.get("expires_at"))?,
            used_at: used_at.as_deref().map(parse_ts).transpose()?,
            revoked: r.get::<i64, _>("revoked") != 0,
        },
        created_at: parse_ts(r.get("created_at"))?,
    })
}

#[async_trait]
impl AdminStore for SqliteStore {
    async fn create_invite(&self, invite: &StoredInvite, now: DateTime<Utc>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO admin_invites (hash, opd, role, expires_at, revoked, created_at) VALUES (?, ?, ?, ?, 0, ?)
             RETURNING id",
        )
        .bind(invite.hash.as_slice())
        .bind(&invite.opd)
        .bind(role_str(invite.role))
        .bind(ts(invite.expires_at))
        .bind(ts(now))
        .fetch_one(&self.writer)
        .await?)
    }

    async fn find_invite(&self, hash: &[u8; 32]) -> StoreResult<Option<InviteRecord>> {
        let sql = concat!("SELECT ", invite_columns!(), " FROM admin_invites WHERE hash = ?");
        let row = sqlx::query(sql).bind(hash.as_slice()).fetch_optional(&self.pool).await?;
        row.as_ref().map(invite_from_row).transpose()
    }

    async fn list_invites(&self) -> StoreResult<Vec<InviteRecord>> {
        let sql = concat!("SELECT ", invite_columns!(), " FROM admin_invites ORDER BY id DESC");
        sqlx::query(sql).fetch_all(&self.pool).await?.iter().map(invite_from_row).collect()
    }

    async fn revoke_invite(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE admin_invites SET revoked = 1 WHERE id = ? AND revoked = 0 AND used_at IS NULL")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn bind_admin(&self, admin: &NewAdmin) -> StoreResult<Option<AdminRecord>> {
        let mut tx = self.write_tx().await?;
        let now = ts(admin.now);
        let invite = sqlx::query(
            "UPDATE admin_invites SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked = 0 AND expires_at > ?
             RETURNING opd, role",
        )
        .bind(&now)
        .bind(admin.invite_id)
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(invite) = invite else { return Ok(None) };
        let (channel, chat) = (admin.address.channel.as_str(), &admin.address.id);
        sqlx::query("UPDATE admins SET revoked = 1 WHERE channel = ? AND chat = ? AND revoked = 0")
            .bind(channel)
            .bind(chat)
            .execute(&mut *tx)
            .await?;
        let sql = concat!(
            "INSERT INTO admins (channel, chat, role, opd, name, lang, invite_id, created_at, revoked)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING ",
            admin_columns!()
        );
        let row = sqlx::query(sql)
            .bind(channel)
            .bind(chat)
            .bind(invite.get::<String, _>("role"))
            .bind(invite.get::<String, _>("opd"))
            .bind(&admin.name)
            .bind(&admin.lang)
            .bind(admin.invite_id)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
        let bound = admin_from_row(&row)?;
        tx.commit().await?;
        Ok(Some(bound))
    }

    async fn admin_by_address(&self, address: &Address) -> StoreResult<Option<AdminRecord>> {
        let sql = concat!("SELECT ", admin_columns!(), " FROM admins WHERE channel = ? AND chat = ? AND revoked = 0");
        let row = sqlx::query(sql).bind(address.channel.as_str()).bind(&address.id).fetch_optional(&self.pool).await?;
        row.as_ref().map(admin_from_row).transpose()
    }

    async fn list_admins(&self) -> StoreResult<Vec<AdminRecord>> {
        let sql = concat!("SELECT ", admin_columns!(), " FROM admins ORDER BY id");
        sqlx::query(sql).fetch_all(&self.pool).await?.iter().map(admin_from_row).collect()
    }

    async fn revoke_admin(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE admins SET revoked = 1 WHERE id = ? AND revoked = 0")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn wrong_codes(&self, address: &Address, since: DateTime<Utc>) -> StoreResult<Vec<DateTime<Utc>>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT at FROM admin_wrong_codes WHERE channel = ? AND chat = ? AND at >= ?")
                .bind(address.channel.as_str())
                .bind(&address.id)
                .bind(ts(since))
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|s| parse_ts(s)).collect()
    }

    async fn record_wrong_code(&self, address: &Address, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT INTO admin_wrong_codes (channel, chat, at) VALUES (?, ?, ?)")
            .bind(address.channel.as_str())
            .bind(&address.id)
            .bind(ts(at))
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
