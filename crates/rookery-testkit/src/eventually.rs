//! Waiting on a condition with a timeout, never with a fixed sleep.

use std::future::Future;
use std::time::Duration;

use tokio::time::{sleep, Instant};

/// How often a condition is re-checked while waiting.
const POLL: Duration = Duration::from_millis(20);

/// Polls `check` until it returns `Some`, or fails after `timeout` naming `what`.
pub async fn eventually_async<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for: {what}");
        }
        sleep(POLL).await;
    }
}

/// Like [`eventually_async`] for a synchronous condition.
pub async fn eventually<F: FnMut() -> bool>(what: &str, timeout: Duration, mut check: F) {
    eventually_async(what, timeout, || {
        let done = check();
        async move { done.then_some(()) }
    })
    .await
}
