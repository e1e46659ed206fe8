//! Whether what the central side says about a ticket is news: the rule the poller and the callback
//! share, kept pure and above the store.
//!
//! A change is decided by *what* changed — the status word, the notes, the agency — compared with the
//! ticket's last observation, never by trusting the server's clock: real servers keep
//! `updated_datetime` frozen, store whole seconds, or jump backwards. Timestamps only order two
//! reports when they really differ: a callback older than a change already seen (by more than a
//! second, for servers that store whole seconds) is stale, and a poll answer is stale only if
//! something was recorded after we asked. A timestamp beyond `now + skew` is clamped to `now`, so a
//! server clock in the year 2999 cannot freeze a ticket.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tracing::info;

use crate::domain::TicketStatus;
use crate::store::{CentralWrite, Store, StoreResult};

/// How a report reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The poller asked at `asked_at` and this is the server's answer: its state at that moment.
    Poll { asked_at: DateTime<Utc> },
    /// The central side pushed it (signed callback).
    Callback,
}

impl Source {
    /// The history's `source` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Poll { .. } => "poll",
            Source::Callback => "callback",
        }
    }
}

/// What the central side says now, its word already mapped to our lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub word: String,
    pub status: TicketStatus,
    pub note: Option<String>,
    pub agency: Option<String>,
    /// The server's own time of the change, when it gives one.
    pub central_at: Option<DateTime<Utc>>,
    pub source: Source,
    pub now: DateTime<Utc>,
}

/// What we know of a ticket's central side (the store keeps it).
pub use crate::store::CentralSeen as Known;

/// The decision about one report.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The first look at a request that looks freshly accepted: remember it, tell nobody.
    Baseline,
    /// Nothing the reporter would see changed; the observation is kept (a new word mapping to the same
    /// status, a new agency, notes removed).
    Noted,
    /// Exactly what we saw last time.
    Unchanged,
    /// Older than a change already recorded: ignored.
    Stale,
    /// News for the reporter: a new status or new notes.
    Changed { status: TicketStatus, note: Option<String> },
}

/// The adapter-specific knobs of the rule.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Central words a freshly accepted request carries (`open` on Open311): a first observation with one
    /// of them is a baseline, not a change.
    pub fresh_words: Vec<String>,
    /// How far ahead of our clock a central timestamp may be before it is clamped to now.
    pub skew: Duration,
}

/// Timestamps within this of each other are the same moment: some servers store whole seconds.
const SAME_MOMENT: Duration = Duration::seconds(1);

impl Rules {
    /// The verdict, and the central timestamp to remember as the newest seen.
    pub fn judge(&self, known: &Known, report: &Report) -> (Verdict, Option<DateTime<Utc>>) {
        let central_at = report.central_at.map(|t| if t > report.now + self.skew { report.now } else { t });
        let seen_at = match (known.seen_at, central_at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if self.is_stale(known, report, central_at) {
            return (Verdict::Stale, known.seen_at);
        }
        (self.content(known, report), seen_at)
    }

    fn is_stale(&self, known: &Known, report: &Report, central_at: Option<DateTime<Utc>>) -> bool {
        match report.source {
            // The answer shows the server as it was when we asked; anything recorded since is newer.
            Source::Poll { asked_at } => known.observed_at.is_some_and(|seen| seen > asked_at),
            Source::Callback => match (central_at, known.seen_at) {
                (Some(at), Some(seen)) => at < seen - SAME_MOMENT,
                _ => false,
            },
        }
    }

    fn content(&self, known: &Known, report: &Report) -> Verdict {
        let note = report.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let agency = report.agency.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let Some(word) = known.word.as_deref() else {
            let fresh = self.fresh_words.iter().any(|w| same_word(w, &report.word));
            return if fresh || (known.status == Some(report.status) && note.is_none()) {
                Verdict::Baseline
            } else {
                Verdict::Changed { status: report.status, note: note.map(str::to_owned) }
            };
        };
        if same_word(word, &report.word) && known.note.as_deref() == note && known.agency.as_deref() == agency {
            return Verdict::Unchanged;
        }
        let new_note = note.filter(|n| known.note.as_deref() != Some(*n));
        if known.status != Some(report.status) || new_note.is_some() {
            Verdict::Changed { status: report.status, note: note.map(str::to_owned) }
        } else {
            Verdict::Noted
        }
    }
}

/// What recording a report did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// No ticket has that central ID.
    UnknownTicket,
    Recorded(Verdict),
}

/// Judges `report` against the ticket's last observation and keeps it. Another observation recorded in
/// between (a callback beside a poll) makes it judge again against that one.
pub async fn record(store: &Arc<dyn Store>, rules: &Rules, central_id: &str, report: &Report) -> StoreResult<Outcome> {
    for _ in 0..5 {
        let Some(ticket) = store.central_ticket(central_id).await? else {
            return Ok(Outcome::UnknownTicket);
        };
        let (verdict, seen_at) = rules.judge(&ticket.seen, report);
        if matches!(verdict, Verdict::Stale | Verdict::Unchanged) {
            if verdict == Verdict::Stale {
                info!(ticket = %ticket.tracking_id, source = report.source.as_str(), "central report older than one already recorded; ignored");
            }
            return Ok(Outcome::Recorded(verdict));
        }
        let change = match &verdict {
            Verdict::Changed { status, note } => Some((*status, note.clone())),
            _ => None,
        };
        let write = CentralWrite {
            ticket_id: ticket.id,
            expected_observed_at: ticket.seen.observed_at,
            word: report.word.clone(),
            note: report.note.clone().filter(|n| !n.trim().is_empty()),
            agency: report.agency.clone().filter(|a| !a.trim().is_empty()),
            seen_at,
            change,
            source: report.source.as_str(),
            stop_polling: report.status.is_final(),
            now: report.now.max(ticket.seen.observed_at.unwrap_or(report.now)),
        };
        if store.write_central(&write).await? {
            if let Verdict::Changed { status, .. } = &verdict {
                info!(ticket = %ticket.tracking_id, status = %status, source = report.source.as_str(), "central status change recorded");
            }
            return Ok(Outcome::Recorded(verdict));
        }
    }
    Err(crate::store::StoreError::Corrupt(format!("central ticket {central_id}: observations keep racing")))
}

/// Central words compare forgiving case, spaces and `-`/`_` (`In Progress` = `in_progress`).
fn same_word(a: &str, b: &str) -> bool {
    let norm = |w: &str| w.trim().to_lowercase().replace([' ', '-'], "_");
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rules() -> Rules {
        Rules { fresh_words: vec!["open".into()], skew: Duration::seconds(300) }
    }

    fn at(h: u32, m: u32, s: u32, ms: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, h, m, s).unwrap() + Duration::milliseconds(ms.into())
    }

    fn report(word: &str, status: TicketStatus, note: Option<&str>, central_at: Option<DateTime<Utc>>) -> Report {
        Report {
            word: word.into(),
            status,
            note: note.map(str::to_owned),
            agency: None,
            central_at,
            source: Source::Poll { asked_at: at(10, 0, 0, 0) },
            now: at(10, 0, 1, 0),
        }
    }

    fn seen(word: &str, status: TicketStatus, note: Option<&str>, seen_at: Option<DateTime<Utc>>) -> Known {
        Known {
            status: Some(status),
            word: Some(word.into()),
            note: note.map(str::to_owned),
            agency: None,
            seen_at,
            observed_at: Some(at(9, 0, 0, 0)),
        }
    }

    #[test]
    fn the_first_look_at_an_open_request_is_a_baseline_not_a_push() {
        let known = Known { status: Some(TicketStatus::Diteruskan), ..Known::default() };
        let (verdict, _) = rules().judge(&known, &report("open", TicketStatus::Diverifikasi, None, None));
        assert_eq!(verdict, Verdict::Baseline);
    }

    #[test]
    fn a_first_look_that_is_already_closed_is_a_change() {
        let known = Known { status: Some(TicketStatus::Diteruskan), ..Known::default() };
        let (verdict, _) = rules().judge(&known, &report("closed", TicketStatus::Selesai, Some("Beres"), None));
        assert_eq!(verdict, Verdict::Changed { status: TicketStatus::Selesai, note: Some("Beres".into()) });
    }

    #[test]
    fn a_close_with_a_frozen_or_whole_second_timestamp_older_than_our_first_look_is_applied() {
        // The real server: the first poll saw …:41.409791, the close carries …:41.000000 — or the same frozen time.
        let known = seen("open", TicketStatus::Diteruskan, None, Some(at(9, 30, 41, 409)));
        for central_at in [Some(at(9, 30, 41, 0)), Some(at(9, 30, 41, 409)), None] {
            let (verdict, _) =
                rules().judge(&known, &report("closed", TicketStatus::Selesai, Some("Sudah ditambal"), central_at));
            assert!(matches!(verdict, Verdict::Changed { status: TicketStatus::Selesai, .. }), "{central_at:?}");
        }
    }

    #[test]
    fn a_poll_answer_is_the_present_even_when_the_server_clock_went_backwards() {
        let known = seen("open", TicketStatus::Diteruskan, None, Some(at(9, 30, 0, 0)));
        let (verdict, _) = rules().judge(&known, &report("closed", TicketStatus::Selesai, None, Some(at(6, 0, 0, 0))));
        assert!(matches!(verdict, Verdict::Changed { .. }));
    }

    #[test]
    fn a_poll_answer_older_than_a_change_recorded_while_it_was_in_flight_is_stale() {
        let mut known = seen("closed", TicketStatus::Selesai, None, None);
        known.observed_at = Some(at(10, 0, 0, 500));
        let (verdict, _) = rules().judge(&known, &report("open", TicketStatus::Diverifikasi, None, None));
        assert_eq!(verdict, Verdict::Stale);
    }

    #[test]
    fn a_late_callback_of_an_older_change_is_stale_but_the_same_second_is_not() {
        let known = seen("selesai", TicketStatus::Selesai, None, Some(at(12, 0, 0, 400)));
        let mut late = report("ditindaklanjuti", TicketStatus::Ditindaklanjuti, None, Some(at(9, 0, 0, 0)));
        late.source = Source::Callback;
        late.now = at(12, 0, 1, 0);
        assert_eq!(rules().judge(&known, &late).0, Verdict::Stale);
        late.central_at = Some(at(12, 0, 0, 0));
        assert!(matches!(rules().judge(&known, &late).0, Verdict::Changed { .. }));
    }

    #[test]
    fn a_far_future_timestamp_is_clamped_so_later_changes_still_apply() {
        let known = seen("open", TicketStatus::Diteruskan, None, None);
        let mut future = report("diverifikasi", TicketStatus::Diverifikasi, None, Some(at(23, 0, 0, 0)));
        future.central_at = Some(Utc.with_ymd_and_hms(2999, 1, 1, 0, 0, 0).unwrap());
        future.source = Source::Callback;
        let (_, seen_at) = rules().judge(&known, &future);
        assert_eq!(seen_at, Some(future.now), "clamped to our clock");
        let after = Known { seen_at, ..seen("diverifikasi", TicketStatus::Diverifikasi, None, None) };
        let mut next = report("selesai", TicketStatus::Selesai, Some("Beres"), Some(future.now));
        next.source = Source::Callback;
        assert!(matches!(rules().judge(&after, &next).0, Verdict::Changed { .. }));
    }

    #[test]
    fn new_notes_under_the_same_status_word_are_news() {
        let known = seen("open", TicketStatus::Diverifikasi, Some("Akan disurvei"), None);
        let (verdict, _) =
            rules().judge(&known, &report("open", TicketStatus::Diverifikasi, Some("Petugas sudah survei"), None));
        assert_eq!(
            verdict,
            Verdict::Changed { status: TicketStatus::Diverifikasi, note: Some("Petugas sudah survei".into()) }
        );
    }

    #[test]
    fn the_same_report_twice_and_an_agency_only_change_push_nothing() {
        let known = seen("open", TicketStatus::Diverifikasi, Some("Akan disurvei"), None);
        let same = report("Open", TicketStatus::Diverifikasi, Some(" Akan disurvei "), None);
        assert_eq!(rules().judge(&known, &same).0, Verdict::Unchanged);
        let mut moved = same.clone();
        moved.agency = Some("Dinas Perhubungan".into());
        assert_eq!(rules().judge(&known, &moved).0, Verdict::Noted);
    }
}
