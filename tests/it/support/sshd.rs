//! An OpenSSH server for tests, on a loopback port, that lets the current user in with
//! the given authorized keys.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// An OpenSSH server on a loopback port that lets the current user in with `authorized`
/// keys; `None` where sshd is missing or cannot run (the test then fails).
pub struct Sshd {
    child: std::process::Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Sshd {
    /// Whether sshd and ssh-keygen are installed (Debian: openssh-server).
    pub fn available() -> bool {
        let keygen = Command::new("ssh-keygen").arg("-?").output().is_ok();
        Path::new("/usr/sbin/sshd").exists() && keygen
    }

    pub fn start(authorized: &str) -> Option<Sshd> {
        let sshd = Path::new("/usr/sbin/sshd");
        // sshd insists on its privilege separation folder, which only root may create.
        if !sshd.exists() || fs::create_dir_all("/run/sshd").is_err() {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        keygen(&dir.path().join("host_key"), "");
        fs::write(dir.path().join("authorized_keys"), authorized).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let d = dir.path().display();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\n\
             PidFile {d}/sshd.pid\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\n"
        );
        fs::write(dir.path().join("sshd_config"), config).unwrap();
        let child = Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(dir.path().join("sshd_config"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let server = Sshd {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(server)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new ed25519 key pair at `path` (and `path.pub`): (private, public).
pub fn keygen(path: &Path, passphrase: &str) -> (String, String) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-C", "test", "-N", passphrase, "-f"])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
    let private = fs::read_to_string(path).unwrap();
    let public = fs::read_to_string(path.with_extension("pub")).unwrap();
    (private, public)
}
