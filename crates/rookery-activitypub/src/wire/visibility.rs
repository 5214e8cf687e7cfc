//! Visibility from addressing and back (activitypub.md §5.2). Receiving: Mastodon
//! infers it from `to`/`cc` alone. Sending: the `to`/`cc` Mastodon itself emits for
//! each visibility.

use rookery_core::Visibility;

use super::activity::Activity;
use super::audience::Audience;
use super::object::Object;
use super::public::PUBLIC;

/// Mastodon's five categories; `Limited` (actors addressed, not all of them
/// mentioned) has no core equivalent and is treated as direct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inferred {
    Public,
    Unlisted,
    FollowersOnly,
    Direct,
    Limited,
}

impl Inferred {
    pub fn visibility(self) -> Visibility {
        match self {
            Inferred::Public => Visibility::Public,
            Inferred::Unlisted => Visibility::Unlisted,
            Inferred::FollowersOnly => Visibility::FollowersOnly,
            Inferred::Direct | Inferred::Limited => Visibility::Direct,
        }
    }
}

/// Infers visibility from a normalized audience (Public already in its full form).
/// `followers` is the author's `followers` URI, compared exactly; `mention_hrefs` the
/// hrefs of the object's `Mention` tags.
pub fn infer(
    to: &Audience,
    cc: &Audience,
    followers: Option<&str>,
    mention_hrefs: &[&str],
) -> Inferred {
    if to.contains(PUBLIC) {
        return Inferred::Public;
    }
    if cc.contains(PUBLIC) {
        return Inferred::Unlisted;
    }
    let mut recipients = to.iter().chain(cc.iter());
    if let Some(followers) = followers {
        if to.contains(followers) || cc.contains(followers) {
            return Inferred::FollowersOnly;
        }
    }
    if recipients.all(|r| mention_hrefs.contains(&r)) {
        Inferred::Direct
    } else {
        Inferred::Limited
    }
}

/// Infers a content object's visibility: its own `to`/`cc`, or the activity's when the
/// object carries none (§5.2).
pub fn infer_object(
    object: &Object,
    activity: Option<&Activity>,
    followers: Option<&str>,
) -> Inferred {
    let mentions: Vec<&str> = object.mentions().map(|m| m.href.as_str()).collect();
    match activity {
        Some(activity) if object.to.is_empty() && object.cc.is_empty() => {
            infer(&activity.to, &activity.cc, followers, &mentions)
        }
        _ => infer(&object.to, &object.cc, followers, &mentions),
    }
}

/// The `(to, cc)` Mastodon emits for `visibility`: public: to Public, cc followers +
/// mentions; unlisted: to followers, cc Public + mentions; followers-only: to
/// followers, cc mentions; direct: to mentions only.
pub fn addressing(
    visibility: Visibility,
    followers: &str,
    mentioned: &[String],
) -> (Audience, Audience) {
    let mentioned = dedup(mentioned);
    let with = |first: &str| -> Vec<String> {
        std::iter::once(first.to_owned())
            .chain(mentioned.iter().filter(|m| m.as_str() != first).cloned())
            .collect()
    };
    match visibility {
        Visibility::Public => (Audience::new([PUBLIC]), Audience(with(followers))),
        Visibility::Unlisted => (Audience::new([followers]), Audience(with(PUBLIC))),
        Visibility::FollowersOnly => (Audience::new([followers]), Audience(mentioned)),
        Visibility::Direct => (Audience(mentioned), Audience::default()),
    }
}

fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const FOLLOWERS: &str = "https://b.example/users/bob/followers";
    const ANN: &str = "https://a.example/users/ann";
    const CAT: &str = "https://c.example/users/cat";

    /// (to, cc, mention hrefs, expected)
    type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str], Inferred);

    fn aud(ids: &[&str]) -> Audience {
        Audience::new(ids.iter().copied())
    }

    #[test]
    fn infers_like_mastodon() {
        use Inferred::*;
        let cases: &[Case] = &[
            (&[PUBLIC], &[FOLLOWERS], &[], Public),
            (&["as:Public"], &[], &[], Public),
            (&["Public"], &[ANN], &[ANN], Public),
            (&[PUBLIC], &[PUBLIC], &[], Public),
            (&[FOLLOWERS], &[PUBLIC], &[], Unlisted),
            (&[FOLLOWERS], &["as:Public", ANN], &[ANN], Unlisted),
            (&[ANN], &["Public"], &[ANN], Unlisted),
            (&[FOLLOWERS], &[], &[], FollowersOnly),
            (&[], &[FOLLOWERS], &[], FollowersOnly),
            (&[FOLLOWERS], &[ANN], &[ANN], FollowersOnly),
            (&[ANN], &[], &[ANN], Direct),
            (&[ANN, CAT], &[], &[ANN, CAT], Direct),
            (&[ANN], &[CAT], &[ANN, CAT], Direct),
            (&[], &[], &[], Direct),
            (&[ANN], &[], &[], Limited),
            (&[ANN, CAT], &[], &[ANN], Limited),
            // Someone else's followers collection is just an unmentioned recipient.
            (
                &["https://b.example/users/eve/followers"],
                &[],
                &[],
                Limited,
            ),
            // A followers URI that merely looks right is not the author's.
            (
                &["https://b.example/users/bob/followers/"],
                &[],
                &[],
                Limited,
            ),
        ];
        for (to, cc, mentions, expected) in cases {
            let got = infer(&aud(to), &aud(cc), Some(FOLLOWERS), mentions);
            assert_eq!(got, *expected, "to {to:?} cc {cc:?} mentions {mentions:?}");
        }
        // Without a known followers URI, followers-only cannot be recognised.
        assert_eq!(infer(&aud(&[FOLLOWERS]), &aud(&[]), None, &[]), Limited);
        assert_eq!(Limited.visibility(), Visibility::Direct);
    }

    #[test]
    fn addresses_like_mastodon() {
        let mentions = vec![ANN.to_owned(), CAT.to_owned(), ANN.to_owned()];
        let cases: &[(Visibility, &[&str], &[&str])] = &[
            (Visibility::Public, &[PUBLIC], &[FOLLOWERS, ANN, CAT]),
            (Visibility::Unlisted, &[FOLLOWERS], &[PUBLIC, ANN, CAT]),
            (Visibility::FollowersOnly, &[FOLLOWERS], &[ANN, CAT]),
            (Visibility::Direct, &[ANN, CAT], &[]),
        ];
        for (visibility, to, cc) in cases {
            let (got_to, got_cc) = addressing(*visibility, FOLLOWERS, &mentions);
            assert_eq!(got_to, aud(to), "{visibility:?} to");
            assert_eq!(got_cc, aud(cc), "{visibility:?} cc");
            // Round trip: what we emit is read back as the same visibility.
            let hrefs = [ANN, CAT];
            let back = infer(&got_to, &got_cc, Some(FOLLOWERS), &hrefs).visibility();
            assert_eq!(back, *visibility);
        }
        let (to, cc) = addressing(Visibility::Public, FOLLOWERS, &[]);
        assert_eq!((to, cc), (aud(&[PUBLIC]), aud(&[FOLLOWERS])));
    }
}
