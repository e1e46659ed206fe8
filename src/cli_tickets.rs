//! `kentongan tickets …`: operators see forwarding state, revive dead letters, route tickets in triage
//! and look at suspected duplicate central requests. Output survives a closed pipe (`| head -1`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use uuid::Uuid;

use crate::config::Settings;
use crate::domain::TrackingId;
use crate::jobs::{BackgroundJob, ForwardTicket};
use crate::store::{Revive, Store, TicketRecord};

#[derive(Subcommand, Debug)]
pub enum TicketsCommand {
    /// Tickets by forwarding state: pending, running, done, dead, triage (no OPD yet), orphan (suspected
    /// duplicate central requests), or all.
    List {
        /// pending, running, done, dead, triage, orphan or all.
        #[arg(long, default_value = "all")]
        state: String,
        /// Most rows to show.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Put a dead-lettered ticket (or every dead letter) back in the forward queue with a fresh budget.
    Retry {
        /// Tracking ID of the ticket to retry (PKL-…).
        id: Option<String>,
        /// Retry every dead letter.
        #[arg(long, conflicts_with = "id")]
        dead: bool,
    },
    /// One ticket: its report, status, forwarding state, central ID and history.
    Show {
        /// Tracking ID (PKL-…).
        id: String,
    },
    /// Route a ticket waiting in triage (no OPD) to an OPD; it is then forwarded.
    Assign {
        /// Tracking ID (PKL-…).
        id: String,
        /// OPD code from the catalogue, e.g. DPUPR.
        #[arg(long)]
        opd: String,
    },
}

pub async fn run(settings: &Settings, command: TicketsCommand) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(settings).await?;
    let mut out = String::new();
    let code = match command {
        TicketsCommand::List { state, limit } => list(store.as_ref(), settings, &state, limit, &mut out).await?,
        TicketsCommand::Retry { id, dead } => retry(store.as_ref(), settings, id, dead, &mut out).await?,
        TicketsCommand::Show { id } => show(store.as_ref(), settings, &id, &mut out).await?,
        TicketsCommand::Assign { id, opd } => assign(store.as_ref(), settings, &id, &opd, &mut out).await?,
    };
    print_out(&out)?;
    Ok(code)
}

/// Writes to stdout; a reader that went away (`| head -1`) is not an error.
pub(crate) fn print_out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// A time in the deployment's zone, with the zone said.
pub(crate) fn local(settings: &Settings, t: DateTime<Utc>) -> String {
    match settings.server.timezone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

async fn list(
    store: &dyn Store,
    settings: &Settings,
    state: &str,
    limit: i64,
    out: &mut String,
) -> anyhow::Result<ExitCode> {
    let filter = match state {
        "all" => None,
        "pending" | "running" | "done" | "dead" => Some(state),
        "triage" | "held" => Some("held"),
        "orphan" => return list_orphans(store, settings, limit, out).await,
        other => {
            anyhow::bail!("--state: expected pending, running, done, dead, triage, orphan or all, got {other:?}")
        }
    };
    let jobs = store.list_jobs(ForwardTicket::KIND, filter, limit).await?;
    writeln!(out, "{:<13} {:<8} {:>8}  {:<21}  last error", "ticket", "state", "attempts", "next try")?;
    for job in &jobs {
        let tracking = match ForwardTicket::from_payload(&job.payload).ok().map(|f| f.ticket_id) {
            Some(id) => store.ticket_by_id(id).await?.map(|r| r.ticket.tracking_id).unwrap_or_else(|| "?".into()),
            None => "?".into(),
        };
        let next = if job.state == "pending" { local(settings, job.run_at) } else { "-".into() };
        let state = if job.state == "held" { "triage" } else { job.state.as_str() };
        writeln!(
            out,
            "{tracking:<13} {state:<8} {:>8}  {next:<21}  {}",
            job.attempts,
            job.last_error.as_deref().unwrap_or("-")
        )?;
    }
    writeln!(out, "{} job(s)", jobs.len())?;
    Ok(ExitCode::SUCCESS)
}

async fn list_orphans(
    store: &dyn Store,
    settings: &Settings,
    limit: i64,
    out: &mut String,
) -> anyhow::Result<ExitCode> {
    let rows = store.list_orphans(limit).await?;
    writeln!(out, "{:<13} {:<14} {:<14} {:<21}  detail", "ticket", "kept", "other", "found")?;
    for r in &rows {
        writeln!(
            out,
            "{:<13} {:<14} {:<14} {:<21}  {}",
            r.tracking_id,
            r.kept.as_deref().unwrap_or("-"),
            r.central_id.as_deref().unwrap_or("(unchecked)"),
            local(settings, r.found_at),
            r.detail
        )?;
    }
    writeln!(out, "{} suspected duplicate(s) on the central server; close them there by hand", rows.len())?;
    Ok(ExitCode::SUCCESS)
}

async fn record_of(store: &dyn Store, settings: &Settings, id: &str) -> anyhow::Result<TicketRecord> {
    let tracking = TrackingId::parse(id, &settings.tickets.prefix).map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
    store.ticket_record(&tracking.to_string()).await?.ok_or_else(|| anyhow::anyhow!("{tracking}: no such ticket"))
}

async fn retry(
    store: &dyn Store,
    settings: &Settings,
    id: Option<String>,
    dead: bool,
    out: &mut String,
) -> anyhow::Result<ExitCode> {
    let (which, record) = match (id, dead) {
        (_, true) => (Revive::AllDead, None),
        (Some(id), false) => {
            let record = record_of(store, settings, &id).await?;
            (Revive::Key(ForwardTicket { ticket_id: record.ticket.id }.dedupe_key()), Some(record))
        }
        (None, false) => anyhow::bail!("give a tracking ID or --dead"),
    };
    let n = store.revive_jobs(ForwardTicket::KIND, which, Utc::now()).await?;
    if let (0, Some(record)) = (n, &record) {
        let state =
            forward_state(store, record.ticket.id).await?.map(|j| j.0).unwrap_or_else(|| "no forward job".into());
        anyhow::bail!("{}: not a dead letter (forward state: {state}); nothing to retry", record.ticket.tracking_id);
    }
    writeln!(out, "{n} dead letter(s) back in the queue")?;
    Ok(if n > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The ticket's forward job: state (triage for a held one), attempts and last error.
async fn forward_state(store: &dyn Store, id: Uuid) -> anyhow::Result<Option<(String, i64, Option<String>)>> {
    let job = store.find_job(&ForwardTicket { ticket_id: id }.dedupe_key()).await?;
    Ok(job.map(|j| (if j.state == "held" { "triage".into() } else { j.state.clone() }, j.attempts, j.last_error)))
}

async fn show(store: &dyn Store, settings: &Settings, id: &str, out: &mut String) -> anyhow::Result<ExitCode> {
    let record = record_of(store, settings, id).await?;
    let Some(view) = store.find_ticket(&record.ticket.tracking_id).await? else {
        anyhow::bail!("{}: no such ticket", record.ticket.tracking_id);
    };
    let t = &record.ticket;
    let central = store.central_ref(view.id).await?;
    writeln!(
        out,
        "{}  status {}  opd {}",
        view.tracking_id,
        view.status,
        view.opd_code.as_deref().unwrap_or("- (triage)")
    )?;
    writeln!(out, "channel {}  filed {}", t.reporter.channel, local(settings, t.created_at))?;
    if let Some(kind) = &t.report_type {
        writeln!(out, "type {kind}")?;
    }
    let occurred = t.occurred_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    writeln!(out, "occurred {occurred}")?;
    let privacy = match (t.anonymous, t.confidential) {
        (true, true) => "anonim + rahasia",
        (true, false) => "anonim",
        (false, true) => "rahasia",
        (false, false) => "biasa",
    };
    writeln!(out, "privacy {privacy}")?;
    match (t.location, &t.address_text) {
        (Some((lat, lon)), _) => writeln!(out, "place {lat:.5}, {lon:.5}")?,
        (None, Some(address)) => writeln!(out, "place {address}")?,
        _ => writeln!(out, "place -")?,
    }
    writeln!(out, "photos {}", t.photos.len())?;
    writeln!(out, "text {}", t.description)?;
    match &central.central_id {
        Some(cid) => writeln!(out, "central id {cid}")?,
        None => match forward_state(store, view.id).await? {
            Some((state, attempts, error)) => writeln!(
                out,
                "central id - (forward {state}, {attempts} attempt(s){})",
                error.map(|e| format!(", last error: {e}")).unwrap_or_default()
            )?,
            None => writeln!(out, "central id - (not forwarded yet)")?,
        },
    }
    writeln!(out, "history:")?;
    for h in &view.history {
        writeln!(out, "  {}  {}  {}", local(settings, h.at), h.status, h.note.as_deref().unwrap_or(""))?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn assign(
    store: &dyn Store,
    settings: &Settings,
    id: &str,
    opd: &str,
    out: &mut String,
) -> anyhow::Result<ExitCode> {
    let record = record_of(store, settings, id).await?;
    let code = opd.trim().to_ascii_uppercase();
    let known = crate::routing::opd_codes(&settings.classify);
    if known.is_empty() {
        anyhow::bail!(
            "--opd: cannot check {code:?}: no OPD catalogue at {} (classify.catalogue)",
            settings.classify.catalogue.display()
        );
    }
    if !known.contains(&code) {
        anyhow::bail!("--opd: {code:?} is not in the catalogue ({})", settings.classify.catalogue.display());
    }
    if !store.assign_opd(record.ticket.id, &code, "admin", Utc::now()).await? {
        anyhow::bail!("{}: not waiting for triage (it has an OPD or is already forwarded)", record.ticket.tracking_id);
    }
    writeln!(out, "{} routed to {code}; it is forwarded now", record.ticket.tracking_id)?;
    Ok(ExitCode::SUCCESS)
}
