-- The instance's own custom emoji, added by the operator with `rookery emoji add`: the
-- image is a file of the media library (`url` absolute, under /media/), `updated_at`
-- tells peers when to refresh their copy. Times in milliseconds.
CREATE TABLE local_emojis (
    shortcode TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    media_type TEXT NOT NULL,
    category TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A remote account's custom emoji (display name, bio, fields) by reference: a JSON
-- array of {"shortcode", "url"}, read and written whole with the profile.
ALTER TABLE accounts ADD COLUMN profile_emojis TEXT NOT NULL DEFAULT '[]';
