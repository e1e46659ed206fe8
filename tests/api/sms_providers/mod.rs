//! Each SMS provider's wire format, case by case (in the style of courier's handler tests: one table
//! per provider, one function that runs every table of its kind).
//!
//! - Inbound: what a request gets (HTTP status), whether an event was stored, what the citizen got back.
//! - Delivery reports: what the store says about a message we sent, after the provider's reports.
//! - Outbound: the request each transport makes, and how each answer of the far side maps to sent,
//!   wait, retry or give up.
//! - Gammu's `RunOnReceive` hook through the real binary, and routes of providers that are off.

mod gammu_cli;
mod inbound;
mod outbound;
mod reports;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use chrono::Utc;
use kentongan::channel::sms::{Provider, android, transport, twilio};
use kentongan::config::SmsSettings;
use kentongan::domain::{Address, Channel, PhoneNumber};
use kentongan::outbound::SendError;
use kentongan::store::DeliveryStatus;
use kentongan_dialog::gsm7;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::sms_support::*;
use crate::telegram_dialog::tracking_id_in;

const CITIZEN: &str = "+6281234567890";
const PLACE: &str = "Jl. Dr. Wahidin 12, Podosugih";
const EMOJI_TEXT: &str = "Jalan rusak 😡🙏 tolong";

/// 600 characters of Indonesian: four SMS worth of text, joined by the provider before it reaches us.
fn long_report() -> String {
    let sentence = "Jalan di depan SD Negeri Medono berlubang besar dan tergenang air setiap hujan, sudah dua motor \
                    jatuh minggu ini. ";
    let text: String = sentence.repeat(6).chars().take(600).collect();
    assert_eq!(text.chars().count(), 600);
    text
}

// ---------------------------------------------------------------------------------------------------
// Settings

/// A local address nothing listens on.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn a_provider_that_is_not_enabled_has_no_routes_while_the_others_keep_theirs() {
    let routes = |p: Provider| -> &'static [(&'static str, &'static str)] {
        match p {
            Provider::Android => &[("POST", "/sms/android/webhook")],
            Provider::Kannel => &[("GET", "/sms/kannel/receive"), ("GET", "/sms/kannel/dlr")],
            Provider::Gammu => &[("POST", "/sms/gammu/receive")],
            Provider::Twilio => &[("POST", "/sms/twilio/webhook"), ("POST", "/sms/twilio/status")],
        }
    };
    for off in Provider::ALL {
        let mut app = spawn_sms_app(|s| {
            let sms = &mut s.sms;
            match off {
                Provider::Android => sms.android.enabled = false,
                Provider::Kannel => sms.kannel.enabled = false,
                Provider::Gammu => sms.gammu.enabled = false,
                Provider::Twilio => sms.twilio.enabled = false,
            }
            let on = Provider::ALL.into_iter().find(|p| *p != off).unwrap();
            sms.default_provider = Some(on.as_str().into());
        })
        .await;
        for p in Provider::ALL {
            for (method, route) in routes(p) {
                let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let status =
                    app.app.client.request(method, format!("{}{route}", app.app.base)).send().await.unwrap().status();
                if p == off {
                    assert_eq!(status, 404, "{off} is off: {route}");
                } else {
                    assert_ne!(status, 404, "{p} is on while {off} is off: {route}");
                }
            }
        }
        app.app.app.take().unwrap().shutdown().await;
    }
}
