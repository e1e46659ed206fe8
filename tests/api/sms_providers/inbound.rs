//! Inbound requests of every provider: status, what was stored, what the citizen got back.

use super::*;

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
    // A number's first answer comes after the one-line data notice; the count is of answers.
    let sent: Vec<_> = app.sent(provider).await.into_iter().filter(|(_, t)| !is_data_notice(t)).collect();
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
            sms(p, CITIZEN, format!("LAPOR {EMOJI_TEXT} #{PLACE}")),
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
        case("a text that is not valid in its charset is a bad request", BadRequest, |app: &SmsApp| {
            let q = format!("secret={KANNEL_SECRET}&id=d9&from=%2B6281234567890&charset=UTF-16BE&text=%00");
            app.app.client.get(format!("{}/sms/kannel/receive?{q}", app.app.base))
        }),
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
async fn kannel_with_an_allow_list_still_needs_the_secret_and_refuses_other_addresses() {
    // Behind a local reverse proxy every caller looks like 127.0.0.1: the address alone proves nothing.
    let app = spawn_sms_app(|s| s.sms.kannel.allow_from = vec!["127.0.0.1".parse().unwrap()]).await;
    let without_secret = kannel_get(&[], None)(&app).send().await.unwrap();
    assert_eq!(without_secret.status(), 401);
    let with_secret = kannel_get(&[], Some(KANNEL_SECRET))(&app).send().await.unwrap();
    assert_eq!(with_secret.status(), 200);
    app.settle().await;
    assert_eq!(app.app.store().inbound_count().await.unwrap(), 1);
    let answers: Vec<_> =
        app.sms_to(Provider::Kannel, CITIZEN).await.into_iter().filter(|t| !is_data_notice(t)).collect();
    assert_eq!(answers.len(), 1, "answered through sendsms (after the first-contact data notice)");

    let elsewhere = spawn_sms_app(|s| s.sms.kannel.allow_from = vec!["10.9.8.7".parse().unwrap()]).await;
    let refused = kannel_get(&[], Some(KANNEL_SECRET))(&elsewhere).send().await.unwrap();
    assert_eq!(refused.status(), 401, "a caller outside the allow-list is refused even with the secret");
    assert_eq!(elsewhere.app.store().inbound_count().await.unwrap(), 0);
}
