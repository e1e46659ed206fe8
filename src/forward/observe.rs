//! Whether what the central side says about a ticket is news: the rule the poller and the callback
//! share, kept pure and above the store.
//!
//! A change is decided by *what* changed — the status word, the notes, the agency — compared with the
//! ticket's last observation, never by trusting the server's clock: real servers keep
//! `updated_datetime` frozen, store whole seconds, or jump backwards. Timestamps only order two
//! reports when they really differ: a callback older than a change already seen (by more than a
//! second, for servers that store whole seconds) is stale, and a poll answer is stale only if
//! something was recorded after we asked. A timestamp beyond `now + skew` is not believable and orders
//! nothing, so a server clock in the year 2999 cannot freeze a ticket.

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
    /// How far ahead of our clock a central timestamp may be and still order reports.
    pub skew: Duration,
}

impl Rules {
    /// The verdict, and the central timestamp to remember as the newest seen.
    pub fn judge(&self, known: &Known, report: &Report) -> (Verdict, Option<DateTime<Utc>>) {
        // A time beyond our clock plus the skew is not believable: it orders nothing.
        let central_at = report.central_at.filter(|t| *t <= report.now + self.skew);
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
                (Some(at), Some(seen)) => older(at, seen),
                _ => false,
            },
        }
    }

    fn content(&self, known: &Known, report: &Report) -> Verdict {
        let note = clean(report.note.as_deref());
        let agency = clean(report.agency.as_deref());
        let known_note = clean(known.note.as_deref());
        let new_note = note.filter(|n| known_note != Some(*n));
        let Some(word) = known.word.as_deref() else {
            // The first look: a freshly accepted request (or the status the reporter already has), with no
            // notes beyond what we already know, is the baseline.
            let fresh = self.fresh_words.iter().any(|w| same_word(w, &report.word));
            return if (fresh || known.status == Some(report.status)) && new_note.is_none() {
                Verdict::Baseline
            } else {
                Verdict::Changed { status: report.status, note: note.map(str::to_owned) }
            };
        };
        let same = same_word(word, &report.word);
        if same && known_note == note && clean(known.agency.as_deref()) == agency {
            return Verdict::Unchanged;
        }
        // A new word the reporter has not heard (mapped), or new notes, is news; a new agency alone is not.
        if new_note.is_some() || (!same && known.status != Some(report.status)) {
            Verdict::Changed { status: report.status, note: note.map(str::to_owned) }
        } else {
            Verdict::Noted
        }
    }
}

/// Trimmed, and `None` when empty: what servers send as notes varies in whitespace only.
fn clean(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// `at` is older than `seen`, if they really differ: when either is a whole second (a server that stores
/// whole seconds), only a whole second earlier counts.
fn older(at: DateTime<Utc>, seen: DateTime<Utc>) -> bool {
    let whole = |t: DateTime<Utc>| t.timestamp_subsec_nanos() == 0;
    if whole(at) || whole(seen) { at.timestamp() < seen.timestamp() } else { at < seen }
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
            expected_version: ticket.seen.version,
            word: report.word.trim().to_owned(),
            note: clean(report.note.as_deref()).map(str::to_owned),
            agency: clean(report.agency.as_deref()).map(str::to_owned),
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
            version: 1,
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
    fn a_late_callback_of_an_older_change_is_stale_but_the_same_whole_second_is_not() {
        let known = seen("selesai", TicketStatus::Selesai, None, Some(at(12, 0, 0, 400)));
        let mut late = report("ditindaklanjuti", TicketStatus::Ditindaklanjuti, None, Some(at(9, 0, 0, 0)));
        late.source = Source::Callback;
        late.now = at(12, 0, 1, 0);
        assert_eq!(rules().judge(&known, &late).0, Verdict::Stale);
        // A server storing whole seconds: 12:00:00 is the same moment as 12:00:00.400.
        late.central_at = Some(at(12, 0, 0, 0));
        assert!(matches!(rules().judge(&known, &late).0, Verdict::Changed { .. }));
        // Both precise and 200 ms apart, delivered out of order: stale.
        late.central_at = Some(at(12, 0, 0, 200));
        assert_eq!(rules().judge(&known, &late).0, Verdict::Stale);
    }

    #[test]
    fn a_note_with_trailing_whitespace_is_the_same_note_on_every_poll() {
        let known = seen("open", TicketStatus::Diverifikasi, Some("Petugas meninjau."), None);
        let same = report("open", TicketStatus::Diverifikasi, Some("Petugas meninjau.\n"), None);
        assert_eq!(rules().judge(&known, &same).0, Verdict::Unchanged);
    }

    #[test]
    fn notes_already_written_at_the_first_look_are_news() {
        let known = Known { status: Some(TicketStatus::Diteruskan), ..Known::default() };
        let (verdict, _) = rules().judge(&known, &report("open", TicketStatus::Diverifikasi, Some("Disurvei"), None));
        assert!(matches!(verdict, Verdict::Changed { .. }));
        // …unless they are the notes we already knew (a database upgraded from the old rule).
        let upgraded = Known { note: Some("Disurvei".into()), ..known };
        let (verdict, _) =
            rules().judge(&upgraded, &report("open", TicketStatus::Diverifikasi, Some("Disurvei"), None));
        assert_eq!(verdict, Verdict::Baseline);
    }

    #[test]
    fn an_agency_change_right_after_the_baseline_is_not_a_status_push() {
        // The reporter heard "diteruskan"; the baseline word "open" maps to diverifikasi.
        let known = seen("open", TicketStatus::Diteruskan, None, None);
        let mut moved = report("open", TicketStatus::Diverifikasi, None, None);
        moved.agency = Some("Dinas Perhubungan".into());
        assert_eq!(rules().judge(&known, &moved).0, Verdict::Noted);
    }

    #[test]
    fn a_far_future_timestamp_orders_nothing_so_later_changes_still_apply() {
        let known = seen("open", TicketStatus::Diteruskan, None, None);
        let mut future = report("diverifikasi", TicketStatus::Diverifikasi, None, Some(at(23, 0, 0, 0)));
        future.central_at = Some(Utc.with_ymd_and_hms(2999, 1, 1, 0, 0, 0).unwrap());
        future.source = Source::Callback;
        let (verdict, seen_at) = rules().judge(&known, &future);
        assert!(matches!(verdict, Verdict::Changed { .. }), "what changed still counts");
        assert_eq!(seen_at, None, "not remembered as the newest time seen");
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
