//! `kentongan inbox …`: inbound events that keep failing (an unreadable saved state, a bug in one step)
//! are retried with backoff and then dead-lettered; operators list them and put them back.
//! Nothing personal is shown: no message text, no chat id or phone number.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Subcommand;

use crate::config::Settings;

#[derive(Subcommand, Debug)]
pub enum InboxCommand {
    /// Inbound events that failed: being retried, or dead letters waiting for an operator.
    List {
        /// Only dead letters.
        #[arg(long)]
        dead: bool,
        /// Most rows to show.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Put a dead-lettered event (or every dead letter) back in the inbox with a fresh budget.
    Retry {
        /// The event's id, as `inbox list` shows it.
        id: Option<i64>,
        /// Retry every dead letter.
        #[arg(long, conflicts_with = "id")]
        dead: bool,
    },
}

pub async fn run(settings: &Settings, command: InboxCommand) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(settings).await?;
    let mut out = String::new();
    let code = match command {
        InboxCommand::List { dead, limit } => {
            let rows = store.failed_inbound(dead, limit).await?;
            writeln!(
                out,
                "{:<8} {:<9} {:<8} {:>8}  {:<21}  {:<21}  last error",
                "id", "channel", "state", "attempts", "received", "next try"
            )?;
            for r in &rows {
                let (state, next) = match (r.dead_at, r.retry_at) {
                    (Some(_), _) => ("dead", "-".to_string()),
                    (None, Some(at)) => ("retrying", local(settings, at)),
                    (None, None) => ("retrying", "now".to_string()),
                };
                writeln!(
                    out,
                    "{:<8} {:<9} {state:<8} {:>8}  {:<21}  {next:<21}  {}",
                    r.id,
                    r.channel.as_str(),
                    r.attempts,
                    local(settings, r.received_at),
                    r.last_error.as_deref().unwrap_or("-")
                )?;
            }
            writeln!(out, "{} event(s)", rows.len())?;
            ExitCode::SUCCESS
        }
        InboxCommand::Retry { id, dead } => {
            if id.is_none() && !dead {
                anyhow::bail!("give an event id (see `kentongan inbox list --dead`) or --dead");
            }
            let n = store.revive_inbound(id).await?;
            if let (0, Some(id)) = (n, id) {
                anyhow::bail!(
                    "event {id}: not a dead letter (processed, still retrying, or no such event); nothing to retry"
                );
            }
            writeln!(out, "{n} dead letter(s) back in the inbox; the running gateway takes them within seconds")?;
            if n > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
    };
    print!("{out}");
    Ok(code)
}

fn local(settings: &Settings, t: chrono::DateTime<chrono::Utc>) -> String {
    match settings.server.timezone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}
