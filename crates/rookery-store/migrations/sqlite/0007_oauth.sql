-- OAuth 2 (Mastodon's client API): registered applications, authorization codes,
-- refresh tokens and app-only (client_credentials) tokens. Secrets are stored as their
-- SHA-256; user access tokens live in access_tokens, linked to their app through the
-- refresh token issued with them.
CREATE TABLE oauth_apps (
    id BIGINT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    website TEXT,
    -- Newline-separated.
    redirect_uris TEXT NOT NULL,
    scopes TEXT NOT NULL,
    client_id TEXT NOT NULL UNIQUE,
    client_secret_sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE oauth_codes (
    code_sha256 TEXT PRIMARY KEY NOT NULL,
    app_id BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scopes TEXT NOT NULL,
    code_challenge TEXT,
    code_challenge_method TEXT,
    expires_at BIGINT NOT NULL
);

CREATE TABLE oauth_refresh_tokens (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    app_id BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    access_token_id BIGINT NOT NULL UNIQUE REFERENCES access_tokens (id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE oauth_app_tokens (
    id BIGINT PRIMARY KEY NOT NULL,
    app_id BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX oauth_app_tokens_app ON oauth_app_tokens (app_id);
