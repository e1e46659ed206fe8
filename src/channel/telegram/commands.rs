//! Telegram's command menu (`setMyCommands`): the commands the dialogs list (`Dialogs::bot_commands`),
//! once per language, so a citizen sees /status, /batal … in their own language when typing "/".

use kentongan_dialog::{Dialogs, Lang};
use teloxide::Bot;
use teloxide::payloads::SetMyCommandsSetters;
use teloxide::prelude::Requester;
use teloxide::types::BotCommand;
use tracing::{info, warn};

/// Sets the command menu for each language (Telegram matches the user's `language_code`) and, in
/// Indonesian, for every other language. A refusal is logged and start-up goes on: the commands work
/// typed, with or without a menu.
pub async fn set_menu(bot: &Bot, dialogs: &Dialogs) {
    let mut set = 0;
    for (code, lang) in [(None, Lang::Id), (Some("id"), Lang::Id), (Some("jv"), Lang::Jv), (Some("en"), Lang::En)] {
        let commands: Vec<BotCommand> =
            dialogs.bot_commands(lang).into_iter().map(|(name, about)| BotCommand::new(name, about)).collect();
        let request = bot.set_my_commands(commands);
        let result = match code {
            Some(code) => request.language_code(code).await,
            None => request.await,
        };
        match result {
            Ok(_) => set += 1,
            Err(e) => warn!(language = code.unwrap_or("default"), error = %e, "telegram refused the command menu"),
        }
    }
    info!(languages = set, "telegram command menu set");
}
