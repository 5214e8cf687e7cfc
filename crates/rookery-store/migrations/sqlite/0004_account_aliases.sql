-- One account per remote (username, domain) across both protocols (architecture
-- invariant 2; FEDERATION.md "Both protocols"). A server that speaks ActivityPub and
-- Versia reaches us under two ids for one person: `accounts` holds the facts of the
-- protocol we keep for it (federation.prefer decides); the other protocol's id, facts
-- and keys live here, so `account_by_uri` finds the account by either id. Keep this
-- file identical in migrations/sqlite and migrations/postgres.
CREATE TABLE account_aliases (
    uri TEXT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    protocol TEXT NOT NULL,
    inbox TEXT NOT NULL,
    shared_inbox TEXT,
    url TEXT,
    outbox TEXT,
    followers_url TEXT,
    updated_at BIGINT NOT NULL
);
-- At most one alias per protocol and account.
CREATE UNIQUE INDEX account_aliases_protocol ON account_aliases (account_id, protocol);

CREATE TABLE account_alias_keys (
    alias_uri TEXT NOT NULL REFERENCES account_aliases (uri) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    material TEXT NOT NULL,
    PRIMARY KEY (alias_uri, position)
);
