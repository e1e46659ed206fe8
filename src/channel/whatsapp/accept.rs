//! The webhook `POST`'s whole check in one call, as the route will use it: the signature over the raw
//! bytes first (401, nothing read), then the parse (400, nothing stored), then what to store.

use secrecy::SecretString;

use super::inbound::{self, Inbound, ParseError};
use super::webhook::{self, Refused};

/// Why a webhook `POST` is refused, with the HTTP status that says so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("unauthorized: {0}")]
    Unauthorized(Refused),
    #[error("bad request: {0}")]
    BadRequest(ParseError),
}

impl Rejected {
    pub fn http_status(&self) -> u16 {
        match self {
            Rejected::Unauthorized(_) => 401,
            Rejected::BadRequest(_) => 400,
        }
    }
}

/// Verifies `X-Hub-Signature-256` (`signature`) over `body`, then parses it.
pub fn accept(app_secret: &SecretString, body: &[u8], signature: Option<&str>) -> Result<Inbound, Rejected> {
    webhook::verify_signature(app_secret, body, signature).map_err(Rejected::Unauthorized)?;
    inbound::parse(body).map_err(Rejected::BadRequest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "app-secret-0123456789";

    /// (case, body, how the header is made, expected: Ok(messages, statuses) or Err(HTTP status)).
    type Case = (&'static str, &'static [u8], Header, Result<(usize, usize), u16>);

    #[derive(Clone, Copy)]
    enum Header {
        Signed,
        SignedWith(&'static str),
        Missing,
        Garbled,
    }

    fn run(cases: &[Case]) {
        let secret = SecretString::from(SECRET);
        for (case, body, header, expected) in cases {
            let value = match header {
                Header::Signed => Some(webhook::sign(SECRET, body)),
                Header::SignedWith(other) => Some(webhook::sign(other, body)),
                Header::Missing => None,
                Header::Garbled => Some("sha256=zz".into()),
            };
            let got = accept(&secret, body, value.as_deref())
                .map(|i| (i.messages.len(), i.statuses.len()))
                .map_err(|r| r.http_status());
            assert_eq!(&got, expected, "{case}");
        }
    }

    macro_rules! payload {
        ($name:literal) => {
            include_bytes!(concat!("../../../tests/data/whatsapp/", $name, ".json")).as_slice()
        };
    }

    #[test]
    fn each_webhook_case_is_accepted_or_refused_with_the_right_status() {
        run(&[
            ("a signed text message", payload!("text"), Header::Signed, Ok((1, 0))),
            ("a body signed under another secret", payload!("text"), Header::SignedWith("other-secret"), Err(401)),
            ("no signature", payload!("text"), Header::Missing, Err(401)),
            ("a garbled signature", payload!("text"), Header::Garbled, Err(401)),
            ("an unsigned malformed body is refused as unsigned", b"not json", Header::Missing, Err(401)),
            ("a signed body that is not JSON", b"not json", Header::Signed, Err(400)),
            ("a signed body with a bad timestamp", payload!("bad_timestamp"), Header::Signed, Err(400)),
            ("a signed body with a location off the globe", payload!("bad_location"), Header::Signed, Err(400)),
            ("the same message twice in one body", payload!("batch"), Header::Signed, Ok((2, 1))),
            ("statuses only", payload!("statuses"), Header::Signed, Ok((0, 3))),
        ]);
    }
}
