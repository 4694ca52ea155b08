//! A per-key fixed-window rate limit kept in memory (per process): enough to slow down password
//! guessing from one address; the per-account lock-out does the rest.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a hit; `Err(seconds)` to wait when over the limit.
    pub fn check(&self, key: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut hits = match self.hits.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        if hits.len() > 100_000 {
            let window = self.window;
            hits.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = hits.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.limit {
            let wait = self.window.saturating_sub(now.duration_since(entry.0));
            Err(wait.as_secs().max(1))
        } else {
            Ok(())
        }
    }

    /// Counts a request from its peer address; 429 `too_many_requests` when over the limit.
    pub fn check_request(
        &self,
        req: &actix_web::HttpRequest,
    ) -> Result<(), crate::error::ApiError> {
        match req.peer_addr() {
            Some(addr) => self
                .check(addr.ip())
                .map_err(|retry_after| crate::error::ApiError::TooManyRequests { retry_after }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_address() {
        let rl = RateLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(rl.check(a).is_ok());
        }
        assert!(rl.check(a).is_err());
        assert!(rl.check(b).is_ok());
    }
}
