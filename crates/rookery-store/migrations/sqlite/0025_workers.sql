-- Worker liveness (issue 7, B4 with several worker processes): each running worker has
-- a row here and beats every second; a worker whose beat is stale is removed by the
-- next live worker's beat and its leases on `deliveries` are released at once. SQLite
-- has no sessions to watch, so `lock_key` stays 0 (see rookery-store/src/workers.rs).
CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    lock_key INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);
