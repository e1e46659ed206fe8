//! The start line: what an operator checks first — version, address, database, channels, central adapter.

use tracing::info;

use crate::config::{CentralAdapter, Settings, TelegramMode};

/// The start line: what an operator checks first. No secrets: the database URL loses any password.
pub(super) fn start_line(settings: &Settings, address: std::net::SocketAddr, telegram_on: bool) {
    let telegram = match (telegram_on, settings.telegram.mode) {
        (false, _) => "off",
        (true, TelegramMode::Webhook) => "webhook",
        (true, TelegramMode::Polling) => "polling",
    };
    let sms: Vec<&str> = settings.sms.enabled().iter().map(|p| p.as_str()).collect();
    let sms = if sms.is_empty() { "off".to_string() } else { sms.join(",") };
    let central = match settings.central.adapter {
        CentralAdapter::None => "none",
        CentralAdapter::Json => "json",
        CentralAdapter::Open311 => "open311",
    };
    info!(
        version = %env!("CARGO_PKG_VERSION"),
        listen = %address,
        database = %without_password(&settings.database.url),
        telegram = %telegram,
        sms = %sms,
        central = %central,
        "kentongan listening"
    );
}

/// `scheme://user:secret@host/db` → `scheme://user@host/db`; other URLs unchanged.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}{}", &rest[authority_end..])
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_database_url_loses_its_password_and_keeps_the_rest() {
        assert_eq!(without_password("postgres://app:s3cret@db:5432/k"), "postgres://app@db:5432/k");
        assert_eq!(without_password("sqlite://kentongan.db"), "sqlite://kentongan.db");
        assert_eq!(without_password("sqlite:///var/lib/k@1.db"), "sqlite:///var/lib/k@1.db");
    }
}
