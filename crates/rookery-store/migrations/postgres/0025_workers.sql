-- Worker liveness (issue 7, B4 with several worker processes): each running worker has
-- a row here and beats every second. A worker whose beat is stale, or whose session
-- advisory lock (lock_key, see rookery-store/src/workers.rs) is no longer held because
-- its process died, is removed by the next live worker's beat and its leases on
-- `deliveries` are released at once instead of running out.
CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    lock_key BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
