//! `kentongan sms gammu-receive`: turns the environment SMSD gives `RunOnReceive` into one batch and
//! hands it to the running gateway. SMSD waits for the command, so it must return within a second.

use std::collections::HashMap;
use std::time::Duration;

use super::{Batch, Message, Receipt, SECRET_HEADER};

/// Reads `SMS_MESSAGES`, `SMS_n_NUMBER`, `SMS_n_TEXT`, `DECODED_PARTS`, `DECODED_1_TEXT`.
/// The parts of one long message come together: their texts are joined (the decoded text when SMSD
/// gives it). `ids` are the message ids SMSD passes as arguments; they make a re-run harmless.
pub fn batch_from_env(vars: &HashMap<String, String>, ids: &[String]) -> Result<Batch, String> {
    let count: usize = vars
        .get("SMS_MESSAGES")
        .ok_or("SMS_MESSAGES is not set: run this from Gammu SMSD's RunOnReceive")?
        .trim()
        .parse()
        .map_err(|_| "SMS_MESSAGES is not a number")?;
    if count == 0 {
        return Ok(Batch { messages: Vec::new() });
    }
    let number = vars.get("SMS_1_NUMBER").filter(|n| !n.is_empty()).ok_or("SMS_1_NUMBER is not set")?;
    let decoded_parts: usize = vars.get("DECODED_PARTS").and_then(|p| p.trim().parse().ok()).unwrap_or(0);
    let text = match vars.get("DECODED_1_TEXT") {
        Some(t) if decoded_parts > 0 => t.clone(),
        _ => (1..=count).filter_map(|i| vars.get(&format!("SMS_{i}_TEXT"))).map(String::as_str).collect(),
    };
    if ids.is_empty() {
        return Err("no message id given: RunOnReceive passes them as arguments".into());
    }
    Ok(Batch { messages: vec![Message { id: ids.join("+"), number: number.clone(), text }] })
}

/// Posts the batch; any failure is an error for SMSD's log (the message stays in its inbox and the
/// command can be re-run with the same ids).
pub async fn deliver(url: &str, secret: &str, batch: &Batch) -> Result<Receipt, String> {
    let http = reqwest::Client::builder().timeout(Duration::from_millis(900)).build().map_err(|e| e.to_string())?;
    let response = http
        .post(url)
        .header(SECRET_HEADER, secret)
        .json(batch)
        .send()
        .await
        .map_err(|e| format!("gateway at {url} did not answer: {}", e.without_url()))?;
    let status = response.status();
    if !status.is_success() {
        let reason = response.text().await.unwrap_or_default();
        return Err(format!("gateway refused the message: HTTP {status} {reason}"));
    }
    response.json().await.map_err(|e| format!("unreadable answer from the gateway: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_long_message_is_one_batch_entry_with_the_decoded_text() {
        let env = vars(&[
            ("SMS_MESSAGES", "2"),
            ("SMS_1_NUMBER", "+6281234567890"),
            ("SMS_1_TEXT", "LAPOR jalan ber"),
            ("SMS_2_TEXT", "lubang di Medono"),
            ("DECODED_PARTS", "1"),
            ("DECODED_1_TEXT", "LAPOR jalan berlubang di Medono"),
        ]);
        let batch = batch_from_env(&env, &["IN1_00".into(), "IN1_01".into()]).unwrap();
        assert_eq!(batch.messages.len(), 1);
        assert_eq!(batch.messages[0].text, "LAPOR jalan berlubang di Medono");
        assert_eq!(batch.messages[0].id, "IN1_00+IN1_01");
    }

    #[test]
    fn without_decoding_the_parts_are_joined_in_order() {
        let env = vars(&[
            ("SMS_MESSAGES", "2"),
            ("SMS_1_NUMBER", "081234567890"),
            ("SMS_1_TEXT", "CEK "),
            ("SMS_2_TEXT", "PKL-7Q3K9XW"),
        ]);
        assert_eq!(batch_from_env(&env, &["a".into()]).unwrap().messages[0].text, "CEK PKL-7Q3K9XW");
    }

    #[test]
    fn outside_smsd_or_without_ids_it_says_what_is_missing() {
        assert!(batch_from_env(&HashMap::new(), &["a".into()]).unwrap_err().contains("SMS_MESSAGES"));
        let env = vars(&[("SMS_MESSAGES", "1"), ("SMS_1_NUMBER", "0812"), ("SMS_1_TEXT", "x")]);
        assert!(batch_from_env(&env, &[]).unwrap_err().contains("message id"));
    }
}
