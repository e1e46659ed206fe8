//! `kentongan admin …`: invite an OPD's admin (a one-time code and its Telegram deep link), list the
//! admins and open invites, revoke one. Only the code's hash is stored; the code is printed once.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::{Duration, Utc};
use clap::Subcommand;
use kentongan_admin::{Invite, Role};

use crate::cli_tickets::{local, print_out};
use crate::config::Settings;
use crate::store::Store;

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// A one-time code for an OPD's admin: sent as `/daftar <code>` (or opened as the printed link)
    /// in a private chat with the bot, it makes that chat the OPD's admin chat.
    Invite {
        /// OPD code from the catalogue, e.g. DPUPR.
        #[arg(long)]
        opd: String,
        /// penghubung (one OPD) or koordinator (every OPD and the triage queue).
        #[arg(long, default_value = "penghubung")]
        role: String,
        /// How long the code stays valid: e.g. 72h, 30m, 7d.
        #[arg(long, default_value = "72h")]
        expires: String,
    },
    /// Admin chats (live and revoked) and invites not yet used.
    List,
    /// Revoke an admin (its chat is a citizen's again) or, with --invite, an unused invite.
    Revoke {
        /// The id `admin list` shows.
        id: i64,
        /// The id is an invite's.
        #[arg(long)]
        invite: bool,
    },
}

pub async fn run(settings: &Settings, command: AdminCommand) -> anyhow::Result<ExitCode> {
    // Checked before the database is opened: a typo creates nothing.
    if let AdminCommand::Invite { opd, role, expires } = &command {
        check_opd(settings, opd)?;
        parse_role(role)?;
        parse_duration(expires)?;
    }
    let store = crate::app::open_store(settings).await?;
    let mut out = String::new();
    match command {
        AdminCommand::Invite { opd, role, expires } => {
            let (opd, role, ttl) = (opd.trim().to_ascii_uppercase(), parse_role(&role)?, parse_duration(&expires)?);
            let now = Utc::now();
            let invite = Invite::generate(&mut rand::rng(), &opd, role, now + ttl);
            let id = store.create_invite(&invite.stored, now).await?;
            writeln!(out, "invite {id} for {opd} ({}), valid until {}", role_name(role), local(settings, now + ttl))?;
            writeln!(out, "code: {}", invite.code)?;
            match settings.telegram.bot_username.as_deref().filter(|u| !u.trim().is_empty()) {
                Some(bot) => writeln!(out, "link: {}", invite.deep_link(bot))?,
                None => writeln!(out, "(set telegram.bot_username to print the t.me link)")?,
            }
            writeln!(out, "the admin sends /daftar {} in a private chat with the bot", invite.code)?;
        }
        AdminCommand::List => list(store.as_ref(), settings, &mut out).await?,
        AdminCommand::Revoke { id, invite: true } => {
            if !store.revoke_invite(id).await? {
                anyhow::bail!("invite {id}: no such unused invite");
            }
            writeln!(out, "invite {id} revoked")?;
        }
        AdminCommand::Revoke { id, invite: false } => {
            if !store.revoke_admin(id).await? {
                anyhow::bail!("admin {id}: no such live admin");
            }
            writeln!(out, "admin {id} revoked; its chat is a citizen's again")?;
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

async fn list(store: &dyn Store, settings: &Settings, out: &mut String) -> anyhow::Result<()> {
    writeln!(out, "admins:")?;
    for a in store.list_admins().await? {
        let state = if a.revoked { "revoked" } else { "live" };
        let since = local(settings, a.created_at);
        let role = role_name(a.role);
        writeln!(
            out,
            "  {:>4}  {:<12} {:<11} {:<8} {} since {since}  {state}",
            a.id,
            a.opd,
            role,
            a.address.channel.as_str(),
            a.name
        )?;
    }
    let now = Utc::now();
    writeln!(out, "open invites:")?;
    for i in store.list_invites().await?.into_iter().filter(|i| i.stored.used_at.is_none() && !i.stored.revoked) {
        let state = if i.stored.expires_at <= now { "expired" } else { "open" };
        let until = local(settings, i.stored.expires_at);
        writeln!(out, "  {:>4}  {:<12} {:<11} until {until}  {state}", i.id, i.stored.opd, role_name(i.stored.role))?;
    }
    Ok(())
}

fn check_opd(settings: &Settings, opd: &str) -> anyhow::Result<()> {
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
    Ok(())
}

fn parse_role(role: &str) -> anyhow::Result<Role> {
    match role.trim().to_ascii_lowercase().as_str() {
        "penghubung" => Ok(Role::Penghubung),
        "koordinator" => Ok(Role::Koordinator),
        other => anyhow::bail!("--role: {other:?} is neither penghubung nor koordinator"),
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Koordinator => "koordinator",
        Role::Penghubung => "penghubung",
    }
}

/// `72h`, `30m`, `7d`: a positive number and a unit.
pub fn parse_duration(text: &str) -> anyhow::Result<Duration> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: i64 = number.parse().ok().filter(|n| *n > 0).ok_or_else(|| bad_duration(text))?;
    match unit {
        "m" => Ok(Duration::minutes(n)),
        "h" => Ok(Duration::hours(n)),
        "d" => Ok(Duration::days(n)),
        _ => Err(bad_duration(text)),
    }
}

fn bad_duration(text: &str) -> anyhow::Error {
    anyhow::anyhow!("--expires: {text:?} is not a duration like 30m, 72h or 7d")
}
