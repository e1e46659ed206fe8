//! Sending through the modem: runs `sms.gammu.inject_command` (default `gammu-smsd-inject TEXT {to}
//! -text {text}`) with the placeholders replaced. No shell: a citizen's text cannot become a command.

use std::process::Stdio;
use std::time::Duration;

use async_trait::async_trait;

use crate::channel::SendError;
use crate::channel::sms::{Provider, SmsTransport};
use crate::config::GammuSettings;
use crate::domain::PhoneNumber;

/// SMSD's queue is a local spool: injecting takes well under this.
const TIMEOUT: Duration = Duration::from_secs(20);
const RETRY: Duration = Duration::from_secs(30);

pub struct Transport {
    command: Vec<String>,
}

impl Transport {
    pub fn new(settings: &GammuSettings) -> Self {
        Self { command: settings.inject_command.clone() }
    }

    /// The argument list for one SMS.
    pub fn argv(&self, to: &PhoneNumber, text: &str) -> Vec<String> {
        self.command.iter().map(|a| a.replace("{to}", to.as_str()).replace("{text}", text)).collect()
    }
}

#[async_trait]
impl SmsTransport for Transport {
    fn provider(&self) -> Provider {
        Provider::Gammu
    }

    async fn send_part(&self, to: &PhoneNumber, text: &str, _reference: &str) -> Result<(), SendError> {
        let argv = self.argv(to, text);
        let Some((program, args)) = argv.split_first() else {
            return Err(SendError::Permanent("sms.gammu.inject_command is empty".into()));
        };
        let child = tokio::process::Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .output();
        match tokio::time::timeout(TIMEOUT, child).await {
            Ok(Ok(out)) if out.status.success() => Ok(()),
            Ok(Ok(out)) => {
                tracing::warn!(program = %program, status = %out.status, "gammu inject failed; will retry");
                Err(SendError::Retry(RETRY))
            }
            Ok(Err(e)) => {
                tracing::warn!(program = %program, error = %e, "cannot run the gammu inject command; will retry");
                Err(SendError::Retry(RETRY))
            }
            Err(_) => {
                tracing::warn!(program = %program, "gammu inject timed out; will retry");
                Err(SendError::Retry(RETRY))
            }
        }
    }
}
