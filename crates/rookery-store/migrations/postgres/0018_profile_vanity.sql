-- What a profile shows of a remote Versia user's `pub.versia:vanity` (versia.md §10.12):
-- a JSON object {"pronouns": [..], "location", "birthday", "timezone"} (absent keys are
-- empty), read and written whole with the profile; '{}' when there is none.
ALTER TABLE accounts ADD COLUMN profile_vanity TEXT NOT NULL DEFAULT '{}';
