//! Command-line interface: `serve`, `migrate`, `chat`, `dialogs check`, `telegram …`, `classify …`.
//! Every command checks that the settings are well-formed; only `serve` also checks what running the gateway
//! needs (a webhook secret, a central URL, SMS credentials), and each other command checks what it uses.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{LogFormat, Settings, TelegramMode};

#[derive(Parser, Debug)]
#[command(name = "kentongan", version, about = "Public-service complaint gateway for Telegram and SMS")]
pub struct Cli {
    /// Config file (TOML). Default: ./kentongan.toml when present. Env `KENTONGAN_*` overrides it.
    #[arg(long, short, global = true, env = "KENTONGAN_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the gateway: HTTP server, Telegram, workers.
    Serve {
        /// Human-readable logs instead of JSON.
        #[arg(long)]
        pretty: bool,
        /// Use Telegram long polling instead of the webhook (development).
        #[arg(long)]
        polling: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Talk to the bot in this terminal (channel `cli`), with the same dialogs and database.
    Chat {
        /// Who you are in this conversation; each name has its own conversation and tickets.
        #[arg(long, default_value = "local")]
        user: String,
    },
    /// Dialog files.
    Dialogs {
        #[command(subcommand)]
        command: DialogsCommand,
    },
    /// Telegram webhook management.
    Telegram {
        #[command(subcommand)]
        command: TelegramCommand,
    },
    /// Tickets and their forwarding: list by state, retry dead letters, show one.
    Tickets {
        #[command(subcommand)]
        command: crate::cli_tickets::TicketsCommand,
    },
    /// OPD admins: invite one (a one-time code), list them, revoke one.
    Admin {
        #[command(subcommand)]
        command: crate::cli_admin::AdminCommand,
    },
    /// Inbound events that keep failing: list them, put dead letters back.
    Inbox {
        #[command(subcommand)]
        command: crate::cli_inbox::InboxCommand,
    },
    /// OPD classification: try, train, evaluate, predict.
    Classify(crate::cli_classify::ClassifyArgs),
    /// SMS helpers: `sms gammu-receive` for Gammu SMSD's RunOnReceive.
    Sms {
        #[command(subcommand)]
        command: crate::cli_sms::SmsCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum DialogsCommand {
    /// Validate every dialog and message file; prints `file:line: step: problem` lines.
    Check {
        /// Directory to check (default: the configured dialogs.dir).
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum TelegramCommand {
    /// Tell Telegram to POST updates to URL (ending in /telegram/webhook), with the configured secret.
    SetWebhook {
        /// Public HTTPS URL of this gateway's webhook, e.g. https://lapor.example.go.id/telegram/webhook.
        #[arg(long)]
        url: String,
        /// Drop updates Telegram is still holding.
        #[arg(long)]
        drop_pending: bool,
    },
    /// Remove the webhook (needed before long polling).
    DeleteWebhook,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Serve { pretty, polling } => {
            // Flags first, then the checks: `--polling` needs no webhook secret.
            let flags = |s: &mut Settings| {
                if polling {
                    s.telegram.mode = TelegramMode::Polling;
                }
                if pretty {
                    s.log.format = LogFormat::Pretty;
                }
            };
            let settings = Settings::load_checked(config, flags, Settings::validate_serve)?;
            crate::telemetry::init(settings.log.format, &settings.log.level);
            let app = crate::app::Application::build(&settings).await?;
            app.run_until_signal().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let settings = Settings::load(config)?;
            crate::app::open_store(&settings).await?;
            println!("migrations applied to {}", settings.database.url);
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat { user } => {
            let settings = Settings::load(config)?;
            crate::telemetry::init(LogFormat::Pretty, "warn");
            crate::chat::run(&settings, &user).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Dialogs { command: DialogsCommand::Check { dir } } => {
            let dir = match dir {
                Some(d) => d,
                None => Settings::load(config).map(|s| s.dialogs.dir).unwrap_or_else(|_| "dialogs".into()),
            };
            Ok(check_dialogs(&dir))
        }
        Command::Telegram { command } => telegram(Settings::load(config)?, command).await,
        Command::Admin { command } => crate::cli_admin::run(&Settings::load(config)?, command).await,
        Command::Tickets { command } => crate::cli_tickets::run(&Settings::load(config)?, command).await,
        Command::Inbox { command } => crate::cli_inbox::run(&Settings::load(config)?, command).await,
        Command::Classify(args) => Ok(crate::cli_classify::run(args, config).await),
        Command::Sms { command } => crate::cli_sms::run(&Settings::load(config)?, command).await,
    }
}

fn check_dialogs(dir: &Path) -> ExitCode {
    let problems = kentongan_dialog::check_dir(dir);
    if problems.is_empty() {
        // The loader reads every `*.toml` in the directory: say how many, so an empty or wrong one shows.
        let files = std::fs::read_dir(dir)
            .map(|entries| entries.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "toml")).count())
            .unwrap_or(0);
        let shown = dir.display().to_string();
        let slash = if shown.ends_with('/') { "" } else { "/" };
        let noun = if files == 1 { "dialog file" } else { "dialog files" };
        println!("{files} {noun} in {shown}{slash}: valid");
        return ExitCode::SUCCESS;
    }
    for p in &problems {
        println!("{p}");
    }
    eprintln!("{} problem(s) found", problems.len());
    ExitCode::FAILURE
}

async fn telegram(settings: Settings, command: TelegramCommand) -> anyhow::Result<ExitCode> {
    use secrecy::ExposeSecret;
    use teloxide::payloads::SetWebhookSetters;
    use teloxide::prelude::Requester;
    use teloxide::types::AllowedUpdate;

    let Some(bot) = crate::channel::telegram::bot(&settings.telegram)? else {
        anyhow::bail!("telegram.token: not set");
    };
    match command {
        TelegramCommand::SetWebhook { url, drop_pending } => {
            let Some(secret) = &settings.telegram.webhook_secret else {
                anyhow::bail!("telegram.webhook_secret: required to set a webhook");
            };
            let url = reqwest::Url::parse(&url).map_err(|e| anyhow::anyhow!("--url: {e}"))?;
            bot.set_webhook(url)
                .secret_token(secret.expose_secret().to_string())
                .allowed_updates(vec![
                    AllowedUpdate::Message,
                    AllowedUpdate::CallbackQuery,
                    AllowedUpdate::MyChatMember,
                ])
                .max_connections(40)
                .drop_pending_updates(drop_pending)
                .await?;
            println!("webhook set");
        }
        TelegramCommand::DeleteWebhook => {
            bot.delete_webhook().await?;
            println!("webhook deleted");
        }
    }
    Ok(ExitCode::SUCCESS)
}
