//! Sending through the Cloud API as a [`Transport`] (outbox kind `send.whatsapp`). Inside the 24-hour
//! customer-service window a message goes as it is (buttons, list, location request or text), after
//! marking the citizen's newest message as read (once per message); outside it, a status push goes as the approved
//! template, and anything else is undeliverable here (the core then tries SMS to the same number).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use kentongan_dialog::{Dialogs, Lang};
use kentongan_pace::Pace;
use serde_json::Value;

use super::config::WhatsAppSettings;
use super::errors::Failure;
use super::render::{Label, NeutralReply, render};
use super::send::GraphClient;
use super::window::{Window, window};
use crate::channel::{Action, OutboundMessage, SendError, Sent, Transport};
use crate::jobs::StatusChanged;
use crate::store::Store;

/// The outbox kind of every WhatsApp message.
pub const KIND: &str = "send.whatsapp";

/// How long the channel waits before trying again after Meta refused our credentials or blocked the
/// number: an operator has to act, and every message waits without using up its attempts.
const PAUSE: Duration = Duration::from_secs(60);

/// Read receipts already sent, so each citizen message is marked once; bounded, then forgotten.
const READ_MEMORY: usize = 10_000;

pub struct WhatsAppTransport {
    pub client: GraphClient,
    pub settings: WhatsAppSettings,
    pub store: Arc<dyn Store>,
    pub dialogs: Arc<Dialogs>,
    marked: Mutex<HashSet<String>>,
}

impl WhatsAppTransport {
    pub fn new(client: GraphClient, settings: WhatsAppSettings, store: Arc<dyn Store>, dialogs: Arc<Dialogs>) -> Self {
        Self { client, settings, store, dialogs, marked: Mutex::new(HashSet::new()) }
    }

    /// Marks `wamid` as read once; a failure only costs the blue ticks.
    async fn mark_read(&self, wamid: &str) {
        {
            let mut marked = self.marked.lock().unwrap_or_else(|p| p.into_inner());
            if marked.len() >= READ_MEMORY {
                marked.clear();
            }
            if !marked.insert(wamid.to_owned()) {
                return;
            }
        }
        if self.client.mark_read(wamid, false).await.is_err() {
            tracing::debug!("whatsapp: marking a message as read failed");
        }
    }

    /// The push as the configured template, or `None` when there is none (or the ticket is gone).
    async fn template(&self, to: &str, change: &StatusChanged) -> Result<Option<Value>, SendError> {
        let Some(template) = &self.settings.templates.status else { return Ok(None) };
        let Some(record) = self.store.ticket_by_id(change.ticket_id).await.map_err(store_failed)? else {
            return Ok(None);
        };
        let lang = Lang::parse(&record.ticket.lang).unwrap_or_default();
        let label = self.dialogs.status_label(&change.status, lang);
        let note = change.note.as_deref().unwrap_or("");
        let parameters = template.body_parameters(&record.ticket.tracking_id, &label, note);
        let body = super::outbound::template(to, &template.name, &template.language, &parameters)
            .map_err(|e| SendError::Permanent(format!("whatsapp template: {e}")))?;
        Ok(Some(body))
    }

    async fn post(&self, body: &Value) -> Result<Sent, Failure> {
        self.client.send(body).await.map(|sent| sent.wamid)
    }

    /// Outside the window (or refused with 131047): a push as its template; else undeliverable here.
    async fn outside_window(&self, to: &str, msg: &OutboundMessage) -> Result<Sent, SendError> {
        let Some(change) = &msg.reroute else { return Err(SendError::Unreachable) };
        let Some(body) = self.template(to, change).await? else { return Err(SendError::Unreachable) };
        self.post(&body).await.map_err(|f| send_error(f, true))
    }
}

#[async_trait]
impl Transport for WhatsAppTransport {
    fn kind(&self) -> String {
        KIND.to_owned()
    }

    fn pace(&self) -> Pace {
        self.settings.pace()
    }

    async fn send(&self, msg: &OutboundMessage, _job_id: i64) -> Result<Sent, SendError> {
        // WhatsApp has no callback to answer and no message to edit in place: an edit goes as a new
        // message; a button acknowledgement is nothing to send. Read receipts go with the replies
        // (below), not as jobs of their own, so they never spend a citizen's pair-rate budget.
        match &msg.action {
            Some(Action::AnswerButton { .. } | Action::EditButtons { .. }) => return Ok(None),
            Some(Action::MarkRead { message_id }) => {
                self.mark_read(message_id).await;
                return Ok(None);
            }
            Some(Action::EditText { .. }) | None => {}
        }
        let to = msg.to.id.trim_start_matches('+').to_owned();
        let last = self.store.last_inbound(&msg.to).await.map_err(store_failed)?;
        if window(last.as_ref().map(|(_, at)| *at), Utc::now()) == Window::Outside {
            return self.outside_window(&to, msg).await;
        }
        let body = render(&to, &neutral(msg, &self.dialogs), list_button(msg.lang.as_deref()))
            .map_err(|e| SendError::Permanent(format!("whatsapp body: {e}")))?;
        // The read receipt and the reply go out together: the receipt never delays the answer.
        let read = async {
            if let Some((wamid, _)) = &last {
                self.mark_read(wamid).await;
            }
        };
        let ((), sent) = tokio::join!(read, self.post(&body));
        match sent {
            // Meta's clock says the window closed in between: the same as outside it.
            Err(Failure::OutsideWindow) => self.outside_window(&to, msg).await,
            other => other.map_err(|f| send_error(f, false)),
        }
    }
}

/// The message as the renderer takes it, with the dialog's short labels in the recipient's language.
fn neutral(msg: &OutboundMessage, dialogs: &Dialogs) -> NeutralReply {
    let lang = msg.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let options = msg
        .options
        .iter()
        .map(|o| Label { text: o.clone(), short: dialogs.short_label(o, lang).map(str::to_owned) })
        .collect();
    NeutralReply { text: msg.text.clone(), options, ask_location: msg.location_button.is_some() }
}

/// The list's button in the recipient's language.
fn list_button(lang: Option<&str>) -> &'static str {
    match lang.and_then(Lang::parse).unwrap_or_default() {
        Lang::En => "Choose",
        Lang::Id | Lang::Jv => "Pilih",
    }
}

/// What the outbound worker does with a Graph API failure. `template`: the failed body was already
/// the template, so "outside the window" cannot be helped here.
fn send_error(failure: Failure, template: bool) -> SendError {
    match failure {
        Failure::RetryAfter(wait) => SendError::Retry(wait),
        Failure::RateLimitedRecipient(wait) => SendError::ChatRateLimited(wait),
        Failure::RateLimitedNumber(wait) => SendError::RateLimited(wait),
        Failure::OutsideWindow if template => {
            SendError::Permanent("whatsapp: template refused outside the window".into())
        }
        Failure::OutsideWindow => SendError::Unreachable,
        Failure::Permanent { code, reason } => SendError::Permanent(format!("whatsapp {code}: {reason}")),
        Failure::PauseChannel { code, reason } => SendError::Paused {
            wait: PAUSE,
            reason: format!("whatsapp {code}: {reason}; fix whatsapp.access_token or the number's standing"),
        },
    }
}

/// A store error while deciding how to send: logged once, the send retried.
fn store_failed(e: crate::store::StoreError) -> SendError {
    tracing::warn!(error = %e, "whatsapp: store unavailable while sending; retrying");
    SendError::Retry(Duration::from_secs(5))
}
