//! Webhooks of git hosts: verifying that a delivery comes from the host (signature or
//! shared secret) and finding the repository it is about. Pure rules, fuzzable: no
//! input can make them panic.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use subtle::ConstantTimeEq;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Github,
    Gitlab,
    Bitbucket,
}

impl Provider {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "github" => Some(Provider::Github),
            "gitlab" => Some(Provider::Gitlab),
            "bitbucket" => Some(Provider::Bitbucket),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Github => "github",
            Provider::Gitlab => "gitlab",
            Provider::Bitbucket => "bitbucket",
        }
    }

    /// The header carrying the proof, as each host sends it.
    pub fn proof_header(self) -> &'static str {
        match self {
            Provider::Github => "x-hub-signature-256",
            Provider::Gitlab => "x-gitlab-token",
            Provider::Bitbucket => "x-hub-signature",
        }
    }
}

/// Checks the proof of a delivery: GitHub and Bitbucket sign the body with HMAC-SHA256
/// (`sha256=<hex>`), GitLab sends the secret itself. Constant-time either way.
pub fn verify(provider: Provider, secret: &str, proof: &str, body: &[u8]) -> bool {
    match provider {
        Provider::Gitlab => proof.as_bytes().ct_eq(secret.as_bytes()).into(),
        Provider::Github | Provider::Bitbucket => {
            let Some(hex_sig) = proof.trim().strip_prefix("sha256=") else {
                return false;
            };
            let Ok(sig) = hex::decode(hex_sig) else {
                return false;
            };
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
                return false;
            };
            mac.update(body);
            mac.verify_slice(&sig).is_ok()
        }
    }
}

/// `sha256=<hex>` of `body`, as GitHub and Bitbucket send it (tests and tools).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Every repository URL a delivery names, normalized with [`normalize_url`].
pub fn repository_urls(provider: Provider, payload: &Value) -> Vec<String> {
    let at = |path: &[&str]| -> Option<&str> {
        let mut v = payload;
        for p in path {
            v = v.get(p)?;
        }
        v.as_str()
    };
    let mut raw: Vec<String> = match provider {
        Provider::Github => [
            "clone_url",
            "ssh_url",
            "git_url",
            "html_url",
            "svn_url",
            "url",
        ]
        .iter()
        .filter_map(|k| at(&["repository", k]).map(String::from))
        .collect(),
        Provider::Gitlab => [
            &["project", "git_http_url"][..],
            &["project", "git_ssh_url"],
            &["project", "web_url"],
            &["repository", "git_http_url"],
            &["repository", "git_ssh_url"],
            &["repository", "homepage"],
            &["repository", "url"],
        ]
        .iter()
        .filter_map(|p| at(p).map(String::from))
        .collect(),
        Provider::Bitbucket => {
            let mut v: Vec<String> = at(&["repository", "links", "html", "href"])
                .map(String::from)
                .into_iter()
                .collect();
            if let Some(full) = at(&["repository", "full_name"]) {
                v.push(format!("https://bitbucket.org/{full}"));
            }
            v
        }
    };
    raw.retain(|u| u.len() <= 2048);
    let mut out: Vec<String> = raw.iter().filter_map(|u| normalize_url(u)).collect();
    out.sort();
    out.dedup();
    out
}

/// A comparable form of a repository URL: host and path, lower case, without scheme,
/// user, port, `.git` or trailing slash. `git@github.com:Acme/Lib.git` and
/// `https://github.com/acme/lib` both give `github.com/acme/lib`.
pub fn normalize_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.to_string(),
        // scp-like `user@host:path`
        None => {
            let (host, path) = url.split_once(':')?;
            format!("{host}/{}", path.trim_start_matches('/'))
        }
    };
    let rest = rest.rsplit_once('@').map_or(rest.as_str(), |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.split(':').next().unwrap_or(host);
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    if host.is_empty() {
        return None;
    }
    Some(format!("{host}/{path}").to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn signatures() {
        let body = br#"{"zen":"hi"}"#;
        let sig = sign("s3cret", body);
        assert!(verify(Provider::Github, "s3cret", &sig, body));
        assert!(verify(Provider::Bitbucket, "s3cret", &sig, body));
        assert!(!verify(Provider::Github, "other", &sig, body));
        assert!(!verify(Provider::Github, "s3cret", &sig, b"{}"));
        assert!(!verify(Provider::Github, "s3cret", "sha1=abc", body));
        assert!(!verify(Provider::Github, "s3cret", "sha256=zz", body));
        assert!(!verify(Provider::Github, "s3cret", "", body));
        assert!(verify(Provider::Gitlab, "tok", "tok", body));
        assert!(!verify(Provider::Gitlab, "tok", "tok2", body));
    }

    #[test]
    fn urls_normalize_alike() {
        let want = Some("github.com/acme/lib".to_string());
        for u in [
            "https://github.com/Acme/Lib.git",
            "https://github.com/acme/lib",
            "git@github.com:acme/lib.git",
            "ssh://git@github.com:22/acme/lib.git",
            "git://github.com/acme/lib.git",
            "https://user@github.com/acme/lib/",
        ] {
            assert_eq!(normalize_url(u), want, "{u}");
        }
        // A local path has no host to match a webhook against.
        assert_eq!(normalize_url("file:///srv/git/lib.git"), None);
        assert_eq!(normalize_url("nonsense"), None);
    }

    #[test]
    fn payload_urls() {
        let gh = json!({"repository": {"clone_url": "https://github.com/acme/lib.git", "ssh_url": "git@github.com:acme/lib.git"}});
        assert_eq!(
            repository_urls(Provider::Github, &gh),
            ["github.com/acme/lib"]
        );
        let gl = json!({"project": {"git_http_url": "https://gitlab.com/acme/lib.git"}});
        assert_eq!(
            repository_urls(Provider::Gitlab, &gl),
            ["gitlab.com/acme/lib"]
        );
        let bb = json!({"repository": {"full_name": "acme/lib", "links": {"html": {"href": "https://bitbucket.org/acme/lib"}}}});
        assert_eq!(
            repository_urls(Provider::Bitbucket, &bb),
            ["bitbucket.org/acme/lib"]
        );
        assert!(repository_urls(Provider::Github, &json!([1, 2])).is_empty());
        assert!(repository_urls(Provider::Github, &json!({"repository": 5})).is_empty());
    }
}
