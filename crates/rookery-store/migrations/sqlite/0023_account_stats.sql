-- Per-account counters (Mastodon's statuses_count, followers_count, following_count),
-- kept by triggers inside the transaction of every write to `accounts`, `notes` and
-- `follows` (foreign-key cascades fire them too), so a page of statuses reads its
-- authors' counts instead of counting their rows: counting cost ~50 us per author per
-- page on 1,000,000 notes (issue 7, B5). Only accepted follows count, as in
-- `follow_counts`. SQLite only: it has one writer, so the hot counter rows of busy
-- authors never wait on another transaction; PostgreSQL's concurrent group-commit
-- lanes would hold them across batches and deadlock, so it keeps counting (one
-- grouped query per page, status_views.rs).
CREATE TABLE account_stats (
    account_id BIGINT PRIMARY KEY NOT NULL,
    statuses_count BIGINT NOT NULL DEFAULT 0,
    followers_count BIGINT NOT NULL DEFAULT 0,
    following_count BIGINT NOT NULL DEFAULT 0
);

INSERT INTO account_stats (account_id, statuses_count, followers_count, following_count)
SELECT a.id,
       (SELECT COUNT(*) FROM notes n WHERE n.author_id = a.id),
       (SELECT COUNT(*) FROM follows f WHERE f.followee_id = a.id AND f.state = 'accepted'),
       (SELECT COUNT(*) FROM follows f WHERE f.follower_id = a.id AND f.state = 'accepted')
FROM accounts a;

-- A new account starts at zero; every counter row exists from then on, so the
-- triggers below only ever update.
CREATE TRIGGER account_stats_account_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO account_stats (account_id) VALUES (NEW.id);
END;
CREATE TRIGGER account_stats_account_delete AFTER DELETE ON accounts BEGIN
    DELETE FROM account_stats WHERE account_id = OLD.id;
END;

CREATE TRIGGER account_stats_note_insert AFTER INSERT ON notes BEGIN
    UPDATE account_stats SET statuses_count = statuses_count + 1
    WHERE account_id = NEW.author_id;
END;
CREATE TRIGGER account_stats_note_delete AFTER DELETE ON notes BEGIN
    UPDATE account_stats SET statuses_count = statuses_count - 1
    WHERE account_id = OLD.author_id;
END;

CREATE TRIGGER account_stats_follow_insert AFTER INSERT ON follows
WHEN NEW.state = 'accepted' BEGIN
    UPDATE account_stats SET followers_count = followers_count + 1
    WHERE account_id = NEW.followee_id;
    UPDATE account_stats SET following_count = following_count + 1
    WHERE account_id = NEW.follower_id;
END;
CREATE TRIGGER account_stats_follow_delete AFTER DELETE ON follows
WHEN OLD.state = 'accepted' BEGIN
    UPDATE account_stats SET followers_count = followers_count - 1
    WHERE account_id = OLD.followee_id;
    UPDATE account_stats SET following_count = following_count - 1
    WHERE account_id = OLD.follower_id;
END;
-- A state change (pending -> accepted, or back) or a moved follow: take the old row
-- out if it counted, put the new one in if it counts.
CREATE TRIGGER account_stats_follow_update
AFTER UPDATE OF state, follower_id, followee_id ON follows
WHEN (OLD.state = 'accepted') OR (NEW.state = 'accepted') BEGIN
    UPDATE account_stats SET followers_count = followers_count - 1
    WHERE account_id = OLD.followee_id AND OLD.state = 'accepted';
    UPDATE account_stats SET following_count = following_count - 1
    WHERE account_id = OLD.follower_id AND OLD.state = 'accepted';
    UPDATE account_stats SET followers_count = followers_count + 1
    WHERE account_id = NEW.followee_id AND NEW.state = 'accepted';
    UPDATE account_stats SET following_count = following_count + 1
    WHERE account_id = NEW.follower_id AND NEW.state = 'accepted';
END;

-- The home timeline walks notes newest first and keeps those of followed authors
-- (timelines.rs). With the author beside the id in the index, SQLite tests the author
-- on the index entry and reads a note's row only when it is kept (a deferred seek):
-- ~40 row reads per page instead of every row walked (~650 on the B5 data).
CREATE INDEX notes_id_author ON notes (id, author_id);
