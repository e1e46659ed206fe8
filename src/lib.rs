//! kentongan: a public-service complaint gateway. Citizens file complaints by Telegram (and SMS);
//! the gateway guides them, stores tickets durably and, in later releases, forwards them to the
//! central complaint API and pushes status changes back.

pub mod app;
pub mod channel;
pub mod chat;
pub mod cli;
pub mod cli_admin;
pub mod cli_classify;
pub mod cli_inbox;
pub mod cli_sms;
pub mod cli_tickets;
pub mod config;
pub mod domain;
pub mod forward;
pub mod http;
pub mod inbox;
pub mod jobs;
pub mod notify;
pub mod outbound;
pub mod rounds;
pub mod routing;
pub mod store;
pub mod telemetry;
