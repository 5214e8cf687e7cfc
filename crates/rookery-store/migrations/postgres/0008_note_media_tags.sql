-- Remote media attached to notes, kept as references to the files on their origin
-- (activitypub.md §5.5, versia.md §8.2 `attachments`): nothing is downloaded. `position`
-- keeps the sender's order; `kind` is image, video, audio or unknown.
CREATE TABLE note_attachments (
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    url TEXT NOT NULL,
    media_type TEXT,
    description TEXT,
    blurhash TEXT,
    width BIGINT,
    height BIGINT,
    kind TEXT NOT NULL,
    PRIMARY KEY (note_id, position)
);

-- A note's hashtags, lowercased and without `#` (activitypub.md §5.4).
CREATE TABLE note_tags (
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (note_id, tag)
);
CREATE INDEX note_tags_tag ON note_tags (tag, note_id);
