//! The conversation state the app stores between messages (serde, versioned by step ids, not positions).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::types::{Answer, Lang};

/// Where one citizen is in the conversation. Opaque to the app except for the accessors.
#[derive(Serialize, Deserialize, Clone, Default, Debug, PartialEq)]
pub struct State {
    #[serde(default)]
    pub(crate) lang: Lang,
    /// True once the user picked a language explicitly (then `lang_hint` is ignored).
    #[serde(default)]
    pub(crate) lang_chosen: bool,
    #[serde(default)]
    pub(crate) dialog: Option<String>,
    /// The current step of the open draft; `None` means "at the main menu".
    #[serde(default)]
    pub(crate) step: Option<String>,
    /// Steps answered before the current one, for `/kembali`.
    #[serde(default)]
    pub(crate) back: Vec<String>,
    #[serde(default)]
    pub(crate) answers: BTreeMap<String, Answer>,
    /// A question asked outside the dialog steps (menu, language, edit pick, OPD choice…).
    #[serde(default)]
    pub(crate) pending: Option<Pending>,
    /// Set by "Ubah": after the edited step, return to the summary.
    #[serde(default)]
    pub(crate) editing: bool,
    /// The "no photos on this channel" note was shown once already.
    #[serde(default)]
    pub(crate) photo_note_shown: bool,
    /// The draft is a one-shot SMS report that only lacks its place: answering the current step (the
    /// `location_or_text` one) files it at once. Absent in states saved before it existed, and left out
    /// of the JSON when unset, so other states serialise as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) oneshot: Option<OneShotWait>,
    /// The agency of each answered `opd` field, by name, for the summary and the SMS receipt.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) agencies: BTreeMap<String, Agency>,
    /// The one-line data notice (`privacy_notice`) was shown: it goes out once, at first contact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) notice_shown: bool,
}

/// What a one-shot report waiting for its place keeps beside its answers.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub(crate) struct OneShotWait {
    /// The agency the one-shot was routed to, by name, for the receipt's `{opd}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opd_name: Option<String>,
}

/// A question outside the step list that the next input answers.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Pending {
    /// "Nomor laporannya?" after [Cek status].
    StatusId,
    /// `/start` with an open draft: [Lanjutkan] [Mulai baru].
    ResumeOrRestart,
    /// `/bahasa`: pick a language, then return to where the user was.
    Language,
    /// "Ubah" on the summary: pick which answer to change.
    EditPick,
    /// OPD suggestion shown with [Benar] [Pilih instansi lain].
    OpdConfirm { top: Agency, choices: Vec<Agency> },
    /// OPD list shown with [Tidak tahu]; `top` is the classifier's first guess.
    OpdPick { top: Option<Agency>, choices: Vec<Agency> },
}

/// An agency remembered between the OPD question and its answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub(crate) struct Agency {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub note: Option<String>,
    /// The catalogue's short name, used on SMS ("DPUPR"); `None`: the name itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
}

impl Agency {
    /// The name as a channel with `caps` shows it: the short name on SMS, else the full name.
    pub fn shown(&self, caps: crate::types::Caps) -> &str {
        match &self.short_name {
            Some(short) if caps.is_sms() => short,
            _ => &self.name,
        }
    }
}

impl State {
    /// The language replies are written in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The current step id of the open draft.
    pub fn step(&self) -> Option<&str> {
        self.step.as_deref()
    }

    /// True while a report draft is open.
    pub fn has_draft(&self) -> bool {
        self.step.is_some()
    }

    /// True while a one-shot SMS report waits for its place (the next valid address files it).
    pub fn awaits_oneshot_place(&self) -> bool {
        self.oneshot.is_some() && self.has_draft()
    }

    /// A fresh state in a given language (e.g. the reporter's stored preference).
    pub fn with_lang(lang: Lang) -> State {
        State { lang, lang_chosen: true, ..State::default() }
    }

    pub(crate) fn clear_draft(&mut self) {
        self.step = None;
        self.back.clear();
        self.answers.clear();
        self.pending = None;
        self.editing = false;
        self.photo_note_shown = false;
        self.oneshot = None;
        self.agencies.clear();
    }
}
