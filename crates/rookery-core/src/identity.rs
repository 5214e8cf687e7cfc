//! One remote person, one account (architecture invariant 2): a server that speaks both
//! protocols reaches us as an ActivityPub actor and as a Versia user under one handle.
//! We keep one account per (username, domain); this rule picks which protocol's facts
//! it keeps as its own (the protocol our deliveries to it use). The other protocol's id
//! stays an alias, so either protocol still finds the account (FEDERATION.md, "Both
//! protocols").

use crate::protocol::Protocol;

/// The protocol an account reachable by both `stored` and `incoming` keeps as its own:
/// the one earlier in `preference` (this instance's protocols, most preferred first;
/// `federation.prefer`), else the stored one. A protocol we do not speak never displaces
/// one we do, and a tie keeps what is stored, so facts never flip back and forth.
pub fn primary_protocol(preference: &[Protocol], stored: Protocol, incoming: Protocol) -> Protocol {
    let rank = |p: Protocol| {
        preference
            .iter()
            .position(|q| *q == p)
            .unwrap_or(usize::MAX)
    };
    if rank(incoming) < rank(stored) {
        incoming
    } else {
        stored
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Protocol::{ActivityPub as Ap, Versia as V};

    #[test]
    fn the_preferred_protocol_wins_else_the_stored_one_stays() {
        // (preference, stored, incoming, kept)
        let cases: &[(&[Protocol], Protocol, Protocol, Protocol)] = &[
            (&[V, Ap], Ap, V, V),
            (&[V, Ap], V, Ap, V),
            (&[Ap, V], V, Ap, Ap),
            (&[Ap, V], Ap, V, Ap),
            (&[Ap], V, Ap, Ap),
            (&[Ap], Ap, V, Ap),
            (&[V], Ap, V, V),
            (&[], Ap, V, Ap),
            (&[], V, Ap, V),
            (&[V, Ap], V, V, V),
        ];
        for (preference, stored, incoming, kept) in cases {
            assert_eq!(
                primary_protocol(preference, *stored, *incoming),
                *kept,
                "preference {preference:?}, stored {stored}, incoming {incoming}"
            );
        }
    }
}
