//! Rate limits per caller and minute: failed authentications per client address (after
//! too many bad credentials, 429 until the minute is over: brute-force protection), and
//! requests per caller of the management APIs and of the webhooks.
//!
//! Minutes are the clock's (so that every server counts the same one). Each server counts
//! in memory, which is all a request looks at, and [`share`] adds its counts to the
//! deployment's totals in the database once a second, learning the others' counts in
//! the same statement: N servers grant one budget, exceeded at most by what the others
//! counted in the last second or so.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sha2::Digest;

use crate::service::Services;

/// Addresses or credentials tracked at most (memory bound under a distributed attack).
const MAX_TRACKED: usize = 100_000;
/// How often counts are shared with the other servers.
const SHARE_EVERY: Duration = Duration::from_secs(1);

/// The current minute (since the Unix epoch) and the seconds left in it.
fn minute_now() -> (i64, u64) {
    let secs = chrono::Utc::now().timestamp();
    (secs.div_euclid(60), 60 - secs.rem_euclid(60) as u64)
}

/// A caller's count in the current minute.
#[derive(Default, Clone, Copy)]
struct Tally {
    /// Counted here.
    local: u32,
    /// Of `local`, already added to the shared total.
    shared: u32,
    /// Counted by the other servers, as of the last share.
    others: u32,
}

impl Tally {
    fn used(self) -> u32 {
        self.local.saturating_add(self.others)
    }
}

/// Counts per caller (SHA-256 of what names it) in the current minute.
struct Tallies {
    /// `rate_counts.scope`.
    scope: &'static str,
    state: Mutex<(i64, HashMap<[u8; 32], Tally>)>,
}

impl Tallies {
    fn new(scope: &'static str) -> Self {
        Self {
            scope,
            state: Mutex::new((minute_now().0, HashMap::new())),
        }
    }

    /// Applies `f` to `key`'s tally in the current minute (started over when a new
    /// minute began); `None` when the lock is poisoned.
    fn with<T>(&self, minute: i64, key: [u8; 32], f: impl FnOnce(&mut Tally) -> T) -> Option<T> {
        let mut state = self.state.lock().ok()?;
        if state.0 != minute {
            *state = (minute, HashMap::new());
        }
        let tallies = &mut state.1;
        if tallies.len() >= MAX_TRACKED && !tallies.contains_key(&key) {
            // Every caller still counting (a spread-out attack): start over rather than
            // grow without bound.
            tallies.clear();
        }
        Some(f(tallies.entry(key).or_default()))
    }

    /// What `key` used in the current minute, without counting.
    fn used(&self, minute: i64, key: &[u8; 32]) -> u32 {
        match self.state.lock() {
            Ok(state) if state.0 == minute => state.1.get(key).map_or(0, |t| t.used()),
            _ => 0,
        }
    }

    /// The counts not yet shared, marked shared.
    fn unshared(&self) -> (i64, Vec<(String, i64)>) {
        let Ok(mut state) = self.state.lock() else {
            return (0, Vec::new());
        };
        let minute = state.0;
        let out = state
            .1
            .iter_mut()
            .filter(|(_, t)| t.local > t.shared)
            .map(|(k, t)| {
                let n = t.local - t.shared;
                t.shared = t.local;
                (hex::encode(k), i64::from(n))
            })
            .collect();
        (minute, out)
    }

    /// Takes the deployment's totals for `minute`: the others' part is what is not ours.
    fn absorb(&self, minute: i64, totals: &[(String, i64)]) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.0 != minute {
            return;
        }
        for (key, total) in totals {
            let Ok(bytes) = hex::decode(key) else {
                continue;
            };
            let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) else {
                continue;
            };
            if let Some(t) = state.1.get_mut(&key) {
                let total = u32::try_from(*total).unwrap_or(u32::MAX);
                t.others = total.saturating_sub(t.shared);
            }
        }
    }

    /// Adds this server's new counts to the shared totals and learns the others'.
    async fn share(&self, services: &Services) -> crate::service::ServiceResult<()> {
        let (minute, counts) = self.unshared();
        if counts.is_empty() {
            return Ok(());
        }
        let totals = services
            .add_rate_counts(self.scope, minute, &counts)
            .await?;
        self.absorb(minute, &totals);
        Ok(())
    }
}

fn key_of(caller: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(caller).into()
}

pub struct FailedAuthLimiter {
    limit: u32,
    tallies: Tallies,
    /// Whether any failure was recorded: with none, checks skip the lock entirely.
    any: AtomicBool,
}

impl FailedAuthLimiter {
    pub fn new(limit_per_minute: u32) -> Self {
        Self {
            limit: limit_per_minute.max(1),
            tallies: Tallies::new("auth"),
            any: AtomicBool::new(false),
        }
    }

    /// True when this address has used up its failures for the current minute (on all
    /// servers together).
    pub fn is_blocked(&self, ip: IpAddr) -> bool {
        if !self.any.load(Ordering::Relaxed) {
            return false;
        }
        let (minute, _) = minute_now();
        self.tallies
            .used(minute, &key_of(ip.to_string().as_bytes()))
            >= self.limit
    }

    pub fn record_failure(&self, ip: IpAddr) {
        self.any.store(true, Ordering::Relaxed);
        let (minute, _) = minute_now();
        self.tallies
            .with(minute, key_of(ip.to_string().as_bytes()), |t| {
                t.local = t.local.saturating_add(1);
            });
    }
}

/// Requests per minute of each caller: the credential it presents (by its SHA-256, so no
/// secret is kept) or, without one, its address. Every answer says where the caller
/// stands (`X-RateLimit-Limit`, `-Remaining`, `-Reset` in seconds); past the limit the
/// answer is 429 with `Retry-After`.
pub struct RequestLimiter {
    limit: u32,
    tallies: Tallies,
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
    /// A limiter counting in `rate_counts` scope `scope`.
    pub fn new(scope: &'static str, limit_per_minute: u32) -> Self {
        Self {
            limit: limit_per_minute.max(1),
            tallies: Tallies::new(scope),
        }
    }

    /// Counts one request of `caller` (any bytes naming it).
    pub fn check(&self, caller: &[u8]) -> Quota {
        let (minute, reset) = minute_now();
        self.check_at(minute, reset, caller)
    }

    fn check_at(&self, minute: i64, reset: u64, caller: &[u8]) -> Quota {
        let used = self
            .tallies
            .with(minute, key_of(caller), |t| {
                t.local = t.local.saturating_add(1);
                t.used()
            })
            .unwrap_or(0);
        Quota {
            limit: self.limit,
            remaining: self.limit.saturating_sub(used),
            reset: reset.max(1),
            allowed: used <= self.limit,
        }
    }
}

/// Shares this server's counts with the other servers once a second, and deletes past
/// minutes' counts once a minute, until aborted.
pub async fn share(state: std::sync::Arc<super::HttpState>) {
    let services = &state.services;
    let mut last_prune = 0;
    loop {
        tokio::time::sleep(SHARE_EVERY).await;
        let shared = [
            state.limiter.tallies.share(services).await,
            state.api_limiter.tallies.share(services).await,
            state.webhook_limiter.tallies.share(services).await,
        ];
        if let Some(Err(e)) = shared.into_iter().find(Result::is_err) {
            tracing::debug!(error = %e, "cannot share rate-limit counts");
        }
        let (minute, _) = minute_now();
        if minute != last_prune {
            last_prune = minute;
            if let Err(e) = services.prune_rate_counts(minute - 1).await {
                tracing::debug!(error = %e, "cannot delete past rate-limit counts");
            }
        }
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

    #[test]
    fn counts_per_caller_and_refuses_past_the_limit() {
        let l = RequestLimiter::new("api", 3);
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

    #[test]
    fn others_counts_add_to_the_budget_once() {
        let l = RequestLimiter::new("api", 10);
        let m = 29_000_000;
        let key = key_of(b"token-a");
        for _ in 0..3 {
            l.check_at(m, 30, b"token-a");
        }
        let (minute, unshared) = l.tallies.unshared();
        assert_eq!((minute, unshared), (m, vec![(hex::encode(key), 3)]));
        assert!(l.tallies.unshared().1.is_empty(), "shared once");
        // The deployment counted 9: 3 of them ours, 6 the other servers'.
        l.tallies.absorb(m, &[(hex::encode(key), 9)]);
        assert_eq!(
            l.check_at(m, 30, b"token-a").remaining,
            0,
            "3 + 1 here, 6 elsewhere"
        );
        assert!(!l.check_at(m, 30, b"token-a").allowed);
        // The next share adds only the new requests; the others' part stays right.
        assert_eq!(l.tallies.unshared().1[0].1, 2);
        l.tallies.absorb(m, &[(hex::encode(key), 11)]);
        assert_eq!(l.tallies.used(m, &key), 11);
        // Another minute's totals are ignored; a new minute starts from zero.
        l.tallies.absorb(m - 1, &[(hex::encode(key), 99)]);
        assert_eq!(l.tallies.used(m, &key), 11);
        assert!(l.check_at(m + 1, 60, b"token-a").allowed);
        assert_eq!(l.tallies.used(m + 1, &key), 1);
    }
}
