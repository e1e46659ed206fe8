//! `FakeOpen311`, exercised through the real `Open311Api` client: clock modes, late answers and
//! `find_existing`, HTML 500s, moderation, tokens, the public listing and scripted failures.

use std::time::Duration;

use chrono::{FixedOffset, TimeDelta, Utc};
use kentongan_central::fake::open311::{Clock, FakeOpen311};
use kentongan_central::{CentralApi, Created, ForwardError, ForwardTicket, Open311Api, Open311Config};
use serde_json::Value;

use crate::support::{PHONE, anonymous_ticket, bare_ticket, expect_permanent, expect_retryable, ticket};

const FOOTER: &str = "\n\n—\nNo. laporan: KTG-2611-0042\nTanggal kejadian: 2026-11-20";

fn client_with(fake: &FakeOpen311, timeout: Duration) -> Open311Api {
    let config =
        Open311Config { base_url: fake.uri(), api_key: Some("kunci-311".into()), timeout, ..Open311Config::default() };
    Open311Api::new(config).unwrap()
}

fn client(fake: &FakeOpen311) -> Open311Api {
    client_with(fake, Duration::from_secs(5))
}

async fn create(api: &Open311Api, t: &ForwardTicket) -> String {
    match api.create(t).await.unwrap() {
        Created::Done { central_id, .. } => central_id,
        other => panic!("expected an ID, got {other:?}"),
    }
}

/// The one listed request with this ID.
fn listed(listing: &Value, id: &str) -> Option<Value> {
    listing.as_array()?.iter().find(|r| r["service_request_id"] == id).cloned()
}

#[tokio::test]
async fn the_fake_stores_a_created_request_and_reports_it_as_open() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    assert_eq!(id, "1001");
    assert_eq!(create(&api, &bare_ticket()).await, "1002", "no idempotency: a second create is a second request");
    let stored = fake.request(&id).unwrap();
    assert_eq!(stored.field("api_key"), Some("kunci-311"));
    assert_eq!(stored.field("service_code"), Some("DPUPR-JALAN"));
    assert_eq!(stored.requested_at, stored.updated_at);
    assert!(stored.approved);
    let status = api.status(&id).await.unwrap();
    assert_eq!((status.status.as_str(), status.response_text, status.agency), ("open", None, None));
    assert_eq!(status.updated_at, Some(stored.updated_at));
    assert_eq!((fake.posts(), fake.requests().len()), (2, 2));
    assert!(!api.idempotent_create());
}

#[tokio::test]
async fn a_wrong_api_key_and_an_unknown_service_are_refused_permanently_in_the_servers_words() {
    let fake = FakeOpen311::start().await;
    fake.require_api_key(Some("kunci-lain"));
    let reason = expect_permanent(client(&fake).create(&ticket()).await);
    assert_eq!(reason, "open311 create: HTTP 403: Invalid api_key");
    fake.require_api_key(Some("kunci-311"));
    fake.services(&[("jalan-drainase", false)]);
    let reason = expect_permanent(client(&fake).create(&ticket()).await);
    assert_eq!(reason, "open311 create: HTTP 400: Service not found");
    assert!(fake.requests().is_empty());
    assert_eq!(fake.posts(), 2);
}

#[tokio::test]
async fn operator_changes_reach_the_client_and_unknown_ids_are_refused() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    assert!(fake.set_agency(&id, "Dinas Pekerjaan Umum dan Penataan Ruang"));
    assert!(fake.set_notes(&id, Some("Sudah disurvei petugas")));
    let status = api.status(&id).await.unwrap();
    assert_eq!(status.status, "open", "notes leave the status word alone");
    assert_eq!(status.response_text.as_deref(), Some("Sudah disurvei petugas"));
    assert_eq!(status.agency.as_deref(), Some("Dinas Pekerjaan Umum dan Penataan Ruang"));
    assert!(fake.set_status(&id, "closed", Some("Lubang sudah ditambal")));
    let status = api.status(&id).await.unwrap();
    assert_eq!((status.status.as_str(), status.response_text.as_deref()), ("closed", Some("Lubang sudah ditambal")));
    assert!(!fake.set_status("9999", "closed", None));
    assert!(!fake.set_notes("9999", None));
    assert!(!fake.set_agency("9999", "Dinas"));
    assert!(!fake.approve("9999"));
    let reason = expect_permanent(api.status("9999").await);
    assert_eq!(reason, "open311 status: HTTP 404: Not found");
}

#[tokio::test]
async fn a_micro_second_clock_round_trips_exactly_and_moves_forward() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    fake.set_status(&id, "closed", None);
    let stored = fake.request(&id).unwrap();
    assert!(stored.updated_at > stored.requested_at);
    assert_eq!(api.status(&id).await.unwrap().updated_at, Some(stored.updated_at));
    let shown = listed(&fake.public_listing().await, &id).unwrap()["updated_datetime"].clone();
    assert!(
        shown.as_str().is_some_and(|s| s.ends_with('Z') && s.len() == "2026-12-04T03:15:00.123456Z".len()),
        "{shown}"
    );
}

#[tokio::test]
async fn a_frozen_clock_keeps_the_creation_time_after_the_status_changes() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::Frozen);
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    let created_at = fake.request(&id).unwrap().requested_at;
    tokio::time::sleep(Duration::from_millis(5)).await;
    fake.set_status(&id, "closed", Some("Selesai"));
    let status = api.status(&id).await.unwrap();
    assert_eq!(status.status, "closed");
    assert_eq!(status.updated_at, Some(created_at));
}

#[tokio::test]
async fn a_whole_second_clock_round_trips_exactly() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::WholeSeconds);
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    fake.set_notes(&id, Some("Dijadwalkan"));
    let stored = fake.request(&id).unwrap();
    assert_eq!(stored.updated_at.timestamp_subsec_nanos(), 0);
    assert_eq!(api.status(&id).await.unwrap().updated_at, Some(stored.updated_at));
}

#[tokio::test]
async fn an_offset_clock_is_read_as_the_same_utc_instant() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::Offset(FixedOffset::east_opt(7 * 3600).unwrap()));
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    fake.set_status(&id, "closed", None);
    let shown = listed(&fake.public_listing().await, &id).unwrap();
    for key in ["requested_datetime", "updated_datetime"] {
        assert!(shown[key].as_str().is_some_and(|s| s.ends_with("+07:00")), "{key}: {}", shown[key]);
    }
    assert_eq!(api.status(&id).await.unwrap().updated_at, Some(fake.request(&id).unwrap().updated_at));
}

#[tokio::test]
async fn a_backwards_clock_goes_an_hour_earlier_with_every_change() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::Backwards);
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    let created_at = fake.request(&id).unwrap().requested_at;
    fake.set_notes(&id, Some("Diteruskan"));
    assert_eq!(api.status(&id).await.unwrap().updated_at, Some(created_at - TimeDelta::hours(1)));
    fake.set_status(&id, "closed", None);
    assert_eq!(api.status(&id).await.unwrap().updated_at, Some(created_at - TimeDelta::hours(2)));
}

#[tokio::test]
async fn a_missing_updated_datetime_gives_none() {
    let fake = FakeOpen311::start().await;
    fake.set_clock(Clock::Missing);
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    fake.set_status(&id, "closed", Some("Selesai"));
    let status = api.status(&id).await.unwrap();
    assert_eq!((status.status.as_str(), status.updated_at), ("closed", None));
    let shown = listed(&fake.public_listing().await, &id).unwrap();
    assert!(shown.get("updated_datetime").is_none() && shown["requested_datetime"].is_string(), "{shown}");
}

#[tokio::test]
async fn a_create_answered_too_late_times_out_yet_find_existing_finds_the_stored_request() {
    let fake = FakeOpen311::start().await;
    fake.set_answer_delay(Some(Duration::from_secs(2)));
    let api = client_with(&fake, Duration::from_secs(1));
    let since = Utc::now();
    let (reason, _) = expect_retryable(api.create(&ticket()).await);
    assert!(reason.contains("timed out"), "{reason}");
    let stored = fake.requests();
    assert_eq!(stored.len(), 1, "the server kept the request the client thinks failed");
    assert_eq!(api.find_existing(&ticket(), since).await.unwrap(), vec![stored[0].id.clone()]);
}

#[tokio::test]
async fn find_existing_ignores_other_tickets_finds_none_without_a_service_code_and_says_when_there_is_no_listing() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let since = Utc::now();
    let ours = create(&api, &ticket()).await;
    let other = ForwardTicket { tracking_id: "KTG-2611-00421".into(), ..ticket() };
    create(&api, &other).await;
    create(&api, &ForwardTicket { tracking_id: "KTG-2611-0099".into(), ..ticket() }).await;
    assert_eq!(api.find_existing(&ticket(), since).await.unwrap(), vec![ours]);
    let elsewhere = ForwardTicket { service_code: Some("PDAM-AIR".into()), ..ticket() };
    assert!(api.find_existing(&elsewhere, since).await.unwrap().is_empty(), "filtered by service code");
    assert!(api.find_existing(&ForwardTicket { service_code: None, ..ticket() }, since).await.unwrap().is_empty());
    fake.set_public_listing(false);
    let refused = api.find_existing(&ticket(), since).await.unwrap_err();
    assert!(matches!(refused, ForwardError::Permanent { .. }), "no listing is not an empty answer: {refused:?}");
    assert!(refused.to_string().contains("open311 find: HTTP 404"), "{refused}");
    assert_eq!(fake.public_listing().await[0]["code"], 404);
}

#[tokio::test]
async fn find_existing_asks_for_the_service_code_in_a_window_widened_by_an_hour() {
    let fake = FakeOpen311::start().await;
    let config = Open311Config {
        base_url: fake.uri(),
        jurisdiction_id: Some("pekalongankota.go.id".into()),
        timeout: Duration::from_secs(5),
        ..Open311Config::default()
    };
    let since = Utc::now() - TimeDelta::minutes(10);
    let found = Open311Api::new(config).unwrap().find_existing(&ticket(), since).await.unwrap();
    assert!(found.is_empty());
    let requests = fake.server().received_requests().await.unwrap();
    let query: std::collections::HashMap<String, String> = requests[0].url.query_pairs().into_owned().collect();
    assert_eq!(requests[0].url.path(), "/requests.json");
    assert_eq!(query["service_code"], "DPUPR-JALAN");
    assert_eq!(query["jurisdiction_id"], "pekalongankota.go.id");
    let date = |key: &str| chrono::DateTime::parse_from_rfc3339(&query[key]).unwrap().with_timezone(&Utc);
    assert_eq!(date("start_date").timestamp(), (since - TimeDelta::hours(1)).timestamp());
    assert!(date("end_date") > Utc::now() + TimeDelta::minutes(59), "{}", query["end_date"]);
}

#[tokio::test]
async fn a_missing_location_for_a_service_that_needs_one_is_a_one_line_readable_500() {
    let fake = FakeOpen311::start().await;
    fake.services(&[("jalan-drainase", true)]);
    let api = client(&fake);
    let nowhere = ForwardTicket { service_code: Some("jalan-drainase".into()), ..bare_ticket() };
    let (reason, _) = expect_retryable(api.create(&nowhere).await);
    assert_eq!(reason, "open311 create: HTTP 500 (HTML page): Server Error (500)");
    assert!(fake.requests().is_empty());
    let by_address = ForwardTicket { address: Some("Jl. Hayam Wuruk".into()), ..nowhere.clone() };
    create(&api, &by_address).await;
    create(&api, &ForwardTicket { location: Some((-6.88, 109.67)), ..nowhere }).await;
    assert_eq!((fake.posts(), fake.requests().len()), (3, 2));
}

#[tokio::test]
async fn moderated_requests_stay_hidden_until_approved() {
    let fake = FakeOpen311::start().await;
    fake.set_moderation(true);
    let api = client(&fake);
    let since = Utc::now();
    let id = create(&api, &ticket()).await;
    assert!(!fake.request(&id).unwrap().approved);
    let reason = expect_permanent(api.status(&id).await);
    assert!(reason.starts_with("open311 status: HTTP 404"), "{reason}");
    assert_eq!(fake.public_listing().await, Value::Array(vec![]));
    assert!(api.find_existing(&ticket(), since).await.unwrap().is_empty(), "hidden from the listing too");
    let before = fake.request(&id).unwrap().updated_at;
    assert!(fake.approve(&id));
    assert_eq!(fake.request(&id).unwrap().updated_at, before, "approval is not a change of the request");
    assert_eq!(api.status(&id).await.unwrap().status, "open");
    assert!(listed(&fake.public_listing().await, &id).is_some());
}

#[tokio::test]
async fn the_public_listing_shows_the_description_and_coordinates_but_no_contact_fields() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let confidential = create(&api, &anonymous_ticket()).await;
    let named = create(&api, &ticket()).await;
    assert_eq!(fake.request(&named).unwrap().field("phone"), Some(PHONE), "the server holds the contact");
    let listing = fake.public_listing().await;
    assert_eq!(listing[0]["service_request_id"], named, "newest first");
    let shown = listed(&listing, &confidential).unwrap();
    assert!(shown["description"].as_str().unwrap().contains("berlubang besar"), "{shown}");
    assert_eq!((shown["lat"].as_f64(), shown["long"].as_f64()), (Some(-6.8886), Some(109.6753)));
    assert_eq!(shown["address"], "Jl. Sriwijaya No. 12, Pekalongan Barat");
    assert_eq!(shown["media_url"], "https://kentongan.example/media/abc123");
    let text = listing.to_string();
    assert!(!text.contains(PHONE) && !text.contains("Aminah"), "{text}");
}

#[tokio::test]
async fn a_5000_character_complaint_is_cut_but_its_footer_and_attributes_survive() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let long = ForwardTicket { description: "Saluran mampet. ".repeat(313), ..ticket() };
    assert!(long.description.chars().count() >= 5000);
    let id = create(&api, &long).await;
    let stored = fake.request(&id).unwrap();
    let description = stored.field("description").unwrap();
    assert!(description.chars().count() <= 4000, "{} chars", description.chars().count());
    assert!(description.starts_with("Saluran mampet.") && description.ends_with(FOOTER));
    assert_eq!(stored.field("attribute[tracking_id]"), Some("KTG-2611-0042"));
    assert_eq!(stored.field("attribute[occurred_on]"), Some("2026-11-20"));
    let undated = create(&api, &bare_ticket()).await;
    let stored = fake.request(&undated).unwrap();
    assert!(stored.field("description").unwrap().ends_with("\n\n—\nNo. laporan: KTG-2611-0042"));
    assert_eq!(stored.field("attribute[occurred_on]"), None);
}

#[tokio::test]
async fn token_mode_answers_a_token_that_resolves_once_the_request_is_public() {
    let fake = FakeOpen311::start().await;
    fake.set_token_mode(true);
    fake.set_moderation(true);
    let api = client(&fake);
    let Created::Pending { token } = api.create(&ticket()).await.unwrap() else { panic!("expected a token") };
    let id = fake.requests()[0].id.clone();
    assert_eq!(fake.requests()[0].token.as_deref(), Some(token.as_str()));
    assert_eq!(api.resolve_token(&token).await.unwrap(), None, "moderated: no ID yet");
    fake.approve(&id);
    assert_eq!(api.resolve_token(&token).await.unwrap(), Some(id));
    assert_eq!(api.resolve_token("tok-unknown").await.unwrap(), None);
}

#[tokio::test]
async fn scripted_failures_are_html_pages_for_5xx_and_json_for_4xx_and_create_nothing() {
    let fake = FakeOpen311::start().await;
    fake.fail_next(vec![500, 502, 429]);
    let api = client(&fake);
    let (first, _) = expect_retryable(api.create(&ticket()).await);
    let (second, _) = expect_retryable(api.create(&ticket()).await);
    let (third, _) = expect_retryable(api.create(&ticket()).await);
    assert_eq!(first, "open311 create: HTTP 500 (HTML page): Server Error (500)");
    assert_eq!(second, "open311 create: HTTP 502 (HTML page): 502 Bad Gateway — nginx");
    assert_eq!(third, "open311 create: HTTP 429: Too Many Requests");
    assert!(fake.requests().is_empty());
    create(&api, &ticket()).await;
    assert_eq!((fake.posts(), fake.requests().len()), (4, 1));
}

#[tokio::test]
async fn the_listing_filters_by_code_status_dates_and_ids() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let road = create(&api, &ticket()).await;
    let water = create(&api, &ForwardTicket { service_code: Some("PDAM-AIR".into()), ..ticket() }).await;
    fake.set_status(&water, "closed", None);
    let http = reqwest::Client::new();
    let ids = |query: Vec<(&'static str, String)>| {
        let request = http.get(format!("{}/requests.json", fake.uri())).query(&query);
        async move {
            let listing: Value = request.send().await.unwrap().json().await.unwrap();
            listing
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["service_request_id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids(vec![("service_code", "DPUPR-JALAN".into())]).await, vec![road.clone()]);
    assert_eq!(ids(vec![("status", "closed".into())]).await, vec![water.clone()]);
    assert_eq!(ids(vec![("status", "open,closed".into())]).await, vec![water.clone(), road.clone()]);
    let later = (Utc::now() + TimeDelta::minutes(1)).to_rfc3339();
    assert!(ids(vec![("start_date", later.clone())]).await.is_empty());
    assert_eq!(ids(vec![("end_date", later)]).await.len(), 2);
    let by_id = vec![("service_request_id", format!("{road},{water}")), ("status", "closed".into())];
    assert_eq!(ids(by_id).await, vec![water, road], "IDs override the other filters");
    let bad = http.get(format!("{}/requests.json?start_date=kemarin", fake.uri())).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn every_single_request_read_is_recorded_with_its_time() {
    let fake = FakeOpen311::start().await;
    let api = client(&fake);
    let id = create(&api, &ticket()).await;
    for _ in 0..3 {
        api.status(&id).await.unwrap();
    }
    expect_permanent(api.status("404404").await);
    fake.public_listing().await;
    let gets = fake.gets();
    let seen: Vec<(&str, u16)> = gets.iter().map(|g| (g.id.as_str(), g.answered)).collect();
    assert_eq!(seen, vec![(id.as_str(), 200), (id.as_str(), 200), (id.as_str(), 200), ("404404", 404)]);
    assert!(gets.windows(2).all(|w| w[0].at <= w[1].at));
}
