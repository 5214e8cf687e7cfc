-- The durable inbox queue in its own SQLite file (see src/inbox_db.rs): accepted
-- deliveries wait here, verified and parsed, until the inbox processor applies them.
-- The same table as the main schema's migration 0024, which PostgreSQL uses.
CREATE TABLE inbox_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    protocol TEXT NOT NULL,
    signer TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    locked_by TEXT,
    last_error TEXT
);
CREATE INDEX inbox_jobs_due ON inbox_jobs (next_attempt_at);
