//! kentongan-admin: the pure core of the OPD-admin side — texts, roles, pings, the admin conversation,
//! invites, button tokens and ratings. No I/O except `Texts::load` reading one file; no clock reads.
//!
//! ```text
//! dialogs/admin/admin.toml ──Texts::load──▶ Texts
//! new ticket ──render_ping──▶ AdminMessage { text, buttons, photo } ──(caller: a token per button)──▶ chat
//! tap/text ──step(texts, state, event, ctx)──▶ Step { state, replies, effects } ──(caller applies)──▶ store
//! ```

mod action;
mod citizen;
mod engine;
mod invite;
mod lang;
mod limiter;
mod message;
mod ping;
mod rating;
mod redeem;
mod role;
mod texts;
mod ticket;
mod token;
mod transition;

pub use action::Action;
pub use citizen::{CitizenMessage, rating_prompt, render_citizen, render_rating_answer};
pub use engine::{
    AdminEffect, AdminEvent, AdminState, Command, Context, Correction, OPD_PAGE_SIZE, QUEUE_PAGE_SIZE, QueueItem,
    QueuePage, RESPONSE_MIN_LETTERS, Step, help, render_queue, step,
};
pub use invite::{
    CODE_ALPHABET, CODE_LEN, Invite, RedeemError, StoredInvite, constant_time_eq, hash_code, normalize_code, redeem,
};
pub use lang::Lang;
pub use limiter::{Attempt, MAX_WRONG, WINDOW_MINUTES, may_try};
pub use message::{AdminMessage, Button, excerpt};
pub use ping::{PING_EXCERPT, RELAY_TEXT, RELAY_WITH_PHOTO, render_ping, render_relay};
pub use rating::{REMINDER_AFTER_WORKING_DAYS, Rating, RatingRecord, rating_outcome, reminder_due};
pub use redeem::{RedeemOutcome, render_redeem};
pub use role::{Admin, Refusal, Role, may_act};
pub use texts::{BUTTON_MAX, Problem, Texts};
pub use ticket::{Channel, LastMove, MoveKind, OpdRef, PhotoRef, ReportType, Reporter, Status, TicketView};
pub use token::{CALLBACK_DATA_MAX, CallbackRefusal, CallbackToken};
pub use transition::{Stale, check_transition};
