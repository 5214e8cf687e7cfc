-- Earlier versions of edited notes (Mastodon's status edit history): one row per
-- replaced version, written in the same transaction as the edit; `created_at` is when
-- that version was written, and a version stored twice (a redelivered edit) is kept
-- once. Removed with their note.
CREATE TABLE note_edits (
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    content_html TEXT NOT NULL,
    content_warning TEXT NOT NULL,
    sensitive INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (note_id, created_at)
);
