//! Delivery reports: what the store says about a message we sent, after the provider reported on it.

use super::*;

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
        // The first-contact data notice goes first; the reports are on the answer, the last SMS sent.
        let answers: Vec<_> = answers.into_iter().filter(|t| !is_data_notice(t)).collect();
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

#[tokio::test]
async fn kannel_keeps_its_own_dlr_secret_in_the_dlr_url_and_that_secret_does_not_open_the_inbound_route() {
    const DLR_SECRET: &str = "kannel-dlr-secret-0123456789";
    let app = spawn_sms_app(|s| s.sms.kannel.dlr_secret = Some(DLR_SECRET.to_string().into())).await;
    app.text(Provider::Kannel, CITIZEN, "LAPOR").await;
    let (reference, dlr) = sent_reference(&app, Provider::Kannel).await;
    assert!(dlr.contains(DLR_SECRET) && !dlr.contains(KANNEL_SECRET), "the dlr-url Kannel keeps: {dlr}");
    let local = dlr.replace(PUBLIC_BASE, &app.app.base).replace("%d", "1").replace("%A", "");
    assert_eq!(app.app.client.get(&local).send().await.unwrap().status(), 200);
    // A dlr-url leaked from Kannel's logs does not let anyone post SMS in a citizen's name.
    let inbound =
        format!("{}/sms/kannel/receive?secret={DLR_SECRET}&id=x1&from=%2B6281234567890&text=LAPOR", app.app.base);
    assert_eq!(app.app.client.get(&inbound).send().await.unwrap().status(), 401);
    // Reports for messages sent before the dlr_secret was set still carry the inbound secret.
    let older = local.replace(DLR_SECRET, KANNEL_SECRET);
    assert_eq!(app.app.client.get(&older).send().await.unwrap().status(), 200);
    let (job, _) = reference.split_once('.').unwrap();
    let recorded = app.app.store().deliveries(job.parse().unwrap()).await.unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].status, DeliveryStatus::Delivered);
}

#[tokio::test]
async fn a_kannel_dlr_for_a_part_we_never_issued_is_refused_and_adds_no_row() {
    let mut app = spawn_sms_app(|_| {}).await;
    app.text(Provider::Kannel, CITIZEN, "LAPOR").await;
    let (ours, callback) = sent_reference(&app, Provider::Kannel).await;
    let job: i64 = ours.split_once('.').unwrap().0.parse().unwrap();
    for part in ["-9223372036854775808", "-1", "3", "9223372036854775807"] {
        let url = callback
            .replace(&format!("ref={ours}"), &format!("ref={job}.{part}"))
            .replace(PUBLIC_BASE, &app.app.base)
            .replace("%d", "1")
            .replace("%A", "ACK%2F");
        let response = app.app.client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 400, "part {part}");
    }
    let recorded = app.app.store().deliveries(job).await.unwrap();
    assert!(recorded.is_empty(), "no row for a part we never issued: {recorded:?}");
    app.app.app.take().unwrap().shutdown().await;
}
