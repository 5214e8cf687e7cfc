-- What a local account keeps for itself (the client API's personal data): bookmarks,
-- pinned notes (Mastodon's `toot:featured` collection of the actor) and read markers.
-- Ids are snowflakes: clients page by them.
CREATE TABLE bookmarks (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, note_id)
);
CREATE INDEX bookmarks_account ON bookmarks (account_id, id);

CREATE TABLE pins (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, note_id)
);
CREATE INDEX pins_account ON pins (account_id, id);

-- One row per (account, timeline); `version` counts the saves.
CREATE TABLE markers (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    timeline TEXT NOT NULL,
    last_read_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, timeline)
);

-- Favourites are listed per account, newest like first.
CREATE INDEX likes_account ON likes (account_id, id);
