//! Local account administration: creating users with argon2id password hashes, the
//! password policy, and bearer tokens for scripts. Used by the CLI and first start.

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
use rand::distributions::{Alphanumeric, DistString};
use rand::RngCore;
use rookery_core::auth::CLI_TOKEN_SCOPES;
use rookery_core::{
    AccessToken, Account, AccountId, IdGenerator, LocalCredentials, Origin, Timestamp, TokenId,
    Username,
};
use rookery_store::{Store, StoreError};
use sha2::{Digest, Sha256};

/// Fewer characters than this is refused (Mastodon's minimum).
const MIN_PASSWORD_LEN: usize = 8;
/// Longer than this is refused, so hashing stays cheap to bound.
const MAX_PASSWORD_LEN: usize = 1024;
/// Refused outright: the passwords tried first by every guesser.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "password1",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyui",
    "qwerty123",
    "iloveyou",
    "11111111",
    "00000000",
    "abcdefgh",
    "letmein1",
    "changeme",
    "rookery1",
];

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("the username {0:?} is already taken")]
    UsernameTaken(String),
    #[error("no local account named {0:?}")]
    NoSuchUser(String),
    #[error(transparent)]
    Store(StoreError),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> Self {
        AccountError::Store(e)
    }
}

/// Checks a chosen password. Returns why it is refused.
pub fn check_password(username: &str, password: &str) -> Result<(), AccountError> {
    let weak = |why: &str| Err(AccountError::Invalid(format!("password {why}")));
    if password.trim().is_empty() {
        return weak("is empty");
    }
    if password.chars().count() < MIN_PASSWORD_LEN {
        return weak(&format!("must be at least {MIN_PASSWORD_LEN} characters"));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return weak(&format!("must be at most {MAX_PASSWORD_LEN} bytes"));
    }
    let lower = password.to_lowercase();
    if lower == username.to_lowercase() {
        return weak("must not be the username");
    }
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return weak("is too common");
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return weak("must not repeat one character");
    }
    Ok(())
}

/// A random password for generated accounts: 20 letters and digits (~119 bits).
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 20)
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hashing(e.to_string()))
}

/// Creates a local account. Validates everything before writing, so a refusal changes
/// nothing.
pub async fn create_local_account(
    store: &Store,
    ids: &IdGenerator,
    now: Timestamp,
    username: &str,
    password: &str,
    admin: bool,
) -> Result<Account, AccountError> {
    let name = Username::parse(username).map_err(|e| AccountError::Invalid(e.to_string()))?;
    check_password(name.as_str(), password)?;
    if store
        .local_account_by_username(name.as_str())
        .await?
        .is_some()
    {
        return Err(AccountError::UsernameTaken(name.to_string()));
    }
    let account = Account {
        id: AccountId(ids.next(now)),
        username: name.to_string(),
        domain: None,
        display_name: String::new(),
        note: String::new(),
        locked: false,
        bot: false,
        discoverable: true,
        profile: Default::default(),
        origin: Origin::Local,
        created_at: now,
        updated_at: now,
    };
    let credentials = LocalCredentials {
        account_id: account.id,
        password_hash: hash_password(password)?,
        admin,
    };
    match store.create_local_account(&account, &credentials).await {
        Ok(()) => Ok(account),
        // Lost a race with another creator: the database's uniqueness decides.
        Err(StoreError::UsernameTaken) => Err(AccountError::UsernameTaken(name.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Issues a bearer token with read, write and follow scopes for a local account and
/// returns the secret (shown once; only its SHA-256 is stored).
pub async fn create_token(
    store: &Store,
    ids: &IdGenerator,
    now: Timestamp,
    username: &str,
) -> Result<String, AccountError> {
    let account = store
        .local_account_by_username(username)
        .await?
        .ok_or_else(|| AccountError::NoSuchUser(username.to_owned()))?;
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let token = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, secret);
    let record = AccessToken {
        id: TokenId(ids.next(now)),
        account: account.id,
        token_sha256: token_hash(&token),
        scopes: CLI_TOKEN_SCOPES.into(),
        app_name: None,
        created_at: now,
    };
    store.create_access_token(&record).await?;
    Ok(token)
}

/// The stored form of a token secret.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        let table = [
            ("", false),
            ("        ", false),
            ("short", false),
            ("password", false),
            ("PassWord", false),
            ("aaaaaaaaaa", false),
            ("alice_the_user", false),
            ("correct horse battery", true),
            ("x9!Lm2#pQ", true),
        ];
        for (password, ok) in table {
            assert_eq!(
                check_password("alice_the_user", password).is_ok(),
                ok,
                "{password:?}"
            );
        }
        let generated = generate_password();
        assert_eq!(generated.len(), 20);
        assert!(check_password("admin", &generated).is_ok());
    }

    #[test]
    fn hashes_are_argon2id_and_salted() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert_eq!(token_hash("abc").len(), 64);
    }
}
