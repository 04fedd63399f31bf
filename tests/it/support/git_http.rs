//! A loopback HTTP server for tests that serves git repositories through `git http-backend`
//! (CGI), optionally behind HTTP Basic authentication.
//!
//! One thread accepts connections on 127.0.0.1 and each request is answered on its own
//! thread with `Connection: close`, which keeps the HTTP handling minimal.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Serves the bare repositories under `root` at `http://127.0.0.1:PORT/<name>`.
pub struct GitHttpServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
    /// Requests answered, including rejected ones.
    pub requests: Arc<AtomicUsize>,
    /// Requests answered with 401.
    pub unauthorized: Arc<AtomicUsize>,
}

struct Shared {
    root: PathBuf,
    /// The exact `Authorization` header value required, if any.
    expected_auth: Option<String>,
    requests: Arc<AtomicUsize>,
    unauthorized: Arc<AtomicUsize>,
}

impl GitHttpServer {
    /// Start serving `root`; with `basic_auth = Some((user, password))` every request
    /// must carry those credentials.
    pub fn start(root: &Path, basic_auth: Option<(&str, &str)>) -> GitHttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            root: root.to_owned(),
            expected_auth: basic_auth.map(|(u, p)| super::basic_auth(u, p)),
            requests: Arc::new(AtomicUsize::new(0)),
            unauthorized: Arc::new(AtomicUsize::new(0)),
        });
        let (requests, unauthorized) = (shared.requests.clone(), shared.unauthorized.clone());
        let stop_flag = stop.clone();
        let accept_thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                std::thread::spawn(move || {
                    if let Err(err) = handle(stream, &shared) {
                        eprintln!("git http test server: {err}");
                    }
                });
            }
        });
        GitHttpServer {
            addr,
            stop,
            accept_thread: Some(accept_thread),
            requests,
            unauthorized,
        }
    }

    /// URL of the repository folder `name` under the root, e.g. `private.git`.
    pub fn url(&self, name: &str) -> String {
        format!("http://{}/{name}", self.addr)
    }
}

impl Drop for GitHttpServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

/// A CGI response: status line (e.g. `200 OK`), headers and body.
type Response = (String, Vec<(String, String)>, Vec<u8>);

struct Request {
    method: String,
    path: String,
    query: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(request) = read_request(&mut reader)? else {
        return Ok(()); // the wake-up connection of Drop, or a client that gave up
    };
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let mut stream = stream;
    if let Some(expected) = &shared.expected_auth
        && request.headers.get("authorization") != Some(expected)
    {
        shared.unauthorized.fetch_add(1, Ordering::SeqCst);
        let response = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\n\
                        Content-Length: 0\r\nConnection: close\r\n\r\n";
        return stream.write_all(response.as_bytes());
    }
    let (status, headers, body) = run_backend(&request, &shared.root)?;
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let body = read_body(reader, &headers)?;
    Ok(Some(Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body,
    }))
}

fn read_body(
    reader: &mut BufReader<TcpStream>,
    headers: &HashMap<String, String>,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size_line = String::new();
            reader.read_line(&mut size_line)?;
            let size_hex = size_line.trim().split(';').next().unwrap_or("0");
            let size = usize::from_str_radix(size_hex, 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2]; // the chunk and its CRLF
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = headers
        .get("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        body.resize(len, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(body)
}

/// Run `git http-backend` for one request; returns status line, headers and body.
fn run_backend(request: &Request, root: &Path) -> std::io::Result<Response> {
    let header = |name: &str| request.headers.get(name).cloned().unwrap_or_default();
    let mut child = Command::new("git")
        .arg("http-backend")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("REQUEST_METHOD", &request.method)
        .env("PATH_INFO", &request.path)
        .env("QUERY_STRING", &request.query)
        .env("CONTENT_TYPE", header("content-type"))
        .env("CONTENT_LENGTH", request.body.len().to_string())
        .env("GIT_PROTOCOL", header("git-protocol"))
        .env("HTTP_CONTENT_ENCODING", header("content-encoding"))
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("REMOTE_USER", "test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().unwrap();
    let body = request.body.clone();
    // Feed stdin on its own thread: the backend may write before it has read everything.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&body);
    });
    let output = child.wait_with_output()?;
    let _ = feeder.join();
    Ok(parse_cgi(&output.stdout))
}

fn parse_cgi(out: &[u8]) -> Response {
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            out.windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        });
    let Some((head_end, body_start)) = split else {
        return ("502 Bad Gateway".into(), Vec::new(), Vec::new());
    };
    let mut status = "200 OK".to_owned();
    let mut headers = Vec::new();
    for line in String::from_utf8_lossy(&out[..head_end]).lines() {
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("status") {
                status = value.trim().to_owned();
            } else {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
    }
    (status, headers, out[body_start..].to_vec())
}
