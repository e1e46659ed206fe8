//! `/antrian`: one page of the open tickets the caller loaded, oldest first, with a button per ticket.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::lang::Lang;
use crate::message::{AdminMessage, Button, excerpt};
use crate::ping::kind_label;
use crate::texts::Texts;
use crate::ticket::ReportType;

/// Tickets per page: a page's buttons stay on one phone screen.
pub const QUEUE_PAGE_SIZE: u32 = 5;

/// One open ticket in the queue.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct QueueItem {
    pub id: String,
    pub report_type: ReportType,
    pub place: Option<String>,
    pub received: NaiveDate,
}

/// What the caller loads for `LoadQueue { page }`: `items` from offset `page * QUEUE_PAGE_SIZE`, oldest
/// first, of the admin's OPD (the koordinator: all, triage first), and the total count.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct QueuePage {
    pub page: u32,
    pub total: u32,
    pub items: Vec<QueueItem>,
}

pub fn render_queue(texts: &Texts, lang: Lang, page: &QueuePage) -> AdminMessage {
    if page.total == 0 || page.items.is_empty() {
        return AdminMessage::text(texts.message(lang, "queue_empty", &[]));
    }
    let first = page.page.saturating_mul(QUEUE_PAGE_SIZE);
    let shown = page.items.iter().take(QUEUE_PAGE_SIZE as usize);
    let last = first.saturating_add(shown.len() as u32);
    let (from, to, total) = ((first + 1).to_string(), last.to_string(), page.total.to_string());
    let mut text = texts.message(lang, "queue_header", &[("from", &from), ("to", &to), ("total", &total)]);
    let mut buttons = Vec::new();
    for (i, item) in shown.enumerate() {
        let n = (first as usize + i + 1).to_string();
        let place = item.place.as_deref().map_or_else(|| texts.message(lang, "place_none", &[]), |p| excerpt(p, 40));
        let args = [
            ("n", n.as_str()),
            ("id", item.id.as_str()),
            ("kind", &kind_label(texts, lang, item.report_type)),
            ("place", &place),
            ("date", &item.received.format("%d/%m/%Y").to_string()),
        ];
        text.push('\n');
        text.push_str(&texts.message(lang, "queue_item", &args));
        buttons.push(Button::new(&item.id, Action::Open { id: item.id.clone() }));
    }
    if page.page > 0 {
        buttons.push(Button::new(&texts.button(lang, "prev"), Action::QueuePage { page: page.page - 1 }));
    }
    if last < page.total {
        buttons.push(Button::new(&texts.button(lang, "next"), Action::QueuePage { page: page.page + 1 }));
    }
    AdminMessage::with_buttons(text, buttons)
}
