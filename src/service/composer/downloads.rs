//! What Composer reports back: installs (notify-batch) counted per package, version and
//! day, and the security advisories of the packages a caller asks about.

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Map, Value, json};

use super::{Caller, Composer};
use crate::db::entities::{download_counter, download_event, security_advisory};
use crate::service::ServiceResult;
use crate::service::events::{self, CustomerActivity, Event};

/// Entries of one notify-batch request that are looked at.
const MAX_BATCH: usize = 1000;

impl Composer<'_> {
    /// Records installs reported by the client. Only packages hosted here and visible to
    /// the caller count; everything else is ignored (the client ignores errors anyway).
    pub async fn record_downloads(
        &self,
        caller: &Caller,
        items: &[(String, String)],
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> ServiceResult<usize> {
        let db = self.s.db();
        let mut counted = Vec::new();
        for (name, version) in items.iter().take(MAX_BATCH) {
            let Ok(Some(pkg)) = caller.tenant.package(db, name).await else {
                continue;
            };
            if caller.view(&pkg).is_ok() && version.len() <= 200 {
                counted.push((pkg.name.clone(), version.clone()));
            }
        }
        if counted.is_empty() {
            return Ok(0);
        }
        let now = Utc::now();
        let day = now.date_naive();
        let txn = self.s.begin().await?;
        for (name, version) in &counted {
            download_event::ActiveModel {
                tenant_id: Set(caller.tenant.id),
                customer_id: Set(Some(caller.customer.id)),
                token_id: Set(Some(caller.token.id)),
                package_name: Set(name.clone()),
                version: Set(version.clone()),
                ip: Set(ip.map(String::from)),
                user_agent: Set(user_agent.map(|u| u.chars().take(300).collect())),
                at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let mut insert = Query::insert();
            insert
                .into_table(download_counter::Entity)
                .columns([
                    download_counter::Column::TenantId,
                    download_counter::Column::PackageName,
                    download_counter::Column::Version,
                    download_counter::Column::Day,
                    download_counter::Column::Count,
                ])
                .values_panic([
                    caller.tenant.id.into(),
                    name.clone().into(),
                    version.clone().into(),
                    day.into(),
                    1i64.into(),
                ])
                .on_conflict(
                    OnConflict::columns([
                        download_counter::Column::TenantId,
                        download_counter::Column::PackageName,
                        download_counter::Column::Version,
                        download_counter::Column::Day,
                    ])
                    .value(
                        download_counter::Column::Count,
                        Expr::col((download_counter::Entity, download_counter::Column::Count)).add(
                            Expr::col((Alias::new("excluded"), download_counter::Column::Count)),
                        ),
                    )
                    .to_owned(),
                );
            let backend = txn.get_database_backend();
            txn.execute(backend.build(&insert)).await?;
        }
        let c = &caller.customer;
        let event = Event::CustomerActivity(CustomerActivity::now(
            caller.tenant.id,
            c.id,
            &c.name,
            "download",
        ));
        events::record(&txn, self.s.instance(), &event).await?;
        txn.commit().await?;
        self.s.events().publish(event);
        Ok(counted.len())
    }

    /// `{"advisories": {name: [...]}}` for the asked names that are hosted here and
    /// visible to the caller. Other names are left out on purpose: Composer stops asking
    /// later repositories (Packagist) about any name a repository answers for.
    /// `base` is the repository URL the caller uses (as in its metadata).
    pub async fn advisories(
        &self,
        caller: &Caller,
        names: &[String],
        base: &str,
    ) -> ServiceResult<Value> {
        let db = self.s.db();
        let mut out = Map::new();
        let mut public = Vec::new();
        for name in names.iter().take(MAX_BATCH) {
            match caller.tenant.package(db, name).await {
                Ok(Some(pkg)) => {
                    if caller.view(&pkg).is_ok() {
                        out.insert(pkg.name.clone(), Value::Array(Vec::new()));
                    }
                }
                Ok(None) => public.push(name.clone()),
                Err(_) => {}
            }
        }
        // Public names: their upstreams' advisories (a private name never is one).
        let proxied = self.s.settings().proxy.enabled && caller.customer.proxy_access;
        let upstream = if proxied && !public.is_empty() {
            self.s.proxy().advisories(caller.tenant.id, &public).await?
        } else {
            Map::new()
        };
        if out.is_empty() {
            return Ok(json!({ "advisories": upstream }));
        }
        // One query for every visible name.
        let rows = security_advisory::Entity::find()
            .filter(security_advisory::Column::TenantId.eq(caller.tenant.id))
            .filter(security_advisory::Column::PackageName.is_in(out.keys().cloned()))
            .all(db)
            .await?;
        for a in &rows {
            if let Some(Value::Array(list)) = out.get_mut(&a.package_name) {
                list.push(advisory_json(a, base));
            }
        }
        out.extend(upstream);
        Ok(json!({ "advisories": out }))
    }
}

/// An advisory in the format of Packagist's API, which Composer's audit reads.
pub fn advisory_json(a: &security_advisory::Model, repository: &str) -> Value {
    json!({
        "advisoryId": a.advisory_id,
        "packageName": a.package_name,
        "remoteId": a.advisory_id,
        "title": a.title,
        "link": a.link,
        "cve": a.cve,
        "affectedVersions": a.affected_versions,
        "source": "cargoman",
        "reportedAt": a.reported_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        "composerRepository": repository,
        "severity": a.severity,
        "sources": serde_json::from_str::<Value>(&a.sources).unwrap_or_else(|_| json!([])),
    })
}
