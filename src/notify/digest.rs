//! SMS pushes under the per-reporter daily cap, and the digest that folds the rest into one SMS
//! the next morning.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use kentongan_dialog::{Dialogs, Lang, gsm7};
use serde::{Deserialize, Serialize};

use crate::domain::{Address, Channel};
use crate::outbound::{self, Priority};
use crate::store::{Job, NewJob, PushOutcome, SmsPush, Store};

/// Outbox kind of a reporter's daily digest of folded status changes.
pub const DIGEST_JOB: &str = "notify.digest";

/// How status pushes by SMS are limited and routed.
#[derive(Debug, Clone)]
pub struct SmsPolicy {
    /// Provider for reporters whose own provider is unknown (Telegram fallback) or switched off.
    pub default_provider: Option<String>,
    /// The enabled providers (each has a send worker).
    pub enabled: Vec<String>,
    pub daily_cap: u32,
    /// Local hour the digest leaves.
    pub digest_hour: u32,
    pub tz: chrono_tz::Tz,
}

#[derive(Serialize, Deserialize)]
struct DigestPayload {
    phone: String,
    via: String,
    lang: String,
    items: Vec<Item>,
}

#[derive(Serialize, Deserialize)]
struct Item {
    id: String,
    status: String,
}

impl SmsPolicy {
    /// Sends `send` under the cap, or folds `item` into the day's digest; finishes `job` either way.
    #[expect(clippy::too_many_arguments, reason = "one push: the job, its recipient and its rendered forms")]
    pub async fn push(
        &self,
        store: &dyn Store,
        job: &Job,
        to: &Address,
        via: Option<&str>,
        lang: Lang,
        send: Vec<NewJob>,
        item: serde_json::Value,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<PushOutcome>> {
        let Some(via) = via else {
            store.fail_job(job.id, "no SMS provider for this reporter and no sms.default_provider", None).await?;
            return Ok(None);
        };
        let day = now.with_timezone(&self.tz).date_naive();
        let payload = serde_json::json!({ "phone": to.id, "via": via, "lang": lang.code(), "items": [item.clone()] });
        let digest = NewJob {
            kind: DIGEST_JOB.into(),
            dedupe_key: format!("digest:{}:{day}", to.id),
            payload,
            priority: Priority::Digest as i32,
            run_at: self.digest_time(day),
        };
        let push =
            SmsPush { notify_job: job.id, phone: to.id.clone(), day, cap: self.daily_cap, send, digest, item, now };
        Ok(Some(store.push_sms(&push).await?))
    }

    /// The morning after `day`, at the digest hour, local time.
    fn digest_time(&self, day: NaiveDate) -> DateTime<Utc> {
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        let local = next.and_hms_opt(self.digest_hour, 0, 0).unwrap_or_default();
        self.tz.from_local_datetime(&local).earliest().map_or_else(Utc::now, |t| t.with_timezone(&Utc))
    }

    /// Renders a claimed digest into one SMS and hands it to the outbox.
    pub async fn send_digest(
        &self,
        store: &dyn Store,
        dialogs: &Dialogs,
        job: &Job,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let Ok(p) = serde_json::from_value::<DigestPayload>(job.payload.clone()) else {
            return Ok(store.fail_job(job.id, "unreadable digest payload", None).await?);
        };
        let lang = Lang::parse(&p.lang).unwrap_or_default();
        let text = digest_text(dialogs, lang, &p.items);
        let to = Address::new(Channel::Sms, p.phone);
        let reply = kentongan_dialog::Reply { text, ..Default::default() };
        let msg = crate::inbox::render_outbound(dialogs, &to, Some(&p.via), &reply, lang);
        let send = outbound::jobs(&msg, format!("send:{}", job.dedupe_key), Priority::Digest, now);
        Ok(store.hand_over(Some(job.id), &send, now).await?)
    }
}

/// "Kabar laporanmu: PKL-A Selesai; PKL-B Diproses" — as many items as fit one SMS, then "and n more".
fn digest_text(dialogs: &Dialogs, lang: Lang, items: &[Item]) -> String {
    let lines: Vec<String> =
        items.iter().map(|i| format!("{} {}", i.id, dialogs.status_label(&i.status, lang))).collect();
    let fits = |t: &String| gsm7::septets(&gsm7::normalize(t)).is_some_and(|n| n <= gsm7::ONE_SMS);
    let render = |shown: usize| {
        let items = lines[..shown].join("; ");
        match lines.len() - shown {
            0 => dialogs.message("sms_digest", lang, &[("items", &items)]),
            more => dialogs.message("sms_digest_more", lang, &[("items", &items), ("more", &more.to_string())]),
        }
    };
    // As many items as fit; at least one (an id and a status label always fit; the sender splits if not).
    (1..=lines.len()).rev().map(render).find(fits).unwrap_or_else(|| render(lines.len().min(1)))
}
