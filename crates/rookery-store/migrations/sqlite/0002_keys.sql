-- Private keys: a local account's signing keys (ActivityPub RSA, one per algorithm) and
-- instance-wide secrets (the Versia instance key). Generated once and kept.
CREATE TABLE local_keys (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    algorithm TEXT NOT NULL,
    private_key TEXT NOT NULL,
    PRIMARY KEY (account_id, algorithm)
);

CREATE TABLE instance_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
