-- Instance-level domain blocks (Mastodon's "suspend"), set by the operator with
-- `rookery domain block`: the domain and its subdomains are refused in both inboxes,
-- sent nothing and never fetched from. `domain` is the bare lowercased host.
CREATE TABLE instance_blocks (
    domain TEXT PRIMARY KEY NOT NULL,
    reason TEXT,
    created_at BIGINT NOT NULL
);

-- Remote custom emoji, kept by reference (activitypub.md §5.4, versia.md §10.1): one row
-- per (domain, shortcode) with the image's URL on that server, and the notes using them.
CREATE TABLE custom_emojis (
    domain TEXT NOT NULL,
    shortcode TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (domain, shortcode)
);

CREATE TABLE note_emojis (
    note_id BIGINT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    shortcode TEXT NOT NULL,
    PRIMARY KEY (note_id, domain, shortcode),
    FOREIGN KEY (domain, shortcode) REFERENCES custom_emojis (domain, shortcode)
        ON DELETE CASCADE
);
