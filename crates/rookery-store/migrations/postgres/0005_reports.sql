-- Reports to this instance's moderators (ActivityPub Flag, activitypub.md §5.10; Versia
-- pub.versia:reports/Report, versia.md §10.10). Reported accounts and notes are local
-- ids written as space-separated decimals and `tags` one per line; `uri` (the Flag's
-- id) makes a redelivery a no-op. `reporter_id` is NULL for anonymous reports.
CREATE TABLE reports (
    id BIGINT PRIMARY KEY NOT NULL,
    reporter_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    account_ids TEXT NOT NULL,
    note_ids TEXT NOT NULL,
    comment TEXT NOT NULL,
    tags TEXT NOT NULL,
    uri TEXT UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX reports_created ON reports (created_at);
