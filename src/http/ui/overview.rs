//! The dashboard's first page: counts, downloads over the last 30 days as a chart,
//! failing syncs and the latest audit entries.

use askama::Template;
use poem::{Request, Response, handler};

use super::page::{Chrome, Nav, ok, service_failure};
use super::session::Admin;
use crate::service::audit::AuditEntry;
use crate::service::packages::Package;
use crate::service::stats::{DailyDownloads, Stats};

/// One bar of the downloads chart (SVG units: 30 bars of 10, 100 high).
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub height: u32,
    pub label: String,
}

/// Bars for installs per day, scaled to the busiest day.
pub fn bars(daily: &[DailyDownloads]) -> Vec<Bar> {
    let max = daily.iter().map(|d| d.downloads).max().unwrap_or(0).max(1);
    daily
        .iter()
        .enumerate()
        .map(|(i, d)| {
            // At least one unit high, so days with installs are never invisible.
            let height = match d.downloads {
                0 => 0,
                n => ((n * 100).div_ceil(max)).max(1) as u32,
            };
            Bar {
                x: i as u32 * 10,
                y: 100 - height,
                height,
                label: format!("{}: {} installs", d.day.format("%Y-%m-%d"), d.downloads),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ui/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    stats: Stats,
    bars: Vec<Bar>,
    first_day: String,
    last_day: String,
    failing: Vec<Package>,
    recent: Vec<AuditEntry>,
}

#[handler]
pub async fn show(admin: Admin, req: &Request) -> Response {
    let overview = match admin.services().stats().overview(&admin.ctx).await {
        Ok(o) => o,
        Err(e) => return service_failure(&e),
    };
    let day = |d: Option<&DailyDownloads>| {
        d.map(|d| d.day.format("%b %-d").to_string())
            .unwrap_or_default()
    };
    let page = OverviewPage {
        chrome: Chrome::admin(&admin, "Overview", Nav::Overview),
        bars: bars(&overview.daily),
        first_day: day(overview.daily.first()),
        last_day: day(overview.daily.last()),
        stats: overview.stats,
        failing: overview.failing,
        recent: overview.recent,
    };
    ok(&page, &page.chrome, req)
}
