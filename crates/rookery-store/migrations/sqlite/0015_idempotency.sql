-- The client API's `Idempotency-Key` of POST /api/v1/statuses: which note an account's
-- key created, remembered for an hour (older rows are replaced when the key is reused).
-- In the database so that every process of one instance agrees. `note_id` is NULL while
-- the claiming request is still posting.
CREATE TABLE idempotency_keys (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    note_id BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);

-- A follow's `languages` (Mastodon's follow option): space-separated ISO 639-1 codes,
-- NULL for all languages. `show_reblogs` and `notify` are in 0001.
ALTER TABLE follows ADD COLUMN languages TEXT;
