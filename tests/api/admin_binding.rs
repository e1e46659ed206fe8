//! Binding an admin chat through the real webhook, the real SQLite file and the fake Bot API:
//! `/daftar <code>` or `/start <code>` redeems an invite once; expired, reused, revoked and wrong codes
//! are refused politely; a bound chat never gets the citizen dialog again.

use chrono::{Duration, Utc};
use kentongan::domain::{Address, Channel};
use kentongan_admin::{Invite, Role};

use crate::helpers::*;

/// Stores an invite for `opd` valid for `ttl` and returns its code.
async fn invite(app: &TestApp, opd: &str, ttl: Duration) -> (i64, String) {
    let invite = Invite::generate(&mut rand::rng(), opd, Role::Penghubung, Utc::now() + ttl);
    let id = app.store().create_invite(&invite.stored, Utc::now()).await.unwrap();
    (id, invite.code)
}

fn texts() -> kentongan_admin::Texts {
    kentongan_admin::Texts::load(&repo_path("dialogs/admin/admin.toml")).unwrap()
}

fn said(sent: &[Sent]) -> String {
    sent.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn an_admin_binds_with_daftar_and_then_gets_the_admin_help_instead_of_the_citizen_dialog() {
    let app = spawn_app().await;
    let (_, code) = invite(&app, "DPUPR", Duration::hours(72)).await;
    let bound = said(&app.say(7001, &format!("/daftar {}", code.to_lowercase())).await);
    assert!(bound.contains("Selamat bergabung") && bound.contains("DPUPR"), "{bound}");
    let admin = app.store().admin_by_address(&Address::new(Channel::Telegram, "7001")).await.unwrap();
    assert_eq!(admin.map(|a| a.opd).as_deref(), Some("DPUPR"));
    let help = texts().message(kentongan_admin::Lang::Id, "help", &[]);
    let reply = app.say(7001, "jalan di depan rumah saya berlubang besar sekali").await;
    assert_eq!(said(&reply), help, "the admin help, never the citizen dialog");
    assert!(reply.iter().all(|s| s.buttons.is_empty()), "no citizen keyboard: {reply:?}");
}

#[tokio::test]
async fn the_deep_links_start_parameter_binds_too_and_a_plain_start_stays_the_citizens() {
    let app = spawn_app().await;
    let (_, code) = invite(&app, "DINKES", Duration::hours(1)).await;
    let bound = said(&app.say(7002, &format!("/start {code}")).await);
    assert!(bound.contains("DINKES"), "{bound}");
    let citizen = app.say(7003, "/start").await;
    assert!(!said(&citizen).contains("Selamat bergabung"));
    let store = app.store();
    assert!(store.admin_by_address(&Address::new(Channel::Telegram, "7003")).await.unwrap().is_none());
}

#[tokio::test]
async fn a_reused_expired_revoked_or_wrong_invite_is_refused_and_binds_nobody() {
    let app = spawn_app().await;
    let t = texts();
    let say = |k: &str| t.message(kentongan_admin::Lang::Id, k, &[]);
    let (_, code) = invite(&app, "DPUPR", Duration::hours(72)).await;
    app.say(7010, &format!("/daftar {code}")).await;
    assert_eq!(said(&app.say(7011, &format!("/daftar {code}")).await), say("invite_used"));
    let (_, old) = invite(&app, "DPUPR", Duration::seconds(-1)).await;
    assert_eq!(said(&app.say(7012, &format!("/daftar {old}")).await), say("invite_expired"));
    let (id, taken_back) = invite(&app, "DPUPR", Duration::hours(72)).await;
    assert!(app.store().revoke_invite(id).await.unwrap());
    assert_eq!(said(&app.say(7013, &format!("/daftar {taken_back}")).await), say("invite_revoked"));
    assert_eq!(said(&app.say(7014, "/daftar 2222AAAA2222").await), say("invite_wrong"));
    for chat in ["7011", "7012", "7013", "7014"] {
        let admin = app.store().admin_by_address(&Address::new(Channel::Telegram, chat)).await.unwrap();
        assert!(admin.is_none(), "chat {chat} bound nobody");
    }
}

#[tokio::test]
async fn five_wrong_codes_make_the_sixth_try_wait_even_with_the_right_code() {
    let app = spawn_app().await;
    let (_, code) = invite(&app, "DPUPR", Duration::hours(72)).await;
    for _ in 0..kentongan_admin::MAX_WRONG {
        app.say(7020, "/daftar 2222AAAA2222").await;
    }
    let limited = said(&app.say(7020, &format!("/daftar {code}")).await);
    assert!(limited.contains("Terlalu banyak kode yang salah"), "{limited}");
    assert!(app.store().admin_by_address(&Address::new(Channel::Telegram, "7020")).await.unwrap().is_none());
}

#[tokio::test]
async fn a_revoked_admins_chat_gets_the_citizen_dialog_again() {
    let app = spawn_app().await;
    let (_, code) = invite(&app, "DPUPR", Duration::hours(72)).await;
    app.say(7030, &format!("/daftar {code}")).await;
    let address = Address::new(Channel::Telegram, "7030");
    let admin = app.store().admin_by_address(&address).await.unwrap().expect("bound");
    assert!(app.store().revoke_admin(admin.id).await.unwrap());
    let help = texts().message(kentongan_admin::Lang::Id, "help", &[]);
    let reply = app.say(7030, "/start").await;
    assert!(!reply.is_empty() && said(&reply) != help, "the citizen menu: {reply:?}");
    assert!(reply.iter().any(|s| !s.buttons.is_empty()), "with the citizen's keyboard: {reply:?}");
}
