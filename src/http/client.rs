//! What a request says about its caller: credentials, client address, and the public
//! URL it used (from `BASE_URL`, or its Host and a trusted proxy's forwarded headers).
//!
//! From a trusted proxy, `Forwarded` (RFC 7239) is read first — the element that proxy
//! appended, i.e. the last — then the `X-Forwarded-*` headers; from any other peer
//! neither is.

use std::borrow::Cow;
use std::net::IpAddr;

use base64::Engine;
use poem::http::{HeaderMap, HeaderName, HeaderValue, header};

// Named once: looking a header up by a string parses the name on every request.
static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
static X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
static X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

use crate::config::Settings;

/// Credentials from `Authorization`: HTTP Basic (Composer's `http-basic`, user `token`,
/// password = the token) or Bearer.
pub fn presented_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return (!rest.is_empty()).then(|| rest.to_string());
    }
    if !scheme.eq_ignore_ascii_case("basic") || rest.len() > 1024 {
        return None;
    }
    // Decoded on the stack: this runs on every Composer request.
    let mut buf = [0u8; 768];
    let n = base64::engine::general_purpose::STANDARD
        .decode_slice(rest, &mut buf)
        .ok()?;
    let text = std::str::from_utf8(buf.get(..n)?).ok()?;
    let (user, password) = text.split_once(':')?;
    // The token belongs in the password; some clients put it in the user name.
    let token = if password.is_empty() { user } else { password };
    (!token.is_empty()).then(|| token.to_string())
}

/// Addresses whose forwarded headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `1.2.3.4`, `10.0.0.0/8`, `::1`; unparsable entries are ignored with a
    /// warning.
    pub fn parse(list: &[String]) -> Self {
        let mut out = Vec::new();
        for item in list {
            let (addr, bits) = match item.split_once('/') {
                Some((a, b)) => (a, b.parse::<u8>().ok()),
                None => (item.as_str(), None),
            };
            match addr.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    out.push((ip, bits.unwrap_or(max).min(max)));
                }
                Err(_) => {
                    tracing::warn!(entry = %item, "ignoring an unparsable TRUSTED_PROXIES entry")
                }
            }
        }
        Self(out)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|(net, bits)| in_net(ip, *net, *bits))
    }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V4(_)) => a
            .to_ipv4_mapped()
            .is_some_and(|v4| in_net(IpAddr::V4(v4), net, bits)),
        _ => false,
    }
}

/// Where a request came from and what it was made to, with a trusted proxy's forwarded
/// headers applied. Read once per request: each header is looked up at most once (one
/// lookup, `Host`, for a peer that is not a trusted proxy).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'h> {
    /// The peer, or the client a trusted proxy forwarded for.
    pub client: Option<IpAddr>,
    /// The host[:port] the request names (not checked: see [`Origin::url_parts`]): a
    /// trusted proxy's `Forwarded: host=` or `X-Forwarded-Host`, else `Host` (HTTP/2's
    /// `:authority` arrives as `Host` too). Forwarded headers from any other peer are
    /// ignored: a client cannot pick another host than the one it connected to.
    pub host: Option<&'h str>,
    /// A trusted proxy says the client used https.
    pub https: bool,
}

impl<'h> Origin<'h> {
    pub fn of(peer: Option<IpAddr>, headers: &'h HeaderMap, trusted: &TrustedProxies) -> Self {
        let proxy = peer.filter(|ip| trusted.contains(*ip));
        // One pass over the headers rather than a hashed lookup per name: a request
        // carries a handful, and this runs on every request.
        let (mut host, mut fwd, mut xff, mut xfh, mut xfp) = (None, None, None, None, None);
        for (name, value) in headers {
            if *name == header::HOST {
                host = host.or(Some(value));
            } else if proxy.is_none() {
                continue;
            } else if *name == header::FORWARDED {
                // The last line: the trusted proxy appends its element at the end.
                fwd = Some(value);
            } else if *name == X_FORWARDED_FOR {
                xff = xff.or(Some(value));
            } else if *name == X_FORWARDED_HOST {
                xfh = xfh.or(Some(value));
            } else if *name == X_FORWARDED_PROTO {
                xfp = xfp.or(Some(value));
            }
        }
        let text = |v: Option<&'h HeaderValue>| v.and_then(|v| v.to_str().ok());
        let Some(proxy) = proxy else {
            return Self {
                client: peer,
                host: text(host),
                https: false,
            };
        };
        let fwd = ForwardedElement::parse(text(fwd));
        let client = match fwd.for_node {
            Some(node) => node_ip(node),
            // The last hop is the one the trusted proxy added itself.
            None => text(xff)
                .and_then(|v| v.split(',').next_back())
                .and_then(|s| s.trim().parse::<IpAddr>().ok()),
        };
        let first =
            |v: Option<&'h HeaderValue>| text(v).map(|v| v.split(',').next().unwrap_or(v).trim());
        let proto = fwd.proto.or_else(|| first(xfp));
        Self {
            client: client.or(Some(proxy)),
            host: fwd.host.or_else(|| first(xfh)).or_else(|| text(host)),
            https: proto.is_some_and(|p| p.eq_ignore_ascii_case("https")),
        }
    }

    /// The scheme and host[:port] for URLs (without `BASE_URL`: see
    /// [`super::HttpState::base_url`]); `localhost:PORT` when the request names no host
    /// that could safely go into a URL.
    pub fn url_parts(&self, settings: &Settings) -> (&'static str, Cow<'h, str>) {
        let scheme = if self.https { "https" } else { "http" };
        let host = self.host.filter(|h| valid_host(h)).map_or_else(
            || Cow::Owned(format!("localhost:{}", settings.server.port)),
            Cow::Borrowed,
        );
        (scheme, host)
    }
}

/// The peer, or the client a trusted proxy forwarded for.
pub fn client_ip(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    Origin::of(peer, headers, trusted).client
}

/// The scheme and host[:port] a request was made to ([`Origin::url_parts`]).
pub fn origin<'h>(
    peer: Option<IpAddr>,
    headers: &'h HeaderMap,
    settings: &Settings,
    trusted: &TrustedProxies,
) -> (&'static str, Cow<'h, str>) {
    Origin::of(peer, headers, trusted).url_parts(settings)
}

/// The host[:port] a request names ([`Origin::host`]).
pub fn request_host<'h>(
    peer: Option<IpAddr>,
    headers: &'h HeaderMap,
    trusted: &TrustedProxies,
) -> Option<&'h str> {
    Origin::of(peer, headers, trusted).host
}

/// `for`, `proto` and `host` of the last element of the last `Forwarded` line (RFC 7239),
/// unquoted: what the trusted proxy in front of this server appended.
#[derive(Default)]
struct ForwardedElement<'h> {
    for_node: Option<&'h str>,
    proto: Option<&'h str>,
    host: Option<&'h str>,
}

impl<'h> ForwardedElement<'h> {
    /// The last element of `line` (the last `Forwarded` line of a request).
    fn parse(line: Option<&'h str>) -> Self {
        let mut out = Self::default();
        let Some(line) = line else {
            return out;
        };
        let Some(element) = split_unquoted(line, b',').next_back() else {
            return out;
        };
        for pair in split_unquoted(element, b';') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if value.is_empty() {
                continue;
            }
            let key = key.trim();
            let slot = if key.eq_ignore_ascii_case("for") {
                &mut out.for_node
            } else if key.eq_ignore_ascii_case("proto") {
                &mut out.proto
            } else if key.eq_ignore_ascii_case("host") {
                &mut out.host
            } else {
                continue;
            };
            slot.get_or_insert(value);
        }
        out
    }
}

/// `s` split at `sep` outside quoted strings.
fn split_unquoted(s: &str, sep: u8) -> impl DoubleEndedIterator<Item = &str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, b) in s.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ if b == sep && !quoted => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts.into_iter()
}

/// The address of a `for=` node: `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]:4711`;
/// none for `unknown` or an obfuscated `_name`.
fn node_ip(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

/// `host`, `host:port`, `[v6]:port`: nothing that could bend a URL.
fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_match_addresses_and_blocks() {
        let t = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into(), "bad".into()]);
        assert!(t.contains("10.1.2.3".parse().unwrap()));
        assert!(!t.contains("11.0.0.1".parse().unwrap()));
        assert!(t.contains("::1".parse().unwrap()));
        assert!(t.contains("::ffff:10.0.0.1".parse().unwrap()));
        let all = TrustedProxies::parse(&["0.0.0.0/0".into()]);
        assert!(all.contains("8.8.8.8".parse().unwrap()));
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_is_read_from_trusted_proxies_only() {
        let trusted = TrustedProxies::parse(&["10.0.0.1".into()]);
        let proxy = Some("10.0.0.1".parse().unwrap());
        let stranger = Some("192.0.2.9".parse().unwrap());
        let h = headers(&[
            (
                "forwarded",
                "for=198.51.100.7;host=evil.example, for=\"203.0.113.5:4711\";proto=HTTPS;host=\"repo.example.com\"",
            ),
            ("x-forwarded-for", "198.51.100.99"),
            ("x-forwarded-host", "other.example"),
        ]);
        // The element the trusted proxy appended (the last), before X-Forwarded-*.
        assert_eq!(client_ip(proxy, &h, &trusted), "203.0.113.5".parse().ok());
        assert_eq!(request_host(proxy, &h, &trusted), Some("repo.example.com"));
        let settings = Settings::default();
        let (scheme, host) = origin(proxy, &h, &settings, &trusted);
        assert_eq!((scheme, host.as_ref()), ("https", "repo.example.com"));
        // Anyone else: the peer and its Host.
        assert_eq!(client_ip(stranger, &h, &trusted), stranger);
        assert_eq!(request_host(stranger, &h, &trusted), None);
        assert_eq!(origin(stranger, &h, &settings, &trusted).0, "http");
    }

    #[test]
    fn forwarded_nodes_and_lines() {
        let trusted = TrustedProxies::parse(&["10.0.0.1".into()]);
        let proxy = Some("10.0.0.1".parse().unwrap());
        let ip = |pairs: &[(&'static str, &str)]| client_ip(proxy, &headers(pairs), &trusted);
        assert_eq!(
            ip(&[("forwarded", "for=\"[2001:db8::1]:4711\"")]),
            "2001:db8::1".parse().ok()
        );
        assert_eq!(
            ip(&[("forwarded", "For=192.0.2.1")]),
            "192.0.2.1".parse().ok()
        );
        // Several lines: the last one's last element.
        assert_eq!(
            ip(&[
                ("forwarded", "for=192.0.2.1"),
                ("forwarded", "for=192.0.2.2, for=192.0.2.3")
            ]),
            "192.0.2.3".parse().ok()
        );
        // A quoted comma does not split elements.
        assert_eq!(
            ip(&[("forwarded", "for=192.0.2.4;by=\"a,b\"")]),
            "192.0.2.4".parse().ok()
        );
        // Unknown or obfuscated: the proxy itself.
        assert_eq!(ip(&[("forwarded", "for=unknown")]), proxy);
        assert_eq!(ip(&[("forwarded", "for=_hidden")]), proxy);
        // No `for`: X-Forwarded-For still counts.
        assert_eq!(
            ip(&[
                ("forwarded", "proto=https"),
                ("x-forwarded-for", "192.0.2.5")
            ]),
            "192.0.2.5".parse().ok()
        );
        // Garbage never panics.
        for junk in ["", ";;,,", "=", "for=\"", "for=[::1", "\\\""] {
            let _ = ip(&[("forwarded", junk)]);
        }
    }

    #[test]
    fn hosts_are_checked() {
        assert!(valid_host("example.com:8080"));
        assert!(valid_host("[::1]:80"));
        assert!(!valid_host("evil.com/path"));
        assert!(!valid_host("a b"));
        assert!(!valid_host(""));
    }
}
