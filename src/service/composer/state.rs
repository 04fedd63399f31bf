//! What the Composer endpoints know of a tenant, held in memory: tokens, customers,
//! packages and rendered files. Everything is loaded on first use and dropped as a
//! whole when the tenant's generation moves (any change that a client could see), so
//! the hot path verifies a token and serves a file without a database round trip.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::render::{Texts, VersionDoc};
use crate::db::entities::{
    customer, customer_token, frozen_version, grant, package, package_version, tenant,
};
use crate::domain::customer::{CustomerStatus, TokenScope};
use crate::domain::glob::PackageGlob;
use crate::domain::semver::{self, Constraint};
use crate::service::{ServiceError, ServiceResult};

/// Entries a map may hold before it is emptied (bounds memory under hostile input such
/// as random tokens or Host headers; everything in it can be loaded again).
const MAP_LIMIT: usize = 50_000;
/// Bytes of rendered files a tenant keeps. Many customers with distinct grants over
/// many packages could otherwise hold one file per (package, view) pair; past this,
/// half the files are dropped (they render again on the next request).
const RENDERED_BYTES: usize = 64 * 1024 * 1024;

pub struct TokenEntry {
    pub id: i64,
    pub customer_id: i64,
    pub scope: TokenScope,
    pub globs: Vec<PackageGlob>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Unix second of the last use recorded for the batch writer; lets a busy token
    /// skip the shared batch (and its lock) for the rest of that second.
    pub last_recorded: std::sync::atomic::AtomicI64,
}

pub struct CustomerEntry {
    pub id: i64,
    pub name: String,
    pub status: CustomerStatus,
    pub status_reason: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Latest change stamp of anything about the customer (grants, status, freeze).
    pub updated_at: Stamp,
    /// Granted package id → (constraint text, parsed constraint).
    pub grants: HashMap<i64, (Arc<str>, Constraint)>,
    /// Package id → frozen normalized versions (only when frozen).
    pub frozen: HashMap<i64, HashSet<String>>,
    /// Granted package names, sorted.
    pub granted_names: Vec<String>,
}

pub struct PackageEntry {
    pub id: i64,
    pub name: String,
    pub changed_at: Stamp,
    /// Newest first, as Composer sorts them.
    pub versions: Vec<VersionDoc>,
    /// The JSON texts the versions' fields point into.
    pub texts: Box<[Arc<str>]>,
}

/// A rendered file and the time its content last changed.
#[derive(Clone)]
pub struct Rendered {
    pub body: bytes::Bytes,
    pub last_modified: Stamp,
}

/// A change time with its HTTP-date form (`Last-Modified`), formatted once.
#[derive(Clone)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    pub http_date: bytes::Bytes,
}

impl Stamp {
    pub fn new(at: DateTime<Utc>) -> Self {
        let text = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        Self {
            at,
            http_date: bytes::Bytes::from(text),
        }
    }

    /// The later of two stamps (whole seconds, as HTTP sees them).
    pub fn max<'a>(&'a self, other: &'a Stamp) -> &'a Stamp {
        if other.at.timestamp() > self.at.timestamp() {
            other
        } else {
            self
        }
    }
}

/// Which versions of a package a caller sees; callers with the same view share the
/// rendered file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ViewKey {
    Constraint(Arc<str>),
    Frozen(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RenderKey {
    /// Package id, `~dev` file or not, Composer 1 format or not, view, base URL.
    Package {
        id: i64,
        dev: bool,
        v1: bool,
        view: ViewKey,
        base: Arc<str>,
    },
    /// `packages.json` of a customer; `token` is set only for tokens with package globs
    /// (the only thing a token changes in it).
    Root {
        customer: i64,
        token: Option<i64>,
        base: Arc<str>,
    },
}

pub struct TenantState {
    pub id: i64,
    pub generation: i64,
    tokens: Map<[u8; 32], Option<Arc<TokenEntry>>>,
    customers: Map<i64, Arc<CustomerEntry>>,
    packages: Map<String, Option<Arc<PackageEntry>>>,
    pub(super) rendered: RenderedMap,
}

/// Rendered files, bounded by their total size.
pub(super) struct RenderedMap(RwLock<(HashMap<RenderKey, Arc<Rendered>>, usize)>);

impl RenderedMap {
    fn new() -> Self {
        Self(RwLock::new((HashMap::new(), 0)))
    }

    pub(super) fn get(&self, k: &RenderKey) -> Option<Arc<Rendered>> {
        self.0.read().ok()?.0.get(k).cloned()
    }

    pub(super) fn put(&self, k: RenderKey, v: Arc<Rendered>) {
        self.put_within(k, v, RENDERED_BYTES);
    }

    fn put_within(&self, k: RenderKey, v: Arc<Rendered>, budget: usize) {
        let Ok(mut guard) = self.0.write() else {
            return;
        };
        let (map, bytes) = &mut *guard;
        let size = v.body.len();
        let replaced = map.get(&k).map_or(0, |r| r.body.len());
        if *bytes - replaced + size > budget || map.len() >= MAP_LIMIT {
            // Hash order is as good as random: keep every other file.
            let mut keep = false;
            map.retain(|_, r| {
                keep = !keep;
                if !keep {
                    *bytes -= r.body.len();
                }
                keep
            });
        }
        if let Some(old) = map.insert(k, v) {
            *bytes -= old.body.len();
        }
        *bytes += size;
    }

    /// Files held and their total size.
    #[cfg(test)]
    fn usage(&self) -> (usize, usize) {
        self.0.read().map(|g| (g.0.len(), g.1)).unwrap_or_default()
    }
}

/// A bounded map behind a lock held only to clone an `Arc` out or put one in.
pub(super) struct Map<K, V>(RwLock<HashMap<K, V>>);

impl<K: Eq + Hash, V: Clone> Map<K, V> {
    fn new() -> Self {
        Self(RwLock::new(HashMap::new()))
    }

    pub(super) fn get(&self, k: &K) -> Option<V> {
        self.0.read().ok()?.get(k).cloned()
    }

    pub(super) fn put(&self, k: K, v: V) {
        if let Ok(mut m) = self.0.write() {
            if m.len() >= MAP_LIMIT {
                m.clear();
            }
            m.insert(k, v);
        }
    }
}

impl TenantState {
    pub async fn load(db: &impl ConnectionTrait, tenant_id: i64) -> ServiceResult<Self> {
        let row = tenant::Entity::find_by_id(tenant_id)
            .one(db)
            .await?
            .ok_or_else(|| ServiceError::not_found("tenant", tenant_id))?;
        Ok(Self {
            id: row.id,
            generation: row.generation,
            tokens: Map::new(),
            customers: Map::new(),
            packages: Map::new(),
            rendered: RenderedMap::new(),
        })
    }

    /// The token with this SHA-256 (hex), if it exists and is not revoked.
    pub async fn token(
        &self,
        db: &impl ConnectionTrait,
        digest: &[u8; 32],
    ) -> ServiceResult<Option<Arc<TokenEntry>>> {
        if let Some(hit) = self.tokens.get(digest) {
            return Ok(hit);
        }
        let hash = hex::encode(digest);
        let row = customer_token::Entity::find()
            .filter(customer_token::Column::TenantId.eq(self.id))
            .filter(customer_token::Column::TokenHash.eq(hash.as_str()))
            .filter(customer_token::Column::RevokedAt.is_null())
            .one(db)
            .await?;
        let entry = row.map(|t| {
            Arc::new(TokenEntry {
                id: t.id,
                customer_id: t.customer_id,
                scope: TokenScope::parse(&t.scope).unwrap_or(TokenScope::Metadata),
                globs: crate::service::tokens::decode_globs(&t.package_globs)
                    .iter()
                    .filter_map(|g| PackageGlob::parse(g).ok())
                    .collect(),
                expires_at: t.expires_at,
                last_recorded: std::sync::atomic::AtomicI64::new(0),
            })
        });
        self.tokens.put(*digest, entry.clone());
        Ok(entry)
    }

    pub async fn customer(
        &self,
        db: &impl ConnectionTrait,
        id: i64,
    ) -> ServiceResult<Option<Arc<CustomerEntry>>> {
        if let Some(hit) = self.customers.get(&id) {
            return Ok(Some(hit));
        }
        let Some(row) = customer::Entity::find_by_id(id)
            .filter(customer::Column::TenantId.eq(self.id))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let entry = Arc::new(load_customer(db, row).await?);
        self.customers.put(id, entry.clone());
        Ok(Some(entry))
    }

    /// A hosted package by name (None: not hosted here).
    pub async fn package(
        &self,
        db: &impl ConnectionTrait,
        name: &str,
    ) -> ServiceResult<Option<Arc<PackageEntry>>> {
        if let Some(hit) = self.packages.get(&name.to_string()) {
            return Ok(hit);
        }
        let row = package::Entity::find()
            .filter(package::Column::TenantId.eq(self.id))
            .filter(package::Column::Name.eq(name))
            .one(db)
            .await?;
        let entry = match row {
            Some(p) => Some(Arc::new(load_package(db, p).await?)),
            None => None,
        };
        self.packages.put(name.to_string(), entry.clone());
        Ok(entry)
    }
}

async fn load_customer(
    db: &impl ConnectionTrait,
    row: customer::Model,
) -> ServiceResult<CustomerEntry> {
    let grants = grant::Entity::find()
        .filter(grant::Column::CustomerId.eq(row.id))
        .find_also_related(package::Entity)
        .all(db)
        .await?;
    let mut granted = HashMap::new();
    let mut names = Vec::with_capacity(grants.len());
    for (g, p) in grants {
        let Some(p) = p else { continue };
        // A constraint that no longer parses grants nothing rather than everything.
        if let Ok(c) = Constraint::parse(&g.version_constraint) {
            granted.insert(p.id, (Arc::from(g.version_constraint.as_str()), c));
            names.push(p.name);
        }
    }
    names.sort();
    let mut frozen: HashMap<i64, HashSet<String>> = HashMap::new();
    for f in frozen_version::Entity::find()
        .filter(frozen_version::Column::CustomerId.eq(row.id))
        .all(db)
        .await?
    {
        frozen
            .entry(f.package_id)
            .or_default()
            .insert(f.version_normalized);
    }
    Ok(CustomerEntry {
        id: row.id,
        status: CustomerStatus::parse(&row.status).unwrap_or(CustomerStatus::Suspended),
        name: row.name,
        status_reason: row.status_reason,
        expires_at: row.expires_at,
        updated_at: Stamp::new(row.updated_at),
        grants: granted,
        frozen,
        granted_names: names,
    })
}

async fn load_package(db: &impl ConnectionTrait, p: package::Model) -> ServiceResult<PackageEntry> {
    let rows = package_version::Entity::find()
        .filter(package_version::Column::PackageId.eq(p.id))
        .all(db)
        .await?;
    let normalized: Vec<&str> = rows.iter().map(|v| v.version_normalized.as_str()).collect();
    let order: HashMap<String, usize> = semver::rsort(&normalized)
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, i))
        .rev()
        .collect();
    let mut texts = Texts::default();
    let mut docs: Vec<VersionDoc> = rows
        .iter()
        .map(|v| VersionDoc::from_row(&p.name, v, &mut texts))
        .collect();
    // Newest first, as Composer's own sort puts them.
    docs.sort_by_key(|d| {
        order
            .get(&d.version_normalized)
            .copied()
            .unwrap_or(usize::MAX)
    });
    Ok(PackageEntry {
        id: p.id,
        name: p.name,
        changed_at: Stamp::new(p.metadata_changed_at),
        versions: docs,
        texts: texts.finish(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(len: usize) -> Arc<Rendered> {
        Arc::new(Rendered {
            body: bytes::Bytes::from(vec![b'x'; len]),
            last_modified: Stamp::new(Utc::now()),
        })
    }

    fn key(id: i64) -> RenderKey {
        RenderKey::Root {
            customer: id,
            token: None,
            base: Arc::from("http://x"),
        }
    }

    #[test]
    fn rendered_files_stay_within_their_budget() {
        let map = RenderedMap::new();
        for id in 0..1000 {
            map.put_within(key(id), file(1000), 100_000);
            let (_, bytes) = map.usage();
            assert!(bytes <= 100_000, "{bytes} bytes held after {id}");
        }
        let (count, bytes) = map.usage();
        assert_eq!(bytes, count * 1000, "the byte count follows the files");
        assert!(count >= 50, "eviction keeps about half: {count}");
        assert!(map.get(&key(999)).is_some(), "the newest file is kept");
        // Replacing a file counts its size once.
        map.put_within(key(999), file(10), 100_000);
        let (count2, bytes2) = map.usage();
        assert_eq!((count2, bytes2), (count, bytes - 990));
    }
}
