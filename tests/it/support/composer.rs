//! Drives the real `composer` client (Debian's 2.5.5, or `$COMPOSER_BIN`) against a
//! repository URL, in a throwaway project with its own COMPOSER_HOME and cache.
//!
//! Each command is a blocking child process. The server under test usually runs in the
//! test's own tokio runtime, so a blocking wait on a runtime thread could starve it: the
//! default methods are `async` and run the process on `spawn_blocking`. The `*_blocking`
//! variants are for sync tests and for code already off the runtime.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How the project authenticates against the repository's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    None,
    /// `http-basic` with username `token` and this password, as cargoman's tokens are used.
    Token(String),
    /// `http-basic` with any username and password.
    Basic {
        username: String,
        password: String,
    },
    /// `bearer`: `Authorization: Bearer <token>`.
    Bearer(String),
}

/// Output of one `composer` run.
#[derive(Debug, Clone)]
pub struct ComposerRun {
    /// Exit code; -1 when killed (by the timeout or a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl ComposerRun {
    /// Asserts exit 0 with every metadata request answered: a run that fell back to
    /// its cache would hide a failing server, so it fails here (see
    /// [`Self::assert_ok_from_cache`]).
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "composer failed:\n{self}");
        assert!(
            !self.used_cache_after_error(),
            "composer succeeded only from its cache:\n{self}"
        );
        self
    }

    /// Asserts exit 0 after a failed metadata request, with the cached copy used.
    #[track_caller]
    pub fn assert_ok_from_cache(&self) -> &Self {
        assert_eq!(self.code, 0, "composer failed:\n{self}");
        assert!(
            self.used_cache_after_error(),
            "composer did not fall back to its cache:\n{self}"
        );
        self
    }

    /// Whether Composer warned that it used cached metadata after a failed request.
    pub fn used_cache_after_error(&self) -> bool {
        self.contains(FROM_CACHE_WARNING)
    }

    /// Asserts a non-zero exit and `needle` in the output (see [`Self::contains`]).
    #[track_caller]
    pub fn assert_fails_with(&self, needle: &str) -> &Self {
        assert_ne!(self.code, 0, "composer succeeded unexpectedly:\n{self}");
        assert!(self.contains(needle), "output lacks {needle:?}:\n{self}");
        self
    }

    /// Whether stdout or stderr holds `needle`, comparing with runs of whitespace
    /// collapsed: Composer prints errors in a padded box, one sentence per line.
    pub fn contains(&self, needle: &str) -> bool {
        collapse_whitespace(&self.output()).contains(&collapse_whitespace(needle))
    }

    /// stdout and stderr together.
    pub fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// stdout parsed as one JSON document (`audit --format=json`, `show --format=json`).
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{self}"))
    }
}

impl std::fmt::Display for ComposerRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The commands that accept `--no-progress`: it is not a global option, and `audit`,
/// `show` and the like reject it.
const TAKES_NO_PROGRESS: [&str; 6] = [
    "require",
    "install",
    "update",
    "remove",
    "reinstall",
    "create-project",
];

/// The start of Composer's warning when a metadata request failed and it carried on
/// with its cached copy ("degraded mode"), e.g. after a 401, 403 or 500 on a file it
/// fetched before. The run still exits 0.
pub const FROM_CACHE_WARNING: &str = "could not be fully loaded";

/// The `composer` executable: `$COMPOSER_BIN`, else `composer` on the PATH.
pub fn composer_bin() -> String {
    std::env::var("COMPOSER_BIN").unwrap_or_else(|_| "composer".into())
}

/// A Composer project in a temp dir, using one repository and nothing else (Packagist
/// disabled), with plain http allowed and plugins off.
pub struct ComposerProject {
    dir: tempfile::TempDir,
    repo_url: String,
    timeout: Duration,
    /// Extra environment for every run (e.g. `COMPOSER_AUTH`); `None` unsets it.
    env: Vec<(String, Option<String>)>,
}

impl ComposerProject {
    /// A project on `repo_url` (e.g. `http://127.0.0.1:PORT`), minimum-stability
    /// `stable`, no credentials.
    pub fn new(repo_url: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = ComposerProject {
            dir,
            repo_url: repo_url.trim_end_matches('/').to_owned(),
            timeout: Duration::from_secs(120),
            env: Vec::new(),
        };
        for folder in [project.project_dir(), project.home(), project.cache_dir()] {
            std::fs::create_dir_all(folder).expect("create project folders");
        }
        project.write_json(
            "composer.json",
            &json!({
                "name": "harness/project",
                "type": "project",
                "repositories": [
                    {"type": "composer", "url": project.repo_url},
                    {"packagist.org": false},
                ],
                "require": {},
                "minimum-stability": "stable",
                "prefer-stable": true,
                "config": {"secure-http": false, "allow-plugins": false},
            }),
        );
        project
    }

    /// With these credentials from the start.
    pub fn with_credentials(self, credentials: Credentials) -> Self {
        self.set_credentials(credentials);
        self
    }

    /// With `http-basic` username `token` and `token` as the password.
    pub fn with_token(self, token: &str) -> Self {
        self.with_credentials(Credentials::Token(token.into()))
    }

    pub fn with_minimum_stability(self, stability: &str) -> Self {
        self.edit_composer_json(|doc| doc["minimum-stability"] = json!(stability));
        self
    }

    /// Kill a run after this long (default 120 s) so a hang fails the test.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets (or with `None` removes) an environment variable for later runs.
    pub fn set_env(&mut self, key: &str, value: Option<&str>) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.map(Into::into)));
    }

    /// Replaces `auth.json` in COMPOSER_HOME; `Credentials::None` removes it.
    pub fn set_credentials(&self, credentials: Credentials) {
        let origin = composer_origin(&self.repo_url);
        let auth = match credentials {
            Credentials::None => {
                let _ = std::fs::remove_file(self.home().join("auth.json"));
                return;
            }
            Credentials::Token(token) => {
                json!({"http-basic": {origin: {"username": "token", "password": token}}})
            }
            Credentials::Basic { username, password } => {
                json!({"http-basic": {origin: {"username": username, "password": password}}})
            }
            Credentials::Bearer(token) => json!({"bearer": {origin: token}}),
        };
        let text = serde_json::to_string_pretty(&auth).expect("auth.json");
        std::fs::write(self.home().join("auth.json"), text).expect("write auth.json");
    }

    /// Changes the token (`http-basic`, username `token`), or removes all credentials.
    pub fn set_token(&self, token: Option<&str>) {
        self.set_credentials(token.map_or(Credentials::None, |t| Credentials::Token(t.into())));
    }

    /// Changes composer.json in place (keeping what `composer require` wrote).
    pub fn edit_composer_json(&self, edit: impl FnOnce(&mut Value)) {
        let mut doc = self.read_json("composer.json").expect("composer.json");
        edit(&mut doc);
        self.write_json("composer.json", &doc);
    }

    pub fn project_dir(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    /// COMPOSER_HOME (holds auth.json).
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("composer-home")
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.dir.path().join("composer-cache")
    }

    pub fn repo_url(&self) -> &str {
        &self.repo_url
    }

    /// Wipes COMPOSER_CACHE_DIR: the next run fetches metadata and dists afresh.
    pub fn clear_cache(&self) {
        let _ = std::fs::remove_dir_all(self.cache_dir());
        std::fs::create_dir_all(self.cache_dir()).expect("recreate the cache folder");
    }

    /// composer.lock, parsed; panics when there is none.
    #[track_caller]
    pub fn lock(&self) -> Value {
        self.read_json("composer.lock")
            .expect("composer.lock is missing or not JSON")
    }

    /// The locked `version` of `name` (from `packages` or `packages-dev`), if any.
    pub fn installed_version(&self, name: &str) -> Option<String> {
        self.locked(name)?["version"].as_str().map(Into::into)
    }

    /// The entry of `name` in composer.lock (`packages` or `packages-dev`).
    pub fn locked(&self, name: &str) -> Option<serde_json::Value> {
        let lock = self.read_json("composer.lock")?;
        ["packages", "packages-dev"]
            .iter()
            .filter_map(|key| lock[key].as_array())
            .flatten()
            .find(|p| p["name"].as_str() == Some(name))
            .cloned()
    }

    /// Whether `vendor/<path>` exists, e.g. `acme/lib/src/Lib.php`.
    pub fn vendor_file_exists(&self, path: &str) -> bool {
        self.project_dir().join("vendor").join(path).exists()
    }

    /// The content of `vendor/<path>`, if it is there.
    pub fn vendor_file(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.project_dir().join("vendor").join(path)).ok()
    }

    /// `composer require PACKAGES…` (each `name:constraint`).
    pub async fn require(&self, packages: &[&str]) -> ComposerRun {
        self.run(&with_args(&["require"], packages)).await
    }

    pub async fn install(&self) -> ComposerRun {
        self.run(&["install"]).await
    }

    /// `composer update [PACKAGES…]`.
    pub async fn update(&self, packages: &[&str]) -> ComposerRun {
        self.run(&with_args(&["update"], packages)).await
    }

    /// `composer audit --format=json` (the report is on stdout; see [`ComposerRun::json`]).
    pub async fn audit(&self) -> ComposerRun {
        self.run(&["audit", "--format=json"]).await
    }

    /// `composer ARGS… --no-interaction --no-ansi --no-progress`, off the runtime threads.
    pub async fn run(&self, args: &[&str]) -> ComposerRun {
        let command = self.command(args);
        let timeout = self.timeout;
        match tokio::task::spawn_blocking(move || run_with_timeout(command, timeout)).await {
            Ok(run) => run,
            // Re-raise the timeout's panic with its own message.
            Err(err) => std::panic::resume_unwind(err.into_panic()),
        }
    }

    pub fn require_blocking(&self, packages: &[&str]) -> ComposerRun {
        self.run_blocking(&with_args(&["require"], packages))
    }

    pub fn install_blocking(&self) -> ComposerRun {
        self.run_blocking(&["install"])
    }

    pub fn update_blocking(&self, packages: &[&str]) -> ComposerRun {
        self.run_blocking(&with_args(&["update"], packages))
    }

    pub fn audit_blocking(&self) -> ComposerRun {
        self.run_blocking(&["audit", "--format=json"])
    }

    /// Like [`Self::run`], blocking the calling thread: never call it on a runtime thread
    /// that the server under test needs.
    pub fn run_blocking(&self, args: &[&str]) -> ComposerRun {
        run_with_timeout(self.command(args), self.timeout)
    }

    /// The composer command with a clean environment: only PATH, this project's home and
    /// cache, and switches for a root, non-interactive, git-free run.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(composer_bin());
        // Switches before the command's own arguments, so they never land after a `--`.
        cmd.args(["--no-interaction", "--no-ansi"]);
        if let Some((name, rest)) = args.split_first() {
            cmd.arg(name);
            if TAKES_NO_PROGRESS.contains(name) {
                cmd.arg("--no-progress");
            }
            cmd.args(rest);
        }
        cmd.current_dir(self.project_dir())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("COMPOSER_HOME", self.home())
            .env("COMPOSER_CACHE_DIR", self.cache_dir())
            .env("COMPOSER_NO_INTERACTION", "1")
            .env("COMPOSER_ALLOW_SUPERUSER", "1")
            // Symfony Console wraps error boxes at the terminal width (80 columns without
            // a terminal), cutting messages mid-word; a wide "terminal" keeps them whole.
            .env("COLUMNS", "1000")
            // Otherwise Composer runs git in the project to guess the root version.
            .env("COMPOSER_ROOT_VERSION", "1.0.0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so a timeout can kill unzip/git children too.
            .process_group(0);
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    fn read_json(&self, file: &str) -> Option<Value> {
        let text = std::fs::read_to_string(self.project_dir().join(file)).ok()?;
        serde_json::from_str(&text).ok()
    }

    fn write_json(&self, file: &str, doc: &Value) {
        let text = serde_json::to_string_pretty(doc).expect("serialize JSON");
        std::fs::write(self.project_dir().join(file), text).expect("write project file");
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn with_args<'a>(command: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    command.iter().chain(more).copied().collect()
}

/// The key Composer files credentials under: the URL's host, plus `:port` when the URL
/// writes one out (Composer's `Url::getOrigin`; an explicit `:80` counts too).
pub fn composer_origin(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    match host_port.rsplit_once(':') {
        Some((host, "")) => host.to_owned(),
        _ => host_port.to_owned(),
    }
}

/// Runs `command` to completion, or kills its process group after `timeout`.
fn run_with_timeout(mut command: Command, timeout: Duration) -> ComposerRun {
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} ({e}); set COMPOSER_BIN", composer_bin()));
    // Drain both pipes on their own threads so a chatty child cannot block on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait for composer") {
            break status.code().unwrap_or(-1);
        }
        if Instant::now() >= deadline {
            kill_group(&mut child);
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "composer timed out after {timeout:?}\n--- stdout ---\n{}\n--- stderr ---\n{stderr}",
                stdout.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    ComposerRun {
        code,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Kills the process group that `child` leads (it was started with `process_group(0)`).
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn origin_is_host_plus_written_port() {
    assert_eq!(composer_origin("http://127.0.0.1:8080"), "127.0.0.1:8080");
    assert_eq!(
        composer_origin("http://127.0.0.1:8080/t/acme/"),
        "127.0.0.1:8080"
    );
    assert_eq!(
        composer_origin("https://repo.example.com/x"),
        "repo.example.com"
    );
    assert_eq!(composer_origin("http://u:p@host:80/"), "host:80");
}
