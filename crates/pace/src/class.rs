//! Priority classes of outbound messages, most urgent first.

/// What an outbound message is; decides its priority. Lower value = more urgent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The answer to a citizen who is typing to the bot right now.
    DialogReply = 0,
    /// A notice to an operator (new urgent ticket, escalation).
    AdminPing = 1,
    /// "Your report moved to in-progress": a change the citizen did not just ask for.
    StatusPush = 2,
    /// Periodic summaries; can wait the longest.
    Digest = 3,
}

impl Class {
    /// Every class, most urgent first.
    pub const ALL: [Class; 4] = [Class::DialogReply, Class::AdminPing, Class::StatusPush, Class::Digest];

    /// Position in [`Class::ALL`] and in [`crate::Scheduler::len_by_class`].
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Class;

    #[test]
    fn classes_are_ordered_most_urgent_first() {
        let mut sorted = Class::ALL;
        sorted.sort();
        assert_eq!(sorted, Class::ALL);
        for (i, class) in Class::ALL.iter().enumerate() {
            assert_eq!(class.index(), i);
        }
    }
}
