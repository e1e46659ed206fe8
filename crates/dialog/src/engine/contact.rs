//! A shared contact, at any step: the citizen's own Indonesian mobile number is passed to the app;
//! anyone else's, or a number SMS cannot reach, is refused.

use super::Cx;
use crate::types::Effect;

/// `own` and an Indonesian mobile: `PhoneShared` and `phone_saved`; own but not one: `contact_invalid`;
/// not own (or empty): `contact_not_own`. Then the open question again.
pub(crate) fn shared(cx: &mut Cx, phone: &str, own: bool) {
    let phone = phone.trim();
    if !own || phone.is_empty() {
        cx.say("contact_not_own", &[]);
    } else if is_indonesian_mobile(phone) {
        cx.effects.push(Effect::PhoneShared { phone: phone.to_owned() });
        cx.say("phone_saved", &[]);
    } else {
        cx.say("contact_invalid", &[]);
    }
    cx.show_current();
}

/// The rule of the Indonesian numbering plan for mobiles: written `08…` nationally or `+628…`/`628…`
/// internationally, the number after the `0` (or `62`) starts with `8` and has 9 to 12 digits — `0812-3456-78`
/// (10 digits with the 0) up to `0812-3456-7890-1` (13). Status SMS go out through Indonesian SMS
/// gateways, so a number outside this plan (a landline, a foreign or a truncated number such as
/// `0812345`) cannot be the reporter's SMS fallback. Spaces, dashes, dots and parentheses are ignored.
pub(crate) fn is_indonesian_mobile(raw: &str) -> bool {
    let kept: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let digits = kept.strip_prefix('+').unwrap_or(&kept);
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let national = digits.strip_prefix("62").or_else(|| digits.strip_prefix('0'));
    national.is_some_and(|n| n.starts_with('8') && (9..=12).contains(&n.len()))
}

#[cfg(test)]
mod tests {
    use super::is_indonesian_mobile;

    #[test]
    fn indonesian_mobiles_in_every_written_form_are_accepted_and_short_or_foreign_ones_are_not() {
        for ok in ["081234567890", "+6281234567890", "6281234567890", "0812-3456-78", "+62 812 3456 7890 1"] {
            assert!(is_indonesian_mobile(ok), "{ok}");
        }
        for bad in ["0812345", "+14158675309", "0285123456", "62812", "08123456789012", "0812abc4567", ""] {
            assert!(!is_indonesian_mobile(bad), "{bad}");
        }
    }
}
