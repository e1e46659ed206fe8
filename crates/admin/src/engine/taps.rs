//! Button taps: authorise, check the status still allows the action, then start a flow or emit the effect.

use super::{AdminEffect, AdminState, Context, Correction, RESPONSE_MIN_LETTERS, Step, pending};
use crate::action::Action;
use crate::message::{AdminMessage, Button};
use crate::ping::{opd_buttons, render_ping};
use crate::role::{Refusal, may_act};
use crate::texts::Texts;
use crate::ticket::{MoveKind, TicketView};
use crate::transition::{Stale, check_transition};

/// OPDs per page of the full list: with Sebelumnya, Berikutnya and Tidak tahu, 11 buttons at most.
pub const OPD_PAGE_SIZE: usize = 8;

pub(super) fn tap(
    texts: &Texts,
    state: &AdminState,
    action: Action,
    ticket: Option<&TicketView>,
    ctx: &Context,
) -> Step {
    let keep = state.clone();
    match (&action, ticket) {
        (Action::QueuePage { page }, _) => Step::effect(keep, None, AdminEffect::LoadQueue { page: *page }),
        (Action::Open { id }, _) => Step::effect(keep, None, AdminEffect::LoadTicket { id: id.clone() }),
        (Action::SwitchToCitizen, _) => Step::effect(AdminState::Idle, None, AdminEffect::SwitchToCitizen),
        (_, None) => Step::reply(keep, say(texts, ctx, "refused_token", &[])),
        (_, Some(view)) => {
            if let Err(refusal) = may_act(ctx.admin, view) {
                // The old OPD's buttons after a re-route: say who moved it rather than "not yours".
                let moved =
                    view.last_move.as_ref().filter(|m| matches!(m.kind, MoveKind::Rerouted | MoveKind::SentToTriage));
                let reply = match moved {
                    Some(m) => AdminMessage::text(Stale { last: Some(m.clone()) }.render(texts, ctx.lang)),
                    None => refused(texts, ctx, &refusal),
                };
                return Step::reply(keep, reply);
            }
            if let Err(stale) = check_transition(&action, view.status, view.last_move.as_ref()) {
                return Step::reply(keep, AdminMessage::text(stale.render(texts, ctx.lang)));
            }
            act(texts, state, action, view, ctx)
        }
    }
}

/// The answer to `LoadTicket`: the ticket with its buttons, if this admin may see it.
pub(super) fn loaded(texts: &Texts, state: &AdminState, id: &str, ticket: Option<&TicketView>, ctx: &Context) -> Step {
    let reply = match ticket {
        None => say(texts, ctx, "ticket_not_found", &[("id", id)]),
        Some(view) => match may_act(ctx.admin, view) {
            Ok(()) => render_ping(texts, ctx.lang, view),
            Err(refusal) => refused(texts, ctx, &refusal),
        },
    };
    Step::reply(state.clone(), reply)
}

fn act(texts: &Texts, state: &AdminState, action: Action, view: &TicketView, ctx: &Context) -> Step {
    let id = view.id.clone();
    let current = view.opd.as_ref().map(|o| o.code.clone());
    let keep = state.clone();
    match action {
        Action::Accept => Step::effect(
            AdminState::Idle,
            Some(say(texts, ctx, "accepted", &[("id", &id)])),
            AdminEffect::Accept { ticket: id },
        ),
        Action::NotOurs => Step::reply(keep, pick_opd(texts, ctx, view)),
        Action::RerouteList { page } => Step::reply(keep, opd_page(texts, ctx, view, page as usize)),
        Action::RerouteTo { opd } => match ctx.opds.iter().find(|o| o.code == opd) {
            Some(to) if current.as_deref() != Some(opd.as_str()) => {
                let correction = Correction { text: view.text.clone(), was: current, is: opd.clone() };
                let reply = say(texts, ctx, "rerouted", &[("id", &id), ("opd", &to.name)]);
                Step::effect(AdminState::Idle, Some(reply), AdminEffect::Reroute { ticket: id, to: opd, correction })
            }
            _ => Step::reply(keep, pick_opd(texts, ctx, view)),
        },
        Action::ToTriage if current.is_some() => {
            let reply = say(texts, ctx, "to_triage", &[("id", &id)]);
            Step::effect(AdminState::Idle, Some(reply), AdminEffect::ToTriage { ticket: id, from: current })
        }
        Action::ToTriage => Step::reply(keep, say(texts, ctx, "stale_status", &[])),
        Action::RequestInfo => {
            Step::reply(AdminState::Question { ticket: id.clone() }, say(texts, ctx, "ask_question", &[("id", &id)]))
        }
        Action::Respond => {
            let min = RESPONSE_MIN_LETTERS.to_string();
            let next = AdminState::Response { ticket: id.clone(), text: None, photo: None };
            Step::reply(next, say(texts, ctx, "ask_response", &[("id", &id), ("min", &min)]))
        }
        Action::SendWithoutPhoto => pending::send_without_photo(texts, state, &id, ctx),
        Action::Postpone => Step::reply(
            AdminState::PostponeReason { ticket: id.clone() },
            say(texts, ctx, "ask_postpone", &[("id", &id)]),
        ),
        Action::Reject => {
            let buttons = texts
                .reject_reasons()
                .filter_map(|k| {
                    Some(Button::new(&texts.reason_label(ctx.lang, k)?, Action::RejectWith { reason: k.to_owned() }))
                })
                .collect();
            Step::reply(
                keep,
                AdminMessage::with_buttons(texts.message(ctx.lang, "pick_reason", &[("id", &id)]), buttons),
            )
        }
        Action::RejectWith { reason } => match texts.reason_label(ctx.lang, &reason) {
            Some(label) => {
                let reply = say(texts, ctx, "rejected", &[("id", &id), ("reason", &label)]);
                Step::effect(AdminState::Idle, Some(reply), AdminEffect::Reject { ticket: id, reason })
            }
            None => Step::reply(keep, say(texts, ctx, "refused_token", &[])),
        },
        Action::QueuePage { .. } | Action::Open { .. } | Action::SwitchToCitizen => {
            Step::reply(keep, super::help(texts, ctx.lang))
        }
    }
}

/// Bukan wewenang: the classifier's top 3 (not the current OPD), "Daftar lengkap", "Tidak tahu".
fn pick_opd(texts: &Texts, ctx: &Context, view: &TicketView) -> AdminMessage {
    let current = view.opd.as_ref().map(|o| o.code.as_str());
    let mut buttons = opd_buttons(view.suggestions.iter().filter(|o| Some(o.code.as_str()) != current).take(3));
    buttons.push(Button::new(&texts.button(ctx.lang, "full_list"), Action::RerouteList { page: 0 }));
    if current.is_some() {
        buttons.push(Button::new(&texts.button(ctx.lang, "dont_know"), Action::ToTriage));
    }
    AdminMessage::with_buttons(texts.message(ctx.lang, "pick_opd", &[("id", &view.id)]), buttons)
}

/// One page of the full catalogue (without the current OPD), with Sebelumnya/Berikutnya.
fn opd_page(texts: &Texts, ctx: &Context, view: &TicketView, page: usize) -> AdminMessage {
    let current = view.opd.as_ref().map(|o| o.code.as_str());
    let others: Vec<_> = ctx.opds.iter().filter(|o| Some(o.code.as_str()) != current).collect();
    let pages = others.len().div_ceil(OPD_PAGE_SIZE).max(1);
    let page = page.min(pages - 1);
    let mut buttons = opd_buttons(others.iter().skip(page * OPD_PAGE_SIZE).take(OPD_PAGE_SIZE).copied());
    if page > 0 {
        buttons.push(Button::new(&texts.button(ctx.lang, "prev"), Action::RerouteList { page: page as u32 - 1 }));
    }
    if page + 1 < pages {
        buttons.push(Button::new(&texts.button(ctx.lang, "next"), Action::RerouteList { page: page as u32 + 1 }));
    }
    if current.is_some() {
        buttons.push(Button::new(&texts.button(ctx.lang, "dont_know"), Action::ToTriage));
    }
    let (n, of) = ((page + 1).to_string(), pages.to_string());
    AdminMessage::with_buttons(
        texts.message(ctx.lang, "pick_opd_page", &[("id", &view.id), ("page", &n), ("pages", &of)]),
        buttons,
    )
}

fn refused(texts: &Texts, ctx: &Context, refusal: &Refusal) -> AdminMessage {
    match refusal {
        Refusal::OtherOpd { opd_name } => say(texts, ctx, "refused_other_opd", &[("opd", opd_name)]),
        Refusal::TriageIsKoordinators => say(texts, ctx, "refused_triage", &[]),
    }
}

fn say(texts: &Texts, ctx: &Context, key: &str, args: &[(&str, &str)]) -> AdminMessage {
    AdminMessage::text(texts.message(ctx.lang, key, args))
}
