//! Whole conversations by SMS, as a feature-phone user has them (5 SMS from LAPOR to the tracking ID):
//!
//!   citizen: LAPOR                      gateway: Data laporan Anda … PRIVASI  (first contact only)
//!                                       gateway: Silakan ceritakan apa yang terjadi (minimal 15 huruf).
//!   citizen: Jalan di depan SD …        gateway: Di mana lokasinya? Ketik alamatnya (jalan, RT/RW, kelurahan).
//!   citizen: Jl. Medono Raya RT 02 …    gateway: Foto tak bisa lewat SMS. Biasa: … Balas 1 Biasa, 2 Anonim, 3 Rahasia
//!   citizen: 1                          gateway: Laporan Anda: … Balas 1 Kirim, 2 Ganti instansi, 3 Ubah, 4 Batal
//!   citizen: 1                          gateway: Laporan diterima: PKL-7Q3K9XW, diteruskan ke DPUPR. Tanggapan
//!                                                diharapkan dalam 5 hari kerja. Cek status: CEK PKL-7Q3K9XW
//!
//! and the one-shot `LAPOR <isi> #lokasi`, `CEK`, `BANTUAN`, status pushes with the daily cap, the
//! Telegram → SMS fallback, and the flood guard.

use chrono::Utc;
use kentongan::channel::sms::Provider;
use kentongan::domain::{Address, Channel};
use kentongan::jobs::{BackgroundJob, SmsDigest, StatusChanged};
use kentongan::store::NewJob;
use kentongan_dialog::gsm7;
use serde_json::json;

use crate::sms_support::{SmsApp, spawn_sms_app};
use crate::telegram_dialog::tracking_id_in;

const POTHOLE: &str = "Jalan di depan SD Medono berlubang besar, sudah dua motor jatuh minggu ini";
const ADDRESS: &str = "Jl. Medono Raya RT 02 RW 05, Kelurahan Medono";

fn assert_one_sms(texts: &[String]) {
    for t in texts {
        let septets = gsm7::septets(t);
        assert!(septets.is_some_and(|n| n <= 160), "not one GSM-7 SMS ({septets:?} septets): {t:?}");
    }
}

/// Walks the guided dialog answering "1" to every choice; returns the tracking ID and every SMS received.
async fn guided_report(app: &SmsApp, provider: Provider, phone: &str) -> (String, Vec<String>) {
    let mut replies = app.text(provider, phone, "LAPOR").await;
    assert_eq!(replies.len(), 2, "first contact: the data notice, then the first question: {replies:?}");
    replies.extend(app.text(provider, phone, POTHOLE).await);
    replies.extend(app.text(provider, phone, ADDRESS).await);
    for sent in 4..=6 {
        let got = app.text(provider, phone, "1").await;
        replies.extend(got.iter().cloned());
        if let Some(id) = got.iter().find_map(|t| tracking_id_in(t)) {
            assert_one_sms(&replies);
            assert_eq!(replies.len(), sent + 1, "one SMS back for each SMS sent, and the data notice once");
            assert!(sent <= 6, "{sent} SMS from LAPOR to the tracking ID");
            return (id, replies);
        }
    }
    panic!("no tracking ID after the whole dialog: {replies:#?}");
}

/// No word of buttons or slash commands in an SMS.
fn assert_sms_words(texts: &[String]) {
    for t in texts {
        let lower = t.to_lowercase();
        assert!(!lower.contains("tombol") && !lower.contains("button"), "SMS has no buttons: {t}");
        assert!(!t.split_whitespace().any(|w| w.starts_with('/') && w.len() > 1), "SMS has no /commands: {t}");
    }
}

#[tokio::test]
async fn a_guided_sms_conversation_through_each_provider_ends_with_a_tracking_id_in_one_sms_each() {
    let app = spawn_sms_app(|_| {}).await;
    for (i, provider) in Provider::ALL.into_iter().enumerate() {
        let phone = format!("+62812345678{i:02}");
        let (id, replies) = guided_report(&app, provider, &phone).await;
        assert_sms_words(&replies);
        let receipt = replies.last().unwrap();
        assert!(receipt.contains(&format!("CEK {id}")), "the SMS receipt names CEK: {receipt}");
        assert!(receipt.contains("5 hari kerja"), "and when to expect an answer: {receipt}");
        let record = app.app.store().ticket_record(&id).await.unwrap().expect("ticket stored");
        let t = record.ticket;
        assert_eq!(t.reporter, Address::new(Channel::Sms, phone.clone()), "{provider}");
        assert_eq!(t.via.as_deref(), Some(provider.as_str()), "pushes will go back through {provider}");
        assert_eq!(t.description, POTHOLE);
        assert_eq!(t.address_text.as_deref(), Some(ADDRESS));
        assert!(t.photos.is_empty(), "SMS has no photos");
        for (p, _) in Provider::ALL.iter().map(|p| (p, ())) {
            if *p != provider {
                assert!(app.sms_to(*p, &phone).await.is_empty(), "{provider} reporter got nothing through {p}");
            }
        }
    }
}

#[tokio::test]
async fn a_one_shot_lapor_files_at_once_and_answers_with_the_tracking_id_in_one_sms() {
    let app = spawn_sms_app(|_| {}).await;
    let phone = "+6281298765432";
    let sms = "  lapor   Lampu PJU di jalan Hayam Wuruk mati sejak seminggu #Jl. Hayam Wuruk depan Pasar Banjarsari";
    // Kannel hands over the number as the operator wrote it: national form.
    let resp = app.deliver(Provider::Kannel, "081298765432", sms, "k1").await;
    assert_eq!(resp.status(), 200);
    app.settle().await;
    let replies = app.sms_to(Provider::Kannel, phone).await;
    assert_eq!(replies.len(), 2, "the data notice (first contact), then one SMS: {replies:?}");
    assert_one_sms(&replies);
    assert_sms_words(&replies);
    let id = tracking_id_in(&replies[1]).expect("tracking ID in the answer");
    assert!(replies[1].contains("diteruskan ke Dishub."), "the catalogue's short name on SMS: {}", replies[1]);
    let t = app.app.store().ticket_record(&id).await.unwrap().unwrap().ticket;
    assert_eq!(t.reporter.id, phone, "stored as E.164");
    assert_eq!(t.description, "Lampu PJU di jalan Hayam Wuruk mati sejak seminggu");
    assert_eq!(t.address_text.as_deref(), Some("Jl. Hayam Wuruk depan Pasar Banjarsari"));
    assert_eq!(t.report_type.as_deref(), Some("pengaduan"));
    assert_eq!(t.opd_code.as_deref(), Some("DINHUB"), "street lights are Dinas Perhubungan's");
    // Nothing is left half-open: the next SMS starts fresh.
    let next = app.text(Provider::Kannel, phone, "halo").await;
    assert!(tracking_id_in(&next.join(" ")).is_none());
}

#[tokio::test]
async fn cek_with_a_short_number_and_cek_with_a_mistyped_id_get_one_and_the_same_answer() {
    let app = spawn_sms_app(|_| {}).await;
    let phone = "+6281211110009";
    app.text(Provider::Android, phone, "halo").await;
    let short = app.text(Provider::Android, phone, "CEK 12345").await;
    let mistyped = app.text(Provider::Android, phone, "CEK PKL-33M0RWK").await;
    assert_eq!(short.len(), 1, "{short:?}");
    assert_eq!(short, mistyped, "one consistent answer");
    let invalid = crate::dialog_file::DialogFile::load().message("status_invalid_id", "id");
    assert!(short[0].starts_with(&invalid), "{short:?}");
    assert_one_sms(&short);
}

#[tokio::test]
async fn bantuan_by_sms_is_one_sms_naming_lapor_isi_alamat() {
    let app = spawn_sms_app(|_| {}).await;
    let phone = "+6281211110008";
    app.text(Provider::Android, phone, "halo").await;
    let help = app.text(Provider::Android, phone, "BANTUAN").await;
    assert_eq!(help.len(), 1, "one SMS: {help:?}");
    assert_one_sms(&help);
    assert!(help[0].contains("LAPOR <isi laporan> #<alamat>"), "{}", help[0]);
}

#[tokio::test]
async fn cek_shows_ones_own_ticket_and_someone_elses_as_not_found() {
    let app = spawn_sms_app(|_| {}).await;
    let owner = "+6281211110001";
    let stranger = "+6281211110002";
    let filed = app.text(Provider::Android, owner, &format!("LAPOR {POTHOLE} #Jl. Dr. Wahidin 12, Podosugih")).await;
    let id = tracking_id_in(&filed.join(" ")).expect("filed");
    let own = app.text(Provider::Android, owner, &format!("cek {id}")).await;
    assert_one_sms(&own);
    assert!(own.iter().any(|t| t.contains(&id) && t.contains("Diterima")), "own status shown: {own:?}");
    let other = app.text(Provider::Android, stranger, &format!("STATUS {id}")).await;
    assert!(!other.is_empty());
    assert!(other.iter().all(|t| !t.contains("Diterima")), "a stranger learns nothing: {other:?}");
}

/// Chat `chat` shares a contact with `phone`; it is their own number when `user_id` is `chat`.
async fn share_contact(app: &SmsApp, chat: i64, phone: &str, user_id: i64) {
    let contact = json!({"update_id": app.app.next_update_id(), "message": {"message_id": 9, "date": 1_764_300_000,
        "chat": {"id": chat, "type": "private", "first_name": "Sri"},
        "from": {"id": chat, "is_bot": false, "first_name": "Sri"},
        "contact": {"phone_number": phone, "first_name": "Sri", "user_id": user_id}}});
    app.app.exchange(chat, &contact).await;
}

async fn queue_status_change(app: &SmsApp, ticket_id: uuid::Uuid, n: usize, status: &str) {
    let job = NewJob {
        kind: StatusChanged::KIND.into(),
        dedupe_key: format!("notify:test:{ticket_id}:{n}"),
        payload: json!({"ticket_id": ticket_id, "status": status, "note": null}),
        priority: 0,
        run_at: Utc::now(),
    };
    app.app.store().hand_over(None, &[job], Utc::now()).await.unwrap();
}

#[tokio::test]
async fn status_changes_reach_an_sms_reporter_through_their_provider_and_the_daily_cap_folds_the_rest() {
    let app = spawn_sms_app(|s| s.sms.daily_push_cap = 2).await;
    let phone = "+6281233334444";
    let filed = app.text(Provider::Twilio, phone, &format!("LAPOR {POTHOLE} #Jl. Dr. Wahidin 12, Podosugih")).await;
    let id = tracking_id_in(&filed.join(" ")).unwrap();
    let ticket = app.app.store().ticket_record(&id).await.unwrap().unwrap().ticket;
    let before = app.sms_to(Provider::Twilio, phone).await.len();
    for (n, status) in ["diteruskan", "diverifikasi", "didisposisikan", "ditindaklanjuti"].into_iter().enumerate() {
        queue_status_change(&app, ticket.id, n, status).await;
    }
    app.app
        .eventually(10, "two pushes", || async { app.sms_to(Provider::Twilio, phone).await.len() >= before + 2 })
        .await;
    app.settle().await;
    let pushes = app.sms_to(Provider::Twilio, phone).await.split_off(before);
    assert_eq!(pushes.len(), 2, "the cap is 2 a day: {pushes:?}");
    assert_one_sms(&pushes);
    assert!(pushes.iter().all(|p| p.contains(&id)));
    // The other two wait in tomorrow morning's digest.
    let store = app.app.store();
    let tomorrow = Utc::now() + chrono::Duration::days(2);
    let digests = store.claim_jobs(SmsDigest::KIND, 10, tomorrow, tomorrow).await.unwrap();
    assert_eq!(digests.len(), 1, "one digest for the day");
    assert_eq!(digests[0].payload["items"].as_array().unwrap().len(), 2);
    assert!(store.claim_jobs(SmsDigest::KIND, 10, Utc::now(), tomorrow).await.unwrap().is_empty());
    // Sent the next morning: one SMS naming both changes.
    let dialogs = kentongan::app::load_dialogs(&crate::helpers::repo_path("dialogs")).unwrap();
    let policy = kentongan::notify::SmsPolicy {
        default_provider: None,
        enabled: vec!["twilio".into()],
        daily_cap: 2,
        digest_hour: 7,
        tz: chrono_tz::Asia::Jakarta,
    };
    policy.send_digest(store.as_ref(), &dialogs, &kentongan::app::channels(), &digests[0], Utc::now()).await.unwrap();
    app.app.eventually(10, "digest", || async { app.sms_to(Provider::Twilio, phone).await.len() == before + 3 }).await;
    let digest = app.sms_to(Provider::Twilio, phone).await.pop().unwrap();
    assert_one_sms(std::slice::from_ref(&digest));
    assert_eq!(digest.matches(&id).count(), 2, "both folded changes named: {digest}");
}

#[tokio::test]
async fn a_telegram_reporter_who_shared_their_own_number_gets_sms_once_the_chat_is_unreachable() {
    let app = spawn_sms_app(|_| {}).await;
    let chat = 4242;
    let id = app.app.file_ticket(chat, POTHOLE, 0).await;
    share_contact(&app, chat, "6281255556666", chat).await;
    let store = app.app.store();
    let telegram = Address::new(Channel::Telegram, chat.to_string());
    assert_eq!(store.own_phone(&telegram).await.unwrap().as_deref(), Some("+6281255556666"));
    store.mark_unreachable(&telegram, "blocked", Utc::now()).await.unwrap();
    let ticket = store.ticket_record(&id).await.unwrap().unwrap().ticket;
    queue_status_change(&app, ticket.id, 0, "diverifikasi").await;
    app.app
        .eventually(10, "sms fallback", || async { !app.sms_to(Provider::Android, "+6281255556666").await.is_empty() })
        .await;
    let sms = app.sms_to(Provider::Android, "+6281255556666").await;
    assert!(sms[0].contains(&id), "{sms:?}");
}

#[tokio::test]
async fn the_push_that_finds_the_chat_blocked_still_reaches_the_reporter_by_sms() {
    let app = spawn_sms_app(|_| {}).await;
    let chat = 4444;
    let id = app.app.file_ticket(chat, POTHOLE, 0).await;
    share_contact(&app, chat, "081255558888", chat).await;
    // The citizen blocks the bot; nobody knows yet.
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::body_partial_json(json!({"chat_id": chat})))
        .respond_with(wiremock::ResponseTemplate::new(403).set_body_json(
            json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
        ))
        .with_priority(1)
        .mount(&app.app.bot_api)
        .await;
    let ticket = app.app.store().ticket_record(&id).await.unwrap().unwrap().ticket;
    queue_status_change(&app, ticket.id, 0, "diverifikasi").await;
    app.app
        .eventually(15, "the same change by sms", || async {
            !app.sms_to(Provider::Android, "+6281255558888").await.is_empty()
        })
        .await;
    let sms = app.sms_to(Provider::Android, "+6281255558888").await;
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert!(sms[0].contains(&id));
}

#[tokio::test]
async fn a_notify_job_finished_by_another_run_does_not_count_against_the_cap() {
    let app = spawn_sms_app(|_| {}).await;
    let store = app.app.store();
    let now = Utc::now();
    let notify = NewJob {
        kind: StatusChanged::KIND.into(),
        dedupe_key: "notify:lease-test".into(),
        payload: json!({}),
        priority: 0,
        run_at: now + chrono::Duration::days(365),
    };
    store.hand_over(None, &[notify], now).await.unwrap();
    let later = now + chrono::Duration::days(366);
    let job = store.claim_jobs(StatusChanged::KIND, 1, later, later).await.unwrap().remove(0);
    // Its lease ran out and another run finished it.
    store.complete_job(job.id, later).await.unwrap();
    let send = NewJob {
        kind: "send.sms.android".into(),
        dedupe_key: "push:lease-test".into(),
        payload: json!({}),
        priority: 2,
        run_at: later,
    };
    let push = kentongan::store::SmsPush {
        notify_job: job.id,
        phone: "+6281200009999".into(),
        day: later.date_naive(),
        cap: 1,
        send: vec![send.clone()],
        digest: NewJob { kind: SmsDigest::KIND.into(), dedupe_key: "digest:x".into(), ..send },
        item: json!({"id": "PKL-X", "status": "selesai"}),
        now: later,
    };
    assert_eq!(store.push_sms(&push).await.unwrap(), kentongan::store::PushOutcome::AlreadyDone);
    assert_eq!(store.outbox_counts("send.sms.android").await.unwrap().pending, 0, "nothing sent twice");
}

#[tokio::test]
async fn someone_elses_contact_is_not_kept_as_the_reporters_number() {
    let app = spawn_sms_app(|_| {}).await;
    let chat = 4343;
    app.app.say(chat, "/start").await;
    share_contact(&app, chat, "6281255557777", 999).await;
    let telegram = Address::new(Channel::Telegram, chat.to_string());
    assert_eq!(app.app.store().own_phone(&telegram).await.unwrap(), None);
}

#[tokio::test]
async fn a_number_over_its_flood_limit_gets_one_notice_then_silence_and_others_are_unaffected() {
    let app = spawn_sms_app(|s| s.sms.flood_max = 3).await;
    let flooder = "+6281200000001";
    for _ in 0..3 {
        app.text(Provider::Android, flooder, "halo").await;
    }
    let stored = app.app.store().inbound_count().await.unwrap();
    let notice = app.text(Provider::Android, flooder, "halo").await;
    assert_eq!(notice.len(), 1, "one notice: {notice:?}");
    for _ in 0..5 {
        assert!(app.text(Provider::Android, flooder, "halo").await.is_empty(), "then silence");
    }
    assert_eq!(app.app.store().inbound_count().await.unwrap(), stored + 1, "dropped SMS are not stored");
    assert!(!app.text(Provider::Android, "+6281200000002", "halo").await.is_empty(), "others still answered");
}
