//! Whether the central API answers, said once per change: a warning when it stops answering, an info
//! line when it is back. Workers report every call; the log gets one line per outage, not per retry.

use std::sync::Mutex;

use tracing::{info, warn};

/// Shared by the forward worker and the poller.
#[derive(Debug, Default)]
pub struct CentralHealth {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    down: bool,
    failures: u64,
}

impl CentralHealth {
    /// A call the server answered (any answer that is not a transport failure or a 5xx/429).
    pub fn answered(&self) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if s.down {
            info!(failures = s.failures, "central API answers again");
            metrics::gauge!("kentongan_central_up").set(1.0);
        }
        *s = State::default();
    }

    /// A call that got no usable answer. `reason` names the operation and status, never what we sent.
    pub fn failed(&self, reason: &str) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.failures += 1;
        if !s.down {
            s.down = true;
            warn!(reason = %reason, "central API not answering; retrying with backoff");
            metrics::gauge!("kentongan_central_up").set(0.0);
        }
    }

    pub fn is_down(&self) -> bool {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).down
    }
}

/// Whether an error means the central side is unwell (as opposed to refusing one request).
pub fn is_outage(err: &kentongan_central::ForwardError) -> bool {
    matches!(err, kentongan_central::ForwardError::Retryable { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_is_one_state_until_the_server_answers_again() {
        let h = CentralHealth::default();
        assert!(!h.is_down());
        h.failed("json create: HTTP 503");
        h.failed("json create: HTTP 503");
        assert!(h.is_down());
        h.answered();
        assert!(!h.is_down());
    }
}
