-- Emoji reactions (Versia pub.versia:reactions/Reaction, versia.md §10.9): one per
-- (account, note, content); `uri` is a remote reaction's federation id, which the
-- Delete undoing it names (§8.5). Dislikes (pub.versia:likes/Dislike, §10.6): one per
-- (account, note), replacing a like by that account; `uri` as for reactions.
CREATE TABLE reactions (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    uri TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, note_id, content)
);
CREATE INDEX reactions_note ON reactions (note_id);

CREATE TABLE dislikes (
    id BIGINT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    uri TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, note_id)
);
CREATE INDEX dislikes_note ON dislikes (note_id);
