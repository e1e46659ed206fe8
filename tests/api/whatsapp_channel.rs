//! The WhatsApp channel end to end: Meta's webhook (handshake, signature, parsing, dedupe) into the
//! same dialog and ticket lifecycle as Telegram and SMS, against the fake Graph API over real HTTP and
//! a real SQLite file; and the way out — bodies in the Cloud API's shapes, the 24-hour window, the
//! template and the SMS fallback, and what each Graph API error code does.

use std::time::Duration;

use chrono::Utc;
use kentongan::channel::whatsapp::WhatsAppSettings;
use serde_json::{Value, json};

use crate::dialog_file::DialogFile;
use crate::fake_whatsapp::payload::{self, PHONE_NUMBER_ID, signed};
use crate::fake_whatsapp::{FakeGraph, VERSION};
use kentongan::channel::sms::Provider;

use crate::sms_support::{SmsApp, spawn_sms_app};
use crate::telegram_dialog::tracking_id_in;

const APP_SECRET: &str = "wa-app-secret-0123456789";
const VERIFY_TOKEN: &str = "wa-verify-token-0123456789";
const TOKEN: &str = "EAAG-test-token";
const CITIZEN: &str = "6281234567001";
const POTHOLE: &str = "jalan di depan SD Medono berlubang besar, sudah dua motor jatuh";

struct WaApp {
    sms: SmsApp,
    graph: FakeGraph,
    next: std::sync::atomic::AtomicU32,
}

fn settings(graph: &FakeGraph) -> WhatsAppSettings {
    WhatsAppSettings {
        enabled: true,
        phone_number_id: PHONE_NUMBER_ID.into(),
        access_token: Some(TOKEN.to_string().into()),
        app_secret: Some(APP_SECRET.to_string().into()),
        verify_token: Some(VERIFY_TOKEN.to_string().into()),
        graph_base: graph.base(),
        // Tests answer faster than a person; the pair rate would only make them slow.
        per_sec: 80.0,
        per_recipient_burst: 100,
        per_recipient_secs: 0.001,
        ..WhatsAppSettings::default()
    }
}

async fn spawn_wa(adjust: impl FnOnce(&mut WhatsAppSettings)) -> WaApp {
    let graph = FakeGraph::start().await;
    graph.require_token(TOKEN);
    let mut wa = settings(&graph);
    adjust(&mut wa);
    let sms = spawn_sms_app(move |s| s.whatsapp = wa).await;
    WaApp { sms, graph, next: 0.into() }
}

impl WaApp {
    fn wamid(&self) -> String {
        format!("wamid.TEST{}", self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }

    async fn post_signed(&self, body: &Value) -> reqwest::Response {
        let (bytes, signature) = signed(body, APP_SECRET);
        self.post_raw(bytes, Some(&signature)).await
    }

    async fn post_raw(&self, bytes: Vec<u8>, signature: Option<&str>) -> reqwest::Response {
        let app = &self.sms.app;
        let mut req = app.client.post(format!("{}/whatsapp/webhook", app.base)).body(bytes);
        if let Some(signature) = signature {
            req = req.header("X-Hub-Signature-256", signature);
        }
        req.header("Content-Type", "application/json").send().await.unwrap()
    }

    /// Posts a webhook body, waits until the gateway settled, and returns the messages sent since.
    async fn exchange(&self, body: &Value) -> Vec<Value> {
        let before = self.graph.messages().len();
        let response = self.post_signed(body).await;
        assert_eq!(response.status(), 200, "webhook accepted");
        self.settle().await;
        self.graph.messages().split_off(before)
    }

    /// Waits until every accepted event is processed and every WhatsApp and SMS job is finished.
    async fn settle(&self) {
        let store = self.sms.app.store();
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            self.sms.settle().await;
            let c = store.outbox_counts("send.whatsapp").await.unwrap();
            if c.pending + c.running == 0 && store.pending_inbound(1).await.unwrap().is_empty() {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "whatsapp did not settle: {c:?}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn say(&self, text: &str) -> Vec<Value> {
        self.exchange(&payload::text(CITIZEN, &self.wamid(), text)).await
    }

    async fn tap(&self, label: &str) -> Vec<Value> {
        self.exchange(&payload::button_reply(CITIZEN, &self.wamid(), label, label)).await
    }

    async fn tables(&self) -> (i64, i64) {
        let store = self.sms.app.store();
        (store.inbound_count().await.unwrap(), store.count_tickets().await.unwrap())
    }
}

/// The text a Cloud API body shows the citizen.
fn text_of(body: &Value) -> String {
    match body["type"].as_str() {
        Some("text") => body["text"]["body"].as_str().unwrap_or_default().into(),
        Some("interactive") => body["interactive"]["body"]["text"].as_str().unwrap_or_default().into(),
        _ => String::new(),
    }
}

/// The ids of its buttons or list rows: the option labels the citizen can tap.
fn options_of(body: &Value) -> Vec<String> {
    let action = &body["interactive"]["action"];
    let buttons = action["buttons"].as_array().into_iter().flatten().map(|b| b["reply"]["id"].clone());
    let rows = action["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["rows"].as_array().cloned().unwrap_or_default());
    buttons.chain(rows.map(|r| r["id"].clone())).filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

fn interactive_type(body: &Value) -> Option<&str> {
    body["interactive"]["type"].as_str()
}

/// Walks the whole complaint in `lang` (chosen from the menu when not Indonesian) with a location
/// and a photo; returns the tracking ID and every body the gateway sent.
async fn walk(app: &WaApp, lang: &str) -> (String, Vec<Value>) {
    let f = DialogFile::load();
    let mut seen = app.say("Halo").await;
    if lang != "id" {
        seen.extend(app.tap(&f.message("menu_language", "id")).await);
        let name = f.message(&format!("lang_name_{lang}"), "id");
        seen.extend(app.tap(&name).await);
    }
    seen.extend(app.say(POTHOLE).await);
    let asked_place = seen.last().unwrap().clone();
    assert_eq!(interactive_type(&asked_place), Some("location_request_message"), "{asked_place}");
    seen.extend(app.exchange(&payload::location(CITIZEN, &app.wamid(), -6.8886, 109.6753)).await);
    app.graph.add_media("4490709327384033", "image/jpeg", vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
    seen.extend(app.exchange(&payload::image(CITIZEN, &app.wamid(), "4490709327384033")).await);
    seen.extend(app.tap(&f.message("btn_done", lang)).await);
    let privacy = seen.last().unwrap().clone();
    assert_eq!(interactive_type(&privacy), Some("button"), "three privacy choices as reply buttons: {privacy}");
    seen.extend(app.tap(&f.option_labels("privacy", lang)[0]).await);
    let mut summary = seen.last().unwrap().clone();
    if options_of(&summary).first() != Some(&f.message("btn_send", lang)) {
        // An unsure agency is asked first: take the first suggestion.
        seen.extend(app.tap(&options_of(&summary)[0]).await);
        summary = seen.last().unwrap().clone();
    }
    assert_eq!(interactive_type(&summary), Some("list"), "Kirim, Ganti instansi, Ubah, Batal as a list: {summary}");
    seen.extend(app.tap(&f.message("btn_send", lang)).await);
    let receipt = text_of(seen.last().unwrap());
    (tracking_id_in(&receipt).unwrap_or_else(|| panic!("no tracking ID in {receipt:?}")), seen)
}

#[tokio::test]
async fn a_full_complaint_through_the_whatsapp_webhook_with_a_place_and_a_photo_files_one_ticket_in_each_language() {
    for lang in ["id", "jv", "en"] {
        let app = spawn_wa(|_| {}).await;
        let (id, seen) = walk(&app, lang).await;
        let record = app.sms.app.store().ticket_record(&id).await.unwrap().expect("ticket stored");
        assert_eq!(record.ticket.reporter.channel.as_str(), "whatsapp");
        assert_eq!(record.ticket.reporter.id, format!("+{CITIZEN}"), "the reporter's address is their number");
        assert_eq!(record.ticket.lang, lang);
        assert_eq!(record.ticket.photos.len(), 1, "{lang}: the photo is kept");
        for body in &seen {
            assert_eq!(body["messaging_product"], "whatsapp");
            assert_eq!(body["recipient_type"], "individual");
            assert_eq!(body["to"], CITIZEN, "sent to the wa_id without +");
        }
        let kinds: Vec<_> = seen.iter().map(|b| interactive_type(b).unwrap_or("text")).collect();
        for kind in ["text", "button", "list", "location_request_message"] {
            assert!(kinds.contains(&kind), "{lang}: a {kind} body was sent: {kinds:?}");
        }
        let requests = app.graph.received();
        let sends = requests.iter().filter(|r| r.method == "POST").collect::<Vec<_>>();
        assert!(sends.iter().all(|r| r.path == format!("/{VERSION}/{PHONE_NUMBER_ID}/messages")));
        assert!(sends.iter().all(|r| r.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))));
        assert!(!app.graph.marked_read().is_empty(), "the citizen's messages are marked as read");
    }
}

#[tokio::test]
async fn the_verification_handshake_answers_the_challenge_only_for_the_configured_token() {
    let app = spawn_wa(|_| {}).await;
    let url = format!("{}/whatsapp/webhook", app.sms.app.base);
    let client = &app.sms.app.client;
    let query = |token: &str| {
        vec![
            ("hub.mode", "subscribe".to_string()),
            ("hub.verify_token", token.to_string()),
            ("hub.challenge", "1158201444".into()),
        ]
    };
    let ok = client.get(&url).query(&query(VERIFY_TOKEN)).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    let wrong = client.get(&url).query(&query("not-the-token")).send().await.unwrap();
    assert_eq!(wrong.status(), 403);
    assert!(!wrong.text().await.unwrap().contains("1158201444"));
}

#[tokio::test]
async fn a_post_without_or_with_a_wrong_signature_is_refused_with_401_and_stores_nothing() {
    let app = spawn_wa(|_| {}).await;
    let body = serde_json::to_vec(&payload::text(CITIZEN, "wamid.X1", POTHOLE)).unwrap();
    let before = app.tables().await;
    assert_eq!(app.post_raw(body.clone(), None).await.status(), 401);
    let forged = kentongan::channel::whatsapp::webhook::sign("another-secret-entirely", &body);
    assert_eq!(app.post_raw(body.clone(), Some(&forged)).await.status(), 401);
    assert_eq!(app.post_raw(body, Some("sha256=zz")).await.status(), 401);
    app.settle().await;
    assert_eq!(app.tables().await, before);
    assert!(app.graph.messages().is_empty(), "nobody was answered");
}

#[tokio::test]
async fn malformed_payloads_are_a_400_and_store_nothing() {
    let app = spawn_wa(|_| {}).await;
    let before = app.tables().await;
    let bodies = [
        b"{\"object\":".to_vec(),
        br#"{"object":"page","entry":[]}"#.to_vec(),
        serde_json::to_vec(&json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
            "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": PHONE_NUMBER_ID},
            "messages": [{"id": "wamid.B", "timestamp": "1", "type": "text", "text": {"body": "x"}}]}}]}]}))
        .unwrap(),
        serde_json::to_vec(&payload::location(CITIZEN, "wamid.L", 999.0, -999.0)).unwrap(),
    ];
    for body in bodies {
        let signature = kentongan::channel::whatsapp::webhook::sign(APP_SECRET, &body);
        let response = app.post_raw(body, Some(&signature)).await;
        assert_eq!(response.status(), 400);
        assert!(!response.text().await.unwrap().contains(CITIZEN), "the error echoes no input");
    }
    app.settle().await;
    assert_eq!(app.tables().await, before);
}

#[tokio::test]
async fn a_replayed_message_id_has_one_effect() {
    let app = spawn_wa(|_| {}).await;
    let body = payload::text(CITIZEN, "wamid.REPLAY", "Halo");
    let first = app.exchange(&body).await;
    assert!(!first.is_empty());
    let again = app.exchange(&body).await;
    assert!(again.is_empty(), "a re-delivery is acknowledged and ignored: {again:?}");
    assert_eq!(app.tables().await.0, 1);
}

#[tokio::test]
async fn statuses_are_recorded_against_our_sends_and_statuses_for_unknown_messages_are_ignored() {
    let app = spawn_wa(|_| {}).await;
    app.say("Halo").await;
    let pool = sqlx::SqlitePool::connect(&app.sms.app.settings.database.url).await.unwrap();
    let ours: String =
        sqlx::query_scalar("SELECT sent_ref FROM outbox WHERE kind = 'send.whatsapp' AND sent_ref IS NOT NULL")
            .fetch_one(&pool)
            .await
            .expect("a send recorded with its wamid");
    assert!(ours.starts_with("wamid."), "{ours}");
    let response = app.post_signed(&payload::status(CITIZEN, &ours, "delivered", None)).await;
    assert_eq!(response.status(), 200);
    let unknown = app.post_signed(&payload::status(CITIZEN, "wamid.NOT-OURS", "read", None)).await;
    assert_eq!(unknown.status(), 200, "acknowledged, so Meta stops re-sending it");
    let store = app.sms.app.store();
    let job = store.sent_job("send.whatsapp", &ours).await.unwrap().expect("the send is found by its wamid");
    let reports = store.deliveries(job).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].status.as_str(), "delivered");
    assert_eq!(store.sent_job("send.whatsapp", "wamid.NOT-OURS").await.unwrap(), None);
}

/// Files a ticket, then moves the citizen's last message `hours` into the past.
async fn ticket_written_hours_ago(app: &WaApp, hours: i64) -> (String, uuid::Uuid) {
    let (id, _) = walk(app, "id").await;
    let pool = sqlx::SqlitePool::connect(&app.sms.app.settings.database.url).await.unwrap();
    let then = (Utc::now() - chrono::Duration::hours(hours)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    sqlx::query("UPDATE inbound_events SET received_at = ? WHERE channel = 'whatsapp'")
        .bind(then)
        .execute(&pool)
        .await
        .unwrap();
    let ticket = app.sms.app.store().ticket_record(&id).await.unwrap().unwrap().ticket;
    (id, ticket.id)
}

async fn push(app: &WaApp, ticket: uuid::Uuid, n: usize, status: &str, note: Option<&str>) {
    let job = kentongan::store::NewJob {
        kind: "notify".into(),
        dedupe_key: format!("notify:wa-test:{ticket}:{n}"),
        payload: json!({"ticket_id": ticket, "status": status, "note": note}),
        priority: 0,
        run_at: Utc::now(),
    };
    app.sms.app.store().hand_over(None, &[job], Utc::now()).await.unwrap();
}

fn template_settings(wa: &mut WhatsAppSettings) {
    wa.templates.status = Some(kentongan::channel::whatsapp::StatusTemplate {
        name: "status_laporan".into(),
        language: "id".into(),
        parameters: vec![
            kentongan::channel::whatsapp::config::TemplateParam::TrackingId,
            kentongan::channel::whatsapp::config::TemplateParam::StatusLabel,
            kentongan::channel::whatsapp::config::TemplateParam::Note,
        ],
    });
}

async fn wait_for(app: &WaApp, what: &str, mut check: impl FnMut(&WaApp) -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !check(app) {
        assert!(std::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_push_inside_the_window_is_free_form_text() {
    let app = spawn_wa(template_settings).await;
    let (id, ticket) = ticket_written_hours_ago(&app, 23).await;
    let before = app.graph.messages().len();
    push(&app, ticket, 0, "diverifikasi", None).await;
    wait_for(&app, "the push", |a| a.graph.messages().len() > before).await;
    let body = app.graph.messages()[before].clone();
    assert_eq!(body["type"], "text", "{body}");
    assert!(text_of(&body).contains(&id));
}

#[tokio::test]
async fn a_push_outside_the_window_goes_as_the_approved_template_with_id_status_and_note() {
    let app = spawn_wa(template_settings).await;
    let (id, ticket) = ticket_written_hours_ago(&app, 25).await;
    let before = app.graph.messages().len();
    push(&app, ticket, 0, "selesai", Some("Jalan sudah ditambal.")).await;
    wait_for(&app, "the template", |a| a.graph.messages().len() > before).await;
    let body = app.graph.messages()[before].clone();
    assert_eq!(body["type"], "template", "{body}");
    assert_eq!(body["template"]["name"], "status_laporan");
    assert_eq!(body["template"]["language"]["code"], "id");
    let params: Vec<&str> = body["template"]["components"][0]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(params[0], id);
    assert_eq!(params[2], "Jalan sudah ditambal.");
    assert!(app.sms.sms_to(Provider::Android, &format!("+{CITIZEN}")).await.is_empty(), "no SMS as well");
}

#[tokio::test]
async fn a_push_outside_the_window_without_a_template_reaches_the_same_number_by_sms() {
    let app = spawn_wa(|_| {}).await;
    let (id, ticket) = ticket_written_hours_ago(&app, 25).await;
    let before = app.graph.messages().len();
    push(&app, ticket, 0, "diverifikasi", None).await;
    let number = format!("+{CITIZEN}");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while app.sms.sms_to(Provider::Android, &number).await.is_empty() {
        assert!(std::time::Instant::now() < deadline, "no SMS fallback");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sms = app.sms.sms_to(Provider::Android, &number).await;
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert!(sms[0].contains(&id));
    assert_eq!(app.graph.messages().len(), before, "nothing free-form outside the window");
}

#[tokio::test]
async fn error_131047_on_a_free_form_push_sends_the_template_instead() {
    let app = spawn_wa(template_settings).await;
    let (_, ticket) = ticket_written_hours_ago(&app, 1).await;
    app.graph.fail_next(131047, 1);
    let before = app.graph.messages().len();
    push(&app, ticket, 0, "diverifikasi", None).await;
    wait_for(&app, "the template after 131047", |a| {
        a.graph.messages().iter().skip(before).any(|b| b["type"] == "template")
    })
    .await;
}

/// A citizen's "Halo" whose reply the fake answers with `code` for the first `n` sends.
async fn reply_after(code: i64, n: usize) -> WaApp {
    let app = spawn_wa(|_| {}).await;
    app.graph.fail_next(code, n);
    let response = app.post_signed(&payload::text(CITIZEN, &app.wamid(), "Halo")).await;
    assert_eq!(response.status(), 200);
    app
}

fn refused_sends(app: &WaApp) -> usize {
    app.graph.received().iter().filter(|r| r.path.ends_with("/messages") && r.answered != 200).count()
}

#[tokio::test]
async fn throughput_and_pair_rate_limits_130429_and_131056_slow_down_and_the_reply_still_arrives() {
    for code in [130429, 131056] {
        let app = reply_after(code, 2).await;
        wait_for(&app, "the reply after the limit", |a| {
            a.graph
                .received()
                .iter()
                .filter(|r| r.method == "POST" && r.path.ends_with("/messages") && r.answered == 200)
                .count()
                >= 2
        })
        .await;
        assert_eq!(refused_sends(&app), 2, "{code}: two refusals, then sent");
    }
}

#[tokio::test]
async fn undeliverable_and_unsupported_131026_and_131051_are_permanent_for_that_message_only() {
    for code in [131026, 131051] {
        let app = reply_after(code, 100).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let dead = app.sms.app.store().outbox_counts("send.whatsapp").await.unwrap();
            if dead.dead >= 1 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{code}: not dead-lettered");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The data notice and the welcome: each refused once, neither retried.
        let tries = refused_sends(&app);
        assert!(tries <= 2, "{code}: no retry storm ({tries} refused sends)");
    }
}

#[tokio::test]
async fn an_expired_token_190_or_a_blocked_number_368_pauses_the_channel_without_dead_letters() {
    for code in [190, 368] {
        let app = reply_after(code, 1).await;
        wait_for(&app, "the refusal", |a| refused_sends(a) >= 1).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let counts = app.sms.app.store().outbox_counts("send.whatsapp").await.unwrap();
        assert_eq!(counts.dead, 0, "{code}: nobody's message is dead-lettered");
        assert!(counts.pending + counts.running >= 1, "{code}: the message waits for the operator");
    }
}
