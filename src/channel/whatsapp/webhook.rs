//! The webhook's two checks: Meta's `GET` verification handshake and the `X-Hub-Signature-256` of each
//! `POST`, both pure and compared in constant time. The signature covers the raw body bytes: check it
//! before parsing.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::Sha256;

/// The query of Meta's verification `GET` (`?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Handshake {
    #[serde(rename = "hub.mode")]
    pub mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    pub verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    pub challenge: Option<String>,
}

/// Why a handshake or a signature is refused (the route answers 403 or 401; nothing is stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("hub.mode is not subscribe")]
    NotSubscribe,
    #[error("hub.verify_token does not match")]
    WrongToken,
    #[error("hub.challenge is missing")]
    NoChallenge,
    #[error("X-Hub-Signature-256 is missing")]
    NoSignature,
    #[error("X-Hub-Signature-256 is not sha256= and 64 hex digits")]
    MalformedSignature,
    #[error("X-Hub-Signature-256 does not match the body")]
    WrongSignature,
}

/// The challenge to answer (200, as the raw body) when the mode is `subscribe` and the token matches.
pub fn verify_handshake<'a>(query: &'a Handshake, expected: &SecretString) -> Result<&'a str, Refused> {
    if query.mode.as_deref() != Some("subscribe") {
        return Err(Refused::NotSubscribe);
    }
    let given = query.verify_token.as_deref().unwrap_or_default();
    if !constant_time_eq(given.as_bytes(), expected.expose_secret().as_bytes()) {
        return Err(Refused::WrongToken);
    }
    query.challenge.as_deref().filter(|c| !c.is_empty()).ok_or(Refused::NoChallenge)
}

/// `sha256=` + lowercase hex HMAC-SHA256 of `body` under `app_secret`: what Meta sends.
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    format!("sha256={}", hex::encode(mac(app_secret, body).finalize().into_bytes()))
}

/// Checks the `X-Hub-Signature-256` header value against the raw body.
pub fn verify_signature(app_secret: &SecretString, body: &[u8], header: Option<&str>) -> Result<(), Refused> {
    let header = header.ok_or(Refused::NoSignature)?;
    let hex_part = header.trim().strip_prefix("sha256=").ok_or(Refused::MalformedSignature)?;
    // Meta sends lowercase; refusing other forms keeps one accepted spelling per body.
    let well_formed =
        hex_part.len() == 64 && hex_part.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !well_formed {
        return Err(Refused::MalformedSignature);
    }
    let given = hex::decode(hex_part).map_err(|_| Refused::MalformedSignature)?;
    // verify_slice compares in constant time.
    mac(app_secret.expose_secret(), body).verify_slice(&given).map_err(|_| Refused::WrongSignature)
}

fn mac(key: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac
}

/// Equal bytes, in time that depends only on the lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0 && a.len() == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    fn query(mode: &str, token: &str, challenge: &str) -> Handshake {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Handshake { mode: some(mode), verify_token: some(token), challenge: some(challenge) }
    }

    #[test]
    fn a_subscribe_with_the_right_token_is_answered_with_the_challenge() {
        let q: Handshake = serde_json::from_value(serde_json::json!({
            "hub.mode": "subscribe", "hub.verify_token": "tok-0123456789abcdef", "hub.challenge": "1158201444"}))
        .unwrap();
        assert_eq!(verify_handshake(&q, &secret("tok-0123456789abcdef")), Ok("1158201444"));
    }

    #[test]
    fn a_wrong_token_another_mode_or_no_challenge_is_refused() {
        let token = secret("tok-0123456789abcdef");
        assert_eq!(
            verify_handshake(&query("subscribe", "tok-0123456789abcdeF", "1"), &token),
            Err(Refused::WrongToken)
        );
        assert_eq!(verify_handshake(&query("subscribe", "tok", "1"), &token), Err(Refused::WrongToken));
        assert_eq!(verify_handshake(&query("subscribe", "", "1"), &token), Err(Refused::WrongToken));
        assert_eq!(
            verify_handshake(&query("unsubscribe", "tok-0123456789abcdef", "1"), &token),
            Err(Refused::NotSubscribe)
        );
        assert_eq!(
            verify_handshake(&query("subscribe", "tok-0123456789abcdef", ""), &token),
            Err(Refused::NoChallenge)
        );
    }

    #[test]
    fn the_documented_vector_signs_and_verifies() {
        let expected = "sha256=0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d9888221";
        assert_eq!(sign("TEST_APP_SECRET", b"test"), expected);
        assert_eq!(verify_signature(&secret("TEST_APP_SECRET"), b"test", Some(expected)), Ok(()));
    }

    #[test]
    fn a_changed_body_or_secret_fails_the_signature() {
        let header = sign("TEST_APP_SECRET", b"test");
        assert_eq!(verify_signature(&secret("TEST_APP_SECRET"), b"test ", Some(&header)), Err(Refused::WrongSignature));
        assert_eq!(verify_signature(&secret("OTHER_SECRET"), b"test", Some(&header)), Err(Refused::WrongSignature));
    }

    #[test]
    fn a_missing_or_malformed_signature_is_refused_without_panicking() {
        let key = secret("TEST_APP_SECRET");
        assert_eq!(verify_signature(&key, b"test", None), Err(Refused::NoSignature));
        let upper = sign("TEST_APP_SECRET", b"test").to_uppercase().replace("SHA256=", "sha256=");
        for bad in
            ["", "sha256=", "sha1=abc", "0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d9888221", &upper]
        {
            assert_eq!(verify_signature(&key, b"test", Some(bad)), Err(Refused::MalformedSignature), "{bad}");
        }
        assert_eq!(
            verify_signature(
                &key,
                b"test",
                Some("sha256=é0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d98882")
            ),
            Err(Refused::MalformedSignature)
        );
    }
}
