//! SMS pushes under the per-reporter daily cap, and the digest that folds the rest into one SMS
//! the next morning.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use kentongan_dialog::{Dialogs, Lang, gsm7};

use crate::domain::{Address, Channel};
use crate::jobs::{BackgroundJob, DigestItem, NewJob, SmsDigest};
use crate::outbound::Priority;
use crate::store::{Job, PushOutcome, SmsPush, Store};

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
        item: DigestItem,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<PushOutcome>> {
        let Some(via) = via else {
            store.fail_job(job.id, "no SMS provider for this reporter and no sms.default_provider", None).await?;
            return Ok(None);
        };
        let day = now.with_timezone(&self.tz).date_naive();
        let digest = SmsDigest {
            phone: to.id.clone(),
            via: via.into(),
            lang: lang.code().into(),
            items: vec![item.clone()],
            day: Some(day),
        };
        let digest: NewJob = digest.to_row(self.digest_time(day));
        let item = serde_json::to_value(&item)?;
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
        channels: &crate::channel::Channels,
        job: &Job,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let Ok(p) = SmsDigest::from_row(job) else {
            return Ok(store.fail_job(job.id, "unreadable digest payload", None).await?);
        };
        let lang = Lang::parse(&p.lang).unwrap_or_default();
        let text = digest_text(dialogs, lang, &p.items);
        let to = Address::new(Channel::Sms, p.phone);
        let reply = kentongan_dialog::Reply { text, ..Default::default() };
        let msg = channels.render(dialogs, &to, Some(&p.via), &reply, lang);
        let send = channels.jobs(&msg, format!("send:{}", job.dedupe_key), Priority::Digest, now);
        Ok(store.hand_over(Some(job.id), &send, now).await?)
    }
}

/// "Kabar laporanmu: PKL-A Selesai; PKL-B Diproses" — as many items as fit one SMS, then "and n more".
fn digest_text(dialogs: &Dialogs, lang: Lang, items: &[DigestItem]) -> String {
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
