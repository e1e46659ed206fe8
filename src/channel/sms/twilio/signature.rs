//! `X-Twilio-Signature` = Base64(HMAC-SHA1(auth token, URL + each parameter name followed by its
//! value, sorted by name then value)), compared in constant time.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// The signature Twilio sends for `url` and `params`.
pub fn sign(token: &str, url: &str, params: &[(String, String)]) -> String {
    STANDARD.encode(mac(token, url, params).finalize().into_bytes())
}

/// True when `given` is the signature of `url` and `params`.
pub fn verify(token: &str, url: &str, params: &[(String, String)], given: &str) -> bool {
    let Ok(given) = STANDARD.decode(given.trim()) else {
        return false;
    };
    // verify_slice compares in constant time.
    mac(token, url, params).verify_slice(&given).is_ok()
}

fn mac(token: &str, url: &str, params: &[(String, String)]) -> Hmac<Sha1> {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(token.as_bytes()).expect("HMAC takes any key length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official() -> Vec<(String, String)> {
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .to_vec()
    }

    #[test]
    fn the_official_twilio_vector_signs_and_verifies() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(sign("12345", url, &official()), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert!(verify("12345", url, &official(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    #[test]
    fn a_changed_parameter_url_or_token_fails_verification() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let mut changed = official();
        changed[2].1 = "1235".into();
        assert!(!verify("12345", url, &changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assert!(!verify("12345", "https://mycompany.com/myapp.php", &official(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assert!(!verify("54321", url, &official(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assert!(!verify("12345", url, &official(), "not base64!"));
    }
}
