//! Each SMS provider's wire format, case by case (in the style of courier's handler tests: one table
//! per provider, one function that runs every table of its kind).
//!
//! - Inbound: what a request gets (HTTP status), whether an event was stored, what the citizen got back.
//! - Delivery reports: what the store says about a message we sent, after the provider's reports.
//! - Outbound: the request each transport makes, and how each answer of the far side maps to sent,
//!   wait, retry or give up.
//! - Gammu's `RunOnReceive` hook through the real binary, and routes of providers that are off.

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
// Inbound

type Build = Box<dyn Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync>;

/// One inbound request and everything it must lead to.
struct Inbound {
    label: &'static str,
    request: Build,
    then: Then,
    /// Times the same request arrives (a provider retrying); every one gets the same answer.
    deliveries: usize,
    /// Text the response body contains.
    body: Option<&'static str>,
}

/// What becomes of an inbound request: the HTTP answer, the events stored, the SMS sent back.
enum Then {
    /// 401; nothing stored, nothing sent.
    Refused,
    /// 400; nothing stored, nothing sent.
    BadRequest,
    /// 200 so the provider stops retrying; nothing stored, nothing sent.
    Ignored,
    /// 200; one event stored; exactly one SMS back to this number through the provider the SMS came
    /// by, fitting one GSM-7 SMS; the conversation is kept under this number.
    Answered(&'static str),
    /// As `Answered`, and the answer names a ticket filed with exactly this description.
    Filed(&'static str, String),
}

impl Then {
    /// The HTTP status and the number of inbound events stored.
    fn expected(&self) -> (u16, i64) {
        match self {
            Then::Refused => (401, 0),
            Then::BadRequest => (400, 0),
            Then::Ignored => (200, 0),
            Then::Answered(_) | Then::Filed(..) => (200, 1),
        }
    }
}

fn case(
    label: &'static str,
    then: Then,
    request: impl Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync + 'static,
) -> Inbound {
    Inbound { label, request: Box::new(request), then, deliveries: 1, body: None }
}

impl Inbound {
    fn twice(mut self) -> Self {
        self.deliveries = 2;
        self
    }

    fn body(mut self, text: Option<&'static str>) -> Self {
        self.body = text;
        self
    }
}

/// Runs every case against a fresh gateway with all four providers enabled.
async fn run_inbound(provider: Provider, cases: Vec<Inbound>) {
    for case in cases {
        let mut app = spawn_sms_app(|_| {}).await;
        let store = app.app.store();
        let what = format!("{provider}: {}", case.label);
        let (expected_status, expected_stored) = case.then.expected();
        let before = store.inbound_count().await.unwrap();
        for n in 1..=case.deliveries {
            let response = (case.request)(&app).send().await.expect("gateway answers");
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert_eq!(status, expected_status, "{what} (delivery {n}): HTTP {status} {body}");
            if let Some(expected) = case.body {
                assert!(body.contains(expected), "{what}: the answer contains {expected:?}: {body}");
            }
            app.settle().await;
        }
        let stored = store.inbound_count().await.unwrap() - before;
        assert_eq!(stored, expected_stored, "{what}: inbound events stored");
        check_answer(&app, provider, &case.then, &what).await;
        app.app.app.take().unwrap().shutdown().await;
    }
}

async fn check_answer(app: &SmsApp, provider: Provider, then: &Then, what: &str) {
    for other in Provider::ALL.into_iter().filter(|p| *p != provider) {
        let sent = app.sent(other).await;
        assert!(sent.is_empty(), "{what}: nothing goes out through {other}: {sent:?}");
    }
    let sent = app.sent(provider).await;
    let to = match then {
        Then::Refused | Then::BadRequest | Then::Ignored => {
            assert!(sent.is_empty(), "{what}: no SMS back: {sent:?}");
            return;
        }
        Then::Answered(to) | Then::Filed(to, _) => *to,
    };
    assert_eq!(sent.len(), 1, "{what}: exactly one SMS back: {sent:?}");
    let (number, text) = &sent[0];
    assert_eq!(number, to, "{what}: the answer goes to the sender in E.164");
    assert!(gsm7::septets(text).is_some_and(|n| n <= 160), "{what}: the answer fits one GSM-7 SMS: {text:?}");
    let store = app.app.store();
    let address = Address::new(Channel::Sms, to);
    assert!(store.load_conversation(&address).await.unwrap().is_some(), "{what}: conversation kept under {to}");
    if let Then::Filed(_, description) = then {
        let id = tracking_id_in(text).unwrap_or_else(|| panic!("{what}: the answer names the ticket: {text}"));
        let record = store.ticket_record(&id).await.unwrap().expect("ticket stored");
        assert_eq!(&record.ticket.description, description, "{what}: the description is stored whole");
        assert_eq!(record.ticket.reporter, address, "{what}: the reporter");
        assert_eq!(record.ticket.via.as_deref(), Some(provider.as_str()), "{what}: pushes go back the same way");
    }
}

/// `text` from `from`, as `provider` delivers it, signed; the same delivery id every time.
fn sms(
    provider: Provider,
    from: &'static str,
    text: impl Into<String>,
) -> impl Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync + 'static {
    let text = text.into();
    move |app| app.request(provider, from, &text, "d1")
}

/// What every provider does with a well-formed, authentic delivery.
fn every_provider(p: Provider) -> Vec<Inbound> {
    use Then::*;
    let ack = match p {
        Provider::Twilio => Some("<Response/>"),
        Provider::Gammu => Some("\"accepted\":1"),
        Provider::Android | Provider::Kannel => None,
    };
    vec![
        case(
            "a valid SMS is stored and answered through the same provider",
            Answered(CITIZEN),
            sms(p, CITIZEN, "LAPOR"),
        )
        .body(ack),
        case(
            "the same delivery twice (a provider retry) is stored and answered once",
            Answered(CITIZEN),
            sms(p, CITIZEN, "LAPOR"),
        )
        .twice(),
        case(
            "a 600-character report in one SMS is filed with the whole text",
            Filed(CITIZEN, long_report()),
            sms(p, CITIZEN, format!("LAPOR {} #{PLACE}", long_report())),
        ),
        case(
            "a UCS-2 text with emoji is stored intact and answered in GSM-7",
            Filed(CITIZEN, EMOJI_TEXT.into()),
            sms(p, CITIZEN, format!("LAPOR {EMOJI_TEXT}")),
        ),
        case(
            "an alphanumeric sender is acknowledged, not stored and not answered",
            Ignored,
            sms(p, "TELKOMSEL", "Sisa pulsa Anda Rp5.000. Isi ulang sekarang!"),
        ),
        case(
            "a national number 08… is stored and answered as +62…",
            Answered(CITIZEN),
            sms(p, "081234567890", "LAPOR"),
        ),
        case(
            "a number 628… without the plus is stored and answered as +62…",
            Answered(CITIZEN),
            sms(p, "6281234567890", "LAPOR"),
        ),
    ]
}

/// How an android-sms-gateway webhook is signed in a case.
enum Sig {
    /// `X-Signature` with this key over the body sent.
    By(&'static str),
    /// `X-Signature` with this key over another body.
    ByOver(&'static str, String),
    Missing,
}

/// `POST /sms/android/webhook` with `body`; `X-Timestamp` is now minus `age_secs` (left out when `None`).
fn android_hook(
    body: impl Into<String>,
    age_secs: Option<i64>,
    sig: Sig,
) -> impl Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync + 'static {
    let body = body.into();
    move |app| {
        let mut req = app
            .app
            .client
            .post(format!("{}/sms/android/webhook", app.app.base))
            .header("content-type", "application/json")
            .body(body.clone());
        let timestamp = age_secs.map(|age| (Utc::now().timestamp() - age).to_string());
        if let Some(ts) = &timestamp {
            req = req.header("X-Timestamp", ts);
        }
        let ts = timestamp.unwrap_or_default();
        match &sig {
            Sig::By(key) => req.header("X-Signature", android::sign(key, body.as_bytes(), &ts)),
            Sig::ByOver(key, other) => req.header("X-Signature", android::sign(key, other.as_bytes(), &ts)),
            Sig::Missing => req,
        }
    }
}

fn received() -> Value {
    android_body("d1", CITIZEN, "LAPOR")
}

#[tokio::test]
async fn android_webhook_stores_only_signed_fresh_well_formed_sms_and_answers_each_once() {
    use Then::*;
    let without_sender = {
        let mut body = received();
        body["payload"].as_object_mut().unwrap().remove("sender");
        body
    };
    let without_id = {
        let mut body = received();
        body.as_object_mut().unwrap().remove("id");
        body
    };
    let ping = json!({"id": "p1", "webhookId": "wh1", "deviceId": "dev1", "event": "system:ping", "payload": {}});
    let key = ANDROID_KEY;
    let mut cases = vec![
        case(
            "a signature by another key is refused",
            Refused,
            android_hook(received().to_string(), Some(0), Sig::By("not-the-key")),
        ),
        case(
            "a request without X-Signature is refused",
            Refused,
            android_hook(received().to_string(), Some(0), Sig::Missing),
        ),
        case(
            "a request without X-Timestamp is refused",
            Refused,
            android_hook(received().to_string(), None, Sig::By(key)),
        ),
        case(
            "a body changed after signing is refused",
            Refused,
            android_hook(
                android_body("d1", CITIZEN, "LAPOR palsu").to_string(),
                Some(0),
                Sig::ByOver(key, received().to_string()),
            ),
        ),
        case(
            "an X-Timestamp six minutes old (max_skew_secs 300) is refused",
            Refused,
            android_hook(received().to_string(), Some(360), Sig::By(key)),
        ),
        case(
            "an X-Timestamp six minutes ahead is refused",
            Refused,
            android_hook(received().to_string(), Some(-360), Sig::By(key)),
        ),
        case(
            "an X-Timestamp four minutes old is within the skew and accepted",
            Answered(CITIZEN),
            android_hook(received().to_string(), Some(240), Sig::By(key)),
        ),
        case(
            "an sms:received payload without sender is a bad request",
            BadRequest,
            android_hook(without_sender.to_string(), Some(0), Sig::By(key)),
        ),
        case(
            "an envelope without id is a bad request",
            BadRequest,
            android_hook(without_id.to_string(), Some(0), Sig::By(key)),
        ),
        case(
            "a signed body that is not JSON is a bad request",
            BadRequest,
            android_hook("{\"id\": \"d1\", ", Some(0), Sig::By(key)),
        ),
        case(
            "an event we do not use (system:ping) is acknowledged and ignored",
            Ignored,
            android_hook(ping.to_string(), Some(0), Sig::By(key)),
        ),
    ];
    cases.extend(every_provider(Provider::Android));
    run_inbound(Provider::Android, cases).await;
}

/// `GET /sms/kannel/receive` with the usual `get-url` fields minus `without`, and `secret` if given.
fn kannel_get(
    without: &'static [&'static str],
    secret: Option<&'static str>,
) -> impl Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync + 'static {
    move |app| {
        let time = Utc::now().timestamp().to_string();
        let fields = [("id", "d1"), ("from", CITIZEN), ("to", "1708"), ("time", time.as_str()), ("text", "LAPOR")];
        let mut query: Vec<(&str, &str)> = fields.into_iter().filter(|(k, _)| !without.contains(k)).collect();
        if let Some(secret) = secret {
            query.push(("secret", secret));
        }
        app.app.client.get(format!("{}/sms/kannel/receive", app.app.base)).query(&query)
    }
}

#[tokio::test]
async fn kannel_receive_stores_only_authenticated_complete_sms_and_answers_each_once() {
    use Then::*;
    let p = Provider::Kannel;
    let mut cases = vec![
        case("a wrong secret is refused", Refused, kannel_get(&[], Some("not-the-secret"))),
        case("a request without the secret is refused", Refused, kannel_get(&[], None)),
        case(
            "a request without the sender (%p) is a bad request",
            BadRequest,
            kannel_get(&["from"], Some(KANNEL_SECRET)),
        ),
        case(
            "a request without the message id (%I) is a bad request",
            BadRequest,
            kannel_get(&["id"], Some(KANNEL_SECRET)),
        ),
        case(
            "a request without the text (%a) is a bad request",
            BadRequest,
            kannel_get(&["text"], Some(KANNEL_SECRET)),
        ),
        case(
            "a sender escaped once more (%2B628…) is stored and answered as +62…",
            Answered(CITIZEN),
            sms(p, "%2B6281234567890", "LAPOR"),
        ),
    ];
    cases.extend(every_provider(p));
    run_inbound(p, cases).await;
}

/// `POST /sms/gammu/receive` with `body` and the secret header if given.
fn gammu_post(
    secret: Option<&'static str>,
    body: impl Into<String>,
) -> impl Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync + 'static {
    let body = body.into();
    move |app| {
        let req = app
            .app
            .client
            .post(format!("{}/sms/gammu/receive", app.app.base))
            .header("content-type", "application/json")
            .body(body.clone());
        match secret {
            Some(s) => req.header("X-Kentongan-Secret", s),
            None => req,
        }
    }
}

#[tokio::test]
async fn gammu_receive_stores_only_authenticated_complete_batches_and_answers_each_once() {
    use Then::*;
    let s = Some(GAMMU_SECRET);
    let valid = json!({"messages": [{"id": "d1", "number": CITIZEN, "text": "LAPOR"}]}).to_string();
    let without_number = json!({"messages": [{"id": "d1", "text": "LAPOR"}]}).to_string();
    let empty_number = json!({"messages": [{"id": "d1", "number": "", "text": "LAPOR"}]}).to_string();
    let one_bad = json!({"messages": [
        {"id": "d1", "number": CITIZEN, "text": "LAPOR"},
        {"id": "d2", "number": "", "text": "LAPOR"}]})
    .to_string();
    let mut cases = vec![
        case("a wrong secret is refused", Refused, gammu_post(Some("not-the-secret"), valid.clone())),
        case("a request without the secret header is refused", Refused, gammu_post(None, valid)),
        case("a message without number is a bad request", BadRequest, gammu_post(s, without_number)),
        case("a message with an empty number is a bad request", BadRequest, gammu_post(s, empty_number)),
        case("a batch with one message lacking its number stores none of it", BadRequest, gammu_post(s, one_bad)),
        case("a body that is not JSON is a bad request", BadRequest, gammu_post(s, "SMS_1_NUMBER=+628")),
    ];
    cases.extend(every_provider(Provider::Gammu));
    run_inbound(Provider::Gammu, cases).await;
}

/// `POST /sms/twilio/webhook` with `params` as a form, signed over `url` with `token` (unsigned when `None`).
fn twilio_post(
    url: &'static str,
    token: Option<&'static str>,
    params: Vec<(String, String)>,
) -> impl Fn(&SmsApp) -> reqwest::RequestBuilder + Send + Sync + 'static {
    move |app| {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(&params).finish();
        let req = app
            .app
            .client
            .post(format!("{}/sms/twilio/webhook", app.app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        match token {
            Some(token) => req.header("X-Twilio-Signature", twilio::sign(token, url, &params)),
            None => req,
        }
    }
}

#[tokio::test]
async fn twilio_webhook_stores_only_sms_signed_over_its_exact_url_and_answers_each_once() {
    use Then::*;
    let t = Some(TWILIO_TOKEN);
    let params = twilio_params("d1", CITIZEN, "LAPOR");
    let without = |name: &str| params.iter().filter(|(k, _)| k != name).cloned().collect::<Vec<_>>();
    // What a body that is no form parses to: one odd parameter, validly signed.
    let not_a_form: Vec<(String, String)> =
        form_urlencoded::parse(br#"{"From": "+6281234567890", "Body": "LAPOR"}"#).into_owned().collect();
    let mut cases = vec![
        case(
            "a signature by another auth token is refused",
            Refused,
            twilio_post(TWILIO_WEBHOOK, Some("not-the-token"), params.clone()),
        ),
        case(
            "a request without X-Twilio-Signature is refused",
            Refused,
            twilio_post(TWILIO_WEBHOOK, None, params.clone()),
        ),
        case(
            "a signature computed for another URL (http instead of https) is refused",
            Refused,
            twilio_post("http://lapor.test/sms/twilio/webhook", t, params.clone()),
        ),
        case(
            "a signature computed for the status URL is refused",
            Refused,
            twilio_post("https://lapor.test/sms/twilio/status", t, params.clone()),
        ),
        case(
            "a signed form without From is a bad request",
            BadRequest,
            twilio_post(TWILIO_WEBHOOK, t, without("From")),
        ),
        case(
            "a signed form without MessageSid is a bad request",
            BadRequest,
            twilio_post(TWILIO_WEBHOOK, t, without("MessageSid")),
        ),
        case(
            "a signed body that is not a form is a bad request",
            BadRequest,
            twilio_post(TWILIO_WEBHOOK, t, not_a_form),
        ),
    ];
    cases.extend(every_provider(Provider::Twilio));
    run_inbound(Provider::Twilio, cases).await;
}

#[tokio::test]
async fn kannel_on_an_allowed_address_is_accepted_without_the_secret() {
    let app = spawn_sms_app(|s| s.sms.kannel.allow_from = vec!["127.0.0.1".parse().unwrap()]).await;
    let response = kannel_get(&[], None)(&app).send().await.unwrap();
    assert_eq!(response.status(), 200);
    app.settle().await;
    assert_eq!(app.app.store().inbound_count().await.unwrap(), 1);
    assert_eq!(app.sms_to(Provider::Kannel, CITIZEN).await.len(), 1, "answered through sendsms");
}

// ---------------------------------------------------------------------------------------------------
// Delivery reports

/// A sequence of delivery reports for the answer to one `LAPOR`, and what the store then says.
struct Reports {
    label: &'static str,
    steps: Vec<Dlr>,
    /// Part 0's recorded status and detail; `None`: nothing recorded for the message.
    recorded: Option<(DeliveryStatus, Option<&'static str>)>,
}

/// One report: the provider's own status value (`sms:delivered`, `1`, `delivered`), and the HTTP
/// status it must get.
struct Dlr {
    value: &'static str,
    /// A reference we did not issue instead of ours.
    reference: Option<&'static str>,
    /// Signed or authenticated with the wrong key or secret.
    forged: bool,
    status: u16,
}

fn dlr(value: &'static str, status: u16) -> Dlr {
    Dlr { value, reference: None, forged: false, status }
}

impl Dlr {
    fn for_ref(mut self, reference: &'static str) -> Self {
        self.reference = Some(reference);
        self
    }

    fn forged(mut self) -> Self {
        self.forged = true;
        self
    }
}

fn reports(label: &'static str, steps: Vec<Dlr>, recorded: Option<(DeliveryStatus, Option<&'static str>)>) -> Reports {
    Reports { label, steps, recorded }
}

/// The reference our send gave the provider, and the callback URL it was told to report to (for
/// Kannel and Twilio; the reports of these cases are sent to that very URL).
async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

async fn sent_reference(app: &SmsApp, provider: Provider) -> (String, String) {
    let after_ref = |url: &str| url.split("ref=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    match provider {
        Provider::Android => {
            let sent = requests(&app.android).await;
            let body: Value = serde_json::from_slice(&sent.last().unwrap().body).unwrap();
            (body["id"].as_str().unwrap().to_owned(), String::new())
        }
        Provider::Kannel => {
            let sent = requests(&app.kannel).await;
            let url = sent.last().unwrap().url.clone();
            let dlr = url.query_pairs().find(|(k, _)| k == "dlr-url").expect("a dlr-url").1.into_owned();
            (after_ref(&dlr), dlr)
        }
        Provider::Twilio => {
            let sent = requests(&app.twilio).await;
            let form = form_urlencoded::parse(&sent.last().unwrap().body).into_owned().collect::<Vec<_>>();
            let callback = form.into_iter().find(|(k, _)| k == "StatusCallback").expect("a StatusCallback").1;
            (after_ref(&callback), callback)
        }
        Provider::Gammu => unreachable!("Gammu gives no delivery reports"),
    }
}

fn report_request(
    app: &SmsApp,
    provider: Provider,
    n: usize,
    d: &Dlr,
    ours: &str,
    callback: &str,
) -> reqwest::RequestBuilder {
    let reference = d.reference.unwrap_or(ours);
    let client = &app.app.client;
    let local = |public: &str| public.replace(&format!("ref={ours}"), &format!("ref={reference}"));
    match provider {
        Provider::Android => {
            let mut payload = json!({"messageId": reference, "phoneNumber": CITIZEN, "simNumber": 1});
            if d.value == "sms:failed" {
                payload["reason"] = "RESULT_ERROR_GENERIC_FAILURE".into();
            }
            let body =
                json!({"id": format!("r{n}"), "webhookId": "wh2", "deviceId": "dev1", "event": d.value, "payload": payload})
                    .to_string();
            let req = client.post(format!("{}/sms/android/webhook", app.app.base));
            if d.forged {
                let ts = Utc::now().timestamp().to_string();
                req.header("content-type", "application/json")
                    .header("X-Timestamp", &ts)
                    .header("X-Signature", android::sign("not-the-key", body.as_bytes(), &ts))
                    .body(body)
            } else {
                android_signed(req, &body, Utc::now().timestamp())
            }
        }
        Provider::Kannel => {
            let answer = if matches!(d.value, "2" | "16") { "NACK%2F0x0000000b" } else { "ACK%2F" };
            let mut url =
                local(callback).replace(PUBLIC_BASE, &app.app.base).replace("%d", d.value).replace("%A", answer);
            if d.forged {
                url = url.replace(&format!("secret={KANNEL_SECRET}"), "secret=not-the-secret");
            }
            client.get(url)
        }
        Provider::Twilio => {
            let public = local(callback);
            let mut params = vec![
                ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
                ("AccountSid", TWILIO_SID),
                ("From", "+15005550006"),
                ("To", CITIZEN),
                ("MessageStatus", d.value),
            ];
            if matches!(d.value, "failed" | "undelivered") {
                params.push(("ErrorCode", "30003"));
            }
            let params: Vec<(String, String)> = params.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
            let req = client.post(public.replace(PUBLIC_BASE, &app.app.base));
            if d.forged {
                let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(&params).finish();
                req.header("content-type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", twilio::sign("not-the-token", &public, &params))
                    .body(body)
            } else {
                twilio_signed(req, &public, &params)
            }
        }
        Provider::Gammu => unreachable!("Gammu gives no delivery reports"),
    }
}

/// For each case: a citizen writes `LAPOR`, the gateway answers through `provider`, and the provider
/// reports on that answer.
async fn run_reports(provider: Provider, cases: Vec<Reports>) {
    for case in cases {
        let mut app = spawn_sms_app(|_| {}).await;
        let what = format!("{provider}: {}", case.label);
        let answers = app.text(provider, CITIZEN, "LAPOR").await;
        assert_eq!(answers.len(), 1, "{what}: one answer to report on");
        let (ours, callback) = sent_reference(&app, provider).await;
        let (job, part) = ours.split_once('.').expect("reference JOB.PART");
        assert_eq!(part, "0", "{what}: a one-part message");
        let job: i64 = job.parse().expect("a job id");
        for (n, d) in case.steps.iter().enumerate() {
            let response = report_request(&app, provider, n, d, &ours, &callback).send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert_eq!(status, d.status, "{what}: report {} ({}): HTTP {status} {body}", n + 1, d.value);
        }
        let recorded = app.app.store().deliveries(job).await.unwrap();
        match case.recorded {
            None => assert!(recorded.is_empty(), "{what}: nothing recorded: {recorded:?}"),
            Some((status, detail)) => {
                assert_eq!(recorded.len(), 1, "{what}: one part recorded: {recorded:?}");
                let r = &recorded[0];
                assert_eq!((r.part, r.provider.as_str()), (0, provider.as_str()), "{what}");
                assert_eq!(r.status, status, "{what}: recorded status");
                assert_eq!(r.detail.as_deref(), detail, "{what}: recorded detail");
            }
        }
        app.app.app.take().unwrap().shutdown().await;
    }
}

#[tokio::test]
async fn android_delivery_events_are_recorded_against_our_message_and_never_undo_a_final_state() {
    use DeliveryStatus::*;
    run_reports(
        Provider::Android,
        vec![
            reports("sms:delivered is recorded as delivered", vec![dlr("sms:delivered", 200)], Some((Delivered, None))),
            reports("sms:sent is recorded as sent", vec![dlr("sms:sent", 200)], Some((Sent, None))),
            reports(
                "sms:failed is recorded as failed with the phone's reason",
                vec![dlr("sms:failed", 200)],
                Some((Failed, Some("RESULT_ERROR_GENERIC_FAILURE"))),
            ),
            reports(
                "a late sms:sent does not overwrite delivered",
                vec![dlr("sms:delivered", 200), dlr("sms:sent", 200)],
                Some((Delivered, None)),
            ),
            reports(
                "a report on a message we did not send (typed on the phone) is acknowledged and ignored",
                vec![dlr("sms:delivered", 200).for_ref("f3a9c2e1")],
                None,
            ),
            reports(
                "a well-formed reference to no message of ours is acknowledged and ignored",
                vec![dlr("sms:delivered", 200).for_ref("99999.0")],
                None,
            ),
            reports("a report signed with another key is refused", vec![dlr("sms:delivered", 401).forged()], None),
        ],
    )
    .await;
}

#[tokio::test]
async fn kannel_dlrs_are_recorded_against_our_message_and_never_undo_a_final_state() {
    use DeliveryStatus::*;
    run_reports(
        Provider::Kannel,
        vec![
            reports("DLR 1 is recorded as delivered", vec![dlr("1", 200)], Some((Delivered, None))),
            reports(
                "DLR 2 is recorded as failed with the SMSC's answer",
                vec![dlr("2", 200)],
                Some((Failed, Some("NACK/0x0000000b"))),
            ),
            reports("DLR 8 (SMSC submit) is recorded as sent", vec![dlr("8", 200)], Some((Sent, None))),
            reports(
                "DLR 16 (SMSC reject) is recorded as failed",
                vec![dlr("16", 200)],
                Some((Failed, Some("NACK/0x0000000b"))),
            ),
            reports(
                "a late DLR 8 does not overwrite delivered",
                vec![dlr("1", 200), dlr("8", 200)],
                Some((Delivered, None)),
            ),
            reports("a reference we did not issue is a bad request", vec![dlr("1", 400).for_ref("abc")], None),
            reports(
                "a well-formed reference to no message of ours is a bad request",
                vec![dlr("1", 400).for_ref("99999.0")],
                None,
            ),
            reports("a DLR type we never ask for is a bad request", vec![dlr("3", 400)], None),
            reports("a report with a wrong secret is refused", vec![dlr("1", 401).forged()], None),
        ],
    )
    .await;
}

#[tokio::test]
async fn twilio_status_callbacks_are_recorded_against_our_message_and_never_undo_a_final_state() {
    use DeliveryStatus::*;
    run_reports(
        Provider::Twilio,
        vec![
            reports("delivered is recorded as delivered", vec![dlr("delivered", 204)], Some((Delivered, None))),
            reports("sent is recorded as sent", vec![dlr("sent", 204)], Some((Sent, None))),
            reports(
                "failed is recorded as failed with Twilio's error code",
                vec![dlr("failed", 204)],
                Some((Failed, Some("twilio error 30003"))),
            ),
            reports(
                "undelivered is recorded as failed",
                vec![dlr("undelivered", 204)],
                Some((Failed, Some("twilio error 30003"))),
            ),
            reports(
                "a late sent does not overwrite delivered",
                vec![dlr("queued", 204), dlr("delivered", 204), dlr("sent", 204)],
                Some((Delivered, None)),
            ),
            reports("a reference we did not issue is a bad request", vec![dlr("delivered", 400).for_ref("SM42")], None),
            reports(
                "a well-formed reference to no message of ours is a bad request",
                vec![dlr("delivered", 400).for_ref("99999.0")],
                None,
            ),
            reports("an unknown MessageStatus is a bad request", vec![dlr("teleported", 400)], None),
            reports("a callback signed with another token is refused", vec![dlr("delivered", 401).forged()], None),
        ],
    )
    .await;
}

// ---------------------------------------------------------------------------------------------------
// Outbound

fn citizen() -> PhoneNumber {
    PhoneNumber::parse(CITIZEN, "ID").unwrap()
}

/// SMS settings with `provider` pointed at `far_side` (a base URL, or Gammu's inject program).
fn settings_for(provider: Provider, far_side: &str) -> SmsSettings {
    let mut s = SmsSettings { public_base_url: Some(PUBLIC_BASE.into()), ..SmsSettings::default() };
    match provider {
        Provider::Android => {
            s.android.api_url = far_side.into();
            s.android.username = "sms".into();
            s.android.password = Some("pw".to_string().into());
        }
        Provider::Kannel => {
            s.kannel.sendsms_url = format!("{far_side}/cgi-bin/sendsms");
            s.kannel.username = "kentongan".into();
            s.kannel.password = Some("kpw".to_string().into());
            s.kannel.from = Some("1708".into());
            s.kannel.secret = Some(KANNEL_SECRET.to_string().into());
        }
        Provider::Gammu => {
            s.gammu.inject_command = [far_side, "TEXT", "{to}", "-text", "{text}"].map(String::from).to_vec();
        }
        Provider::Twilio => {
            s.twilio.api_url = far_side.into();
            s.twilio.account_sid = TWILIO_SID.into();
            s.twilio.auth_token = Some(TWILIO_TOKEN.to_string().into());
            s.twilio.from = Some("+15005550006".into());
        }
    }
    s
}

/// A script in `dir` running `body`; returns its path.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A local address nothing listens on.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// How the far side answers one send.
enum Far {
    /// HTTP status, with `Retry-After` if given.
    Answers(u16, Option<&'static str>),
    /// Nothing listens.
    Refused,
    /// Gammu's inject command exits with this code.
    Exits(i32),
    /// Gammu's inject command does not exist.
    Missing,
}

/// What `send_part` returns.
#[derive(Debug)]
enum Expect {
    Sent,
    /// Wait exactly this long.
    RateLimited(u64),
    /// Wait some time (no Retry-After given).
    RateLimitedSome,
    /// Retry soon (within a minute).
    Retry,
    /// Retry after exactly this long.
    RetryAfter(u64),
    /// Retry, but slowly (five minutes or more): the credentials need an operator.
    SlowRetry,
    Permanent,
}

struct Outbound {
    label: &'static str,
    far: Far,
    expect: Expect,
}

fn send_case(label: &'static str, far: Far, expect: Expect) -> Outbound {
    Outbound { label, far, expect }
}

/// How every HTTP provider maps its far side's answers.
fn http_answers() -> Vec<Outbound> {
    use Expect::*;
    use Far::*;
    vec![
        send_case("202 Accepted is sent", Answers(202, None), Sent),
        send_case("201 Created is sent", Answers(201, None), Sent),
        send_case("429 with Retry-After: 7 waits 7 s", Answers(429, Some("7")), RateLimited(7)),
        send_case("429 without Retry-After still waits", Answers(429, None), RateLimitedSome),
        send_case("500 is retried", Answers(500, None), Retry),
        send_case("503 is retried", Answers(503, None), Retry),
        send_case("503 with Retry-After: 120 is retried after 120 s", Answers(503, Some("120")), RetryAfter(120)),
        send_case("408 is retried", Answers(408, None), Retry),
        send_case("401 (credentials rejected) is retried slowly", Answers(401, None), SlowRetry),
        send_case("403 (credentials rejected) is retried slowly", Answers(403, None), SlowRetry),
        send_case("404 (a wrong URL or account) is retried slowly, not dropped", Answers(404, None), SlowRetry),
        send_case("400 (a bad number or request) is given up", Answers(400, None), Permanent),
        send_case("a refused connection is retried", Refused, Retry),
    ]
}

async fn run_send(provider: Provider, cases: Vec<Outbound>) {
    for case in cases {
        let what = format!("{provider}: {}", case.label);
        let server = MockServer::start().await;
        let scratch = tempfile::tempdir().unwrap();
        let far = match case.far {
            Far::Answers(code, retry_after) => {
                let mut answer = ResponseTemplate::new(code).set_body_string("{}");
                if let Some(secs) = retry_after {
                    answer = answer.insert_header("Retry-After", secs);
                }
                Mock::given(any()).respond_with(answer).mount(&server).await;
                server.uri()
            }
            Far::Refused => refused_url(),
            Far::Exits(code) => script(scratch.path(), "inject", &format!("exit {code}")).display().to_string(),
            Far::Missing => scratch.path().join("no-such-gammu-smsd-inject").display().to_string(),
        };
        let settings = settings_for(provider, &far);
        let result = transport(provider, &settings, reqwest::Client::new())
            .send_part(&citizen(), "Laporan diterima", "12.0")
            .await;
        let ok = match (&case.expect, &result) {
            (Expect::Sent, Ok(())) => true,
            (Expect::RateLimited(secs), Err(SendError::RateLimited(d))) => *d == Duration::from_secs(*secs),
            (Expect::RateLimitedSome, Err(SendError::RateLimited(d))) => !d.is_zero(),
            (Expect::Retry, Err(SendError::Retry(d))) => !d.is_zero() && *d <= Duration::from_secs(60),
            (Expect::RetryAfter(secs), Err(SendError::Retry(d))) => *d == Duration::from_secs(*secs),
            (Expect::SlowRetry, Err(SendError::Retry(d))) => *d >= Duration::from_secs(300),
            (Expect::Permanent, Err(SendError::Permanent(_))) => true,
            _ => false,
        };
        assert!(ok, "{what}: expected {:?}, got {result:?}", case.expect);
        if matches!(case.far, Far::Answers(..)) {
            let requests = server.received_requests().await.unwrap_or_default();
            assert_eq!(requests.len(), 1, "{what}: one request, no retry inside the transport");
        }
    }
}

#[tokio::test]
async fn android_send_answers_map_to_sent_wait_retry_or_give_up() {
    run_send(Provider::Android, http_answers()).await;
}

#[tokio::test]
async fn kannel_send_answers_map_to_sent_wait_retry_or_give_up() {
    run_send(Provider::Kannel, http_answers()).await;
}

#[tokio::test]
async fn twilio_send_answers_map_to_sent_wait_retry_or_give_up() {
    run_send(Provider::Twilio, http_answers()).await;
}

#[tokio::test]
async fn gammu_inject_outcomes_map_to_sent_or_retry() {
    use Expect::*;
    use Far::*;
    run_send(
        Provider::Gammu,
        vec![
            send_case("an inject command exiting 0 is sent", Exits(0), Sent),
            send_case("an inject command exiting 1 (spool full, modem gone) is retried", Exits(1), Retry),
            send_case("a missing inject program is retried (the operator installs it)", Missing, Retry),
        ],
    )
    .await;
}

fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    request.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request");
    requests.pop().unwrap()
}

fn query(request: &wiremock::Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn android_sends_a_json_message_with_basic_auth_our_reference_as_id_and_a_delivery_report_request() {
    let phone = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(202)).mount(&phone).await;
    let settings = settings_for(Provider::Android, &format!("{}/", phone.uri()));
    let result = transport(Provider::Android, &settings, reqwest::Client::new())
        .send_part(&citizen(), "Laporan diterima: PKL-7Q3K9XW", "12.0")
        .await;
    assert_eq!(result, Ok(()));
    let request = only_request(&phone).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("POST", "/message"));
    assert_eq!(header(&request, "authorization"), basic_auth("sms", "pw"));
    assert!(header(&request, "content-type").starts_with("application/json"));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"id": "12.0", "textMessage": {"text": "Laporan diterima: PKL-7Q3K9XW"},
            "phoneNumbers": [CITIZEN], "withDeliveryReport": true})
    );
}

#[tokio::test]
async fn kannel_sends_gsm7_as_coding_0_and_emoji_as_ucs2_and_asks_for_reports_only_with_a_public_url() {
    let smsbox = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202).set_body_string("0: Accepted for delivery"))
        .mount(&smsbox)
        .await;
    let with_reports = settings_for(Provider::Kannel, &smsbox.uri());
    let without_reports = SmsSettings { public_base_url: None, ..with_reports.clone() };
    let sends = [
        (&with_reports, "Laporan diterima", "0"),
        (&with_reports, "Terima kasih 🙏", "2"),
        (&without_reports, "Laporan diterima", "0"),
    ];
    for (settings, text, _) in sends {
        let result =
            transport(Provider::Kannel, settings, reqwest::Client::new()).send_part(&citizen(), text, "12.0").await;
        assert_eq!(result, Ok(()), "{text}");
    }
    let requests = smsbox.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for (request, (settings, text, coding)) in requests.iter().zip(sends) {
        assert_eq!((request.method.as_str(), request.url.path()), ("GET", "/cgi-bin/sendsms"));
        let q = query(request);
        assert_eq!(get(&q, "username"), Some("kentongan"));
        assert_eq!(get(&q, "password"), Some("kpw"));
        assert_eq!(get(&q, "from"), Some("1708"));
        assert_eq!(get(&q, "to"), Some(CITIZEN));
        assert_eq!(get(&q, "text"), Some(text), "the text arrives whole, UTF-8");
        assert_eq!(get(&q, "charset"), Some("UTF-8"));
        assert_eq!(get(&q, "coding"), Some(coding), "{text}");
        if settings.public_base_url.is_some() {
            assert_eq!(get(&q, "dlr-mask"), Some("27"), "delivered, failed, SMSC submit, SMSC reject");
            let dlr = get(&q, "dlr-url").expect("a dlr-url");
            assert!(dlr.starts_with("https://lapor.test/sms/kannel/dlr?"), "{dlr}");
            for part in [&format!("secret={KANNEL_SECRET}"), "ref=12.0", "status=%d"] {
                assert!(dlr.contains(part), "the dlr-url carries {part}: {dlr}");
            }
        } else {
            assert_eq!(get(&q, "dlr-mask"), None, "no public URL, no delivery reports");
            assert_eq!(get(&q, "dlr-url"), None);
        }
    }
}

#[tokio::test]
async fn twilio_posts_a_form_to_messages_json_with_basic_auth_and_a_status_callback_carrying_our_reference() {
    let api = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"}))).mount(&api).await;
    let with_number = settings_for(Provider::Twilio, &api.uri());
    let mut with_service = with_number.clone();
    with_service.twilio.messaging_service_sid = Some("MG0123".into());
    for settings in [&with_number, &with_service] {
        let result = transport(Provider::Twilio, settings, reqwest::Client::new())
            .send_part(&citizen(), "Laporan diterima", "12.0")
            .await;
        assert_eq!(result, Ok(()));
    }
    let requests = api.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), format!("/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"));
        assert_eq!(header(request, "authorization"), basic_auth(TWILIO_SID, TWILIO_TOKEN));
        assert!(header(request, "content-type").starts_with("application/x-www-form-urlencoded"));
    }
    let form = |r: &wiremock::Request| form_urlencoded::parse(&r.body).into_owned().collect::<Vec<_>>();
    let (by_number, by_service) = (form(&requests[0]), form(&requests[1]));
    assert_eq!(get(&by_number, "To"), Some(CITIZEN));
    assert_eq!(get(&by_number, "From"), Some("+15005550006"));
    assert_eq!(get(&by_number, "Body"), Some("Laporan diterima"));
    assert_eq!(get(&by_number, "StatusCallback"), Some("https://lapor.test/sms/twilio/status?ref=12.0"));
    assert_eq!(get(&by_service, "MessagingServiceSid"), Some("MG0123"), "a messaging service replaces From");
    assert_eq!(get(&by_service, "From"), None);
}

#[tokio::test]
async fn gammu_runs_the_inject_command_with_number_and_text_as_single_arguments_without_a_shell() {
    let scratch = tempfile::tempdir().unwrap();
    let args = scratch.path().join("args");
    let inject = script(
        scratch.path(),
        "inject",
        &format!("for a in \"$@\"; do printf '%s\\0' \"$a\"; done > '{}'", args.display()),
    );
    let text = "Laporan diterima; $(touch pwned) `id` 'kutip' \"dua\"\nbaris dua";
    let settings = settings_for(Provider::Gammu, &inject.display().to_string());
    let result =
        transport(Provider::Gammu, &settings, reqwest::Client::new()).send_part(&citizen(), text, "12.0").await;
    assert_eq!(result, Ok(()));
    let written = std::fs::read_to_string(&args).unwrap();
    let argv: Vec<&str> = written.split_terminator('\0').collect();
    assert_eq!(argv, ["TEXT", CITIZEN, "-text", text], "{{to}} and {{text}} replaced, each one argument");
    assert!(!scratch.path().join("pwned").exists() && !Path::new("pwned").exists(), "no shell ran the text");
}

// ---------------------------------------------------------------------------------------------------
// Gammu's RunOnReceive hook through the real binary

/// The binary in `dir`, with nothing from the test's environment that it reads.
fn kentongan(dir: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_kentongan"));
    cmd.current_dir(dir).env_remove("RUST_LOG");
    for (key, _) in
        std::env::vars().filter(|(k, _)| ["KENTONGAN_", "SMS_", "DECODED_"].iter().any(|p| k.starts_with(p)))
    {
        cmd.env_remove(key);
    }
    cmd
}

/// Runs `kentongan sms gammu-receive --url URL ID` as SMSD would for one `LAPOR` from the citizen.
async fn gammu_receive(dir: &Path, url: &str, id: &str) -> (Output, Duration) {
    let config = dir.join("kentongan.toml");
    std::fs::write(&config, format!("[sms.gammu]\nsecret = \"{GAMMU_SECRET}\"\n")).unwrap();
    let started = Instant::now();
    let out = kentongan(dir)
        .args(["--config", config.to_str().unwrap(), "sms", "gammu-receive", "--url", url, id])
        .env("SMS_MESSAGES", "1")
        .env("SMS_1_NUMBER", CITIZEN)
        .env("SMS_1_TEXT", "LAPOR")
        .output()
        .await
        .unwrap();
    (out, started.elapsed())
}

#[tokio::test]
async fn gammu_receive_hands_the_message_to_the_gateway_which_answers_through_the_modem_once() {
    let app = spawn_sms_app(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let id = "IN20261128_100000_00_+6281234567890_00.txt";
    let (out, _) = gammu_receive(dir.path(), &app.app.base, id).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "exit {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("accepted 1"), "{stdout}");
    app.settle().await;
    assert_eq!(app.app.store().inbound_count().await.unwrap(), 1, "the gateway stored the SMS");
    let answers = app.sms_to(Provider::Gammu, CITIZEN).await;
    assert_eq!(answers.len(), 1, "one answer injected into the modem's outbox: {answers:?}");

    // SMSD may run the hook again for the same message (after a timeout): harmless.
    let (out, _) = gammu_receive(dir.path(), &app.app.base, id).await;
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("duplicate 1"));
    app.settle().await;
    assert_eq!(app.app.store().inbound_count().await.unwrap(), 1);
    assert_eq!(app.sms_to(Provider::Gammu, CITIZEN).await.len(), 1, "still one answer");
}

#[tokio::test]
async fn gammu_receive_fails_within_two_seconds_saying_the_gateway_did_not_answer() {
    let dir = tempfile::tempdir().unwrap();
    // One address refuses the connection; the other accepts it and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    for url in [refused_url(), silent_url] {
        let (out, took) = gammu_receive(dir.path(), &url, "IN1_00").await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{url}: the hook reports the failure to SMSD");
        assert!(stderr.contains("did not answer") && stderr.contains(&url), "{url}: a clear message: {stderr}");
        assert!(took < Duration::from_secs(2), "{url}: gave up after {took:?}");
    }
    drop(silent);
}

// ---------------------------------------------------------------------------------------------------
// Settings

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
