//! `cargoman serve` as its own process over a test database: what several servers of
//! one deployment, and the CLI beside them, look like to each other.

use std::process::{Child, Stdio};
use std::time::Duration;

use super::TestDb;

pub struct ServeProcess {
    child: Child,
    /// Keeps connections alive, as Composer does: a connection that presented a token
    /// before must still see it revoked.
    client: reqwest::Client,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    log: std::path::PathBuf,
}

impl ServeProcess {
    /// Starts `cargoman serve` on a free port and waits until `/ready` answers 200.
    pub async fn start(db: &TestDb, name: &str) -> Self {
        Self::start_with(db, name, "").await
    }

    /// Like [`ServeProcess::start`] with `config` as its configuration file (TOML).
    pub async fn start_with(db: &TestDb, name: &str, config: &str) -> Self {
        Self::start_env(db, name, config, &[]).await
    }

    /// Like [`ServeProcess::start_with`] with more environment variables (they win over
    /// the defaults below), e.g. its own `CARGOMAN_DATA_DIR`, as a server on another
    /// machine of the deployment has.
    pub async fn start_env(db: &TestDb, name: &str, config: &str, env: &[(&str, &str)]) -> Self {
        Self::start_command(db.command(), db.path(), name, config, env).await
    }

    /// Starts `cargoman serve` from `cmd` (the binary with its environment; see
    /// [`TestDb::command`]), writing its configuration file and log into `dir`.
    pub async fn start_command(
        mut cmd: std::process::Command,
        dir: &std::path::Path,
        name: &str,
        config: &str,
        env: &[(&str, &str)],
    ) -> Self {
        let port = free_port();
        let config_file = dir.join(format!("serve-{name}.toml"));
        std::fs::write(&config_file, config).unwrap();
        let log = dir.join(format!("serve-{name}.log"));
        let file = std::fs::File::create(&log).unwrap();
        cmd.env("RUST_LOG", "warn")
            .env("TASK_SYNC_INTERVAL", "0")
            .env("ADMIN_TOKEN", "test-owner-token-0123456789");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("--config")
            .arg(&config_file)
            .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(file);
        let child = cmd.spawn().expect("start cargoman serve");
        let server = Self {
            child,
            client: reqwest::Client::new(),
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        for _ in 0..300 {
            if let Ok(r) = reqwest::get(format!("{}/ready", server.url)).await
                && r.status() == 200
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("server {name} did not become ready:\n{}", server.log());
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server wrote on stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Status of a GET of `path` with `token` (HTTP Basic), and the body.
    pub async fn get(&self, path: &str, token: &str) -> (u16, String) {
        let resp = self
            .client
            .get(format!("{}{path}", self.url))
            .basic_auth("token", Some(token))
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        (status, resp.text().await.unwrap_or_default())
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
