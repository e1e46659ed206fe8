//! A shared contact, at any step: the citizen's own number is passed to the app; anyone else's is refused.

use super::Cx;
use crate::types::Effect;

/// `own`: `PhoneShared` and `phone_saved`; not own (or empty): `contact_not_own`. Then the open question again.
pub(crate) fn shared(cx: &mut Cx, phone: &str, own: bool) {
    let phone = phone.trim();
    if own && !phone.is_empty() {
        cx.effects.push(Effect::PhoneShared { phone: phone.to_owned() });
        cx.say("phone_saved", &[]);
    } else {
        cx.say("contact_not_own", &[]);
    }
    cx.show_current();
}
