//! Texts and photos: the answer to a pending flow (question, response, reason), else the admin help.

use super::{AdminEffect, AdminState, Context, RESPONSE_MIN_LETTERS, Step, help};
use crate::action::Action;
use crate::message::{AdminMessage, Button};
use crate::texts::Texts;
use crate::ticket::PhotoRef;

/// Letters only: "ok ok ok ok ok ok ok" is not a response.
pub(crate) fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

pub(super) fn text(texts: &Texts, state: &AdminState, text: &str, ctx: &Context) -> Step {
    let lang = ctx.lang;
    let text = text.trim();
    let say = |key: &str, args: &[(&str, &str)]| AdminMessage::text(texts.message(lang, key, args));
    match state {
        AdminState::Idle => Step::reply(AdminState::Idle, help(texts, lang)),
        _ if text.is_empty() => Step::reply(state.clone(), say("text_expected", &[])),
        AdminState::Question { ticket } => {
            let effect = AdminEffect::RequestInfo { ticket: ticket.clone(), question: text.to_owned() };
            Step::effect(AdminState::Idle, Some(say("question_sent", &[("id", ticket)])), effect)
        }
        AdminState::PostponeReason { ticket } => {
            let effect = AdminEffect::Postpone { ticket: ticket.clone(), reason: text.to_owned() };
            Step::effect(AdminState::Idle, Some(say("postponed", &[("id", ticket)])), effect)
        }
        AdminState::Response { ticket, photo, .. } => response(texts, ctx, ticket, Some(text), photo.clone()),
    }
}

pub(super) fn photo(texts: &Texts, state: &AdminState, photo: PhotoRef, caption: Option<&str>, ctx: &Context) -> Step {
    match state {
        AdminState::Response { ticket, text, .. } => {
            // A caption long enough is the response; otherwise a text typed before the photo still counts.
            let caption = caption.map(str::trim).filter(|c| letters(c) >= RESPONSE_MIN_LETTERS);
            let text = caption.or(text.as_deref());
            response(texts, ctx, ticket, text, Some(photo))
        }
        AdminState::Idle => Step::reply(AdminState::Idle, help(texts, ctx.lang)),
        _ => Step::reply(state.clone(), AdminMessage::text(texts.message(ctx.lang, "text_expected", &[]))),
    }
}

/// The response flow after any input: done when text and photo are there; a text alone asks for a photo
/// (or "Kirim tanpa foto"); a photo alone asks for the text; a short text asks again.
fn response(texts: &Texts, ctx: &Context, ticket: &str, text: Option<&str>, photo: Option<PhotoRef>) -> Step {
    let lang = ctx.lang;
    let min = RESPONSE_MIN_LETTERS.to_string();
    let waiting = |text: Option<&str>, photo: Option<PhotoRef>| AdminState::Response {
        ticket: ticket.to_owned(),
        text: text.map(str::to_owned),
        photo,
    };
    match (text, photo) {
        (Some(t), photo) if letters(t) < RESPONSE_MIN_LETTERS => {
            let reply = AdminMessage::text(texts.message(lang, "response_too_short", &[("min", &min)]));
            Step::reply(waiting(None, photo), reply)
        }
        (Some(t), Some(photo)) => {
            let effect = AdminEffect::Respond { ticket: ticket.to_owned(), text: t.to_owned(), photo: Some(photo) };
            let reply = AdminMessage::text(texts.message(lang, "responded", &[("id", ticket)]));
            Step::effect(AdminState::Idle, Some(reply), effect)
        }
        (Some(t), None) => {
            let button = Button::new(&texts.button(lang, "send_without_photo"), Action::SendWithoutPhoto);
            let reply = AdminMessage::with_buttons(texts.message(lang, "response_ask_photo", &[]), vec![button]);
            Step::reply(waiting(Some(t), None), reply)
        }
        (None, photo) => {
            let reply = AdminMessage::text(texts.message(lang, "response_photo_first", &[("min", &min)]));
            Step::reply(waiting(None, photo), reply)
        }
    }
}

/// "Kirim tanpa foto": the typed response goes as it is; without one pending, the button is stale.
pub(super) fn send_without_photo(texts: &Texts, state: &AdminState, ticket: &str, ctx: &Context) -> Step {
    match state {
        AdminState::Response { ticket: pending, text: Some(text), photo } if pending == ticket => {
            let effect = AdminEffect::Respond { ticket: ticket.to_owned(), text: text.clone(), photo: photo.clone() };
            let reply = AdminMessage::text(texts.message(ctx.lang, "responded", &[("id", ticket)]));
            Step::effect(AdminState::Idle, Some(reply), effect)
        }
        _ => Step::reply(state.clone(), AdminMessage::text(texts.message(ctx.lang, "stale_status", &[]))),
    }
}
