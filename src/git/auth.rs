//! Credentials for one fetch: HTTP Basic accounts, temporary ssh key files, and turning
//! transport errors into messages that name the cause but never a secret.

use std::cell::Cell;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::rc::Rc;

use gix::credentials::helper::Action;
use gix::credentials::protocol::Outcome;
use gix::sec::identity::Account;

use super::error::chain;
use super::url::{
    Transport, default_token_username, redact_url, scrub, split_userinfo, transport_of,
};
use super::{GitAuth, GitError};

/// Everything decided before connecting: the URL gix gets, the one users see,
/// the account to offer, and the ssh files that live as long as the plan.
pub(crate) struct FetchPlan {
    pub gix_url: String,
    pub display_url: String,
    pub account: Option<Account>,
    ssh: Option<SshFiles>,
    secrets: Vec<String>,
    /// Time limits of the fetch (ssh options, and what errors are called).
    pub limits: super::FetchLimits,
}

impl FetchPlan {
    /// `known_hosts` is where ssh records host keys (trust on first use, per mirror).
    pub fn new(url: &str, auth: &GitAuth, known_hosts: &Path) -> Result<FetchPlan, GitError> {
        let url = url.trim();
        let transport = transport_of(url);
        let (gix_url, userinfo) = match transport {
            Transport::Http => split_userinfo(url),
            _ => (url.to_owned(), None),
        };
        let mut plan = FetchPlan {
            gix_url,
            display_url: redact_url(url),
            account: None,
            ssh: None,
            secrets: Vec::new(),
            limits: super::FetchLimits::default(),
        };
        plan.apply_auth(auth, transport, userinfo, known_hosts)?;
        if plan.account.is_some() && url.to_ascii_lowercase().starts_with("http://") {
            tracing::warn!(url = %plan.display_url, "sending credentials over unencrypted http");
        }
        Ok(plan)
    }

    fn apply_auth(
        &mut self,
        auth: &GitAuth,
        transport: Transport,
        userinfo: Option<(String, Option<String>)>,
        known_hosts: &Path,
    ) -> Result<(), GitError> {
        match (auth, transport) {
            (GitAuth::None, Transport::Ssh) => self.ssh = Some(SshFiles::without_key(known_hosts)),
            (GitAuth::None, _) => self.account_from_userinfo(userinfo),
            (GitAuth::Token { username, token }, Transport::Http) => {
                let username = username
                    .clone()
                    .or_else(|| userinfo.map(|(user, _)| user))
                    .unwrap_or_else(|| default_token_username(&self.gix_url).to_owned());
                self.set_account(username, token.clone());
            }
            (GitAuth::Token { .. }, _) => {
                return Err(self.mismatch(
                    "an access token works only with https:// URLs; use an ssh key for ssh URLs",
                ));
            }
            (
                GitAuth::SshKey {
                    private_key_pem,
                    passphrase,
                },
                Transport::Ssh,
            ) => {
                let files = SshFiles::write(private_key_pem, passphrase.as_deref(), known_hosts)?;
                self.ssh = Some(files);
                self.secrets.extend(passphrase.iter().cloned());
            }
            (GitAuth::SshKey { .. }, _) => {
                return Err(
                    self.mismatch("an ssh key works only with ssh:// or user@host:path URLs")
                );
            }
        }
        Ok(())
    }

    fn mismatch(&self, detail: &str) -> GitError {
        GitError::AuthMismatch {
            url: self.display_url.clone(),
            detail: detail.to_owned(),
        }
    }

    fn account_from_userinfo(&mut self, userinfo: Option<(String, Option<String>)>) {
        if let Some((user, Some(password))) = userinfo {
            self.set_account(user, password);
        }
    }

    fn set_account(&mut self, username: String, password: String) {
        self.secrets.push(password.clone());
        self.account = Some(Account {
            username,
            password,
            oauth_refresh_token: None,
        });
    }

    /// Configuration for this fetch only; the ssh command carries the temporary key.
    pub fn config_overrides(&self) -> Vec<String> {
        let secs = |d: std::time::Duration| d.as_secs().max(1);
        // What git's curl transport honours; the reqwest transport gets the same limits
        // through its client (see `fetch::transport_options`).
        let mut out = self.ssh_overrides();
        out.extend([
            "http.lowSpeedLimit=1".to_owned(),
            format!("http.lowSpeedTime={}", secs(self.limits.low_speed_time)),
            format!(
                "gitoxide.http.connectTimeout={}",
                self.limits.connect_timeout.as_millis().max(1)
            ),
        ]);
        out
    }

    fn ssh_overrides(&self) -> Vec<String> {
        match &self.ssh {
            Some(ssh) => vec![
                format!("core.sshCommand={}", ssh.limited(&self.limits)),
                // With a command line instead of a program path gix cannot tell the
                // variant by name; it is OpenSSH, which takes `-p PORT` and `-o`.
                "ssh.variant=ssh".to_owned(),
            ],
            None => Vec::new(),
        }
    }

    pub fn invalid_url(&self, err: gix::Error) -> GitError {
        GitError::InvalidUrl {
            url: self.display_url.clone(),
            detail: self.scrub(&chain(&err)),
        }
    }

    fn scrub(&self, text: &str) -> String {
        let secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        scrub(text, &secrets)
    }

    /// Map a gix error to the cause a user can act on. `offered` tells whether
    /// credentials were handed to the transport, to tell "missing" from "rejected".
    pub fn classify(&self, err: &gix::Error, offered: bool) -> GitError {
        let detail = self.scrub(&chain(err));
        let url = self.display_url.clone();
        let lower = detail.to_ascii_lowercase();
        let ssh_refused = lower.contains("permission denied (publickey")
            || lower.contains("permission denied, please try again");
        if let Some(ssh) = &self.ssh
            && (ssh_refused || err.is_unauthenticated())
        {
            let detail = if ssh.key_dir.is_some() {
                "ssh: the server rejected the key"
            } else {
                "ssh: the server wants a key and none is configured (the server's own keys are never used)"
            };
            return GitError::AuthFailed {
                url,
                detail: detail.into(),
            };
        }
        if err.is_unauthenticated() || lower.contains("http status 401") {
            let detail = if offered {
                "HTTP 401: the server rejected the credentials"
            } else {
                "HTTP 401: the repository requires credentials and none are configured"
            };
            return GitError::AuthFailed {
                url,
                detail: detail.into(),
            };
        }
        if err.is_permission_denied() || lower.contains("http status 403") {
            return GitError::AuthFailed {
                url,
                detail: "HTTP 403: access denied".into(),
            };
        }
        if lower.contains("http status 404")
            || lower.contains("repository not found")
            || lower.contains("does not appear to be a git repository")
            || lower.contains("could not verify that")
        {
            return GitError::NotFound { url };
        }
        // A read that waited too long (not the connect): the server stalled.
        if lower.contains("timed out")
            && !lower.contains("error trying to connect")
            && !lower.contains("connection timed out")
        {
            return GitError::TimedOut {
                url,
                detail: format!(
                    "no data for {} s ({detail})",
                    self.limits.low_speed_time.as_secs_f64()
                ),
            };
        }
        if is_unreachable(&lower) {
            return GitError::Unreachable { url, detail };
        }
        GitError::Fetch { url, detail }
    }
}

fn is_unreachable(lower: &str) -> bool {
    [
        "connection refused",
        "error trying to connect",
        "dns error",
        "failed to lookup address",
        "could not resolve hostname",
        "name or service not known",
        "timed out",
        "no route to host",
        "network is unreachable",
        "connection reset",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// The credentials callback gix calls on HTTP 401. It never prompts: without an
/// account it answers "none", which makes gix fail with an authentication error.
pub(crate) struct Credentials {
    account: Option<Account>,
    offered: Rc<Cell<bool>>,
}

impl Credentials {
    pub fn new(account: Option<Account>) -> Self {
        Credentials {
            account,
            offered: Rc::new(Cell::new(false)),
        }
    }

    pub fn offered_flag(&self) -> Rc<Cell<bool>> {
        self.offered.clone()
    }

    pub fn into_fn(self) -> impl FnMut(Action) -> gix::Result<Option<Outcome>> {
        move |action| match action {
            Action::Get(ctx) => Ok(self.account.clone().map(|identity| {
                self.offered.set(true);
                Outcome {
                    identity,
                    next: ctx.into(),
                }
            })),
            // Nothing is stored: credentials live in cargoman's database, not in helpers.
            Action::Store(_) | Action::Erase(_) => Ok(None),
        }
    }
}

/// The ssh command line for one fetch and the private temporary folder holding its key
/// (and askpass helper for the passphrase), removed when dropped.
struct SshFiles {
    key_dir: Option<tempfile::TempDir>,
    command: String,
}

impl SshFiles {
    /// The command with the fetch's time limits: a connect timeout, keep-alives the
    /// server must answer, and (where `timeout` is installed) a kill after the whole
    /// fetch's time.
    fn limited(&self, limits: &super::FetchLimits) -> String {
        let keepalive = (limits.low_speed_time.as_secs() / 4).max(1);
        let count = (limits.low_speed_time.as_secs() / keepalive).max(1);
        let kill = if program_on_path("timeout") {
            format!("timeout -s KILL {} ", limits.timeout.as_secs().max(1))
        } else {
            String::new()
        };
        format!(
            "{} -o ConnectTimeout={} -o ServerAliveInterval={keepalive} -o ServerAliveCountMax={count}",
            self.command.replacen(" ssh ", &format!(" {kill}ssh "), 1),
            limits.connect_timeout.as_secs().max(1)
        )
    }

    /// Without a key, ssh offers no key at all: not the service user's (`~/.ssh/id_*`,
    /// or any named in its ssh configuration), nor its agent's. A package whose
    /// repository was given over the network must not borrow the server's identity.
    fn without_key(known_hosts: &Path) -> SshFiles {
        SshFiles {
            key_dir: None,
            command: format!(
                "{NO_AGENT} ssh -o IdentityFile=none {} -o BatchMode=yes",
                base_options(known_hosts)
            ),
        }
    }

    fn write(
        private_key: &str,
        passphrase: Option<&str>,
        known_hosts: &Path,
    ) -> Result<SshFiles, GitError> {
        let io = |e| GitError::io("writing the temporary ssh key", e);
        let dir = tempfile::Builder::new()
            .prefix("cargoman-ssh-")
            .tempdir()
            .map_err(io)?;
        let key_path = dir.path().join("key");
        let mut key = private_key.trim().to_owned();
        key.push('\n'); // OpenSSH rejects keys without the final newline.
        write_private(&key_path, key.as_bytes(), 0o600).map_err(io)?;
        let key_options = format!(
            "-i {} {}",
            sh_quote(&key_path.to_string_lossy()),
            base_options(known_hosts)
        );
        let command = match passphrase {
            // ssh reads passphrases from the terminal, or with SSH_ASKPASS_REQUIRE=force
            // from the askpass program, which here prints a file only this process can read.
            Some(passphrase) => {
                let pass_path = dir.path().join("passphrase");
                write_private(&pass_path, passphrase.as_bytes(), 0o600).map_err(io)?;
                let askpass = dir.path().join("askpass");
                let script = format!(
                    "#!/bin/sh\ncat {}\n",
                    sh_quote(&pass_path.to_string_lossy())
                );
                write_private(&askpass, script.as_bytes(), 0o700).map_err(io)?;
                let askpass = sh_quote(&askpass.to_string_lossy());
                format!(
                    "{NO_AGENT} SSH_ASKPASS={askpass} SSH_ASKPASS_REQUIRE=force DISPLAY=none ssh {key_options} -o BatchMode=no"
                )
            }
            None => format!("{NO_AGENT} ssh {key_options} -o BatchMode=yes"),
        };
        Ok(SshFiles {
            key_dir: Some(dir),
            command,
        })
    }
}

/// Whether `name` is an executable in one of the `PATH` folders.
fn program_on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::metadata(dir.join(name))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// ssh runs without the agent of the service user: `IdentityAgent=none` already keeps
/// it from asking, and without the variable nothing it starts can find the agent either.
const NO_AGENT: &str = "env -u SSH_AUTH_SOCK";

/// Options of every fetch over ssh. No configuration is read (`-F /dev/null`: neither
/// the service user's `~/.ssh/config` nor the system's), only the identities given on
/// the command line are offered, never the agent's. Never wait for input: no password
/// or host-key questions. Host keys are pinned per mirror on first use, not in the
/// service user's (maybe read-only) home.
fn base_options(known_hosts: &Path) -> String {
    format!(
        "-F /dev/null -o IdentitiesOnly=yes -o IdentityAgent=none \
         -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile={} -o PasswordAuthentication=no \
         -o KbdInteractiveAuthentication=no -o LogLevel=ERROR",
        sh_quote(&known_hosts.to_string_lossy())
    )
}

fn write_private(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Quote for `sh`: gix runs `core.sshCommand` through the shell, like git.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_defaults_username_by_host() {
        let auth = GitAuth::Token {
            username: None,
            token: "t0ken-value".into(),
        };
        let plan = FetchPlan::new("https://gitlab.com/a/b.git", &auth, Path::new("/kh")).unwrap();
        let account = plan.account.unwrap();
        assert_eq!(account.username, "oauth2");
        assert_eq!(account.password, "t0ken-value");
    }

    #[test]
    fn userinfo_becomes_account_and_leaves_the_url() {
        let plan = FetchPlan::new(
            "https://me:s3cret-pass@host/a.git",
            &GitAuth::None,
            Path::new("/kh"),
        )
        .unwrap();
        assert_eq!(plan.gix_url, "https://host/a.git");
        assert_eq!(plan.display_url, "https://host/a.git");
        assert_eq!(plan.account.unwrap().username, "me");
    }

    #[test]
    fn rejects_mismatched_credentials() {
        let token = GitAuth::Token {
            username: None,
            token: "x".into(),
        };
        let err = FetchPlan::new("git@host:a/b.git", &token, Path::new("/kh"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("only with https"), "{err}");
    }

    #[test]
    fn ssh_key_file_is_private_and_removed() {
        let auth = GitAuth::SshKey {
            private_key_pem:
                "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----".into(),
            passphrase: Some("pass phrase".into()),
        };
        let plan = FetchPlan::new("ssh://git@host/a.git", &auth, Path::new("/kh")).unwrap();
        let overrides = plan.config_overrides();
        assert!(overrides[0].contains("ssh -i '"), "{overrides:?}");
        assert!(overrides[0].contains("SSH_ASKPASS_REQUIRE=force"));
        let dir = plan
            .ssh
            .as_ref()
            .unwrap()
            .key_dir
            .as_ref()
            .unwrap()
            .path()
            .to_owned();
        let mode = std::fs::metadata(dir.join("key")).unwrap().permissions();
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
            0o600
        );
        assert!(!overrides[0].contains("pass phrase"));
        drop(plan);
        assert!(!dir.exists());
    }

    #[test]
    fn ssh_never_borrows_the_service_users_identity() {
        let key = GitAuth::SshKey {
            private_key_pem:
                "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----".into(),
            passphrase: None,
        };
        for auth in [GitAuth::None, key] {
            let plan = FetchPlan::new("git@host:a/b.git", &auth, Path::new("/kh")).unwrap();
            let command = plan.config_overrides()[0].clone();
            for option in [
                "core.sshCommand=env -u SSH_AUTH_SOCK ",
                " -F /dev/null ",
                " -o IdentitiesOnly=yes ",
                " -o IdentityAgent=none ",
                " -o BatchMode=yes",
            ] {
                assert!(command.contains(option), "{option} missing: {command}");
            }
            let without_key = matches!(auth, GitAuth::None);
            assert_eq!(
                command.contains(" -o IdentityFile=none "),
                without_key,
                "{command}"
            );
            assert_eq!(command.contains(" -i '"), !without_key, "{command}");
        }
    }

    #[test]
    fn quotes_for_the_shell() {
        assert_eq!(sh_quote("/tmp/a b"), "'/tmp/a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
    }
}
