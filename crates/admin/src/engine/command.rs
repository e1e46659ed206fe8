//! Admin commands, parsed from a text: a leading `/word` (with an optional `@bot` suffix, as Telegram
//! groups send it) and its argument.

use super::{AdminEffect, AdminState, Context, Step, help};
use crate::message::AdminMessage;
use crate::texts::Texts;

/// A parsed admin command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `/daftar <code>`; `None` without a code.
    Daftar(Option<String>),
    /// `/start <code>` from the deep link; plain `/start` is `None`.
    Start(Option<String>),
    /// `/antrian [page]`, pages counted from 1 by the admin, from 0 here.
    Antrian(u32),
    /// `/laporan <id>`.
    Laporan(Option<String>),
    Bantuan,
    Batal,
    /// Any other slash command.
    Other,
}

impl Command {
    /// `None` when `text` is not a command (does not start with `/`).
    pub fn parse(text: &str) -> Option<Command> {
        let text = text.trim();
        let rest = text.strip_prefix('/')?;
        let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let word = word.split('@').next().unwrap_or("").to_lowercase();
        let arg = arg.split_whitespace().next().map(str::to_owned);
        Some(match word.as_str() {
            "daftar" | "register" => Command::Daftar(arg),
            "start" => Command::Start(arg),
            "antrian" | "queue" => {
                Command::Antrian(arg.and_then(|a| a.parse::<u32>().ok()).unwrap_or(1).saturating_sub(1))
            }
            "laporan" | "ticket" => Command::Laporan(arg.map(|a| a.to_uppercase())),
            "bantuan" | "help" => Command::Bantuan,
            "batal" | "cancel" => Command::Batal,
            _ => Command::Other,
        })
    }
}

pub(super) fn run(texts: &Texts, state: &AdminState, command: Command, ctx: &Context) -> Step {
    let lang = ctx.lang;
    let keep = state.clone();
    match command {
        Command::Daftar(Some(code)) | Command::Start(Some(code)) => {
            Step::effect(keep, None, AdminEffect::Redeem { code })
        }
        Command::Daftar(None) => Step::reply(keep, AdminMessage::text(texts.message(lang, "usage_daftar", &[]))),
        Command::Antrian(page) => Step::effect(keep, None, AdminEffect::LoadQueue { page }),
        Command::Laporan(Some(id)) => Step::effect(keep, None, AdminEffect::LoadTicket { id }),
        Command::Laporan(None) => Step::reply(keep, AdminMessage::text(texts.message(lang, "usage_laporan", &[]))),
        // Cancelling changes nothing but the pending flow, and says so even when none was pending.
        Command::Batal => Step::reply(AdminState::Idle, AdminMessage::text(texts.message(lang, "cancelled", &[]))),
        Command::Start(None) | Command::Bantuan | Command::Other => Step::reply(keep, help(texts, lang)),
    }
}
