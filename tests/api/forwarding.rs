//! Every ticket reaches the central API exactly once, and every status change comes back to the
//! reporter. Fake central API and fake Bot API are local HTTP servers.

use std::time::Duration;

use chrono::Utc;
use kentongan::config::CentralAdapter;
use kentongan::domain::TicketStatus;
use kentongan_central::fake::FakeCentral;
use serde_json::json;

use crate::helpers::*;

const POTHOLE: &str = "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh";

async fn json_central_app(fake: &FakeCentral, adjust: impl FnOnce(&mut kentongan::config::Settings)) -> TestApp {
    let uri = fake.uri();
    spawn_app_with(move |s| {
        s.central.adapter = CentralAdapter::Json;
        s.central.base_url = Some(uri);
        s.central.api_key = Some("central-token".to_string().into());
        s.central.retry_initial_secs = 0.05;
        s.central.callback_secret = Some("callback-secret".to_string().into());
        adjust(s);
    })
    .await
}

async fn central_id_of(app: &TestApp, tracking: &str) -> Option<String> {
    let record = app.store().ticket_record(tracking).await.unwrap()?;
    app.store().central_ref(record.ticket.id).await.unwrap().central_id
}

async fn wait_forwarded(app: &TestApp, tracking: &str, secs: u64) -> String {
    app.eventually(secs, "ticket forwarded", || async { central_id_of(app, tracking).await.is_some() }).await;
    central_id_of(app, tracking).await.unwrap()
}

#[tokio::test]
async fn a_ticket_reaches_the_json_central_once_with_the_documented_fields() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(61, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    assert_eq!(fake.created_count(), 1);
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let body = &fake.tickets()[0].body;
    assert_eq!(fake.tickets()[0].central_id, central_id);
    assert_eq!(body["idempotency_key"], json!(record.ticket.id.to_string()));
    assert_eq!(body["tracking_id"], json!(tracking));
    assert_eq!(body["type"], json!("pengaduan"));
    assert_eq!(body["description"], json!(POTHOLE));
    assert!(body["title"].as_str().unwrap().starts_with("Jalan di depan SD Medono"), "{}", body["title"]);
    assert_eq!(body["location"]["lat"], json!(-6.8886));
    assert_eq!(body["opd_code"], json!("DPUPR"));
    assert_eq!(body["privacy"], json!({"anonymous": false, "confidential": false}));
    assert_eq!(body["reporter"]["channel"], json!("telegram"));
    let request = fake.received().into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(request.idempotency_key.as_deref(), Some(record.ticket.id.to_string().as_str()));
    assert_eq!(request.authorization.as_deref(), Some("Bearer central-token"));
    // The reporter hears that the report went on to the authority.
    let f = crate::dialog_file::DialogFile::load();
    // The JSON adapter's display name is LAPOR! unless central.display_name says otherwise.
    let label = f.messages["status"]["diteruskan"]["id"].as_str().unwrap().replace("{central}", "LAPOR!");
    assert_eq!(label, "Diteruskan ke LAPOR!");
    let pushed = f.fill("status_changed", "id", &[("id", &tracking), ("status", &label)]);
    app.eventually(10, "forwarded push", || async { app.sent_to(61).await.iter().any(|m| m.text == pushed) }).await;
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.status, TicketStatus::Diteruskan);
}

#[tokio::test]
async fn an_anonymous_ticket_carries_no_reporter_data_to_the_central() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(62, POTHOLE, 1).await;
    wait_forwarded(&app, &tracking, 10).await;
    let body = &fake.tickets()[0].body;
    assert!(body.get("reporter").is_none_or(|r| r.is_null()), "reporter sent for an anonymous ticket: {body}");
    assert_eq!(body["privacy"]["anonymous"], json!(true));
}

#[tokio::test]
async fn three_server_errors_then_success_make_exactly_one_central_ticket() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![500, 500, 500]);
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(63, POTHOLE, 0).await;
    wait_forwarded(&app, &tracking, 20).await;
    let posts: Vec<_> = fake.received().into_iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 4, "three failures and one success");
    assert!(posts.windows(2).all(|w| w[0].idempotency_key == w[1].idempotency_key), "one key for every try");
    assert_eq!(fake.created_count(), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_2_waits_at_least_two_seconds() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![429]);
    fake.set_retry_after(Some("2"));
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(64, POTHOLE, 0).await;
    wait_forwarded(&app, &tracking, 15).await;
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    let forwarded_at = view.history.iter().find(|h| h.status == TicketStatus::Diteruskan).unwrap().at;
    let waited = (forwarded_at - view.created_at).to_std().unwrap();
    assert!(waited >= Duration::from_secs(2), "forwarded {waited:?} after the 429");
    assert_eq!(fake.created_count(), 1);
}

#[tokio::test]
async fn a_hung_central_times_out_and_the_retry_still_makes_one_ticket() {
    let fake = FakeCentral::start().await;
    fake.set_delay(Some(Duration::from_secs(3)));
    let app = json_central_app(&fake, |s| s.central.timeout_secs = 1).await;
    let tracking = app.file_ticket(65, POTHOLE, 0).await;
    app.eventually(10, "first try timed out", || async {
        let jobs = app.store().list_jobs("forward", Some("pending"), 10).await.unwrap();
        jobs.iter().any(|j| j.attempts >= 1 && j.last_error.is_some())
    })
    .await;
    fake.set_delay(None);
    wait_forwarded(&app, &tracking, 15).await;
    assert_eq!(fake.created_count(), 1);
}

#[tokio::test]
async fn a_permanent_refusal_goes_to_dead_letter_at_once_and_retry_revives_it() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![400]);
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(66, POTHOLE, 0).await;
    app.eventually(10, "dead letter", || async {
        !app.store().list_jobs("forward", Some("dead"), 10).await.unwrap().is_empty()
    })
    .await;
    assert_eq!(fake.received().iter().filter(|r| r.method == "POST").count(), 1, "no retry after a 400");
    let revived = app.store().revive_jobs("forward", kentongan::store::Revive::AllDead, Utc::now()).await.unwrap();
    assert_eq!(revived, 1);
    wait_forwarded(&app, &tracking, 10).await;
}

#[tokio::test]
async fn a_ticket_is_dead_lettered_when_the_retry_budget_is_spent() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![503; 10_000]);
    let app = json_central_app(&fake, |s| s.central.retry_budget_hours = 1.0 / 3600.0).await;
    app.file_ticket(67, POTHOLE, 0).await;
    app.eventually(15, "dead letter after the budget", || async {
        let dead = app.store().list_jobs("forward", Some("dead"), 10).await.unwrap();
        dead.iter().any(|j| j.last_error.as_deref().unwrap_or_default().contains("budget"))
    })
    .await;
    assert_eq!(fake.created_count(), 0);
}

/// Stores `n` tickets the way the inbox does (ticket + forward job in one transaction).
async fn store_tickets(app: &TestApp, n: usize) {
    for i in 0..n {
        commit_ticket(app, new_ticket(900_000 + i as i64, &format!("PKL-T{i:06}"), Some("DINHUB"))).await;
    }
}

#[tokio::test]
async fn central_down_while_a_thousand_tickets_are_created_then_up_forwards_each_exactly_once() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![503; 1500]);
    let app = json_central_app(&fake, |s| s.central.retry_initial_secs = 0.02).await;
    store_tickets(&app, 1000).await;
    app.eventually(120, "all forwarded", || async { app.store().outbox_counts("forward").await.unwrap().done == 1000 })
        .await;
    assert_eq!(fake.created_count(), 1000);
    // The fake keeps one ticket per key whatever we send, so count what we sent: per Idempotency-Key, the
    // POSTs the central accepted. A re-send after success would show as a second accepted POST (a 200 replay).
    let mut accepted: std::collections::BTreeMap<String, usize> = Default::default();
    for post in fake.received().into_iter().filter(|r| r.method == "POST") {
        let key = post.idempotency_key.clone().expect("every POST carries an Idempotency-Key");
        let count = accepted.entry(key).or_default();
        if (200..300).contains(&post.answered) {
            *count += 1;
        }
    }
    assert_eq!(accepted.len(), 1000, "one key per ticket");
    let twice: Vec<_> = accepted.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "keys not accepted exactly once: {twice:?}");
}

#[tokio::test]
async fn a_worker_that_dies_after_the_call_but_before_recording_resends_with_the_same_key() {
    let fake = FakeCentral::start().await;
    // No adapter in the app: this test plays the workers itself.
    let app = spawn_app().await;
    let tracking = app.file_ticket(68, POTHOLE, 0).await;
    let store = app.store();
    let api: std::sync::Arc<dyn kentongan_central::CentralApi> =
        std::sync::Arc::new(kentongan_central::JsonApi::new(&fake.uri(), None, Duration::from_secs(5)).unwrap());
    // The first worker claims the job, makes the call, and dies before recording anything.
    let now = Utc::now();
    let claimed = store.claim_jobs("forward", 1, now, now).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let record = store.ticket_record(&tracking).await.unwrap().unwrap();
    let ticket = kentongan::forward::build::forward_ticket(&kentongan::app::channels(), &record, None, vec![], true);
    api.create(&ticket).await.unwrap();
    assert_eq!(fake.created_count(), 1);
    // Its lease has ended; the next worker takes the job over.
    let worker = kentongan::forward::worker::ForwardWorker {
        store: store.clone(),
        channels: kentongan::app::channels(),
        api,
        media: kentongan::forward::media::MediaFetcher {
            store: store.clone(),
            sources: Default::default(),
            settings: app.settings.media.clone(),
        },
        service_codes: Default::default(),
        budget: Duration::from_secs(3600),
        initial_backoff: Duration::from_millis(50),
        first_poll: Duration::from_secs(600),
        endpoint_private: true,
        orphan_recheck: Duration::from_secs(60),
        health: Default::default(),
        wake: Default::default(),
    };
    assert_eq!(worker.round().await.unwrap(), 1);
    assert!(central_id_of(&app, &tracking).await.is_some());
    let posts: Vec<_> = fake.received().into_iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].idempotency_key, posts[1].idempotency_key);
    assert_eq!(fake.created_count(), 1, "the central still has one ticket");
}

fn signed(app: &TestApp, body: &str, timestamp: i64, secret: &str) -> reqwest::RequestBuilder {
    let ts = timestamp.to_string();
    let sig = kentongan::forward::callback::sign(secret, &ts, body.as_bytes());
    app.client
        .post(format!("{}/central/callback", app.base))
        .header("content-type", "application/json")
        .header("X-Kentongan-Timestamp", ts)
        .header("X-Kentongan-Signature", sig)
        .body(body.to_string())
}

#[tokio::test]
async fn a_signed_callback_changes_the_status_once_and_the_reporter_hears_it_in_their_language() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let f = crate::dialog_file::DialogFile::load();
    // An English-speaking reporter (Telegram language_code en).
    app.exchange(69, &text_update(app.next_update_id(), 69, "/start", Some("en"))).await;
    let tracking = app.file_ticket_in(69, POTHOLE, "en").await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    let body = json!({"central_id": central_id, "status": "selesai", "response_text": "Jalan sudah ditambal.",
        "updated_at": "2026-11-28T10:00:00Z"})
    .to_string();
    let before = app.sent_to(69).await.len();
    for _ in 0..2 {
        let resp = signed(&app, &body, Utc::now().timestamp(), "callback-secret").send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    let label = f.messages["status"]["selesai"]["en"].as_str().unwrap().to_string();
    let expected = f.fill(
        "status_changed_note",
        "en",
        &[("id", &tracking), ("status", &label), ("note", "Jalan sudah ditambal.")],
    );
    app.eventually(10, "status push", || async { app.sent_to(69).await.iter().any(|m| m.text == expected) }).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pushes = app.sent_to(69).await[before..].iter().filter(|m| m.text == expected).count();
    assert_eq!(pushes, 1, "the same callback twice notifies once");
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.status, TicketStatus::Selesai);
    assert_eq!(view.history.last().unwrap().note.as_deref(), Some("Jalan sudah ditambal."));
}

#[tokio::test]
async fn a_callback_with_a_bad_signature_or_a_stale_timestamp_is_refused_and_changes_nothing() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(70, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    let body = json!({"central_id": central_id, "status": "selesai", "updated_at": "2026-11-28T10:00:00Z"}).to_string();
    let now = Utc::now().timestamp();
    assert_eq!(signed(&app, &body, now, "wrong-secret").send().await.unwrap().status(), 401);
    assert_eq!(signed(&app, &body, now - 3600, "callback-secret").send().await.unwrap().status(), 401);
    let unsigned = app.client.post(format!("{}/central/callback", app.base)).body(body.clone()).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);
    let garbage = signed(&app, "{not json", now, "callback-secret").send().await.unwrap();
    assert_eq!(garbage.status(), 400);
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.status, TicketStatus::Diteruskan);
}

#[tokio::test]
async fn a_chat_that_blocked_the_bot_is_marked_unreachable_after_one_403_without_a_retry_storm() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(71, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    app.settle().await;
    // The citizen blocks the bot.
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::body_partial_json(json!({"chat_id": 71})))
        .respond_with(wiremock::ResponseTemplate::new(403).set_body_json(
            json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
        ))
        .with_priority(1)
        .mount(&app.bot_api)
        .await;
    let before = app.bot_api.received_requests().await.unwrap().len();
    for (i, status) in ["diverifikasi", "ditindaklanjuti", "selesai"].iter().enumerate() {
        let body = json!({"central_id": central_id, "status": status, "updated_at": format!("2026-11-28T1{i}:00:00Z")})
            .to_string();
        assert_eq!(signed(&app, &body, Utc::now().timestamp(), "callback-secret").send().await.unwrap().status(), 200);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let address = kentongan::domain::Address::new(kentongan::domain::Channel::Telegram, "71");
    app.eventually(10, "marked unreachable", || async { app.store().is_unreachable(&address).await.unwrap() }).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let attempts = app.bot_api.received_requests().await.unwrap()[before..].len();
    assert_eq!(attempts, 1, "one 403, then no more sends to that chat");
}

#[tokio::test]
async fn open311_tickets_carry_the_service_code_and_the_poller_brings_closed_back_as_selesai() {
    let server = wiremock::MockServer::builder().start().await;
    kentongan_central::fake::open311::mount_open311(&server, "311-42", None).await;
    let uri = server.uri();
    let app = spawn_app_with(move |s| {
        s.central.adapter = CentralAdapter::Open311;
        s.central.base_url = Some(uri);
        s.central.api_key = Some("open311-key".to_string().into());
        s.central.poll_young_secs = 1;
        s.central.poll_max_per_sec = 50.0;
    })
    .await;
    let tracking = app.file_ticket(72, POTHOLE, 1).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    assert_eq!(central_id, "311-42");
    let forms = kentongan_central::fake::open311::received_forms(&server).await;
    let form = &forms[0];
    let get = |k: &str| form.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    assert_eq!(get("api_key").as_deref(), Some("open311-key"));
    assert!(get("service_code").is_some(), "service code from the catalogue");
    assert_eq!(get("lat").as_deref(), Some("-6.8886"));
    assert!(get("phone").is_none() && get("first_name").is_none(), "anonymous: no contact fields");
    // The first poll sees the request as freshly accepted ("open"): a baseline, not news to push.
    app.eventually(15, "poller saw open", || async {
        let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
        let due = app.store().due_polls(Utc::now() + chrono::Duration::days(1), 100).await.unwrap();
        due.iter().any(|p| p.ticket_id == record.ticket.id)
            && app.store().central_ticket("311-42").await.unwrap().unwrap().seen.word.is_some()
    })
    .await;
    assert_eq!(app.store().find_ticket(&tracking).await.unwrap().unwrap().status, TicketStatus::Diteruskan);
    let closed = json!([{"service_request_id": "311-42", "status": "closed", "status_notes": "Lubang sudah ditambal.",
        "updated_datetime": "2026-11-29T10:00:00+07:00"}]);
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/requests/311-42.json"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(closed))
        .with_priority(1)
        .mount(&server)
        .await;
    app.eventually(15, "poller saw closed", || async {
        app.store().find_ticket(&tracking).await.unwrap().unwrap().status == TicketStatus::Selesai
    })
    .await;
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.history.last().unwrap().note.as_deref(), Some("Lubang sudah ditambal."));
    // A closed ticket is not polled again.
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let due = app.store().due_polls(Utc::now() + chrono::Duration::days(365), 100).await.unwrap();
    assert!(due.iter().all(|p| p.ticket_id != record.ticket.id));
}

#[tokio::test]
async fn a_late_report_of_an_older_change_does_not_move_the_ticket_backwards() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(73, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    for (status, at) in [("selesai", "2026-11-28T12:00:00Z"), ("ditindaklanjuti", "2026-11-28T09:00:00+00:00")] {
        let body = json!({"central_id": central_id, "status": status, "updated_at": at}).to_string();
        assert_eq!(signed(&app, &body, Utc::now().timestamp(), "callback-secret").send().await.unwrap().status(), 200);
    }
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.status, TicketStatus::Selesai);
    assert!(view.history.iter().all(|h| h.status != TicketStatus::Ditindaklanjuti));
}

#[tokio::test]
async fn a_callback_and_a_poll_of_the_same_change_notify_the_reporter_once() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |s| {
        s.central.poll_young_secs = 1;
        s.central.poll_max_per_sec = 50.0;
    })
    .await;
    let tracking = app.file_ticket(74, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    assert!(fake.set_status(&central_id, "ditindaklanjuti", Some("Petugas sudah meninjau.")));
    let at = fake.tickets().into_iter().find(|t| t.central_id == central_id).unwrap().updated_at;
    let body =
        json!({"central_id": central_id, "status": "ditindaklanjuti", "response_text": "Petugas sudah meninjau.",
        "updated_at": at.to_rfc3339()})
        .to_string();
    assert_eq!(signed(&app, &body, Utc::now().timestamp(), "callback-secret").send().await.unwrap().status(), 200);
    // Let the poller see the same change at least once.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.settle().await;
    let pushes = app.sent_to(74).await.iter().filter(|m| m.text.contains("Petugas sudah meninjau.")).count();
    assert_eq!(pushes, 1);
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.history.iter().filter(|h| h.status == TicketStatus::Ditindaklanjuti).count(), 1);
}

#[tokio::test]
async fn one_unreadable_ticket_does_not_hold_up_its_round_and_ends_as_a_dead_letter() {
    let fake = FakeCentral::start().await;
    // Tickets are filed while no central API is configured, so they all wait for the first round.
    let mut app = spawn_app().await;
    store_tickets(&app, 10).await;
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE tickets SET answers = 'not json' WHERE rowid = (SELECT MIN(rowid) FROM tickets)")
        .execute(&pool)
        .await
        .unwrap();
    let c = &mut app.settings.central;
    c.adapter = CentralAdapter::Json;
    c.base_url = Some(fake.uri());
    c.api_key = Some("central-token".to_string().into());
    c.retry_initial_secs = 0.05;
    c.retry_budget_hours = 1.0 / 3600.0;
    app.restart().await;
    app.eventually(20, "nine forwarded, the damaged one dead-lettered", || async {
        let counts = app.store().outbox_counts("forward").await.unwrap();
        counts.done == 9 && counts.dead == 1
    })
    .await;
    assert_eq!(fake.created_count(), 9);
}

#[tokio::test]
async fn a_callback_from_the_year_2999_does_not_freeze_the_ticket_for_later_changes() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(75, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    let now = Utc::now();
    let updates = [
        ("diverifikasi", "2999-01-01T00:00:00Z".to_string()),
        ("ditindaklanjuti", now.to_rfc3339()),
        ("selesai", (now + chrono::Duration::seconds(5)).to_rfc3339()),
    ];
    for (status, at) in updates {
        let body = json!({"central_id": central_id, "status": status, "response_text": format!("catatan {status}"),
            "updated_at": at})
        .to_string();
        let resp = signed(&app, &body, Utc::now().timestamp(), "callback-secret").send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.text().await.unwrap(), "recorded", "{status} at {at}");
    }
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.status, TicketStatus::Selesai);
}

#[tokio::test]
async fn callbacks_from_a_central_that_never_moves_updated_at_are_decided_by_what_changed() {
    let fake = FakeCentral::start().await;
    let app = json_central_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(76, POTHOLE, 0).await;
    let central_id = wait_forwarded(&app, &tracking, 10).await;
    let frozen = "2026-11-28T10:00:00Z";
    let send = |status: &str, note: Option<&str>| {
        json!({"central_id": central_id, "status": status, "response_text": note, "updated_at": frozen}).to_string()
    };
    let answers = [
        (send("ditindaklanjuti", Some("Petugas meninjau.")), "recorded"),
        (send("ditindaklanjuti", Some("Petugas meninjau.")), "unchanged"),
        (send("ditindaklanjuti", Some("Material dipesan.")), "recorded"),
        (send("selesai", Some("Jalan sudah ditambal.")), "recorded"),
    ];
    for (body, expected) in answers {
        let resp = signed(&app, &body, Utc::now().timestamp(), "callback-secret").send().await.unwrap();
        assert_eq!(resp.text().await.unwrap(), expected, "{body}");
    }
    let notes = ["Petugas meninjau.", "Material dipesan.", "Jalan sudah ditambal."];
    // Pushes leave through the notify worker: wait for all three, then make sure none came twice.
    app.eventually(10, "three pushes", || async {
        let pushes: Vec<String> = app.sent_to(76).await.into_iter().map(|m| m.text).collect();
        notes.iter().all(|n| pushes.iter().any(|t| t.contains(n)))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.settle().await;
    let pushes: Vec<String> = app.sent_to(76).await.into_iter().map(|m| m.text).collect();
    for note in notes {
        assert_eq!(pushes.iter().filter(|t| t.contains(note)).count(), 1, "{note}: {pushes:?}");
    }
}
