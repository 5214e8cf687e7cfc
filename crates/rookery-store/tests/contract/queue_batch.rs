//! Delivery outcomes recorded in batches (`DeliveryQueue::record_batch`): one
//! transaction for completions, retries and give-ups, chunked past the bind limits.

use rookery_core::ports::{DeliveryQueue, DeliveryRecord};

use crate::fixtures::*;
use rookery_store::Store;

const DAY: i64 = 86_400_000;

pub(crate) async fn record_batch_completes_retries_and_gives_up(store: Store) {
    let act = activity(None, at(0));
    let hosts = ["a.test", "b.test", "c.test"];
    let targets: Vec<_> = hosts.iter().map(|h| target(h, "inbox")).collect();
    enqueue(&store, &act, &targets).await;
    store.record_host_failure("a.test", at(0)).await.unwrap();
    let claimed = store.claim("w", at(0), LEASE, 10).await.unwrap();
    let id = |host: &str| {
        claimed
            .iter()
            .find(|c| c.job.target.host == host)
            .unwrap()
            .job
            .id
    };
    let (a, b, c) = (id("a.test"), id("b.test"), id("c.test"));
    let done_and_gone = vec![
        DeliveryRecord::Done {
            id: a,
            host: "a.test".into(),
        },
        DeliveryRecord::GiveUp {
            id: c,
            error: "HTTP 410".into(),
        },
    ];
    let mut batch = done_and_gone.clone();
    batch.push(DeliveryRecord::Retry {
        id: b,
        at: at(300_000),
        error: "HTTP 503".into(),
    });
    store.record_batch(&batch, at(1)).await.unwrap();

    assert_eq!(store.depth().await.unwrap(), 1, "only the retry is left");
    let failed = store.failed_deliveries(10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].id, failed[0].last_error.as_str()),
        (c, "HTTP 410")
    );
    assert_eq!(
        store.record_host_failure("a.test", at(DAY)).await.unwrap(),
        1,
        "a success forgets the host's earlier failures"
    );
    // The retry released its lease and waits for its time.
    assert!(store
        .claim("w", at(1_000), LEASE, 10)
        .await
        .unwrap()
        .is_empty());
    let due = store.claim("w", at(300_000), LEASE, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].job.id, due[0].job.attempts), (b, 1));

    // A batch recorded again (its first write's answer was lost) changes nothing.
    store.record_batch(&done_and_gone, at(2)).await.unwrap();
    assert_eq!(store.depth().await.unwrap(), 1);
    assert_eq!(store.failed_deliveries(10).await.unwrap().len(), 1);
    assert_eq!(store.count_outbound_activities().await.unwrap(), 1);

    let last = [DeliveryRecord::Done {
        id: b,
        host: "b.test".into(),
    }];
    store.record_batch(&last, at(300_001)).await.unwrap();
    assert_eq!(store.depth().await.unwrap(), 0);
    assert_eq!(
        store.count_outbound_activities().await.unwrap(),
        0,
        "body removed with the last delivery"
    );
}

pub(crate) async fn record_batch_of_thousands(store: Store) {
    let act = activity(None, at(0));
    let targets: Vec<_> = (0..1_234)
        .map(|n| target(&format!("h{n}.fleet.test"), "inbox"))
        .collect();
    enqueue(&store, &act, &targets).await;
    let claimed = store.claim("w", at(0), LEASE, 2_000).await.unwrap();
    assert_eq!(claimed.len(), 1_234);
    let batch: Vec<_> = claimed
        .iter()
        .map(|c| DeliveryRecord::Done {
            id: c.job.id,
            host: c.job.target.host.clone(),
        })
        .collect();
    store.record_batch(&batch, at(1)).await.unwrap();
    assert_eq!(store.depth().await.unwrap(), 0);
    assert_eq!(store.count_outbound_activities().await.unwrap(), 0);
}
