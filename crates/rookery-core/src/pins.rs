//! Which notes an account may pin to its profile: Mastodon's `StatusPinValidator`
//! rules (its own notes, public or unlisted, at most five), as a pure function.

use crate::error::CoreError;
use crate::id::AccountId;
use crate::note::Note;

/// Mastodon's limit of pinned notes per account.
pub const MAX_PINNED: u32 = 5;

/// Why `account` may not pin `note`, if it may not. The count limit is checked by the
/// store when it writes the pin, so two requests at once cannot both pass it.
pub fn pin_refusal(account: AccountId, note: &Note) -> Option<CoreError> {
    if note.author != account {
        return Some(CoreError::invalid(
            "status",
            "can only pin your own statuses",
        ));
    }
    if !note.visibility.is_world_readable() {
        return Some(CoreError::invalid(
            "status",
            "can only pin public or unlisted statuses",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Visibility;
    use crate::test_support::{id, note};

    #[test]
    fn own_public_and_unlisted_notes_only() {
        let (me, other) = (id(1), id(2));
        // (author, visibility, may pin)
        let table = [
            (me, Visibility::Public, true),
            (me, Visibility::Unlisted, true),
            (me, Visibility::FollowersOnly, false),
            (me, Visibility::Direct, false),
            (other, Visibility::Public, false),
            (other, Visibility::Unlisted, false),
        ];
        for (author, visibility, allowed) in table {
            assert_eq!(
                pin_refusal(me, &note(author, visibility, &[])).is_none(),
                allowed,
                "{author:?} {visibility:?}"
            );
        }
    }
}
