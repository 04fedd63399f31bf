//! The Composer hot path without the network, for instruction counts under callgrind
//! (`examples/bench-hot-path.sh`): a customer's cached `p2` file asked for again and
//! again through the Composer service, as every request gets it (token check, caller,
//! grant, cached file). Setup (an embedded database, a synced package of VERSIONS tags,
//! a customer and a token) runs outside `hot_loop`, which alone is counted
//! (`--toggle-collect`).
//!
//! Usage: bench_hot_path REQUESTS [VERSIONS] (needs `git` on the PATH)

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use cargoman::config::Settings;
use cargoman::service::composer::{Base, Composer};
use cargoman::service::customers::NewCustomer;
use cargoman::service::packages::NewPackage;
use cargoman::service::sync::NoProgress;
use cargoman::service::tokens::TokenRequest;
use cargoman::service::{Actor, Services};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let Some(Ok(requests)) = args.next() else {
        anyhow::bail!("usage: bench_hot_path REQUESTS [VERSIONS]");
    };
    let versions = args.next().and_then(Result::ok).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("cargoman-hot-path-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("data"))?;
    let result = run(&dir, requests, versions).await;
    let _ = std::fs::remove_dir_all(&dir);
    let bytes = result?;
    println!("requests: {requests}, versions: {versions}, bytes per answer: {bytes}");
    Ok(())
}

async fn run(dir: &Path, requests: usize, versions: usize) -> anyhow::Result<usize> {
    let settings = Settings {
        data_dir: dir.join("data"),
        ..Settings::default()
    };
    let db = cargoman::db::connect(&settings).await?;
    cargoman::db::migrate(&db).await?;
    let services = Services::new(db, Arc::new(settings))?;
    let actor = Actor {
        name: "bench".into(),
        ip: None,
    };
    let ctx = services.tenants().context(None, actor).await?;
    let repo = dir.join("acme-lib");
    repository(&repo, versions)?;
    let package = NewPackage {
        url: repo.to_string_lossy().into_owned(),
        probe: true,
        ..Default::default()
    };
    services.packages().add(&ctx, package).await?;
    services
        .sync()
        .package(&ctx, "acme/lib", &NoProgress)
        .await?;
    let customer = NewCustomer {
        name: "acme".into(),
        ..Default::default()
    };
    services.customers().create(&ctx, customer).await?;
    services
        .grants()
        .grant(&ctx, "acme", "acme/lib", Some("^1.0"))
        .await?;
    let request = TokenRequest {
        customer: "acme".into(),
        ..Default::default()
    };
    let token = services.tokens().issue(&ctx, request).await?.plain_token;
    let digest = Composer::digest(&token).ok_or_else(|| anyhow::anyhow!("not a token"))?;
    let base = Base::cached(Arc::from("http://registry.test"));
    // Everything loaded and rendered once; then only what every request does.
    let warm = serve(&services, ctx.tenant_id, &digest, &base, 10).await?;
    let counted = hot_loop(&services, ctx.tenant_id, &digest, &base, requests)?;
    anyhow::ensure!(warm == counted, "the answer changed");
    Ok(counted)
}

/// What each request does, `n` times; the size of the last answer.
async fn serve(
    services: &Services,
    tenant: i64,
    digest: &[u8; 32],
    base: &Base,
    n: usize,
) -> anyhow::Result<usize> {
    let composer = services.composer();
    let mut len = 0;
    for _ in 0..n {
        let caller = composer.authenticate_digest(tenant, digest, None).await?;
        let served = composer
            .package_file(&caller, "acme/lib", false, false, base, None)
            .await?;
        len = served.body.len();
    }
    Ok(len)
}

/// [`serve`] once everything is cached: it never waits (that is checked), so it runs
/// here, in one function that callgrind can count alone.
#[inline(never)]
fn hot_loop(
    services: &Services,
    tenant: i64,
    digest: &[u8; 32],
    base: &Base,
    n: usize,
) -> anyhow::Result<usize> {
    use futures::FutureExt;
    serve(services, tenant, digest, base, n)
        .now_or_never()
        .ok_or_else(|| anyhow::anyhow!("a cached request waited"))?
}

/// `acme/lib` with tags 1.0.0 … 1.{versions-1}.0, one commit each.
fn repository(dir: &Path, versions: usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let git = |args: &[&str]| -> anyhow::Result<()> {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=bench",
                "-c",
                "user.email=bench@example.com",
            ])
            .args(args)
            .current_dir(dir)
            .status()?;
        anyhow::ensure!(status.success(), "git {args:?} failed");
        Ok(())
    };
    git(&["init", "-q", "-b", "main"])?;
    std::fs::write(
        dir.join("composer.json"),
        r#"{"name":"acme/lib","description":"Acme library","type":"library","license":"proprietary","autoload":{"psr-4":{"Acme\\":"src/"}}}"#,
    )?;
    std::fs::create_dir_all(dir.join("src"))?;
    for v in 0..versions {
        std::fs::write(dir.join("src/Lib.php"), format!("<?php // {v}\n"))?;
        git(&["add", "-A"])?;
        git(&["commit", "-qm", &format!("v{v}")])?;
        git(&["tag", &format!("1.{v}.0")])?;
    }
    Ok(())
}
