//! Failed-authentication limit per client address: after too many bad credentials in a
//! minute, a client gets 429 until the minute is over (brute-force protection).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked at most (memory bound under a distributed attack).
const MAX_TRACKED: usize = 100_000;

pub struct FailedAuthLimiter {
    limit: u32,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    /// Whether any failure was recorded: with none, checks skip the lock entirely.
    any: std::sync::atomic::AtomicBool,
}

impl FailedAuthLimiter {
    pub fn new(limit_per_minute: u32) -> Self {
        Self {
            limit: limit_per_minute.max(1),
            seen: Mutex::new(HashMap::new()),
            any: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// True when this address has used up its failures for the current minute.
    pub fn is_blocked(&self, ip: IpAddr) -> bool {
        if !self.any.load(std::sync::atomic::Ordering::Relaxed) {
            return false;
        }
        let Ok(seen) = self.seen.lock() else {
            return false;
        };
        seen.get(&ip)
            .is_some_and(|(start, n)| start.elapsed() < WINDOW && *n >= self.limit)
    }

    pub fn record_failure(&self, ip: IpAddr) {
        self.any.store(true, std::sync::atomic::Ordering::Relaxed);
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if seen.len() >= MAX_TRACKED {
            seen.retain(|_, (start, _)| start.elapsed() < WINDOW);
            // Every address still counting (a spread-out attack): start over rather
            // than grow without bound.
            if seen.len() >= MAX_TRACKED {
                seen.clear();
            }
        }
        let entry = seen.entry(ip).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= WINDOW {
            *entry = (Instant::now(), 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit() {
        let l = FailedAuthLimiter::new(3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(!l.is_blocked(ip));
            l.record_failure(ip);
        }
        assert!(l.is_blocked(ip));
        assert!(!l.is_blocked(other));
    }
}

/// Requests per minute of each API caller: the credential it presents (by its SHA-256,
/// so no secret is kept) or, without one, its address. Every answer says where the
/// caller stands (`X-RateLimit-Limit`, `-Remaining`, `-Reset` in seconds); past the
/// limit the answer is 429 with `Retry-After`.
pub struct RequestLimiter {
    limit: u32,
    windows: Mutex<HashMap<[u8; 32], (Instant, u32)>>,
}

/// Where a caller stands in its current minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window starts over.
    pub reset: u64,
    pub allowed: bool,
}

impl RequestLimiter {
    pub fn new(limit_per_minute: u32) -> Self {
        Self {
            limit: limit_per_minute.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `caller` (any bytes naming it).
    pub fn check(&self, caller: &[u8]) -> Quota {
        use sha2::Digest;
        let key: [u8; 32] = sha2::Sha256::digest(caller).into();
        let now = Instant::now();
        let Ok(mut windows) = self.windows.lock() else {
            return self.quota(0, WINDOW, true);
        };
        if windows.len() >= MAX_TRACKED {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            if windows.len() >= MAX_TRACKED {
                windows.clear();
            }
        }
        let entry = windows.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        let left = WINDOW.saturating_sub(now.duration_since(entry.0));
        self.quota(entry.1, left, entry.1 <= self.limit)
    }

    fn quota(&self, used: u32, left: Duration, allowed: bool) -> Quota {
        Quota {
            limit: self.limit,
            remaining: self.limit.saturating_sub(used),
            reset: left.as_secs().max(1),
            allowed,
        }
    }
}

#[cfg(test)]
mod request_tests {
    use super::*;

    #[test]
    fn counts_per_caller_and_refuses_past_the_limit() {
        let l = RequestLimiter::new(3);
        for n in 1..=3 {
            let q = l.check(b"token-a");
            assert!(q.allowed);
            assert_eq!(q.remaining, 3 - n);
            assert!(q.reset >= 1 && q.reset <= 60);
        }
        let q = l.check(b"token-a");
        assert!(!q.allowed);
        assert_eq!(q.remaining, 0);
        assert!(l.check(b"token-b").allowed, "callers are counted apart");
    }
}
