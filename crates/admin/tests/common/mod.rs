//! Shared fixtures: the shipped texts, the example OPD catalogue, admins and tickets.
#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use kentongan_admin::{
    Admin, AdminEvent, AdminMessage, AdminState, Channel, Context, Lang, OpdRef, ReportType, Reporter, Role, Status,
    Step, Texts, TicketView, step,
};

pub fn admin_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dialogs/admin/admin.toml")
}

pub fn texts() -> Texts {
    Texts::load(&admin_file())
        .unwrap_or_else(|p| panic!("{}", p.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")))
}

const CODES: &[(&str, &str)] = &[
    ("DINDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("RSUD", "RSUD Bendan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DPRKPLH", "Dinas Perumahan Rakyat, Kawasan Permukiman dan Lingkungan Hidup"),
    ("DINHUB", "Dinas Perhubungan"),
    ("DINSOS", "Dinas Sosial"),
    ("DP3AP2KB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB"),
    ("DINDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DINKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DINDAGKOP", "Dinas Perdagangan, Koperasi dan UKM"),
    ("DINPERINAKER", "Dinas Perindustrian dan Tenaga Kerja"),
    ("DKP3", "Dinas Kelautan, Perikanan, Pertanian dan Pangan"),
    ("DINPARBUDPORA", "Dinas Pariwisata, Kebudayaan, Kepemudaan dan Olahraga"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP"),
    ("SATPOLPP", "Satpol PP dan Damkar"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM"),
    ("PDAM", "Perumda Air Minum Tirtayasa"),
    ("KECAMATAN", "Kecamatan / kelurahan"),
    ("INSPEKTORAT", "Inspektorat"),
    ("EXT-PLN", "PLN"),
    ("EXT-POLRES", "Polres Pekalongan Kota"),
];

pub fn opds() -> Vec<OpdRef> {
    CODES.iter().map(|(c, n)| OpdRef { code: (*c).into(), name: (*n).into(), short: None }).collect()
}

pub fn opd(code: &str) -> OpdRef {
    opds().into_iter().find(|o| o.code == code).unwrap()
}

pub fn penghubung(opd: &str) -> Admin {
    Admin { id: 7, name: "Budi".into(), role: Role::Penghubung, opd: opd.into() }
}

pub fn koordinator() -> Admin {
    Admin { id: 1, name: "Sari".into(), role: Role::Koordinator, opd: "DINKOMINFO".into() }
}

pub const DESCRIPTION: &str = "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh";

/// A DPUPR ticket awaiting acceptance, from an SMS reporter who gave a name.
pub fn ticket(status: Status) -> TicketView {
    TicketView {
        id: "PKL-7Q3K9XW".into(),
        status,
        report_type: ReportType::Pengaduan,
        opd: Some(opd("DPUPR")),
        place: Some("Jl. Medono Raya RT 02 RW 05".into()),
        text: DESCRIPTION.into(),
        reporter: Reporter::Known { name: Some("Siti Aminah".into()), channel: Channel::Sms },
        photo: None,
        due: NaiveDate::from_ymd_opt(2026, 12, 5),
        suggestions: vec![opd("DPUPR"), opd("DINHUB"), opd("BPBD"), opd("DPRKPLH")],
        last_move: None,
    }
}

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// An admin chat driven through `step`, keeping its state.
pub struct Chat {
    pub texts: Texts,
    pub admin: Admin,
    pub lang: Lang,
    pub opds: Vec<OpdRef>,
    pub state: AdminState,
}

impl Chat {
    pub fn new(admin: Admin) -> Chat {
        Chat { texts: texts(), admin, lang: Lang::Id, opds: opds(), state: AdminState::Idle }
    }

    pub fn send(&mut self, event: AdminEvent) -> Step {
        let ctx = Context { admin: &self.admin, lang: self.lang, opds: &self.opds };
        let out = step(&self.texts, &self.state, event, &ctx);
        self.state = out.state.clone();
        out
    }

    pub fn say(&mut self, text: &str) -> Step {
        self.send(AdminEvent::Text(text.into()))
    }

    pub fn tap(&mut self, action: kentongan_admin::Action, ticket: &TicketView) -> Step {
        self.send(AdminEvent::Tap { action, ticket: Some(ticket.clone()) })
    }

    pub fn msg(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.texts.message(self.lang, key, args)
    }
}

/// The only reply of a step.
pub fn only(step: &Step) -> &AdminMessage {
    assert_eq!(step.replies.len(), 1, "{:?}", step.replies);
    &step.replies[0]
}

pub fn labels(message: &AdminMessage) -> Vec<&str> {
    message.buttons.iter().map(|b| b.label.as_str()).collect()
}
