//! Keeping a long-running server's memory from only ever growing.
//!
//! glibc's allocator keeps the pages a burst of requests grew the heap by;
//! `malloc_trim` returns the free ones (also those in the middle of the heap and
//! in every thread's arena). Caches that shrink only when the next request comes
//! (the replay guard) or when /metrics is scraped (histogram samples) are tidied
//! on the same tick. BENCHMARKS.md has what this gives back after a burst (not
//! all of it: what stays is live, not free).

use std::time::Duration;

/// How often caches are tidied and, when nothing is in flight, memory returned.
pub const TRIM_EVERY: Duration = Duration::from_secs(10);

/// Returns free heap pages to the operating system. `true` when some were.
pub fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim takes the allocator's own locks; it only releases
        // pages no allocation uses.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// Every [`TRIM_EVERY`], lets `tidy` drop what has expired or piled up (what
/// otherwise shrinks only on the next request or scrape); when that finds
/// nothing in flight (`quiet()`), also trims. A trim of a heap with nothing to
/// give back costs well under a millisecond, so a quiet server repeating it is
/// cheaper than tracking what happened since the last one.
pub async fn trim_when_quiet(
    quiet: impl Fn() -> bool,
    tidy: impl Fn(),
    stop: tokio_util::sync::CancellationToken,
) {
    keep_tidy(quiet, tidy, trim, stop).await
}

async fn keep_tidy(
    quiet: impl Fn() -> bool,
    tidy: impl Fn(),
    trim: fn() -> bool,
    stop: tokio_util::sync::CancellationToken,
) {
    let mut ticks = tokio::time::interval(TRIM_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        tidy();
        if quiet() {
            let released = tokio::task::spawn_blocking(trim).await.unwrap_or(false);
            tracing::trace!(released, "heap trimmed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    static TRIMS: AtomicUsize = AtomicUsize::new(0);
    fn counted_trim() -> bool {
        TRIMS.fetch_add(1, Ordering::SeqCst);
        true
    }

    #[tokio::test(start_paused = true)]
    async fn tidies_every_tick_trims_only_when_quiet_and_stops_when_told() {
        let tidied = Arc::new(AtomicUsize::new(0));
        let busy = Arc::new(AtomicBool::new(true));
        let stop = tokio_util::sync::CancellationToken::new();
        let (t, b) = (tidied.clone(), busy.clone());
        let task = tokio::spawn(keep_tidy(
            move || !b.load(Ordering::SeqCst),
            move || {
                t.fetch_add(1, Ordering::SeqCst);
            },
            counted_trim,
            stop.clone(),
        ));
        // The first tick is at once; two more while busy: tidied, never trimmed.
        tokio::time::sleep(TRIM_EVERY * 2 + TRIM_EVERY / 2).await;
        assert_eq!(tidied.load(Ordering::SeqCst), 3);
        assert_eq!(TRIMS.load(Ordering::SeqCst), 0);
        // Quiet: the next tick trims too.
        busy.store(false, Ordering::SeqCst);
        tokio::time::sleep(TRIM_EVERY).await;
        tokio::task::yield_now().await;
        assert_eq!(tidied.load(Ordering::SeqCst), 4);
        assert_eq!(TRIMS.load(Ordering::SeqCst), 1);
        stop.cancel();
        task.await.unwrap();
    }
}
