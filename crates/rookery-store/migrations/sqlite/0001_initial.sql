-- rookery's initial schema for SQLite. Keep it column-for-column identical to
-- migrations/postgres/0001_initial.sql (tests/schema_parity.rs checks).
-- Times are BIGINT milliseconds since the epoch; ids are BIGINT snowflakes.
-- Booleans are INTEGER 0/1: sqlx's Any driver cannot decode a column declared BOOLEAN
-- on SQLite, and SQLite has no boolean type anyway.

CREATE TABLE accounts (
    id BIGINT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    -- Lowercased username: case-insensitive uniqueness and lookups.
    username_key TEXT NOT NULL,
    -- NULL for local accounts.
    domain TEXT,
    display_name TEXT NOT NULL,
    note TEXT NOT NULL,
    locked INTEGER NOT NULL,
    bot INTEGER NOT NULL,
    discoverable INTEGER NOT NULL,
    -- Federation facts; all NULL for local accounts.
    protocol TEXT,
    uri TEXT UNIQUE,
    inbox TEXT,
    shared_inbox TEXT,
    url TEXT,
    outbox TEXT,
    followers_url TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_local_username_key ON accounts (username_key) WHERE domain IS NULL;
CREATE INDEX accounts_handle ON accounts (username_key, domain);

CREATE TABLE account_keys (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    material TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
);

CREATE TABLE local_credentials (
    account_id BIGINT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    admin INTEGER NOT NULL
);

CREATE TABLE access_tokens (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    app_name TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX access_tokens_account ON access_tokens (account_id);

CREATE TABLE notes (
    id BIGINT PRIMARY KEY NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uri TEXT UNIQUE,
    url TEXT,
    content_html TEXT NOT NULL,
    source TEXT NOT NULL,
    content_warning TEXT NOT NULL,
    sensitive INTEGER NOT NULL,
    language TEXT,
    -- No foreign key: a reply outlives the note it answered.
    in_reply_to_id BIGINT,
    in_reply_to_account_id BIGINT,
    visibility TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT
);
CREATE INDEX notes_author ON notes (author_id, id);
CREATE INDEX notes_in_reply_to ON notes (in_reply_to_id);
CREATE INDEX notes_visibility ON notes (visibility, id);

CREATE TABLE note_mentions (
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, account_id)
);
CREATE INDEX note_mentions_account ON note_mentions (account_id, note_id);

CREATE TABLE follows (
    id BIGINT PRIMARY KEY NOT NULL,
    follower_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    followee_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    uri TEXT UNIQUE,
    show_reblogs INTEGER NOT NULL,
    notify INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, state, id);

CREATE TABLE blocks (
    blocker_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    blocked_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

CREATE TABLE mutes (
    muter_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    muted_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    notifications INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (muter_id, muted_id)
);

CREATE TABLE domain_blocks (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, domain)
);

CREATE TABLE likes (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, note_id)
);
CREATE INDEX likes_note ON likes (note_id);

CREATE TABLE shares (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, note_id)
);
CREATE INDEX shares_note ON shares (note_id);

CREATE TABLE notifications (
    id BIGINT PRIMARY KEY NOT NULL,
    recipient_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    from_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    note_id BIGINT REFERENCES notes (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);

-- Transactional outbox: an activity body is stored once ...
CREATE TABLE outbound_activities (
    id BIGINT PRIMARY KEY NOT NULL,
    protocol TEXT NOT NULL,
    -- No foreign key: if the actor is deleted, the deliverer reports the job unsendable.
    actor_id BIGINT,
    body BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

-- ... inbox URLs once ...
CREATE TABLE inboxes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL
);
CREATE INDEX inboxes_host ON inboxes (host);

-- ... so that a queued delivery is a few integers. AUTOINCREMENT so that an id is never
-- reused: a worker whose lease expired may still report on an old id.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id BIGINT NOT NULL REFERENCES outbound_activities (id),
    inbox_id BIGINT NOT NULL REFERENCES inboxes (id),
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    locked_until BIGINT,
    locked_by TEXT,
    last_error TEXT,
    UNIQUE (activity_id, inbox_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at);

-- Deliveries given up on, kept so nothing is lost silently. The body is not kept.
CREATE TABLE failed_deliveries (
    id BIGINT PRIMARY KEY NOT NULL,
    activity_id BIGINT NOT NULL,
    inbox TEXT NOT NULL,
    host TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX failed_deliveries_failed_at ON failed_deliveries (failed_at);

CREATE TABLE hosts (
    host TEXT PRIMARY KEY NOT NULL,
    unreachable_since BIGINT
);

CREATE TABLE host_failures (
    host TEXT NOT NULL,
    -- Timestamp::day_number of a failed attempt.
    day BIGINT NOT NULL,
    PRIMARY KEY (host, day)
);

-- Idempotent inbox: activity ids already processed.
CREATE TABLE inbox_seen (
    activity_uri TEXT PRIMARY KEY NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX inbox_seen_received_at ON inbox_seen (received_at);
