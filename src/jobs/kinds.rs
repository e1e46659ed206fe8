//! The job kinds: forwarding a ticket, a status change to push, an SMS reporter's daily digest. (Send
//! jobs carry a `channel::OutboundMessage` under the kind their channel names: see `ChannelAdapter::send_kind`.)
//! Payload shapes are those of rows already stored.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::BackgroundJob;

/// Forward a new ticket to the central API (written in the same transaction as the ticket).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForwardTicket {
    pub ticket_id: Uuid,
}

impl BackgroundJob for ForwardTicket {
    const KIND: &'static str = "forward";
    fn dedupe_key(&self) -> String {
        format!("forward:{}", self.ticket_id)
    }
}

/// Tell a ticket's reporter about one status change (one per history row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChanged {
    pub ticket_id: Uuid,
    /// The history row it tells of; rows queued by hand (operators, tests) may have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_id: Option<i64>,
    pub status: String,
    pub note: Option<String>,
}

impl BackgroundJob for StatusChanged {
    const KIND: &'static str = "notify";
    fn dedupe_key(&self) -> String {
        format!("notify:{}:{}", self.ticket_id, self.history_id.unwrap_or_default())
    }
}

/// The status changes an SMS reporter got over their daily cap, sent as one SMS the next morning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsDigest {
    /// E.164.
    pub phone: String,
    pub via: String,
    pub lang: String,
    pub items: Vec<DigestItem>,
    /// The reporter's local day: one digest per number and day. Rows written before it was kept
    /// have none (they are only ever decoded, never enqueued again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<chrono::NaiveDate>,
}

/// One folded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestItem {
    pub id: String,
    pub status: String,
}

impl SmsDigest {
    /// Where later changes of the same day are appended while the digest still waits: the store
    /// appends to the JSON array at this path without knowing what it holds.
    pub const APPEND_PATH: &'static str = "$.items";
}

impl BackgroundJob for SmsDigest {
    const KIND: &'static str = "notify.digest";
    fn dedupe_key(&self) -> String {
        let day = self.day.map(|d| d.to_string()).unwrap_or_default();
        format!("digest:{}:{day}", self.phone)
    }
    fn priority(&self) -> i32 {
        super::Priority::Digest as i32
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn payloads_stored_before_the_job_types_existed_still_decode() {
        let id = Uuid::new_v4();
        let forward = ForwardTicket::from_payload(&json!({ "ticket_id": id })).unwrap();
        assert_eq!(forward.dedupe_key(), format!("forward:{id}"));
        let stored = json!({ "ticket_id": id, "history_id": 7, "status": "selesai", "note": null });
        let change = StatusChanged::from_payload(&stored).unwrap();
        assert_eq!(change.dedupe_key(), format!("notify:{id}:7"));
        assert_eq!(serde_json::to_value(&change).unwrap(), stored, "written back in the same shape");
        let by_hand = json!({ "ticket_id": id, "status": "diproses", "note": null });
        assert_eq!(StatusChanged::from_payload(&by_hand).unwrap().history_id, None);
        let digest = json!({ "phone": "+6281200000001", "via": "android", "lang": "id",
            "items": [{ "id": "PKL-A", "status": "selesai" }] });
        assert_eq!(SmsDigest::from_payload(&digest).unwrap().items.len(), 1);
    }

    #[test]
    fn a_new_job_row_carries_its_kind_key_and_priority() {
        let digest = SmsDigest {
            phone: "+6281200000001".into(),
            via: "android".into(),
            lang: "id".into(),
            items: vec![],
            day: chrono::NaiveDate::from_ymd_opt(2026, 12, 4),
        };
        let row = digest.to_row(chrono::Utc::now());
        assert_eq!((row.kind.as_str(), row.dedupe_key.as_str()), ("notify.digest", "digest:+6281200000001:2026-12-04"));
        assert_eq!(row.priority, super::super::Priority::Digest as i32);
    }
}
