//! The store contract: every test runs against SQLite and PostgreSQL (see `contract!`).
//! PostgreSQL tests skip with one printed line when the server is unreachable, and fail
//! instead when `CI=true`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod aliases;
mod client_extras;
mod emojis;
mod fixtures;
mod group_commit;
mod inbox_queue;
mod instance_blocks;
mod media;
mod new_notes;
mod oauth;
mod personal;
mod polls;
mod profiles;
mod queue;
mod queue_batch;
mod reactions;
mod reports;
mod social;
mod status_views;
mod timelines;
mod uploads;
mod workers;

/// Generates, for each `module: [test, ...]`, a SQLite and a PostgreSQL `#[tokio::test]`
/// named `sqlite::module::test` and `postgres::module::test`, each on a fresh database.
macro_rules! contract {
    ($($module:ident: [$($name:ident),* $(,)?]),* $(,)?) => {
        mod sqlite {
            $(mod $module {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        let db = rookery_store::testing::temp_sqlite().expect("temp SQLite database");
                        let store = db.store().await.expect("SQLite store");
                        crate::$module::$name(store.clone()).await;
                        store.close().await;
                    }
                )*
            })*
        }
        mod postgres {
            $(mod $module {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        let Some(db) = rookery_store::testing::temp_postgres()
                            .await
                            .expect("PostgreSQL test database")
                        else {
                            return;
                        };
                        let store = db.store().await.expect("PostgreSQL store");
                        crate::$module::$name(store.clone()).await;
                        store.close().await;
                    }
                )*
            })*
        }
    };
}

contract! {
    group_commit: [
        concurrent_writers_all_commit_and_are_readable,
        a_failing_member_rolls_back_alone,
        duplicates_and_order_within_a_batch,
        explicit_rollback_keeps_the_batch,
    ],
    inbox_queue: [
        appends_are_claimed_in_order_and_finished,
        concurrent_appends_all_commit,
        retry_waits_and_counts,
        appends_do_not_wait_for_the_main_writer,
        orphaned_leases_are_released_on_sqlite,
    ],
    new_notes: [
        a_new_note_is_stored_whole_and_once,
        a_batch_keeps_each_note_to_itself,
        arriving_note_tells_unknown_stored_and_deleted,
    ],
    oauth: [oauth_apps_codes_and_tokens],
    profiles: [profiles_round_trip],
    accounts: [
        migrations_are_idempotent,
        local_account_creation_and_username_clash,
        local_account_lookups,
        remote_upsert_keeps_the_id,
        access_tokens,
        inbox_seen_is_idempotent,
        remote_account_deletion_cascades,
    ],
    aliases: [
        preferred_protocol_takes_over_and_the_id_stays,
        other_protocol_becomes_an_alias,
    ],
    queue: [
        note_and_deliveries_commit_together,
        enqueue_dedupes_per_inbox,
        enqueue_thousands_of_inboxes_at_once,
        concurrent_enqueues_of_one_activity_never_duplicate,
        claim_leases,
        concurrent_claims_never_share_a_job,
        retry_give_up_and_complete,
        give_up_expired_moves_old_deliveries,
        unreachable_hosts_are_skipped_until_recovered,
    ],
    queue_batch: [
        record_batch_completes_retries_and_gives_up,
        record_batch_of_thousands,
    ],
    workers: [
        stale_worker_is_reaped_and_its_leases_released,
        graceful_stop_releases_what_is_left,
        ended_session_is_reaped_while_its_beat_is_fresh,
    ],
    status_views: [
        viewer_ties_in_one_read,
        status_batch_counts_and_viewer_state,
        account_counts_follow_every_write,
        timeline_page_parts_match_single_reads,
    ],
    timelines: [
        timeline_paging,
        public_and_account_timelines,
        notifications_paged,
    ],
    media: [
        attachments_and_tags_round_trip,
        tag_timeline_shows_public_notes_newest_first,
    ],
    personal: [
        bookmarks_pins_and_favourites,
        relationship_lists_and_markers,
        notification_inbox,
        directory_queries,
    ],
    polls: [edit_history_oldest_first, polls_votes_and_recount],
    uploads: [
        uploads_round_trip_and_describe,
        attaching_is_transactional,
    ],
    reactions: [reactions_and_dislikes],
    client_extras: [
        likers_and_sharers_paged,
        idempotency_keys_expire,
        follow_options_round_trip,
    ],
    instance_blocks: [block_list_and_unblock],
    emojis: [note_emojis_round_trip, local_emojis_round_trip],
    reports: [
        reports_round_trip_and_dedupe,
    ],
    social: [
        follows,
        blocks_mutes_and_domain_blocks,
        relations_in_one_read,
        notification_candidates_in_one_read,
        likes_shares_and_cascading_note_delete,
    ],
}
