//! Invites (one-time, hashed, expiring, revocable), the wrong-code limiter, callback tokens, ratings.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::at;
use kentongan_admin::{
    Attempt, CALLBACK_DATA_MAX, CODE_ALPHABET, CODE_LEN, CallbackRefusal, CallbackToken, Invite, MAX_WRONG, Rating,
    RatingRecord, RedeemError, Role, hash_code, may_try, rating_outcome, redeem, reminder_due,
};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 2, 0, 0).unwrap()
}

fn invite(seed: u64) -> Invite {
    Invite::generate(&mut StdRng::seed_from_u64(seed), "DPUPR", Role::Penghubung, now() + Duration::hours(72))
}

#[test]
fn an_invite_code_is_short_unambiguous_and_a_valid_telegram_start_parameter() {
    for seed in 0..200 {
        let code = invite(seed).code;
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        assert!(code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
    }
    assert_ne!(invite(1).code, invite(2).code);
}

#[test]
fn only_the_hash_is_stored_and_the_deep_link_starts_the_bot_with_the_code() {
    let inv = invite(7);
    assert_eq!(inv.stored.hash, hash_code(&inv.code));
    assert!(!format!("{:?}", inv.stored).contains(&inv.code));
    assert_eq!(inv.deep_link("@kentongan_bot"), format!("https://t.me/kentongan_bot?start={}", inv.code));
}

#[test]
fn a_code_typed_in_lower_case_with_spaces_or_dashes_redeems() {
    let inv = invite(3);
    let typed = format!("{}-{} ", inv.code[..6].to_lowercase(), &inv.code[6..]);
    assert_eq!(redeem(&inv.stored, &typed, now()), Ok(()));
}

#[test]
fn expired_used_revoked_and_wrong_codes_are_each_refused() {
    let inv = invite(4);
    assert_eq!(redeem(&inv.stored, &inv.code, now() + Duration::hours(72)), Err(RedeemError::Expired));
    let used = kentongan_admin::StoredInvite { used_at: Some(now()), ..inv.stored.clone() };
    assert_eq!(redeem(&used, &inv.code, now()), Err(RedeemError::AlreadyUsed));
    let revoked = kentongan_admin::StoredInvite { revoked: true, ..inv.stored.clone() };
    assert_eq!(redeem(&revoked, &inv.code, now()), Err(RedeemError::Revoked));
    assert_eq!(redeem(&inv.stored, &invite(5).code, now()), Err(RedeemError::Wrong));
    assert_eq!(
        redeem(&revoked, "WRONG", now()),
        Err(RedeemError::Wrong),
        "a wrong code learns nothing about the invite"
    );
}

#[test]
fn five_wrong_codes_in_fifteen_minutes_refuse_the_sixth_until_the_first_leaves_the_window() {
    let tries: Vec<_> = (0..MAX_WRONG as i64).map(|m| now() + Duration::minutes(m)).collect();
    assert_eq!(may_try(&tries[..4], now() + Duration::minutes(5)), Attempt::Allowed);
    let later = now() + Duration::minutes(5);
    assert_eq!(may_try(&tries, later), Attempt::Refused { until: now() + Duration::minutes(15) });
    assert_eq!(may_try(&tries, now() + Duration::minutes(15)), Attempt::Allowed);
    assert_eq!(may_try(&[], now()), Attempt::Allowed);
}

#[test]
fn a_callback_token_fits_telegrams_64_bytes_and_only_its_own_shape_parses() {
    let mut rng = StdRng::seed_from_u64(9);
    let token = CallbackToken::generate(&mut rng);
    let data = token.callback_data();
    assert!(data.len() <= CALLBACK_DATA_MAX && data.starts_with("a:"), "{data}");
    assert_eq!(CallbackToken::parse(&data), Ok(token.clone()));
    assert_ne!(CallbackToken::generate(&mut rng), token);
    let forged = [
        "",
        "a:",
        "accept:PKL-7Q3K9XW",
        "a:PKL-7Q3K9XW",
        &data.to_uppercase(),
        &format!("{data}x"),
        "a:ééééééééééééééééééééééééé",
    ];
    for f in forged {
        assert_eq!(CallbackToken::parse(f), Err(CallbackRefusal::Malformed), "{f:?}");
    }
}

#[test]
fn puas_and_belum_puas_are_read_from_buttons_numbers_and_words_with_the_reason_kept() {
    assert_eq!(rating_outcome("1"), Some(Rating::Puas));
    assert_eq!(rating_outcome(" Puas "), Some(Rating::Puas));
    assert_eq!(rating_outcome("Marem"), Some(Rating::Puas));
    assert_eq!(rating_outcome("Satisfied"), Some(Rating::Puas));
    assert_eq!(rating_outcome("2"), Some(Rating::BelumPuas { reason: None }));
    assert_eq!(rating_outcome("Belum puas"), Some(Rating::BelumPuas { reason: None }));
    assert_eq!(rating_outcome("Dereng marem"), Some(Rating::BelumPuas { reason: None }));
    assert_eq!(rating_outcome("Not yet satisfied"), Some(Rating::BelumPuas { reason: None }));
    assert_eq!(
        rating_outcome("2 Jalannya masih berlubang"),
        Some(Rating::BelumPuas { reason: Some("Jalannya masih berlubang".into()) })
    );
    assert_eq!(
        rating_outcome("belum puas, lampunya mati lagi"),
        Some(Rating::BelumPuas { reason: Some("lampunya mati lagi".into()) })
    );
    for not_a_rating in ["", "halo", "12", "puasa", "terima kasih", "/start"] {
        assert_eq!(rating_outcome(not_a_rating), None, "{not_a_rating:?}");
    }
}

#[test]
fn silence_is_recorded_as_no_rating_never_as_satisfied() {
    assert_eq!(RatingRecord::from_answer(None), RatingRecord::NoRating);
    assert_eq!(RatingRecord::from_answer(Some(Rating::Puas)), RatingRecord::Given(Rating::Puas));
}

/// Weekends only, for the test; the gateway passes its holiday calendar.
fn add_weekdays(mut date: NaiveDate, n: u32) -> NaiveDate {
    use chrono::Datelike;
    let mut left = n;
    while left > 0 {
        date = date.succ_opt().unwrap_or(date);
        if date.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    date
}

#[test]
fn the_one_reminder_is_due_two_working_days_after_the_response_and_never_twice() {
    let friday = at("2026-12-04 10:00");
    assert!(!reminder_due(friday, false, at("2026-12-07 10:00"), add_weekdays), "Monday is one working day later");
    assert!(!reminder_due(friday, false, at("2026-12-08 09:59"), add_weekdays));
    assert!(reminder_due(friday, false, at("2026-12-08 10:00"), add_weekdays), "Tuesday");
    assert!(!reminder_due(friday, true, at("2026-12-20 10:00"), add_weekdays), "already reminded");
}
