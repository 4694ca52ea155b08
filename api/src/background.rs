//! Work the server repeats in its own thread while it runs (email delivery, verification counts,
//! housekeeping): one round at start, then one every period, until the server that owns it stops.

use std::sync::Weak;
use std::time::Duration;

/// What a worker does once its server has stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtStop {
    Nothing,
    /// One more round, so nothing kept in memory is lost (the verification counts).
    OneMoreRound,
}

/// Runs `round` at start and then every `period` while `alive` can be upgraded (the server that
/// owns it lives). The wait is checked every second, so a stopped server's worker ends within
/// about a second whatever its period.
pub fn spawn_every(
    name: &str,
    alive: Weak<()>,
    period: Duration,
    at_stop: AtStop,
    mut round: impl FnMut() + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            while alive.upgrade().is_some() {
                round();
                let mut slept = Duration::ZERO;
                while slept < period && alive.upgrade().is_some() {
                    let step = Duration::from_secs(1).min(period - slept);
                    std::thread::sleep(step);
                    slept += step;
                }
            }
            if at_stop == AtStop::OneMoreRound {
                round();
            }
        })
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    fn rounds_after_stop(at_stop: AtStop) -> (usize, usize) {
        let alive = Arc::new(());
        let rounds = Arc::new(AtomicUsize::new(0));
        let counter = rounds.clone();
        spawn_every(
            "test-worker",
            Arc::downgrade(&alive),
            Duration::from_millis(20),
            at_stop,
            move || {
                counter.fetch_add(1, Ordering::SeqCst);
            },
        )
        .unwrap();
        while rounds.load(Ordering::SeqCst) < 3 {
            std::thread::sleep(Duration::from_millis(5));
        }
        drop(alive);
        // The worker notices within one period step, then maybe runs its last round.
        std::thread::sleep(Duration::from_millis(200));
        let stopped = rounds.load(Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(100));
        (stopped, rounds.load(Ordering::SeqCst))
    }

    #[test]
    fn rounds_repeat_while_alive_and_end_with_the_server() {
        let (stopped, later) = rounds_after_stop(AtStop::Nothing);
        assert!(stopped >= 3);
        assert_eq!(later, stopped, "no round after the server stopped");
    }

    #[test]
    fn one_more_round_runs_after_the_stop() {
        let (stopped, later) = rounds_after_stop(AtStop::OneMoreRound);
        assert!(stopped >= 4, "three while alive and one at stop: {stopped}");
        assert_eq!(later, stopped);
    }
}
