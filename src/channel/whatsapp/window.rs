//! The 24-hour customer-service window: free-form messages only within 24 h of the citizen's last
//! message, approved templates outside it. Pure: the caller passes the last inbound time and the clock.

use chrono::{DateTime, TimeDelta, Utc};

/// How long one inbound message keeps the window open.
pub const WINDOW: TimeDelta = TimeDelta::hours(24);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Inside,
    Outside,
}

/// Inside while less than 24 h have passed since the citizen's last message (exactly 24 h is outside:
/// Meta closes it then). Never having written is outside; a last message "in the future" (a skewed
/// clock) counts as just now.
pub fn window(last_inbound: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Window {
    match last_inbound {
        Some(last) if now.signed_duration_since(last) < WINDOW => Window::Inside,
        _ => Window::Outside,
    }
}

/// How a status push reaches the reporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushRoute {
    /// A normal WhatsApp text.
    FreeForm,
    /// The configured approved template (`whatsapp.templates.status`).
    Template,
    /// An SMS to the reporter's known number.
    SmsFallback,
    /// No way to reach them: record it on the ticket's send record.
    CannotDeliver,
}

/// The route of a status push: free-form inside the window; outside, the template if one is configured,
/// else SMS if a number is known, else nothing.
pub fn push_route(window: Window, has_template: bool, has_phone: bool) -> PushRoute {
    match window {
        Window::Inside => PushRoute::FreeForm,
        Window::Outside => outside_window(has_template, has_phone),
    }
}

/// The route after a free-form send was refused with 131047 (the window closed in between, or our
/// clock and Meta's disagree): the same as outside.
pub fn after_re_engagement_error(has_template: bool, has_phone: bool) -> PushRoute {
    outside_window(has_template, has_phone)
}

fn outside_window(has_template: bool, has_phone: bool) -> PushRoute {
    match (has_template, has_phone) {
        (true, _) => PushRoute::Template,
        (false, true) => PushRoute::SmsFallback,
        (false, false) => PushRoute::CannotDeliver,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_837_000 + secs, 0).unwrap()
    }

    const DAY: i64 = 24 * 3600;

    #[test]
    fn one_second_before_24_hours_is_inside_and_24_hours_exactly_is_outside() {
        assert_eq!(window(Some(at(0)), at(DAY - 1)), Window::Inside);
        assert_eq!(window(Some(at(0)), at(DAY)), Window::Outside);
        assert_eq!(window(Some(at(0)), at(DAY + 1)), Window::Outside);
    }

    #[test]
    fn a_message_just_now_is_inside_and_one_from_a_skewed_clock_too() {
        assert_eq!(window(Some(at(0)), at(0)), Window::Inside);
        assert_eq!(window(Some(at(60)), at(0)), Window::Inside);
    }

    #[test]
    fn a_citizen_who_never_wrote_on_whatsapp_is_outside() {
        assert_eq!(window(None, at(0)), Window::Outside);
    }

    #[test]
    fn inside_the_window_a_push_is_free_form_whatever_else_is_configured() {
        for (t, p) in [(false, false), (true, false), (false, true), (true, true)] {
            assert_eq!(push_route(Window::Inside, t, p), PushRoute::FreeForm);
        }
    }

    #[test]
    fn outside_the_window_the_template_wins_then_sms_then_nothing() {
        assert_eq!(push_route(Window::Outside, true, true), PushRoute::Template);
        assert_eq!(push_route(Window::Outside, true, false), PushRoute::Template);
        assert_eq!(push_route(Window::Outside, false, true), PushRoute::SmsFallback);
        assert_eq!(push_route(Window::Outside, false, false), PushRoute::CannotDeliver);
    }

    #[test]
    fn a_re_engagement_error_routes_like_outside_the_window() {
        assert_eq!(after_re_engagement_error(true, false), PushRoute::Template);
        assert_eq!(after_re_engagement_error(false, true), PushRoute::SmsFallback);
        assert_eq!(after_re_engagement_error(false, false), PushRoute::CannotDeliver);
    }
}
