//! `kentongan tickets …`: operators see forwarding state and revive dead letters.

use std::process::ExitCode;

use chrono::Utc;
use clap::Subcommand;
use uuid::Uuid;

use crate::config::Settings;
use crate::domain::TrackingId;
use crate::forward::FORWARD_JOB;
use crate::store::{Revive, Store};

#[derive(Subcommand, Debug)]
pub enum TicketsCommand {
    /// Forward jobs by state: pending, running, done, dead, or all.
    List {
        #[arg(long, default_value = "all")]
        state: String,
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Put a dead-lettered ticket (or every dead letter) back in the forward queue with a fresh budget.
    Retry {
        /// Tracking ID of the ticket to retry.
        id: Option<String>,
        /// Retry every dead letter.
        #[arg(long, conflicts_with = "id")]
        dead: bool,
    },
    /// One ticket: status, central ID, history.
    Show { id: String },
}

pub async fn run(settings: &Settings, command: TicketsCommand) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(settings).await?;
    match command {
        TicketsCommand::List { state, limit } => list(store.as_ref(), &state, limit).await,
        TicketsCommand::Retry { id, dead } => retry(store.as_ref(), settings, id, dead).await,
        TicketsCommand::Show { id } => show(store.as_ref(), settings, &id).await,
    }
}

async fn list(store: &dyn Store, state: &str, limit: i64) -> anyhow::Result<ExitCode> {
    let filter = match state {
        "all" => None,
        "pending" | "running" | "done" | "dead" => Some(state),
        other => anyhow::bail!("--state: expected pending, running, done, dead or all, got {other:?}"),
    };
    let jobs = store.list_jobs(FORWARD_JOB, filter, limit).await?;
    println!("{:<13} {:<8} {:>8}  {:<20}  last error", "ticket", "state", "attempts", "next try (UTC)");
    for job in &jobs {
        let tracking = match job.payload["ticket_id"].as_str().and_then(|s| Uuid::parse_str(s).ok()) {
            Some(id) => store.ticket_by_id(id).await?.map(|r| r.ticket.tracking_id).unwrap_or_else(|| "?".into()),
            None => "?".into(),
        };
        let next = if job.state == "pending" { job.run_at.format("%Y-%m-%d %H:%M:%S").to_string() } else { "-".into() };
        println!(
            "{tracking:<13} {:<8} {:>8}  {next:<20}  {}",
            job.state,
            job.attempts,
            job.last_error.as_deref().unwrap_or("-")
        );
    }
    println!("{} job(s)", jobs.len());
    Ok(ExitCode::SUCCESS)
}

async fn retry(store: &dyn Store, settings: &Settings, id: Option<String>, dead: bool) -> anyhow::Result<ExitCode> {
    let which = match (id, dead) {
        (_, true) => Revive::AllDead,
        (Some(id), false) => {
            let tracking =
                TrackingId::parse(&id, &settings.tickets.prefix).map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
            let record = store
                .ticket_record(&tracking.to_string())
                .await?
                .ok_or_else(|| anyhow::anyhow!("{tracking}: no such ticket"))?;
            Revive::Key(format!("forward:{}", record.ticket.id))
        }
        (None, false) => anyhow::bail!("give a tracking ID or --dead"),
    };
    let n = store.revive_jobs(FORWARD_JOB, which, Utc::now()).await?;
    println!("{n} dead letter(s) back in the queue");
    Ok(if n > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

async fn show(store: &dyn Store, settings: &Settings, id: &str) -> anyhow::Result<ExitCode> {
    let tracking = TrackingId::parse(id, &settings.tickets.prefix).map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
    let Some(view) = store.find_ticket(&tracking.to_string()).await? else {
        anyhow::bail!("{tracking}: no such ticket");
    };
    let central = store.central_ref(view.id).await?;
    println!("{}  status {}  opd {}", view.tracking_id, view.status, view.opd_code.as_deref().unwrap_or("-"));
    println!("central id {}", central.central_id.as_deref().unwrap_or("- (not forwarded yet)"));
    for h in &view.history {
        println!("  {}  {}  {}", h.at.format("%Y-%m-%d %H:%M"), h.status, h.note.as_deref().unwrap_or(""));
    }
    Ok(ExitCode::SUCCESS)
}
