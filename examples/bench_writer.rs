//! The billing system of the B1/B2 benchmarks (`examples/bench-changes.sh`): changes
//! the constraint of a random existing grant at a steady rate, through the service
//! layer, from its own process (as a webhook handler or the CLI would), and reports how
//! many changes it made and how long they took.
//!
//! Usage: bench_writer RATE_PER_SECOND SECONDS CUSTOMERS
//! with the registry's configuration in the environment (CARGOMAN_DATA_DIR,
//! DATABASE_URL, …). Customers are `customer-N`; the packages each was granted are read
//! from the database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cargoman::config::{LoadOptions, Settings};
use cargoman::service::{Actor, Services};

const CONSTRAINTS: &[&str] = &["*", "^1.10", ">=1.20", "<1.30", ">=1.5 <1.25", "~1.20.0"];

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rate, seconds, customers] = [0, 1, 2].map(|i| {
        args.get(i)
            .and_then(|a| a.parse::<f64>().ok())
            .unwrap_or_else(usage)
    });
    let settings = Settings::load(&LoadOptions::from_process(None))?;
    let db = cargoman::db::connect(&settings).await?;
    let services = Services::new(db, Arc::new(settings))?;
    let ctx = services
        .tenants()
        .context(
            None,
            Actor {
                name: "bench-writer".into(),
                ip: None,
            },
        )
        .await?;
    // Each customer's granted packages, read once.
    let mut grants: Vec<(String, Vec<String>)> = Vec::new();
    for n in 0..customers as usize {
        let name = format!("customer-{n}");
        let list = services.grants().list(&ctx, &name).await?;
        grants.push((name, list.into_iter().map(|g| g.package).collect()));
    }
    let interval = Duration::from_secs_f64(1.0 / rate);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut rng_state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        rng_state
    };
    // Writes run concurrently (at most 8 at once) so the rate holds while one waits.
    let gate = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    let started = Instant::now();
    let mut made = 0u64;
    while Instant::now() < deadline {
        ticker.tick().await;
        let (customer, packages) = &grants[next() as usize % grants.len()];
        if packages.is_empty() {
            continue;
        }
        let package = packages[next() as usize % packages.len()].clone();
        let constraint = CONSTRAINTS[next() as usize % CONSTRAINTS.len()];
        let (s, ctx, customer) = (services.clone(), ctx.clone(), customer.clone());
        let permit = gate.clone().acquire_owned().await?;
        tasks.spawn(async move {
            let t = Instant::now();
            let r = s
                .grants()
                .grant(&ctx, &customer, &package, Some(constraint))
                .await;
            drop(permit);
            (r.is_ok(), t.elapsed())
        });
        made += 1;
    }
    let mut failed = 0u64;
    let mut latencies = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (ok, took) = done?;
        failed += u64::from(!ok);
        latencies.push(took);
    }
    latencies.sort();
    let p = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q) as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "changes: {made} in {:.1} s ({:.1}/s), failed: {failed}, write latency p50 {:.1} ms p99 {:.1} ms",
        started.elapsed().as_secs_f64(),
        made as f64 / started.elapsed().as_secs_f64(),
        p(0.5),
        p(0.99)
    );
    Ok(())
}

fn usage() -> f64 {
    eprintln!("usage: bench_writer RATE_PER_SECOND SECONDS CUSTOMERS");
    std::process::exit(2)
}
