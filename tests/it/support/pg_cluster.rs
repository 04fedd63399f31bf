//! A private, throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port,
//! which a test may stop and start again under a running server (R3: the database
//! unreachable for a while). PostgreSQL refuses to run as root: as root the cluster runs
//! as the `postgres` system user, through `runuser` (or `su`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// `Some("postgres")` when the tests run as root.
    run_as: Option<String>,
    pub port: u16,
    running: bool,
}

impl PgCluster {
    /// Creates and starts a cluster. `Err` says why this machine cannot run one (no
    /// PostgreSQL server binaries, or root without a `postgres` user to run it as); any
    /// other failure is a panic.
    pub fn start() -> Result<Self, String> {
        let bin = find_bin().ok_or(
            "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in \
             /usr/lib/postgresql/*/bin or on PATH",
        )?;
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        let run_as = if root {
            let exists = Command::new("id")
                .args(["-u", "postgres"])
                .output()
                .is_ok_and(|o| o.status.success());
            if !exists {
                return Err(
                    "running as root, and there is no 'postgres' user to run the \
                            PostgreSQL server as (it refuses root)"
                        .into(),
                );
            }
            if !have("runuser") && !have("su") {
                return Err(
                    "running as root, and neither runuser nor su is available to \
                            run the PostgreSQL server as 'postgres'"
                        .into(),
                );
            }
            Some("postgres".to_string())
        } else {
            None
        };
        // The postgres user must reach the folder; socket paths are limited to ~100 bytes.
        let dir = tempfile::Builder::new()
            .prefix("cm-pg-")
            .tempdir_in("/tmp")
            .expect("temp dir for the PostgreSQL cluster");
        if let Some(user) = &run_as {
            let status = Command::new("chown")
                .arg(format!("{user}:"))
                .arg(dir.path())
                .status()
                .expect("run chown");
            assert!(status.success(), "chown {user} {}", dir.path().display());
        }
        let mut cluster = Self {
            dir,
            bin,
            run_as,
            port: super::server::free_port(),
            running: false,
        };
        let data = cluster.data();
        let out = cluster.pg(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        assert!(out.status.success(), "initdb failed: {}", text(&out));
        // Durable settings (fsync, synchronous_commit and full_page_writes left on): with
        // them off, an immediate stop lost committed rows, and the test would be
        // measuring the cluster's shortcuts, not the server.
        let conf = format!(
            "\n# cargoman test cluster\nlisten_addresses = '127.0.0.1'\nport = {}\n\
             unix_socket_directories = '{}'\nmax_connections = 60\nlogging_collector = off\n",
            cluster.port,
            cluster.dir.path().display()
        );
        let conf_path = data.join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf_path).expect("read postgresql.conf");
        existing.push_str(&conf);
        std::fs::write(&conf_path, existing).expect("write postgresql.conf");
        cluster.start_again();
        Ok(cluster)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Stops the cluster at once, as a crash or a cut network would (`-m immediate`):
    /// open connections break, new ones are refused.
    pub fn stop(&mut self) {
        let data = self.data();
        let out = self.pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "-t",
                "30",
                "stop",
            ],
        );
        assert!(out.status.success(), "pg_ctl stop failed: {}", text(&out));
        self.running = false;
    }

    /// Starts the (stopped) cluster again on the same port and waits until it accepts
    /// connections.
    pub fn start_again(&mut self) {
        let data = self.data();
        let log = self.dir.path().join("postgres.log");
        let out = self.pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n{}",
            text(&out),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        self.running = true;
    }

    /// Runs one of the cluster's programs as the cluster's user, from its folder.
    fn pg(&self, program: &str, args: &[&str]) -> Output {
        let program = self.bin.join(program);
        let mut cmd = match &self.run_as {
            None => Command::new(&program),
            Some(user) if have("runuser") => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            Some(user) => {
                let mut line = shell_quote(program.to_str().unwrap());
                for a in args {
                    line.push(' ');
                    line.push_str(&shell_quote(a));
                }
                let mut c = Command::new("su");
                c.args([user.as_str(), "-s", "/bin/sh", "-c", &line]);
                return c.current_dir(self.dir.path()).output().expect("run su");
            }
        };
        cmd.args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", program.display()))
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if !self.running {
            return;
        }
        let data = self.data();
        let _ = self.pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "-t",
                "20",
                "stop",
            ],
        );
        // pg_ctl failed: stop our own postmaster by its pid file.
        if let Ok(pid) = std::fs::read_to_string(data.join("postmaster.pid"))
            && let Some(pid) = pid
                .lines()
                .next()
                .and_then(|l| l.trim().parse::<i32>().ok())
        {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

/// Debian's newest `/usr/lib/postgresql/N/bin`, else wherever `initdb` on PATH lives.
fn find_bin() -> Option<PathBuf> {
    let complete = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| d.join(p).is_file())
    };
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.split('.').next()?.parse().ok()?;
            let bin = e.path().join("bin");
            complete(&bin).then_some((version, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let out = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    let dir = path.canonicalize().ok()?.parent()?.to_path_buf();
    complete(&dir).then_some(dir)
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
