//! Fetching a remote into a [`Mirror`] so its branches and tags equal the remote's.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use gix::bstr::ByteSlice;
use gix::protocol::handshake::Ref;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use super::auth::{Credentials, FetchPlan};
use super::{FetchLimits, FetchOutcome, FetchProgress, GitAuth, GitError, Mirror, open_options};

/// Forced so moved tags and rewritten branches are taken over as the remote has them.
const REFSPECS: [&str; 2] = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/// Full ref name → object id, of the refs a mirror keeps.
type RefSnapshot = BTreeMap<String, gix::ObjectId>;

impl Mirror {
    /// Update the mirror from `url`: afterwards its `refs/heads/*` and `refs/tags/*` equal the
    /// remote's (new refs created, moved ones force-updated, deleted ones pruned) and the
    /// remote's default branch is recorded for [`Mirror::default_branch`].
    ///
    /// Never prompts: credentials come only from `auth` (or the URL's userinfo).
    pub fn fetch(
        &self,
        url: &str,
        auth: &GitAuth,
        progress: &dyn Fn(FetchProgress),
    ) -> Result<FetchOutcome, GitError> {
        self.fetch_limited(url, auth, &FetchLimits::default(), progress)
    }

    /// [`Mirror::fetch`] within `limits`: a server that stalls for `low_speed_time`, or
    /// a fetch that outlasts `timeout`, fails with [`GitError::TimedOut`].
    pub fn fetch_limited(
        &self,
        url: &str,
        auth: &GitAuth,
        limits: &FetchLimits,
        progress: &dyn Fn(FetchProgress),
    ) -> Result<FetchOutcome, GitError> {
        self.fetch_cancellable(url, auth, limits, &AtomicBool::new(false), progress)
    }

    /// [`Mirror::fetch_limited`] that also stops, with [`GitError::Cancelled`], within a
    /// tenth of a second of `cancel` being raised (the work it was for was dropped: the
    /// transfer must not go on in the background until its own time-out).
    pub fn fetch_cancellable(
        &self,
        url: &str,
        auth: &GitAuth,
        limits: &FetchLimits,
        cancel: &AtomicBool,
        progress: &dyn Fn(FetchProgress),
    ) -> Result<FetchOutcome, GitError> {
        let mut plan = FetchPlan::new(url, auth, &self.path.join("ssh_known_hosts"))?;
        plan.limits = *limits;
        progress(FetchProgress::Connecting {
            url: plan.display_url.clone(),
        });
        let before = self.snapshot()?;
        let repo = open_options(plan.config_overrides())
            .open(&self.path)
            .map_err(|e| GitError::read("opening the mirror for fetching", e))?
            .to_thread_local();
        let (remote_refs, received_pack) = with_deadline(&plan, cancel, |interrupt| {
            fetch_pack(&repo, &plan, interrupt, progress)
        })?;
        prune(&repo, &remote_refs, &before)?;
        let default_branch = record_default_branch(&repo, &remote_refs)?;
        let after = self.snapshot()?;
        let outcome = diff(&before, &after, default_branch, received_pack);
        progress(FetchProgress::UpdatedRefs {
            created: outcome.created.len(),
            updated: outcome.updated.len(),
            deleted: outcome.deleted.len(),
        });
        tracing::debug!(url = %plan.display_url, ?outcome, "fetched");
        Ok(outcome)
    }

    /// The branches and tags the mirror holds right now.
    fn snapshot(&self) -> Result<RefSnapshot, GitError> {
        let repo = self.local();
        let platform = repo
            .references()
            .map_err(|e| GitError::read("listing refs", e))?;
        let mut out = RefSnapshot::new();
        for prefix in ["refs/heads/", "refs/tags/"] {
            let iter = platform
                .prefixed(prefix)
                .map_err(|e| GitError::read("listing refs", e))?;
            for reference in iter {
                let reference = reference.map_err(|e| GitError::read("listing refs", e))?;
                if let Some(id) = reference.try_id() {
                    out.insert(reference.name().as_bstr().to_string(), id.detach());
                }
            }
        }
        Ok(out)
    }
}

/// Runs `fetch` with an interrupt flag raised once the fetch's whole time is up (the
/// transfer stops at its next read), or once `cancel` is raised; reports that as a
/// time-out, or as cancelled.
fn with_deadline<T>(
    plan: &FetchPlan,
    cancel: &AtomicBool,
    fetch: impl FnOnce(&AtomicBool) -> Result<T, GitError>,
) -> Result<T, GitError> {
    const TICK: std::time::Duration = std::time::Duration::from_millis(100);
    let interrupt = AtomicBool::new(false);
    let timeout = plan.limits.timeout;
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let raise = &interrupt;
    let started = std::time::Instant::now();
    let result = std::thread::scope(|scope| {
        scope.spawn(move || {
            loop {
                let left = timeout.saturating_sub(started.elapsed());
                match wait.recv_timeout(left.min(TICK)) {
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if cancel.load(Ordering::Relaxed) || started.elapsed() >= timeout {
                            raise.store(true, Ordering::Relaxed);
                            return;
                        }
                    }
                    _ => return,
                }
            }
        });
        let result = fetch(&interrupt);
        drop(done);
        result
    });
    if interrupt.load(Ordering::Relaxed) {
        if cancel.load(Ordering::Relaxed) {
            return Err(GitError::Cancelled {
                url: plan.display_url.clone(),
            });
        }
        return Err(GitError::TimedOut {
            url: plan.display_url.clone(),
            detail: format!("the fetch took longer than {} s", timeout.as_secs_f64()),
        });
    }
    result
}

/// The HTTP transport's options from the configuration, with the fetch's limits set on
/// the reqwest client, which does not read `http.lowSpeed*` itself: its per-read
/// timeout is the low-speed time (no byte for that long fails the fetch).
fn transport_options(repo: &gix::Repository, plan: &FetchPlan) -> Option<Box<dyn std::any::Any>> {
    use gix_transport::client::blocking_io::http;
    let mut options = repo
        .transport_options(plan.gix_url.as_str(), None)
        .ok()
        .flatten()?;
    let http_options = options.downcast_mut::<http::Options>()?;
    let limits = plan.limits;
    let backend = http::reqwest::Options {
        configure_client: Some(Box::new(move |builder| {
            Ok(builder
                .connect_timeout(limits.connect_timeout)
                .timeout(limits.low_speed_time))
        })),
        configure_request: None,
    };
    http_options.backend = Some(std::sync::Arc::new(std::sync::Mutex::new(backend)));
    Some(options)
}

/// Connect, list the remote's refs and receive the pack; returns the remote's refs and
/// whether a pack was received.
fn fetch_pack(
    repo: &gix::Repository,
    plan: &FetchPlan,
    interrupt: &AtomicBool,
    progress: &dyn Fn(FetchProgress),
) -> Result<(Vec<Ref>, bool), GitError> {
    let remote = repo
        .remote_at(plan.gix_url.as_str())
        .map_err(|e| plan.invalid_url(e))?
        .with_refspecs(REFSPECS, gix::remote::Direction::Fetch)
        .map_err(|e| plan.invalid_url(e))?
        // Tags come through the explicit refspec; implicit tag following would only add noise.
        .with_fetch_tags(gix::remote::fetch::Tags::None);
    let mut connection = remote
        .connect(gix::remote::Direction::Fetch)
        .map_err(|e| plan.classify(&e, false))?;
    if let Some(options) = transport_options(repo, plan) {
        connection = connection.with_transport_options(options);
    }
    let credentials = Credentials::new(plan.account.clone());
    let offered = credentials.offered_flag();
    let connection = connection.with_credentials(credentials.into_fn());
    let options = gix::remote::ref_map::Options {
        // `HEAD` is listed only when asked for; it tells the remote's default branch.
        extra_refspecs: vec![head_refspec()],
        ..Default::default()
    };
    let prepare = connection
        .prepare_fetch(gix::progress::Discard, options)
        .map_err(|e| plan.classify(&e, offered.get()))?;
    let remote_refs = prepare.ref_map().remote_refs.clone();
    progress(FetchProgress::ListedRefs {
        remote_refs: remote_refs.len(),
    });
    let wanted = prepare.ref_map().mappings.iter().any(|m| m.local.is_some());
    if !wanted {
        // An empty remote: nothing to receive (gix refuses a fetch without mappings),
        // and pruning below removes whatever the mirror still had.
        return Ok((remote_refs, false));
    }
    let outcome = prepare
        .receive(gix::progress::Discard, interrupt)
        .map_err(|e| plan.classify(&e, offered.get()))?;
    let received = matches!(outcome.status, gix::remote::fetch::Status::Change { .. });
    if received {
        progress(FetchProgress::ReceivedPack);
    }
    Ok((remote_refs, received))
}

fn head_refspec() -> gix::refspec::RefSpec {
    gix::refspec::parse("HEAD".into(), gix::refspec::parse::Operation::Fetch)
        .expect("HEAD is a valid refspec")
        .to_owned()
}

/// Delete local branches and tags that the remote no longer has (gix's fetch does not prune).
fn prune(
    repo: &gix::Repository,
    remote_refs: &[Ref],
    before: &RefSnapshot,
) -> Result<(), GitError> {
    let on_remote: std::collections::HashSet<&[u8]> = remote_refs
        .iter()
        .map(|r| r.unpack().0.as_bytes())
        .collect();
    let edits: Vec<RefEdit> = before
        .iter()
        .filter(|(name, _)| !on_remote.contains(name.as_bytes()))
        .filter_map(|(name, id)| {
            Some(RefEdit {
                change: Change::Delete {
                    expected: PreviousValue::MustExistAndMatch(gix::refs::Target::Object(*id)),
                    log: RefLog::AndReference,
                },
                name: name.as_str().try_into().ok()?,
                deref: false,
            })
        })
        .collect();
    if edits.is_empty() {
        return Ok(());
    }
    repo.edit_references(edits)
        .map_err(|e| GitError::read("deleting refs that the remote no longer has", e))?;
    Ok(())
}

/// Point the mirror's `HEAD` at the branch the remote's `HEAD` names, as `git clone --mirror`
/// does; returns that branch's short name.
fn record_default_branch(
    repo: &gix::Repository,
    remote_refs: &[Ref],
) -> Result<Option<String>, GitError> {
    let target = remote_refs.iter().find_map(|r| match r {
        // An unborn remote HEAD names no existing branch; keep what the mirror had.
        Ref::Symbolic {
            full_ref_name,
            target,
            ..
        } if full_ref_name == "HEAD" => Some(target.to_str_lossy().into_owned()),
        _ => None,
    });
    let Some(target) = target else {
        return Ok(None);
    };
    let Some(branch) = target.strip_prefix("refs/heads/").map(str::to_owned) else {
        return Ok(None);
    };
    let Ok(new_target) = gix::refs::FullName::try_from(target.as_str()) else {
        return Ok(None);
    };
    repo.edit_reference(RefEdit {
        change: Change::Update {
            log: LogChange::default(),
            expected: PreviousValue::Any,
            new: gix::refs::Target::Symbolic(new_target),
        },
        name: "HEAD".try_into().expect("HEAD is a valid ref name"),
        deref: false,
    })
    .map_err(|e| GitError::read("recording the default branch", e))?;
    Ok(Some(branch))
}

fn diff(
    before: &RefSnapshot,
    after: &RefSnapshot,
    default_branch: Option<String>,
    received_pack: bool,
) -> FetchOutcome {
    let mut outcome = FetchOutcome {
        default_branch,
        received_pack,
        ..Default::default()
    };
    for (name, id) in after {
        match before.get(name) {
            None => outcome.created.push(name.clone()),
            Some(old) if old != id => outcome.updated.push(name.clone()),
            Some(_) => {}
        }
    }
    outcome.deleted = before
        .keys()
        .filter(|name| !after.contains_key(*name))
        .cloned()
        .collect();
    outcome
}
