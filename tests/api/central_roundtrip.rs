//! The round trip with a real-behaving Open311 server (`FakeOpen311`, switched into the odd-but-legal
//! habits production servers have): every status change reaches the reporter, a fresh request is not
//! news, a late answer makes no second request, privacy holds, and nothing waits silently.

use std::time::Duration;

use chrono::{FixedOffset, Utc};
use kentongan::config::{CentralAdapter, Settings};
use kentongan::domain::TicketStatus;
use kentongan_central::fake::open311::{Clock, FakeOpen311};

use crate::helpers::*;
use crate::sms_support::spawn_sms_app;
use crate::telegram_dialog::tracking_id_in;
use kentongan::channel::sms::Provider;

const POTHOLE: &str = "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh";
const CLOSE_NOTE: &str = "Lubang sudah ditambal petugas DPUPR.";

pub fn open311_settings(s: &mut Settings, fake: &FakeOpen311) {
    s.central.adapter = CentralAdapter::Open311;
    s.central.base_url = Some(fake.uri());
    s.central.api_key = Some("open311-key".to_string().into());
    s.central.retry_initial_secs = 0.05;
    s.central.poll_young_secs = 1;
    s.central.poll_max_per_sec = 50.0;
}

async fn open311_app(fake: &FakeOpen311, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with(|s| {
        open311_settings(s, fake);
        adjust(s);
    })
    .await
}

async fn central_id(app: &TestApp, tracking: &str) -> Option<String> {
    let record = app.store().ticket_record(tracking).await.unwrap()?;
    app.store().central_ref(record.ticket.id).await.unwrap().central_id
}

async fn forwarded(app: &TestApp, tracking: &str) -> String {
    app.eventually(15, "ticket forwarded", || async { central_id(app, tracking).await.is_some() }).await;
    central_id(app, tracking).await.unwrap()
}

/// Waits until the poller has looked at the ticket at least once (its baseline is kept).
async fn first_poll_seen(app: &TestApp, central: &str) {
    app.eventually(15, "first poll", || async {
        app.store().central_ticket(central).await.unwrap().is_some_and(|t| t.seen.word.is_some())
    })
    .await;
}

fn status_text(lang: &str, key: &str, central: &str) -> String {
    let f = crate::dialog_file::DialogFile::load();
    f.messages["status"][key][lang].as_str().unwrap().replace("{central}", central)
}

fn closed_push(tracking: &str, lang: &str) -> String {
    let f = crate::dialog_file::DialogFile::load();
    let label = status_text(lang, "selesai", "");
    f.fill("status_changed_note", lang, &[("id", tracking), ("status", &label), ("note", CLOSE_NOTE)])
}

/// Files through Telegram, waits for the baseline poll, closes the request on the server the way
/// that server's clock behaves, and checks the reporter hears it once and polling stops.
async fn a_close_reaches_the_reporter_with(clock: Clock) {
    let fake = FakeOpen311::start().await;
    fake.set_clock(clock);
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(81, POTHOLE, 0).await;
    let central = forwarded(&app, &tracking).await;
    first_poll_seen(&app, &central).await;
    assert!(fake.set_status(&central, "closed", Some(CLOSE_NOTE)));
    let expected = closed_push(&tracking, "id");
    app.eventually(10, "the close reaches the reporter", || async {
        app.sent_to(81).await.iter().any(|m| m.text == expected)
    })
    .await;
    let view = app.store().find_ticket(&tracking).await.unwrap().unwrap();
    assert_eq!(view.status, TicketStatus::Selesai);
    assert_eq!(view.history.last().unwrap().note.as_deref(), Some(CLOSE_NOTE));
    // Final on the central side: no more polls, and nothing more is pushed.
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let due = app.store().due_polls(Utc::now() + chrono::Duration::days(365), 100).await.unwrap();
    assert!(due.iter().all(|p| p.ticket_id != record.ticket.id), "a closed ticket is not polled again");
    let pushes = app.sent_to(81).await.iter().filter(|m| m.text == expected).count();
    assert_eq!(pushes, 1);
}

#[tokio::test]
async fn a_close_on_a_server_that_never_moves_updated_datetime_reaches_the_reporter() {
    a_close_reaches_the_reporter_with(Clock::Frozen).await;
}

#[tokio::test]
async fn a_close_on_a_server_that_stores_whole_seconds_reaches_the_reporter() {
    a_close_reaches_the_reporter_with(Clock::WholeSeconds).await;
}

#[tokio::test]
async fn a_close_with_timestamps_in_a_plus_seven_offset_reaches_the_reporter() {
    a_close_reaches_the_reporter_with(Clock::Offset(FixedOffset::east_opt(7 * 3600).unwrap())).await;
}

#[tokio::test]
async fn a_close_with_timestamps_in_a_plus_three_offset_reaches_the_reporter() {
    a_close_reaches_the_reporter_with(Clock::Offset(FixedOffset::east_opt(3 * 3600).unwrap())).await;
}

#[tokio::test]
async fn a_close_on_a_server_whose_timestamps_go_backwards_reaches_the_reporter() {
    a_close_reaches_the_reporter_with(Clock::Backwards).await;
}

#[tokio::test]
async fn a_close_on_a_server_without_updated_datetime_reaches_the_reporter() {
    a_close_reaches_the_reporter_with(Clock::Missing).await;
}

#[tokio::test]
async fn new_status_notes_under_an_unchanged_open_word_reach_the_reporter_on_a_frozen_clock() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::Frozen);
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(82, POTHOLE, 0).await;
    let central = forwarded(&app, &tracking).await;
    first_poll_seen(&app, &central).await;
    assert!(fake.set_notes(&central, Some("Petugas akan survei hari Senin.")));
    app.eventually(10, "the notes reach the reporter", || async {
        app.sent_to(82).await.iter().any(|m| m.text.contains("Petugas akan survei hari Senin."))
    })
    .await;
    // Still open centrally: still polled.
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let due = app.store().due_polls(Utc::now() + chrono::Duration::days(1), 100).await.unwrap();
    assert!(due.iter().any(|p| p.ticket_id == record.ticket.id), "an open ticket stays on the schedule");
}

#[tokio::test]
async fn the_first_poll_of_a_freshly_accepted_request_pushes_nothing() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(83, POTHOLE, 0).await;
    let central = forwarded(&app, &tracking).await;
    first_poll_seen(&app, &central).await;
    // A few more polls of the same open request.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.settle().await;
    let verified = status_text("id", "diverifikasi", "");
    let after_receipt: Vec<String> = app.sent_to(83).await.into_iter().map(|m| m.text).collect();
    assert!(
        !after_receipt.iter().any(|t| t.contains(&verified)),
        "no 'Diverifikasi' push for nothing: {after_receipt:?}"
    );
    let forwarded_pushes = after_receipt.iter().filter(|t| t.contains(&tracking) && t.contains("Diteruskan")).count();
    assert_eq!(forwarded_pushes, 1, "only the forward itself was news: {after_receipt:?}");
    assert_eq!(app.store().find_ticket(&tracking).await.unwrap().unwrap().status, TicketStatus::Diteruskan);
}

#[tokio::test]
async fn a_late_answer_from_a_server_that_ignores_idempotency_makes_no_second_request() {
    let fake = FakeOpen311::start().await;
    fake.set_answer_delay(Some(Duration::from_secs(2)));
    let app = open311_app(&fake, |s| s.central.timeout_secs = 1).await;
    let tracking = app.file_ticket(84, POTHOLE, 0).await;
    app.eventually(10, "the first create timed out", || async {
        let jobs = app.store().list_jobs("forward", Some("pending"), 10).await.unwrap();
        jobs.iter().any(|j| j.last_error.as_deref().is_some_and(|e| e.contains("timed out")))
    })
    .await;
    let central = forwarded(&app, &tracking).await;
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "one request on the server: {requests:?}");
    assert_eq!(requests[0].id, central, "the request the late answer made is the one kept");
    assert_eq!(fake.posts(), 1, "the retry looked before sending again");
    assert!(app.store().list_orphans(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_duplicate_the_server_cannot_list_is_reported_to_the_operator_as_unchecked() {
    let fake = FakeOpen311::start().await;
    fake.set_public_listing(false);
    fake.set_answer_delay(Some(Duration::from_secs(2)));
    let app = open311_app(&fake, |s| s.central.timeout_secs = 1).await;
    let tracking = app.file_ticket(85, POTHOLE, 0).await;
    app.eventually(10, "the first create reached the server", || async { fake.posts() >= 1 }).await;
    fake.set_answer_delay(None);
    let central = forwarded(&app, &tracking).await;
    assert_eq!(fake.requests().len(), 2, "without a listing the retry could not know: the known bound, one orphan");
    // The later look for duplicates comes due (the gateway waits 2 × timeout + 60 s; here at once).
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE tickets SET orphan_check_at = ? WHERE orphan_check_at IS NOT NULL")
        .bind(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .execute(&pool)
        .await
        .unwrap();
    app.eventually(10, "the suspicion is on record", || async {
        !app.store().list_orphans(10).await.unwrap().is_empty()
    })
    .await;
    let orphans = app.store().list_orphans(10).await.unwrap();
    assert_eq!(orphans[0].tracking_id, tracking);
    assert_eq!(orphans[0].kept.as_deref(), Some(central.as_str()));
    assert_eq!(orphans[0].central_id, None, "unchecked: {orphans:?}");
    assert!(orphans[0].detail.contains("could not look"), "{orphans:?}");
}

#[tokio::test]
async fn a_duplicate_found_after_forwarding_is_listed_with_its_central_id() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(86, POTHOLE, 0).await;
    let central = forwarded(&app, &tracking).await;
    // An earlier attempt that reached the server after all: same tracking ID in its description.
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let api = kentongan_central::Open311Api::new(kentongan_central::Open311Config {
        base_url: fake.uri(),
        api_key: Some("open311-key".into()),
        ..Default::default()
    })
    .unwrap();
    let ticket = kentongan::forward::build::forward_ticket(
        &kentongan::app::channels(),
        &record,
        Some(fake.requests()[0].service_code.clone()),
        vec![],
        false,
    );
    kentongan_central::CentralApi::create(&api, &ticket).await.unwrap();
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE tickets SET orphan_check_at = ?")
        .bind(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .execute(&pool)
        .await
        .unwrap();
    app.eventually(10, "the duplicate is on record", || async {
        !app.store().list_orphans(10).await.unwrap().is_empty()
    })
    .await;
    let orphans = app.store().list_orphans(10).await.unwrap();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].kept.as_deref(), Some(central.as_str()));
    assert_eq!(orphans[0].central_id.as_deref(), Some(fake.requests()[1].id.as_str()));
}

#[tokio::test]
async fn a_confidential_report_to_a_public_open311_server_publishes_neither_text_nor_place() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(87, POTHOLE, 2).await;
    let central = forwarded(&app, &tracking).await;
    let listing = fake.public_listing().await;
    let published = listing.as_array().unwrap().iter().find(|r| r["service_request_id"] == central.as_str()).unwrap();
    let description = published["description"].as_str().unwrap();
    assert!(!description.contains("Medono") && !description.contains("berlubang"), "text published: {description}");
    assert!(description.contains(&tracking), "the neutral description names the tracking ID: {description}");
    assert!(published["lat"].is_null() && published["long"].is_null(), "place published: {published}");
    assert!(published["media_url"].is_null());
    // The full report stays in the gateway.
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    assert_eq!(record.ticket.description, POTHOLE);
    assert!(record.ticket.confidential);
}

#[tokio::test]
async fn a_confidential_report_to_an_endpoint_configured_private_carries_its_text() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |s| s.central.endpoint_private = Some(true)).await;
    let tracking = app.file_ticket(88, POTHOLE, 2).await;
    forwarded(&app, &tracking).await;
    let request = &fake.requests()[0];
    assert!(request.field("description").unwrap().contains("Medono"));
    assert_eq!(request.field("attribute[confidential]"), Some("true"));
}

/// Stores a ticket as the inbox would, with no OPD (the citizen tapped "Tidak tahu").
async fn store_ticket_without_opd(app: &TestApp, tracking: &str) -> uuid::Uuid {
    let mut ticket = new_ticket(89, tracking, None);
    ticket.description = "ada masalah di depan rumah saya sudah lama sekali".into();
    ticket.location = Some((-6.8886, 109.6753));
    ticket.address_text = None;
    ticket.anonymous = false;
    ticket.opd_suggested = Some("DPUPR".into());
    let id = ticket.id;
    commit_ticket(app, ticket).await;
    id
}

#[tokio::test]
async fn a_ticket_without_an_opd_waits_in_triage_untried_and_goes_out_once_assigned() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |_| {}).await;
    let id = store_ticket_without_opd(&app, "PKL-TRIAGE1").await;
    app.eventually(10, "held for triage", || async {
        !app.store().list_jobs("forward", Some("held"), 10).await.unwrap().is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.posts(), 0, "a ticket in triage is not tried against the central API");
    let held = app.store().list_jobs("forward", Some("held"), 10).await.unwrap();
    assert!(held[0].last_error.as_deref().unwrap().contains("triage"));
    assert!(app.store().assign_opd(id, "DPUPR", "admin", Utc::now()).await.unwrap());
    app.eventually(10, "forwarded after assign", || async { fake.posts() == 1 }).await;
    assert_eq!(fake.requests()[0].service_code, "jalan-drainase");
    // The routing decision is a labelled correction the classifier learns from.
    let corrections = app.store().routing_corrections().await.unwrap();
    assert!(corrections.iter().any(|(_, code)| code == "DPUPR"), "{corrections:?}");
    assert!(!app.store().assign_opd(id, "DINHUB", "admin", Utc::now()).await.unwrap(), "only once");
}

#[tokio::test]
async fn a_service_that_needs_a_location_refusing_with_an_html_500_is_reported_in_one_readable_line() {
    let fake = FakeOpen311::start().await;
    fake.services(&[("jalan-drainase", true)]);
    let app = open311_app(&fake, |_| {}).await;
    // A ticket that reached the store without a place (as one-shot SMS could before).
    let id = store_ticket_without_opd(&app, "PKL-NOPLACE").await;
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE tickets SET location_lat = NULL, location_lon = NULL WHERE id = ?")
        .bind(id.to_string())
        .execute(&pool)
        .await
        .unwrap();
    app.store().assign_opd(id, "DPUPR", "admin", Utc::now()).await.unwrap();
    app.eventually(10, "the refusal is on the job", || async {
        let jobs = app.store().list_jobs("forward", None, 10).await.unwrap();
        jobs.iter().any(|j| j.last_error.as_deref().is_some_and(|e| e.contains("HTTP 500")))
    })
    .await;
    let jobs = app.store().list_jobs("forward", None, 10).await.unwrap();
    let error = jobs.iter().find_map(|j| j.last_error.clone()).unwrap();
    assert_eq!(error, "open311 create: HTTP 500 (HTML page): Server Error (500)");
    assert_eq!(fake.requests().len(), 0);
}

#[tokio::test]
async fn a_one_shot_sms_without_a_place_is_asked_for_one_and_reaches_a_service_that_needs_it() {
    let fake = FakeOpen311::start().await;
    fake.services(&[("perhubungan", true), ("jalan-drainase", true)]);
    let app = spawn_sms_app(|s| open311_settings(s, &fake)).await;
    let phone = "+6281299990001";
    let asked = app.text(Provider::Android, phone, "LAPOR lampu jalan di depan pasar Banjarsari mati seminggu").await;
    let asked: Vec<_> = asked.into_iter().filter(|t| !crate::sms_support::is_data_notice(t)).collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(tracking_id_in(&asked[0]).is_none(), "not filed without a place: {asked:?}");
    let filed = app.text(Provider::Android, phone, "Jl. Dr. Sutomo depan pasar Banjarsari").await;
    let tracking = tracking_id_in(&filed.join(" ")).expect("filed with the place");
    forwarded(&app.app, &tracking).await;
    let request = &fake.requests()[0];
    assert!(request.field("address_string").unwrap().contains("Sutomo"), "{request:?}");
}

#[tokio::test]
async fn open311_texts_name_the_configured_central_system_not_lapor() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |s| s.central.display_name = Some("SIPPADU Kota Pekalongan".into())).await;
    let tracking = app.file_ticket(90, POTHOLE, 0).await;
    forwarded(&app, &tracking).await;
    app.eventually(10, "forwarded push", || async {
        app.sent_to(90).await.iter().any(|m| m.text.contains("Diteruskan ke SIPPADU Kota Pekalongan"))
    })
    .await;
    assert!(app.sent().await.iter().all(|m| !m.text.contains("LAPOR!")), "LAPOR! named on an open311 deployment");
}

#[tokio::test]
async fn open311_requests_carry_the_tracking_id_and_the_incident_date() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(91, POTHOLE, 0).await;
    forwarded(&app, &tracking).await;
    let request = &fake.requests()[0];
    assert_eq!(request.field("attribute[tracking_id]"), Some(tracking.as_str()));
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Jakarta).date_naive().to_string();
    assert_eq!(request.field("attribute[occurred_on]"), Some(today.as_str()));
    let description = request.field("description").unwrap();
    assert!(description.starts_with(POTHOLE), "{description}");
    assert!(description.contains(&format!("No. laporan: {tracking}")), "{description}");
}

#[tokio::test]
async fn the_full_loop_on_sms_ends_with_one_selesai_sms_with_the_notes_and_nothing_after() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::Frozen);
    let app = spawn_sms_app(|s| open311_settings(s, &fake)).await;
    let phone = "+6281299990002";
    let filed = app.text(Provider::Android, phone, &format!("LAPOR {POTHOLE} #Jl. Dr. Wahidin 12, Podosugih")).await;
    let tracking = tracking_id_in(&filed.join(" ")).expect("filed");
    let central = forwarded(&app.app, &tracking).await;
    first_poll_seen(&app.app, &central).await;
    app.settle().await;
    let before = app.sms_to(Provider::Android, phone).await.len();
    assert!(fake.set_status(&central, "closed", Some(CLOSE_NOTE)));
    app.app
        .eventually(10, "the Selesai SMS", || async {
            app.sms_to(Provider::Android, phone).await[before..].iter().any(|t| t.contains(CLOSE_NOTE))
        })
        .await;
    // Two more poll intervals: nothing else is sent.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.settle().await;
    let after = app.sms_to(Provider::Android, phone).await.split_off(before);
    assert_eq!(after.len(), 1, "exactly one SMS for the close: {after:?}");
    assert!(after[0].contains(&tracking) && after[0].contains(&status_text("id", "selesai", "")), "{after:?}");
}

#[tokio::test]
async fn the_full_loop_on_telegram_in_english_ends_with_one_resolved_push_with_the_notes() {
    let fake = FakeOpen311::start().await;
    let app = open311_app(&fake, |_| {}).await;
    app.exchange(92, &text_update(app.next_update_id(), 92, "/start", Some("en"))).await;
    let tracking = app.file_ticket_in(92, POTHOLE, "en").await;
    let central = forwarded(&app, &tracking).await;
    first_poll_seen(&app, &central).await;
    assert!(fake.set_status(&central, "closed", Some(CLOSE_NOTE)));
    let expected = closed_push(&tracking, "en");
    app.eventually(10, "the resolved push", || async { app.sent_to(92).await.iter().any(|m| m.text == expected) })
        .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.settle().await;
    assert_eq!(app.sent_to(92).await.iter().filter(|m| m.text == expected).count(), 1);
}

#[tokio::test]
async fn a_moderated_request_is_polled_until_visible_and_then_its_close_arrives() {
    let fake = FakeOpen311::start().await;
    fake.set_moderation(true);
    let app = open311_app(&fake, |_| {}).await;
    let tracking = app.file_ticket(93, POTHOLE, 0).await;
    let central = forwarded(&app, &tracking).await;
    app.eventually(10, "404s while hidden", || async { fake.gets().iter().filter(|g| g.answered == 404).count() >= 2 })
        .await;
    assert!(fake.approve(&central));
    first_poll_seen(&app, &central).await;
    assert!(fake.set_status(&central, "closed", Some(CLOSE_NOTE)));
    let expected = closed_push(&tracking, "id");
    app.eventually(10, "the close", || async { app.sent_to(93).await.iter().any(|m| m.text == expected) }).await;
}

#[tokio::test]
async fn an_assign_while_the_worker_holds_the_job_still_gets_the_ticket_forwarded() {
    // No central API in the app: this test plays the worker's steps itself.
    let app = spawn_app().await;
    let id = store_ticket_without_opd(&app, "PKL-RACE001").await;
    let store = app.store();
    // The worker claims the job and reads the ticket with no OPD …
    let now = Utc::now();
    let claimed = store.claim_jobs("forward", 1, now, now + chrono::Duration::seconds(60)).await.unwrap();
    assert_eq!(claimed.len(), 1);
    // … the koordinator assigns it meanwhile …
    assert!(store.assign_opd(id, "DPUPR", "admin", Utc::now()).await.unwrap());
    // … and the worker's hold comes after: the job must not park with the OPD already set.
    assert!(!store.hold_job(claimed[0].id, id, "waiting for triage: no OPD chosen").await.unwrap());
    let pending = store.list_jobs("forward", Some("pending"), 10).await.unwrap();
    assert_eq!(pending.len(), 1, "due again, to be forwarded with its OPD");
}
