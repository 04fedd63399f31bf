//! Fetching a remote into a [`Mirror`] so its branches and tags equal the remote's.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use gix::bstr::ByteSlice;
use gix::protocol::handshake::Ref;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use super::auth::{Credentials, FetchPlan};
use super::{FetchOutcome, FetchProgress, GitAuth, GitError, Mirror, open_options};

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
        let plan = FetchPlan::new(url, auth, &self.path.join("ssh_known_hosts"))?;
        progress(FetchProgress::Connecting {
            url: plan.display_url.clone(),
        });
        let before = self.snapshot()?;
        let repo = open_options(plan.config_overrides())
            .open(&self.path)
            .map_err(|e| GitError::read("opening the mirror for fetching", e))?
            .to_thread_local();
        let (remote_refs, received_pack) = fetch_pack(&repo, &plan, progress)?;
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

/// Connect, list the remote's refs and receive the pack; returns the remote's refs and
/// whether a pack was received.
fn fetch_pack(
    repo: &gix::Repository,
    plan: &FetchPlan,
    progress: &dyn Fn(FetchProgress),
) -> Result<(Vec<Ref>, bool), GitError> {
    let remote = repo
        .remote_at(plan.gix_url.as_str())
        .map_err(|e| plan.invalid_url(e))?
        .with_refspecs(REFSPECS, gix::remote::Direction::Fetch)
        .map_err(|e| plan.invalid_url(e))?
        // Tags come through the explicit refspec; implicit tag following would only add noise.
        .with_fetch_tags(gix::remote::fetch::Tags::None);
    let connection = remote
        .connect(gix::remote::Direction::Fetch)
        .map_err(|e| plan.classify(&e, false))?;
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
    let interrupt = AtomicBool::new(false);
    let outcome = prepare
        .receive(gix::progress::Discard, &interrupt)
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
