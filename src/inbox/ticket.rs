//! Maps a finished dialog report onto ticket columns. Field names are the contract with `dialogs/`
//! (see dialogs/README.md); every answer is also kept whole in `answers`.

use chrono::{DateTime, Utc};
use kentongan_dialog::{Answer, Report};
use uuid::Uuid;

use crate::domain::Address;
use crate::store::NewTicket;

pub fn from_report(report: &Report, reporter: &Address, tracking_id: String, at: DateTime<Utc>) -> NewTicket {
    let get = |field: &str| report.answers.get(field);
    let text = |field: &str| match get(field) {
        Some(Answer::Text(t) | Answer::Choice(t) | Answer::Place(t)) => Some(t.clone()),
        _ => None,
    };
    let (location, address_text) = match get("location") {
        Some(Answer::Location { lat, lon }) => (Some((*lat, *lon)), None),
        Some(Answer::Place(p) | Answer::Text(p)) => (None, Some(p.clone())),
        _ => (None, None),
    };
    let privacy = text("privacy").unwrap_or_default();
    let (opd_code, opd_suggested, opd_corrected) = match get("opd") {
        Some(Answer::Opd { code, suggested, corrected }) => (code.clone(), suggested.clone(), *corrected),
        _ => (None, None, false),
    };
    NewTicket {
        id: Uuid::new_v4(),
        tracking_id,
        reporter: reporter.clone(),
        lang: report.lang.code().to_string(),
        dialog: report.dialog.clone(),
        description: text("description").unwrap_or_default(),
        location,
        address_text,
        occurred_on: match get("occurred_on") {
            Some(Answer::Date(d)) => Some(*d),
            _ => None,
        },
        photos: match get("photos") {
            Some(Answer::Photos(p)) => p.clone(),
            _ => Vec::new(),
        },
        report_type: text("report_type"),
        // "anonim_rahasia" is both: LAPOR! lets a reporter pick the two together.
        anonymous: privacy.contains("anonim"),
        confidential: privacy.contains("rahasia"),
        opd_code,
        opd_suggested,
        opd_corrected,
        answers: serde_json::to_value(&report.answers).unwrap_or_default(),
        created_at: at,
        via: None,
    }
}
