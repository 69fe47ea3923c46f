//! Time as a dependency, so tests move time without sleeping.

use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub type SharedClock = Arc<dyn Clock>;

/// The wall clock, used in production.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to; for tests and simulations.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Arc<Self> {
        Arc::new(Self {
            now: Mutex::new(start),
        })
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().expect("clock lock") = to;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.now.lock().expect("clock lock");
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock lock")
    }
}

/// The wall clock, moved forward by an offset that only grows: the playground's
/// time travel. Time keeps passing between jumps, so events stay in order.
#[derive(Debug)]
pub struct TravellingClock {
    offset: Mutex<chrono::Duration>,
}

impl TravellingClock {
    /// A clock that reads `start` now.
    pub fn starting_at(start: DateTime<Utc>) -> Arc<Self> {
        Arc::new(Self {
            offset: Mutex::new(start - Utc::now()),
        })
    }

    /// Moves the clock forward (a negative `by` does nothing: time does not go back).
    pub fn advance(&self, by: chrono::Duration) {
        let mut offset = self.offset.lock().expect("clock lock");
        *offset += by.max(chrono::Duration::zero());
    }
}

impl Clock for TravellingClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.lock().expect("clock lock")
    }
}
