//! Counts each delivery attempt by what core's retry rules make of it (delivered, retry,
//! permanent, gone), around any protocol's deliverer.

use std::sync::Arc;

use async_trait::async_trait;
use rookery_core::delivery::AttemptResult;
use rookery_core::ports::{ClaimedDelivery, Deliverer};
use rookery_core::retry::{classify, Outcome};
use rookery_core::Protocol;

use super::{DeliveryLabels, Metrics};

pub struct MeteredDeliverer {
    inner: Arc<dyn Deliverer>,
    protocol: &'static str,
    metrics: Arc<Metrics>,
}

impl MeteredDeliverer {
    pub fn wrap(
        inner: Arc<dyn Deliverer>,
        protocol: Protocol,
        metrics: Arc<Metrics>,
    ) -> Arc<dyn Deliverer> {
        Arc::new(MeteredDeliverer {
            inner,
            protocol: protocol.as_str(),
            metrics,
        })
    }
}

#[async_trait]
impl Deliverer for MeteredDeliverer {
    async fn deliver(&self, delivery: &ClaimedDelivery) -> AttemptResult {
        let result = self.inner.deliver(delivery).await;
        let outcome = match classify(&result) {
            Outcome::Delivered => "delivered",
            Outcome::Retry { .. } => "retry",
            Outcome::Permanent { .. } => "permanent",
            Outcome::Gone => "gone",
        };
        self.metrics
            .deliveries
            .get_or_create(&DeliveryLabels {
                protocol: self.protocol,
                outcome,
            })
            .inc();
        result
    }
}
