-- The durable inbox queue (issue 7, B1): accepted deliveries wait here, verified and
-- parsed, until the inbox processor applies them. A row is deleted once applied or
-- dropped; `locked_until`/`locked_by` lease it to one processor.
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
