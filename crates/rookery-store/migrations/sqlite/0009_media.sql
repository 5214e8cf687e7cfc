-- Local uploads (the client API's media): processed files under DATA_DIR/media, kept
-- here with what clients show (sizes, blurhash, alt text, focus). `note_id` is set in
-- the transaction that stores the note naming them, so a note never exists without
-- them; deleting the note frees them again (Mastodon's delete-and-redraft reuses them).
CREATE TABLE media_uploads (
    id BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note_id BIGINT REFERENCES notes (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    media_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    size BIGINT NOT NULL,
    small_url TEXT NOT NULL,
    small_media_type TEXT NOT NULL,
    small_width BIGINT NOT NULL,
    small_height BIGINT NOT NULL,
    small_size BIGINT NOT NULL,
    blurhash TEXT,
    description TEXT,
    focus_x REAL NOT NULL,
    focus_y REAL NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX media_uploads_note ON media_uploads (note_id);
