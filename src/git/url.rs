//! Repository URL helpers: telling transports apart, and showing URLs without secrets.

/// The transport a URL selects; it decides which kind of credentials can apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    Local,
    Http,
    Ssh,
}

/// Classify `url` the way gix does: `file://` and paths are local, `user@host:path` is ssh.
pub(crate) fn transport_of(url: &str) -> Transport {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Transport::Http
    } else if lower.starts_with("ssh://") || lower.starts_with("git+ssh://") || is_scp_like(url) {
        Transport::Ssh
    } else {
        Transport::Local
    }
}

/// `git@host:path` (but not `C:\path` or `./a:b`): a colon before any slash, with a host part.
fn is_scp_like(url: &str) -> bool {
    if url.contains("://") {
        return false;
    }
    match (url.find(':'), url.find('/')) {
        (Some(colon), slash) => colon > 1 && slash.is_none_or(|s| colon < s),
        _ => false,
    }
}

/// `url` without userinfo, for messages and logs: `https://tok@host/x` → `https://host/x`,
/// `git@host:x` stays as it is (a user name alone is no secret).
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// Split `user:password@` out of an http(s) URL, so the password can be sent through the
/// credentials callback rather than being part of a URL that may show up in messages.
pub(crate) fn split_userinfo(url: &str) -> (String, Option<(String, Option<String>)>) {
    let Some(scheme_end) = url.find("://") else {
        return (url.to_owned(), None);
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return (url.to_owned(), None);
    };
    let userinfo = &rest[..at];
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (u.to_owned(), Some(p.to_owned())),
        None => (userinfo.to_owned(), None),
    };
    (redact_url(url), Some((user, password)))
}

/// The HTTP Basic user name a host expects together with an access token.
///
/// GitHub takes `x-access-token`, GitLab `oauth2`, Bitbucket `x-token-auth`; other
/// hosts usually accept any non-empty name with a token, so GitHub's is the fallback.
pub fn default_token_username(url: &str) -> &'static str {
    let host = host_of(url).to_ascii_lowercase();
    if host == "gitlab.com" || host.starts_with("gitlab.") {
        "oauth2"
    } else if host == "bitbucket.org" || host.ends_with(".bitbucket.org") {
        "x-token-auth"
    } else {
        "x-access-token"
    }
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host_port.split(':').next().unwrap_or("")
}

/// Replace every occurrence of the secrets in `text`: transports sometimes echo
/// URLs or headers in their errors, and a token must never reach a log.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(secret, "<redacted>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_transports() {
        assert_eq!(transport_of("https://github.com/a/b.git"), Transport::Http);
        assert_eq!(transport_of("HTTP://host/x"), Transport::Http);
        assert_eq!(transport_of("ssh://git@host:22/a/b"), Transport::Ssh);
        assert_eq!(transport_of("git@github.com:a/b.git"), Transport::Ssh);
        assert_eq!(transport_of("file:///srv/repo"), Transport::Local);
        assert_eq!(transport_of("/srv/repo"), Transport::Local);
        assert_eq!(transport_of("./dir/a:b"), Transport::Local);
    }

    #[test]
    fn redacts_userinfo() {
        assert_eq!(redact_url("https://user:tok@host/a/b"), "https://host/a/b");
        assert_eq!(redact_url("https://tok@host"), "https://host");
        assert_eq!(redact_url("https://host/a@b"), "https://host/a@b");
        assert_eq!(redact_url("git@host:a/b"), "git@host:a/b");
    }

    #[test]
    fn splits_userinfo() {
        let (url, info) = split_userinfo("https://oauth2:secret@gitlab.com/a/b.git");
        assert_eq!(url, "https://gitlab.com/a/b.git");
        assert_eq!(info, Some(("oauth2".into(), Some("secret".into()))));
        assert_eq!(split_userinfo("https://h/x").1, None);
    }

    #[test]
    fn picks_token_usernames() {
        assert_eq!(
            default_token_username("https://github.com/a/b"),
            "x-access-token"
        );
        assert_eq!(default_token_username("https://gitlab.com/a/b"), "oauth2");
        assert_eq!(
            default_token_username("https://gitlab.example.org/a"),
            "oauth2"
        );
        assert_eq!(
            default_token_username("https://bitbucket.org/a/b"),
            "x-token-auth"
        );
        assert_eq!(
            default_token_username("https://u@git.example.com:8443/a"),
            "x-access-token"
        );
    }

    #[test]
    fn scrubs_secrets() {
        assert_eq!(
            scrub("bad token abcd1234!", &["abcd1234"]),
            "bad token <redacted>!"
        );
    }
}
