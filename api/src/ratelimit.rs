//! A per-client fixed-window rate limit kept in memory (per process): enough to slow down password
//! guessing from one address; the per-account lock-out does the rest. The client is the address
//! [`crate::proxy::client_ip`] names (behind a trusted proxy, the forwarded one); an IPv6 client
//! is keyed by its /64, the block one subscriber gets, so rotating addresses within it does not
//! buy fresh windows. Memory is bounded: the least recently seen clients are forgotten first
//! (a forgotten client starts a fresh window, never more than it would have after its window).

use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

/// How many clients are remembered at once (about 60 bytes each).
pub const CAPACITY: usize = 100_000;

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<LruCache<IpAddr, (Instant, u32)>>,
}

/// The key of a client: its IPv4 address, or the /64 of its IPv6 address.
pub fn key_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
        v4 => v4,
    }
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter::with_capacity(limit, window, CAPACITY)
    }

    pub fn with_capacity(limit: u32, window: Duration, capacity: usize) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            hits: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }

    /// Counts a hit of a client; `Err(seconds)` to wait when over the limit. O(1).
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut hits = match self.hits.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        let entry = hits.get_or_insert_mut(key_of(client), || (now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        if entry.1 > self.limit {
            let wait = self.window.saturating_sub(now.duration_since(entry.0));
            Err(wait.as_secs().max(1))
        } else {
            Ok(())
        }
    }

    /// Clients remembered now.
    pub fn len(&self) -> usize {
        self.hits.lock().map(|h| h.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts a request of its client; 429 `too_many_requests` when over the limit.
    pub fn check_request(
        &self,
        req: &actix_web::HttpRequest,
    ) -> Result<(), crate::error::ApiError> {
        match crate::proxy::client_ip(req) {
            Some(ip) => self
                .check(ip)
                .map_err(|retry_after| crate::error::ApiError::TooManyRequests { retry_after }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
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

    #[test]
    fn an_ipv6_subscriber_is_one_client_per_64() {
        let rl = RateLimiter::new(2, Duration::from_secs(60));
        let ip = |s: &str| -> IpAddr { s.parse().unwrap() };
        assert!(rl.check(ip("2001:db8:1:2::1")).is_ok());
        assert!(rl.check(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")).is_ok());
        assert!(rl.check(ip("2001:db8:1:2:abcd::9")).is_err(), "same /64");
        assert!(rl.check(ip("2001:db8:1:3::1")).is_ok(), "another /64");
        assert_eq!(key_of(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }

    #[test]
    fn memory_is_bounded_and_the_least_recent_leave_first() {
        let rl = RateLimiter::with_capacity(1, Duration::from_secs(60), 1000);
        let busy: IpAddr = [192, 0, 2, 1].into();
        assert!(rl.check(busy).is_ok());
        for i in 0..5000u32 {
            let _ = rl.check(IpAddr::from((0x0a00_0000 + i).to_be_bytes()));
            if i % 500 == 0 {
                // Still limited: it is seen often enough to stay remembered.
                assert!(rl.check(busy).is_err());
            }
        }
        assert_eq!(rl.len(), 1000);
    }
}
