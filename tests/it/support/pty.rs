//! Runs the binary on a pseudo-terminal, as an operator at a shell would, to answer its
//! prompts.

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    child: Child,
    writer: std::fs::File,
    screen: Arc<Mutex<String>>,
}

impl Pty {
    /// Starts `cmd` with stdin, stdout and stderr on a new terminal of 100×30.
    pub fn spawn(mut cmd: Command) -> Pty {
        let size = nix::pty::Winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = nix::pty::openpty(Some(&size), None).expect("openpty");
        let slave = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup pty"));
        cmd.stdin(slave(&pty.slave))
            .stdout(slave(&pty.slave))
            .stderr(slave(&pty.slave))
            .env("TERM", "xterm");
        let child = cmd.spawn().expect("spawn on a pty");
        drop(pty.slave);
        let master = std::fs::File::from(pty.master);
        let writer = master.try_clone().expect("dup pty master");
        let screen = Arc::new(Mutex::new(String::new()));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut master = master;
            let mut buf = [0u8; 4096];
            // EIO once the child and every copy of the slave are gone.
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Pty {
            child,
            writer,
            screen,
        }
    }

    /// Waits until the terminal shows `needle`; panics with the screen after 20 s.
    #[track_caller]
    pub fn expect(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.screen.lock().unwrap().contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {needle:?}; it shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `keys` as a user would.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Everything the terminal showed so far.
    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().clone()
    }

    /// Waits for the process to end and returns its exit code and the whole screen.
    pub fn finish(mut self) -> (i32, String) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the command did not end; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Let the reader drain what the child wrote last.
        std::thread::sleep(Duration::from_millis(100));
        (status.code().unwrap_or(-1), self.screen())
    }
}
