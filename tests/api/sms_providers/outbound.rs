//! Outbound: the request each transport makes, and how each answer maps to sent, wait, retry or give up.

use super::*;

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
    /// Pause the whole provider five minutes or more: credentials or URL need an operator.
    PauseProvider,
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
        send_case("401 (credentials rejected) pauses the provider", Answers(401, None), PauseProvider),
        send_case("403 (credentials rejected) pauses the provider", Answers(403, None), PauseProvider),
        send_case(
            "404 (a wrong URL or account) pauses the provider, nothing is dropped",
            Answers(404, None),
            PauseProvider,
        ),
        send_case("400 (a bad number or request) is given up", Answers(400, None), Permanent),
        send_case("a refused connection is retried", Refused, Retry),
    ]
}

async fn run_send(provider: Provider, cases: Vec<Outbound>) {
    for case in cases {
        let what = format!("{provider}: {}", case.label);
        let server = MockServer::builder().start().await;
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
            (Expect::PauseProvider, Err(SendError::RateLimited(d))) => *d >= Duration::from_secs(300),
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
    let mut cases = http_answers();
    // A resend after a lost answer carries the same id; the server says it already has it.
    cases.push(send_case(
        "409 (a message with this id already exists) counts as sent",
        Far::Answers(409, None),
        Expect::Sent,
    ));
    run_send(Provider::Android, cases).await;
}

#[tokio::test]
async fn a_409_from_kannel_or_twilio_is_not_mistaken_for_sent() {
    for provider in [Provider::Kannel, Provider::Twilio] {
        run_send(provider, vec![send_case("409 is given up", Far::Answers(409, None), Expect::Permanent)]).await;
    }
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
    let phone = MockServer::builder().start().await;
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
    let smsbox = MockServer::builder().start().await;
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
    let api = MockServer::builder().start().await;
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
