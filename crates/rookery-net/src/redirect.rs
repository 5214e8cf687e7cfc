//! The redirect policy: caps the hops and runs every hop's URL through the same
//! pre-flight checks as the first request, so a public host cannot bounce us inward.

use reqwest::redirect::Policy;

use crate::error::Refusal;
use crate::guard::Guard;
use crate::target;

pub(crate) fn policy(max_redirects: usize, guard: Guard) -> Policy {
    Policy::custom(move |attempt| {
        // `previous` holds the original URL plus every hop already followed, so its
        // length is the number of this hop.
        let hop = attempt.previous().len();
        if hop > max_redirects {
            return attempt.error(Refusal::TooManyRedirects);
        }
        match target::check(attempt.url(), &guard) {
            Ok(()) => {
                tracing::debug!(hop, to = %attempt.url(), status = %attempt.status(), "following redirect");
                attempt.follow()
            }
            Err(refusal) => attempt.error(refusal),
        }
    })
}
