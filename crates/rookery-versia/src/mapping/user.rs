//! User (versia.md §8.1) both ways: our local accounts as Users, remote Users as core
//! accounts reached over Versia (one inbox per instance, §1; the instance key, §3.1).

use rookery_core::{
    Account, AccountId, Domain, FederationFacts, Origin, Protocol, PublicKey, Timestamp,
};

use super::profile::{image_format, local_fields, remote_profile};
use super::text::{html_and_plain, remote_html};
use crate::context::{now, Versia};
use crate::entities::{User, UserTag};
use crate::keys::ALGORITHM;
use crate::paths::{collection_path, entity_path, INBOX_PATH};

/// A local account as a Versia User. The id is the decimal account id.
pub fn local_user(account: &Account) -> User {
    User {
        id: account.id.as_i64().to_string(),
        entity_type: UserTag,
        created_at: account.created_at.to_rfc3339(),
        username: account.username.clone(),
        display_name: Some(account.display_name.clone()).filter(|n| !n.is_empty()),
        avatar: account.profile.avatar.as_deref().map(image_format),
        header: account.profile.header.as_deref().map(image_format),
        bio: Some(&account.note)
            .filter(|n| !n.is_empty())
            .map(|n| html_and_plain(n)),
        fields: local_fields(&account.profile),
        manually_approves_followers: account.locked,
        indexable: account.discoverable,
        extensions: None,
    }
}

/// A User served by `domain` (already verified and validated) as a remote core
/// account. `id` is used only if the account is new (the store keeps an existing id).
pub fn remote_account(
    versia: &Versia,
    domain: &str,
    user: &User,
    id: AccountId,
) -> Result<Account, String> {
    let parsed_domain = Domain::parse(domain).map_err(|e| e.to_string())?;
    let inbox = versia.remote_url(domain, INBOX_PATH);
    let public_keys = versia
        .keys
        .cached(domain)
        .map(|key| PublicKey {
            key_id: domain.to_owned(),
            algorithm: ALGORITHM.to_owned(),
            material: key.to_spki_base64(),
        })
        .into_iter()
        .collect();
    let facts = FederationFacts {
        protocol: Protocol::Versia,
        uri: format!("{domain}:{}", user.id),
        inbox: inbox.clone(),
        shared_inbox: Some(inbox),
        url: Some(versia.remote_url(domain, &entity_path("User", &user.id))),
        outbox: Some(versia.remote_url(domain, &collection_path("User", &user.id, "outbox"))),
        followers: Some(versia.remote_url(domain, &collection_path("User", &user.id, "followers"))),
        public_keys,
    };
    let created_at = Timestamp::parse_rfc3339(&user.created_at).unwrap_or_else(now);
    Ok(Account {
        id,
        username: user.username.clone(),
        domain: Some(parsed_domain),
        display_name: user.display_name.clone().unwrap_or_default(),
        note: remote_html(user.bio.as_ref()),
        locked: user.manually_approves_followers,
        bot: false,
        discoverable: user.indexable,
        profile: remote_profile(user),
        origin: Origin::Remote(Box::new(facts)),
        created_at,
        updated_at: now(),
    })
}
