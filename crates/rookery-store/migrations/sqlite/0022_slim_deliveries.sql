-- A delivery is as old as its activity: `created_at` is read from
-- `outbound_activities` (issue 7, B8: fewer bytes per queued delivery). PostgreSQL's
-- migration 0022 rebuilds the table; SQLite can drop the column in place.
ALTER TABLE deliveries DROP COLUMN created_at;
