//! `kentongan chat`: a terminal conversation with the real engine and store (channel `cli`), so a
//! newcomer or a dialog author can try every step without Telegram.

use std::sync::Arc;

use chrono::Utc;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::Notify;

use crate::app::open_dialogs_and_store;
use crate::channel::cli::CliAdapter;
use crate::channel::{ChannelAdapter, OutboundMessage};
use crate::config::Settings;
use crate::domain::{Address, Channel};
use crate::inbox::Inbox;
use crate::store::{InboundBody, InboundEvent};

const HELP: &str = "Pseudo-commands: /lokasi LAT LON (share a location), /foto [NAME] (send a photo), \
/kontak NUMBER (share your number), /keluar (quit). Anything else is sent as text.";

pub async fn run(settings: &Settings, user: &str) -> anyhow::Result<()> {
    let (dialogs, store) = open_dialogs_and_store(settings).await?;
    let inbox = Inbox {
        channels: crate::app::channels(),
        sms_region: settings.sms.default_region.clone(),
        store: store.clone(),
        dialogs,
        tz: settings.tz(),
        tracking_prefix: settings.tickets.prefix.clone(),
        wake: Arc::new(Notify::new()),
        wake_sender: Default::default(),
        wake_forward: Arc::new(Notify::new()),
        retry: Default::default(),
        admin_texts: crate::app::admin_texts(settings)?,
    };
    let address = Address::new(Channel::Cli, user);
    println!("kentongan chat as {user:?} on {}. {HELP}", settings.database.url);
    exchange(&inbox, &address, InboundBody::Text { text: "/start".into() }).await?;
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut photos = 0;
    while let Some(line) = lines.next_line().await? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_line(line, &mut photos) {
            Ok(Some(body)) => exchange(&inbox, &address, body).await?,
            Ok(None) => break,
            Err(msg) => println!("! {msg}"),
        }
    }
    Ok(())
}

/// Turns a typed line into what a phone would have sent; `None` ends the chat.
pub fn parse_line(line: &str, photos: &mut usize) -> Result<Option<InboundBody>, String> {
    let mut words = line.split_whitespace();
    let head = words.next().unwrap_or_default().to_lowercase();
    let body = match head.as_str() {
        "/keluar" | "/quit" | "/exit" => return Ok(None),
        "/lokasi" | "/location" => {
            let nums: Vec<f64> = words.filter_map(|w| w.trim_matches(',').parse().ok()).collect();
            match nums[..] {
                [lat, lon] if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
                    InboundBody::Location { lat, lon }
                }
                _ => return Err("usage: /lokasi -6.8886 109.6753".into()),
            }
        }
        "/foto" | "/photo" => {
            *photos += 1;
            let name = words.next().map(str::to_string).unwrap_or_else(|| format!("cli-photo-{photos}"));
            InboundBody::Photo { file_id: name }
        }
        "/kontak" | "/contact" => match words.next() {
            Some(phone) => InboundBody::Contact { phone: phone.to_string(), own: true },
            None => return Err("usage: /kontak 081234567890".into()),
        },
        _ => InboundBody::Text { text: line.to_string() },
    };
    Ok(Some(body))
}

/// Sends one input through the inbox and prints the replies the outbox holds for this user.
async fn exchange(inbox: &Inbox, address: &Address, body: InboundBody) -> anyhow::Result<()> {
    let event = InboundEvent {
        address: address.clone(),
        external_id: uuid::Uuid::new_v4().to_string(),
        body,
        lang_hint: None,
        received_at: Utc::now(),
        via: None,
    };
    inbox.accept(&event).await?;
    inbox.drain().await?;
    let now = Utc::now();
    let jobs = inbox
        .store
        .claim_jobs(&CliAdapter.send_kind(address, None), 100, now, now + chrono::Duration::seconds(60))
        .await?;
    for job in jobs {
        if let Ok(msg) = serde_json::from_value::<OutboundMessage>(job.payload.clone()) {
            println!("{}", crate::channel::cli::show(&msg));
        }
        inbox.store.complete_job(job.id, Utc::now()).await?;
    }
    Ok(())
}
