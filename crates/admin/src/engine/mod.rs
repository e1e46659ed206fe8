//! The admin conversation: `step(texts, state, event, context)` → the next state, the replies, the effects.
//! Pure: the caller loads tickets and queues (asked for by effects), resolves button tokens, applies effects.

mod apply;
mod command;
mod pending;
mod queue;
mod taps;

use serde::{Deserialize, Serialize};

pub use command::Command;
pub use queue::{QUEUE_PAGE_SIZE, QueueItem, QueuePage, render_queue};
pub use taps::OPD_PAGE_SIZE;

use crate::action::Action;
use crate::lang::Lang;
use crate::message::{AdminMessage, Button};
use crate::role::Admin;
use crate::texts::Texts;
use crate::ticket::{OpdRef, PhotoRef, TicketView};

/// A response ("Selesai") needs at least this many letters.
pub const RESPONSE_MIN_LETTERS: usize = 20;

/// Where the admin chat is: idle, or waiting for the text of a flow started by a button.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(tag = "awaiting", rename_all = "snake_case")]
pub enum AdminState {
    #[default]
    Idle,
    /// Minta info: the next text is the question.
    Question { ticket: String },
    /// Selesai: a response of 20+ letters and an optional photo, in either order.
    Response { ticket: String, text: Option<String>, photo: Option<PhotoRef> },
    /// Tunda: the next text is the reason.
    PostponeReason { ticket: String },
}

/// One thing that happened in an admin chat.
#[derive(Clone, Debug, PartialEq)]
pub enum AdminEvent {
    /// A text, command or not.
    Text(String),
    /// A photo, with its caption if any.
    Photo { photo: PhotoRef, caption: Option<String> },
    /// A button tap, resolved by the caller from its token; `ticket` is the ticket's current view
    /// (`None` for actions that need none, or when the ticket is gone).
    Tap { action: Action, ticket: Option<TicketView> },
    /// The answer to [`AdminEffect::LoadTicket`].
    TicketLoaded { id: String, ticket: Option<TicketView> },
    /// The answer to [`AdminEffect::LoadQueue`].
    QueueLoaded(QueuePage),
}

/// What the caller provides besides the event.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub admin: &'a Admin,
    pub lang: Lang,
    /// The whole OPD catalogue, in the order the full list shows it.
    pub opds: &'a [OpdRef],
}

/// A labelled example for the classifier: this text belongs to `is`, not to `was`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub text: String,
    pub was: Option<String>,
    pub is: String,
}

/// What the caller must do; ticket effects name the ticket by tracking id and are re-checked on write.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum AdminEffect {
    Accept {
        ticket: String,
    },
    Reroute {
        ticket: String,
        to: String,
        correction: Correction,
    },
    ToTriage {
        ticket: String,
        from: Option<String>,
    },
    RequestInfo {
        ticket: String,
        question: String,
    },
    Respond {
        ticket: String,
        text: String,
        photo: Option<PhotoRef>,
    },
    Postpone {
        ticket: String,
        reason: String,
    },
    /// `reason` is a `[[reject_reasons]]` key; its label goes to the reporter.
    Reject {
        ticket: String,
        reason: String,
    },
    /// `/daftar <code>` or `/start <code>`: check the limiter, redeem, answer with `render_redeem`.
    Redeem {
        code: String,
    },
    LoadQueue {
        page: u32,
    },
    LoadTicket {
        id: String,
    },
    SwitchToCitizen,
}

/// The outcome of one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub state: AdminState,
    pub replies: Vec<AdminMessage>,
    pub effects: Vec<AdminEffect>,
}

impl Step {
    pub(crate) fn reply(state: AdminState, reply: AdminMessage) -> Step {
        Step { state, replies: vec![reply], effects: Vec::new() }
    }

    pub(crate) fn effect(state: AdminState, reply: Option<AdminMessage>, effect: AdminEffect) -> Step {
        Step { state, replies: reply.into_iter().collect(), effects: vec![effect] }
    }
}

/// The engine: never panics, never reads a clock, never does I/O.
pub fn step(texts: &Texts, state: &AdminState, event: AdminEvent, ctx: &Context) -> Step {
    match event {
        AdminEvent::Text(text) => match Command::parse(&text) {
            Some(command) => command::run(texts, state, command, ctx),
            None => pending::text(texts, state, &text, ctx),
        },
        AdminEvent::Photo { photo, caption } => pending::photo(texts, state, photo, caption.as_deref(), ctx),
        AdminEvent::Tap { action, ticket } => taps::tap(texts, state, action, ticket.as_ref(), ctx),
        AdminEvent::TicketLoaded { id, ticket } => taps::loaded(texts, state, &id, ticket.as_ref(), ctx),
        AdminEvent::QueueLoaded(page) => Step::reply(state.clone(), render_queue(texts, ctx.lang, &page)),
    }
}

/// `/bantuan`, and the answer to anything the admin side does not expect: never the citizen dialog.
pub fn help(texts: &Texts, lang: Lang) -> AdminMessage {
    let button = Button::new(&texts.button(lang, "as_citizen"), Action::SwitchToCitizen);
    AdminMessage::with_buttons(texts.message(lang, "help", &[]), vec![button])
}
