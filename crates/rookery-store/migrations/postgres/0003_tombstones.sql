-- Deleted notes, remembered by tombstone key (a remote note's federation id, or
-- `local:note/ID`): their URLs answer 410 Gone and their ids are never stored again
-- (activitypub.md §5.9). Written in the transaction that deletes the note.
CREATE TABLE tombstones (
    uri TEXT PRIMARY KEY NOT NULL,
    deleted_at BIGINT NOT NULL
);
