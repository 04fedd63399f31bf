//! A browser-like HTTP client for the web UI's server-side tests: it keeps cookies (and
//! shows their attributes), signs in through the real forms and posts forms with the
//! page's anti-forgery token, like a browser without script would.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use reqwest::header::{HeaderMap, ORIGIN, SET_COOKIE};

/// A page as the client received it.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }

    /// The value of the first `<input name="{name}" value="…">` on the page.
    pub fn input(&self, name: &str) -> Option<String> {
        let needle = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&needle)? + needle.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_string())
    }

    pub fn csrf(&self) -> String {
        self.input("_csrf").expect("a form with _csrf on the page")
    }
}

pub struct UiClient {
    client: reqwest::Client,
    /// `http://host:port`
    pub base: String,
    pub cookies: BTreeMap<String, String>,
    /// Raw Set-Cookie values seen, newest last.
    pub set_cookies: Vec<String>,
}

impl UiClient {
    pub fn new(base: &str) -> Self {
        Self::with_resolve(base, &[])
    }

    /// A client for `base` that reaches each of `hosts` at `addr` (tenant host names).
    pub fn with_resolve(base: &str, hosts: &[(&str, SocketAddr)]) -> Self {
        let mut b = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        for (h, addr) in hosts {
            b = b.resolve(h, *addr);
        }
        Self {
            client: b.build().unwrap(),
            base: base.trim_end_matches('/').to_string(),
            cookies: BTreeMap::new(),
            set_cookies: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        for v in headers.get_all(SET_COOKIE) {
            let raw = v.to_str().unwrap().to_string();
            let (pair, attrs) = raw.split_once(';').unwrap_or((&raw, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.into(), value.into());
            }
            self.set_cookies.push(raw);
        }
        let body = resp.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.finish(resp).await
    }

    /// Posts `fields` as a form from this origin (as a browser would name it).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_from(path, fields, Some(&self.base.clone())).await
    }

    /// Posts `fields` naming `origin` (None: no Origin header, like older clients).
    pub async fn post_from(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Page {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(fields);
        if let Some(o) = origin {
            req = req.header(ORIGIN, o);
        }
        let resp = req.send().await.unwrap();
        self.finish(resp).await
    }

    /// Signs in at `login` (`/login` or `/portal/login`) with `token` through the form;
    /// returns the answer to the post.
    pub async fn sign_in(&mut self, login: &str, token: &str) -> Page {
        let form = self.get(login).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let nonce = form.input("_login").expect("the sign-in form's nonce");
        self.post(login, &[("_login", &nonce), ("token", token), ("next", "")])
            .await
    }

    /// Signs in to the dashboard and returns the anti-forgery token of the session.
    pub async fn sign_in_dashboard(&mut self, token: &str) -> String {
        let r = self.sign_in("/login", token).await;
        assert_eq!(r.status, 303, "sign-in refused: {}", r.body);
        let home = self.get("/").await;
        assert_eq!(home.status, 200, "{}", home.body);
        home.csrf()
    }

    /// Signs in to the portal and returns the anti-forgery token of the session.
    pub async fn sign_in_portal(&mut self, token: &str) -> String {
        let r = self.sign_in("/portal/login", token).await;
        assert_eq!(r.status, 303, "portal sign-in refused: {}", r.body);
        let home = self.get("/portal").await;
        assert_eq!(home.status, 200, "{}", home.body);
        home.csrf()
    }
}
