//! [`PerActivity`]: what a deliverer prepares once per outbound activity and reuses for
//! every inbox of its fan-out (the body as shared `Bytes`, its digest), instead of
//! copying and hashing the same bytes for each of thousands of deliveries.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use rookery_core::ActivityId;

/// A small map from activity to a prepared value, keeping the most recently added
/// `capacity` activities. A worker sends few activities at a time (each to many
/// inboxes), so a few dozen entries hit nearly always; a miss only costs recomputing.
pub struct PerActivity<V> {
    capacity: usize,
    entries: Mutex<Entries<V>>,
}

struct Entries<V> {
    values: HashMap<ActivityId, Arc<V>>,
    /// Insertion order, oldest first, for eviction.
    order: VecDeque<ActivityId>,
}

impl<V> PerActivity<V> {
    pub fn new(capacity: usize) -> Self {
        PerActivity {
            capacity: capacity.max(1),
            entries: Mutex::new(Entries {
                values: HashMap::new(),
                order: VecDeque::new(),
            }),
        }
    }

    /// The value prepared for `activity`, preparing it with `make` on a miss. `make` runs
    /// outside the lock, so two first deliveries may both prepare; one result is kept.
    pub fn get_or_insert_with(&self, activity: ActivityId, make: impl FnOnce() -> V) -> Arc<V> {
        if let Some(value) = self.get(activity) {
            return value;
        }
        let value = Arc::new(make());
        let Ok(mut entries) = self.entries.lock() else {
            // A poisoned lock only loses the caching.
            return value;
        };
        if let Some(existing) = entries.values.get(&activity) {
            return existing.clone();
        }
        while entries.order.len() >= self.capacity {
            match entries.order.pop_front() {
                Some(oldest) => {
                    entries.values.remove(&oldest);
                }
                None => break,
            }
        }
        entries.order.push_back(activity);
        entries.values.insert(activity, value.clone());
        value
    }

    fn get(&self, activity: ActivityId) -> Option<Arc<V>> {
        self.entries.lock().ok()?.values.get(&activity).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepares_once_and_evicts_the_oldest() {
        let cache = PerActivity::new(2);
        let mut made = 0;
        for _ in 0..3 {
            let value = cache.get_or_insert_with(ActivityId::from_i64(1), || {
                made += 1;
                "one"
            });
            assert_eq!(*value, "one");
        }
        assert_eq!(made, 1, "prepared once for many deliveries");
        cache.get_or_insert_with(ActivityId::from_i64(2), || "two");
        cache.get_or_insert_with(ActivityId::from_i64(3), || "three");
        // Activity 1 was the oldest of three in a cache of two: prepared again.
        let again = cache.get_or_insert_with(ActivityId::from_i64(1), || "one again");
        assert_eq!(*again, "one again");
        // Activity 3 is still there.
        let kept = cache.get_or_insert_with(ActivityId::from_i64(3), || "recomputed");
        assert_eq!(*kept, "three");
    }
}
