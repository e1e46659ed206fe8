//! What the OPD-admin side needs from the store: invites (by the hash of their code), the admin chats
//! they bind, the wrong-code tries the limiter counts. The rules (`kentongan_admin`) stay in Rust; the
//! store only makes their writes atomic (an invite is used once, whoever races for it).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kentongan_admin::{Role, StoredInvite};

use super::StoreResult;
use crate::domain::Address;

/// One bound admin chat, as `admin list` shows it and as the inbox acts for it.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminRecord {
    pub id: i64,
    pub address: Address,
    pub role: Role,
    pub opd: String,
    pub name: String,
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub revoked: bool,
}

impl AdminRecord {
    /// The crate's view of this admin, for `may_act` and the engine.
    pub fn admin(&self) -> kentongan_admin::Admin {
        kentongan_admin::Admin { id: self.id, name: self.name.clone(), role: self.role, opd: self.opd.clone() }
    }
}

/// One invite row, without its code (only the hash is ever stored).
#[derive(Debug, Clone, PartialEq)]
pub struct InviteRecord {
    pub id: i64,
    pub stored: StoredInvite,
    pub created_at: DateTime<Utc>,
}

/// A new admin chat, bound by the invite `invite_id`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAdmin {
    pub invite_id: i64,
    pub address: Address,
    pub name: String,
    pub lang: String,
    pub now: DateTime<Utc>,
}

#[async_trait]
pub trait AdminStore: Send + Sync {
    /// Stores an invite (its hash, never its code); returns its id.
    async fn create_invite(&self, invite: &StoredInvite, now: DateTime<Utc>) -> StoreResult<i64>;
    /// The invite whose code hashes to `hash`, whatever its state.
    async fn find_invite(&self, hash: &[u8; 32]) -> StoreResult<Option<InviteRecord>>;
    /// Invites, newest first.
    async fn list_invites(&self) -> StoreResult<Vec<InviteRecord>>;
    /// Revokes an invite not yet used; false when there is no such unused, unrevoked invite.
    async fn revoke_invite(&self, id: i64) -> StoreResult<bool>;
    /// Marks the invite used and binds the chat, in one transaction: `None` when the invite was used,
    /// revoked or expired meanwhile (the caller checked it with `kentongan_admin::redeem` first). A chat
    /// that was already a live admin is bound anew (its earlier binding is revoked).
    async fn bind_admin(&self, admin: &NewAdmin) -> StoreResult<Option<AdminRecord>>;
    /// The live admin of a chat.
    async fn admin_by_address(&self, address: &Address) -> StoreResult<Option<AdminRecord>>;
    /// Admins, live and revoked, by id.
    async fn list_admins(&self) -> StoreResult<Vec<AdminRecord>>;
    /// Revokes a live admin: its chat is a citizen's again. False when there is no such live admin.
    async fn revoke_admin(&self, id: i64) -> StoreResult<bool>;
    /// A chat's wrong codes since `since` (the limiter's window).
    async fn wrong_codes(&self, address: &Address, since: DateTime<Utc>) -> StoreResult<Vec<DateTime<Utc>>>;
    async fn record_wrong_code(&self, address: &Address, at: DateTime<Utc>) -> StoreResult<()>;
}
