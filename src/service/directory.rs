//! Which tenant a request is for. In single mode every request is the default tenant's
//! and the Host is not looked at. In multi mode the host a client used names the tenant:
//! `{slug}{TENANT_SUBDOMAIN_SUFFIX}`, a custom domain mapped to it, or the suffix's own
//! apex for the default tenant. Anything else (an IP address, no host, an unknown name)
//! names no tenant.
//!
//! The directory is a snapshot of every tenant's slug, status and domains, held in
//! memory and dropped when the change log says a tenant changed (every server follows
//! the log), then read again on the next request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use sea_orm::EntityTrait;

use super::composer::Base;
use super::tenants::DEFAULT_SLUG;
use super::{ServiceError, ServiceResult, Services};
use crate::config::{Settings, TenantMode};
use crate::db::entities::{tenant, tenant_domain};

/// A tenant as requests find it.
pub struct Resident {
    pub id: i64,
    pub slug: Box<str>,
    pub suspended: Option<Option<String>>,
    /// Base URLs this tenant's clients use, whose rendered files may be cached.
    pub bases: BaseSlots,
}

impl std::fmt::Debug for Resident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resident")
            .field("id", &self.id)
            .field("slug", &self.slug)
            .finish_non_exhaustive()
    }
}

impl Resident {
    fn new(row: &tenant::Model) -> Self {
        Self {
            id: row.id,
            slug: row.slug.as_str().into(),
            suspended: (row.status == "suspended").then(|| row.status_reason.clone()),
            bases: BaseSlots::new(),
        }
    }
}

/// Why a request names no tenant it may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// No tenant is served at this host (`tenant_not_found`, 404).
    NotFound(String),
    /// The tenant is suspended (`tenant_suspended`, 403), with the operator's reason.
    Suspended(Option<String>),
}

struct Snapshot {
    /// Custom domains and `{slug}{suffix}` names → tenant.
    hosts: HashMap<Box<str>, Arc<Resident>, foldhash::fast::RandomState>,
}

pub struct Directory {
    multi: bool,
    /// Lower case, with its leading dot.
    suffix: Option<Box<str>>,
    /// The single-mode tenant (and multi mode's, before the first load).
    default: RwLock<Option<Arc<Resident>>>,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// Bumped by every invalidation: a load that raced one is used once, not kept.
    generation: AtomicU64,
    loading: tokio::sync::Mutex<()>,
}

impl Directory {
    pub fn new(settings: &Settings) -> Self {
        let suffix = settings
            .tenant
            .subdomain_suffix
            .as_deref()
            .map(|s| s.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|s| !s.trim_start_matches('.').is_empty())
            .map(|s| {
                if s.starts_with('.') {
                    s.into_boxed_str()
                } else {
                    format!(".{s}").into_boxed_str()
                }
            });
        Self {
            multi: settings.tenant.mode == TenantMode::Multi,
            suffix,
            default: RwLock::new(None),
            snapshot: RwLock::new(None),
            generation: AtomicU64::new(0),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    pub fn multi(&self) -> bool {
        self.multi
    }

    /// Forgets every tenant (a tenant, its status or its domains changed).
    pub(crate) fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut s) = self.snapshot.write() {
            *s = None;
        }
        if let Ok(mut d) = self.default.write() {
            *d = None;
        }
    }

    fn cached(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.read().ok()?.clone()
    }

    async fn snapshot(&self, s: &Services) -> ServiceResult<Arc<Snapshot>> {
        if let Some(snap) = self.cached() {
            return Ok(snap);
        }
        let _one = self.loading.lock().await;
        if let Some(snap) = self.cached() {
            return Ok(snap);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        // Boxed: the rare load does not weigh on every request's future.
        let snap = Arc::new(Box::pin(self.load(s)).await?);
        if self.generation.load(Ordering::SeqCst) == generation
            && let Ok(mut slot) = self.snapshot.write()
        {
            *slot = Some(snap.clone());
        }
        Ok(snap)
    }

    async fn load(&self, s: &Services) -> ServiceResult<Snapshot> {
        let tenants = tenant::Entity::find().all(s.db()).await?;
        let domains = tenant_domain::Entity::find().all(s.db()).await?;
        let mut by_id = HashMap::new();
        let mut hosts = HashMap::default();
        for row in &tenants {
            let resident = Arc::new(Resident::new(row));
            if let Some(suffix) = &self.suffix {
                hosts.insert(format!("{}{suffix}", row.slug).into(), resident.clone());
                if row.slug == DEFAULT_SLUG {
                    hosts.insert(suffix.trim_start_matches('.').into(), resident.clone());
                }
            }
            by_id.insert(row.id, resident);
        }
        for d in domains {
            if let Some(resident) = by_id.get(&d.tenant_id) {
                let host = d.domain.trim_end_matches('.').to_ascii_lowercase();
                hosts.insert(host.into(), resident.clone());
            }
        }
        Ok(Snapshot { hosts })
    }

    /// The tenant of single mode (the default one).
    pub async fn default_tenant(&self, s: &Services) -> ServiceResult<Arc<Resident>> {
        if let Some(d) = self.default.read().ok().and_then(|d| d.clone()) {
            return Ok(d);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let query = tenant::Entity::find()
            .filter_by_slug(DEFAULT_SLUG)
            .one(s.db());
        // Boxed, as in `snapshot`.
        let row = Box::pin(query).await?.ok_or_else(|| {
            ServiceError::Internal("the default tenant is missing: run `cargoman migrate`".into())
        })?;
        let resident = Arc::new(Resident::new(&row));
        if self.generation.load(Ordering::SeqCst) == generation
            && let Ok(mut d) = self.default.write()
        {
            *d = Some(resident.clone());
        }
        Ok(resident)
    }

    /// The tenant a request made to `host` (the Host header's text, or a trusted
    /// proxy's `Forwarded: host=` or `X-Forwarded-Host`) is for. Single mode: always the default tenant.
    pub async fn resolve(
        &self,
        s: &Services,
        host: Option<&str>,
    ) -> ServiceResult<Result<Arc<Resident>, HostError>> {
        if !self.multi {
            return Ok(Ok(self.default_tenant(s).await?));
        }
        let Some(name) = host.and_then(host_name) else {
            return Ok(Err(HostError::NotFound(
                host.map_or_else(|| "(no Host header)".into(), shown),
            )));
        };
        let snap = self.snapshot(s).await?;
        Ok(match snap.hosts.get(name.as_str()) {
            None => Err(HostError::NotFound(shown(host.unwrap_or_default()))),
            Some(r) => match &r.suspended {
                Some(reason) => Err(HostError::Suspended(reason.clone())),
                None => Ok(r.clone()),
            },
        })
    }
}

/// A host as named in a message: printable ASCII, bounded.
fn shown(host: &str) -> String {
    host.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(100)
        .collect()
}

trait BySlug {
    fn filter_by_slug(self, slug: &str) -> Self;
}

impl BySlug for sea_orm::Select<tenant::Entity> {
    fn filter_by_slug(self, slug: &str) -> Self {
        use sea_orm::{ColumnTrait, QueryFilter};
        self.filter(tenant::Column::Slug.eq(slug))
    }
}

/// The host name a Host header names, lower case, without its port and trailing dot;
/// None for IP addresses and for anything that is not a DNS name.
pub fn host_name(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 260 || raw.starts_with('[') {
        return None;
    }
    let name = match raw.rsplit_once(':') {
        Some((name, port)) => {
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            name
        }
        None => raw,
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty()
        || name.len() > 253
        || name.parse::<std::net::Ipv4Addr>().is_ok()
        || !name
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'))
        || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        // A numeric last label is an address in some spelling (`0x7f.1`, `2130706433`).
        || name
            .rsplit('.')
            .next()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()) || l.starts_with("0x"))
    {
        return None;
    }
    Some(name.to_ascii_lowercase())
}

impl Services {
    /// Which tenant requests are for.
    pub fn directory(&self) -> &Directory {
        &self.inner.directory
    }

    /// The Composer repository URL the customers of `ctx`'s tenant configure (the CLI's
    /// set-up lines; HTTP callers get the host they used). Single mode:
    /// [`Services::repository_url`]. Multi mode: the tenant's first custom domain, else
    /// `{slug}{suffix}`, with `BASE_URL`'s scheme and port (else `http` and `PORT`).
    pub async fn tenant_repository_url(&self, ctx: &super::Ctx) -> ServiceResult<String> {
        use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
        let dir = self.directory();
        if !dir.multi {
            return Ok(self.repository_url());
        }
        let Some(row) = tenant::Entity::find_by_id(ctx.tenant_id)
            .one(self.db())
            .await?
        else {
            return Ok(self.repository_url());
        };
        let domain = tenant_domain::Entity::find()
            .filter(tenant_domain::Column::TenantId.eq(row.id))
            .order_by_asc(tenant_domain::Column::Id)
            .one(self.db())
            .await?;
        let host = match (domain, &dir.suffix) {
            (Some(d), _) => d.domain,
            (None, Some(suffix)) => format!("{}{suffix}", row.slug),
            (None, None) => return Ok(self.repository_url()),
        };
        let server = &self.settings().server;
        let (scheme, port) = match server
            .base_url
            .as_deref()
            .and_then(|b| url::Url::parse(b).ok())
        {
            Some(u) => (u.scheme().to_string(), u.port()),
            None => ("http".to_string(), Some(server.port).filter(|p| *p != 80)),
        };
        Ok(match port {
            Some(p) => format!("{scheme}://{host}:{p}"),
            None => format!("{scheme}://{host}"),
        })
    }
}
/// Rendered files carry absolute URLs, so without `BASE_URL` they are rendered per base
/// URL the clients use. Only a few bases get cached files (first come; a slot unused for
/// a while goes to the next one): requests with made-up Host headers are answered, but
/// can neither grow memory nor push other callers' files out.
pub struct BaseSlots {
    /// Host[:port] → slot, for `http` and for `https`.
    http: std::sync::RwLock<SlotMap>,
    https: std::sync::RwLock<SlotMap>,
}

type SlotMap = std::collections::HashMap<Box<str>, BaseSlot, foldhash::fast::RandomState>;

struct BaseSlot {
    url: Arc<str>,
    /// Seconds since `BaseSlots::epoch()` of the last request with this base.
    used: std::sync::atomic::AtomicU64,
}

/// Bases with cached files at once.
const BASE_SLOTS: usize = 16;
/// A slot unused this long goes to the next new base.
const BASE_IDLE_SECS: u64 = 600;

impl BaseSlots {
    fn new() -> Self {
        Self {
            http: Default::default(),
            https: Default::default(),
        }
    }

    fn now() -> u64 {
        static EPOCH: std::sync::LazyLock<std::time::Instant> =
            std::sync::LazyLock::new(std::time::Instant::now);
        EPOCH.elapsed().as_secs()
    }

    pub fn get(&self, scheme: &'static str, host: &str) -> Base {
        self.get_at(scheme, host, Self::now())
    }

    fn get_at(&self, scheme: &'static str, host: &str, now: u64) -> Base {
        use std::sync::atomic::Ordering;
        let map = if scheme == "https" {
            &self.https
        } else {
            &self.http
        };
        if let Ok(m) = map.read()
            && let Some(slot) = m.get(host)
        {
            if slot.used.load(Ordering::Relaxed) != now {
                slot.used.store(now, Ordering::Relaxed);
            }
            return Base::cached(slot.url.clone());
        }
        let url: Arc<str> = Arc::from(format!("{scheme}://{host}"));
        let Ok(mut m) = map.write() else {
            return Base { url, cached: false };
        };
        if m.len() >= BASE_SLOTS {
            let idle = m
                .iter()
                .find(|(_, s)| now.saturating_sub(s.used.load(Ordering::Relaxed)) >= BASE_IDLE_SECS)
                .map(|(k, _)| k.clone());
            match idle {
                Some(k) => {
                    m.remove(&k);
                }
                None => return Base { url, cached: false },
            }
        }
        let slot = BaseSlot {
            url: url.clone(),
            used: std::sync::atomic::AtomicU64::new(now),
        };
        m.insert(Box::from(host), slot);
        Base::cached(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_normalized_and_addresses_refused() {
        for (raw, want) in [
            ("acme.example.com", Some("acme.example.com")),
            ("ACME.Example.COM", Some("acme.example.com")),
            ("acme.example.com.", Some("acme.example.com")),
            ("acme.example.com:8080", Some("acme.example.com")),
            ("acme.example.com.:443", Some("acme.example.com")),
            ("localhost", Some("localhost")),
            ("127.0.0.1", None),
            ("127.0.0.1:8080", None),
            ("[::1]:8080", None),
            ("::1", None),
            ("2130706433", None),
            ("0x7f.1", None),
            ("", None),
            (":80", None),
            ("acme.example.com:", None),
            ("acme.example.com:80x", None),
            ("acme..example.com", None),
            ("-acme.example.com", None),
            ("acme_x.example.com", None),
            ("acme.example.com/evil", None),
            ("acme.example.com@evil", None),
            ("a.b.c:1:2", None),
        ] {
            assert_eq!(host_name(raw).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn only_a_few_bases_get_cached_files_and_idle_slots_are_reused() {
        let slots = BaseSlots::new();
        for n in 0..BASE_SLOTS {
            assert!(slots.get_at("http", &format!("h{n}"), 0).cached);
        }
        // Made-up hosts are answered, but without cached files...
        let extra = slots.get_at("http", "evil", 1);
        assert!(!extra.cached);
        assert_eq!(&*extra.url, "http://evil");
        // ...and do not push out the bases in use.
        assert!(slots.get_at("http", "h0", 2).cached);
        assert!(slots.get_at("http", "h0", BASE_IDLE_SECS + 5).cached);
        // A slot unused for long goes to the next new base; h0 stayed in use.
        assert!(slots.get_at("http", "new", BASE_IDLE_SECS + 5).cached);
        assert!(slots.get_at("http", "h0", BASE_IDLE_SECS + 6).cached);
        assert_eq!(slots.http.read().unwrap().len(), BASE_SLOTS);
        let secure = slots.get_at("https", "h0", 7);
        assert_eq!((&*secure.url, secure.cached), ("https://h0", true));
    }
}
