//! `kentongan sms …`: the Gammu `RunOnReceive` hook.

use std::process::ExitCode;

use clap::Subcommand;
use secrecy::ExposeSecret;

use crate::channel::sms::gammu::env::{batch_from_env, deliver};
use crate::config::Settings;

#[derive(Subcommand, Debug)]
pub enum SmsCommand {
    /// Hand the message Gammu SMSD just received to the running gateway (for `RunOnReceive`).
    /// Reads SMS_* / DECODED_* from the environment; SMSD passes the message ids as arguments.
    GammuReceive {
        /// Gateway base URL; defaults to the configured `server.listen` on this machine.
        #[arg(long)]
        url: Option<String>,
        /// Message ids SMSD passes to RunOnReceive.
        ids: Vec<String>,
    },
}

pub async fn run(settings: &Settings, command: SmsCommand) -> anyhow::Result<ExitCode> {
    let SmsCommand::GammuReceive { url, ids } = command;
    let secret = settings
        .sms
        .gammu
        .secret
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("sms.gammu.secret: not set in the configuration"))?;
    // SMSD writes the text in its locale's encoding: read it lossily rather than fail on non-UTF-8.
    let vars = std::env::vars_os()
        .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
        .filter(|(k, _)| k.starts_with("SMS_") || k.starts_with("DECODED_"))
        .collect();
    let batch = batch_from_env(&vars, &ids).map_err(anyhow::Error::msg)?;
    if batch.messages.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let base = url.unwrap_or_else(|| format!("http://{}", settings.server.listen));
    let target = format!("{}/sms/gammu/receive", base.trim_end_matches('/'));
    let receipt = deliver(&target, secret.expose_secret(), &batch).await.map_err(anyhow::Error::msg)?;
    println!("accepted {} duplicate {} ignored {}", receipt.accepted, receipt.duplicates, receipt.ignored);
    Ok(ExitCode::SUCCESS)
}
