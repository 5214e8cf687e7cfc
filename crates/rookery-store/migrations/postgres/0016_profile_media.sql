-- Avatar, header and profile fields of an account. The images are absolute URLs (ours
-- under /media/ for local accounts, the peer's for remote ones); `profile_fields` is a
-- JSON array of {"name", "value", "verified_at"} (value is sanitized HTML,
-- verified_at milliseconds or null), read and written whole.
ALTER TABLE accounts ADD COLUMN avatar_url TEXT;
ALTER TABLE accounts ADD COLUMN header_url TEXT;
ALTER TABLE accounts ADD COLUMN profile_fields TEXT NOT NULL DEFAULT '[]';
