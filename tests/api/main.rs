//! One integration test binary: the gateway on a random port, a real SQLite file per test,
//! and a fake Telegram Bot API as a local HTTP server.

mod binary;
mod dialog_file;
mod helpers;

mod admin_binding;
mod admin_cli;
mod central_roundtrip;
mod chat_cli;
mod clocks;
mod config_and_cli;
mod crash_recovery;
mod durable_accept;
mod fake_whatsapp;
mod forwarding;
mod hostile_input;
mod inbound_retries;
mod log_hygiene;
mod media;
mod metrics;
mod ops_cli;
mod rate_limits;
mod reachability;
mod readme_commands;
mod routing;
mod send_records;
mod sms_dialog;
mod sms_providers;
mod sms_support;
mod status_lookup;
mod telegram_buttons;
pub mod telegram_dialog;
mod telegram_polling;
mod whatsapp_channel;
