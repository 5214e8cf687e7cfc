-- Polls on notes (Mastodon polls, ActivityPub Question, Versia pub.versia:polls). A
-- local poll's counts are recounted from poll_votes; a remote one's are what its
-- server last sent. `updated_at` changes with the counts (ids of count updates).
CREATE TABLE polls (
    note_id BIGINT PRIMARY KEY NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    multiple INTEGER NOT NULL,
    hide_totals INTEGER NOT NULL,
    expires_at BIGINT,
    voters_count BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Options in the author's order (`position` is the 0-based index votes name).
CREATE TABLE poll_options (
    note_id BIGINT NOT NULL REFERENCES polls (note_id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    votes BIGINT NOT NULL,
    PRIMARY KEY (note_id, position)
);

-- Votes: one row per chosen option. All votes of a local poll; only our own users'
-- votes of a remote one (to show `voted` and `own_votes`, and refuse a second vote).
CREATE TABLE poll_votes (
    note_id BIGINT NOT NULL REFERENCES polls (note_id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    choice BIGINT NOT NULL,
    uri TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (note_id, account_id, choice)
);
