//! Bounded blocking work: CPU- and memory-heavy jobs (argon2 at 19 MiB each, photo decoding and
//! card previews at tens of MB) run on the blocking pool only as many at a time as the gate has
//! permits, normally one per core. A flood of logins or previews then waits in line, holding no
//! memory, instead of starting hundreds of jobs at once; the database calls, which share the
//! blocking pool, are not starved of its threads meanwhile.

use tokio::sync::Semaphore;

use crate::error::ApiError;

pub struct Gate {
    permits: Semaphore,
    size: usize,
}

impl Gate {
    pub fn new(size: usize) -> Gate {
        let size = size.max(1);
        Gate {
            permits: Semaphore::new(size),
            size,
        }
    }

    /// One permit per core the process may use.
    pub fn per_core() -> Gate {
        Gate::per_core_times(1)
    }

    /// `n` permits per core the process may use.
    pub fn per_core_times(n: usize) -> Gate {
        Gate::new(n * std::thread::available_parallelism().map_or(2, |c| c.get()))
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Waits for a permit and holds it until dropped: for async work that holds memory while it
    /// runs (an upload being read and checked) rather than blocking work.
    pub async fn enter(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        self.permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("gate closed: {e}")))
    }

    /// Runs `f` on the blocking pool once a permit is free.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("gate closed: {e}")))?;
        actix_web::web::block(f)
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    #[actix_web::test]
    async fn no_more_jobs_run_at_once_than_the_gate_has_permits() {
        let gate = Arc::new(Gate::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..12).map(|_| {
            let (gate, running, most) = (gate.clone(), running.clone(), most.clone());
            async move {
                gate.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
                .unwrap()
            }
        });
        futures_util::future::join_all(jobs).await;
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
