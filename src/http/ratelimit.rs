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
