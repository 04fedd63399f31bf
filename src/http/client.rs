//! What a request says about its caller: credentials, client address, and the public
//! URL it used (from `BASE_URL`, or its Host and a trusted proxy's forwarded headers).

use std::borrow::Cow;
use std::net::IpAddr;

use base64::Engine;
use poem::http::{HeaderMap, HeaderName, header};

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

/// The peer, or the client a trusted proxy forwarded for.
pub fn client_ip(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(peer) {
        return Some(peer);
    }
    // The last hop is the one the trusted proxy added itself.
    let forwarded = headers
        .get(&X_FORWARDED_FOR)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .and_then(|s| s.trim().parse::<IpAddr>().ok());
    forwarded.or(Some(peer))
}

/// The scheme and host[:port] a request was made to, from its Host header or a trusted
/// proxy's forwarded headers (without `BASE_URL`: see [`super::HttpState::base_url`]).
pub fn origin<'h>(
    peer: Option<IpAddr>,
    headers: &'h HeaderMap,
    settings: &Settings,
    trusted: &TrustedProxies,
) -> (&'static str, Cow<'h, str>) {
    let peer_trusted = peer.is_some_and(|ip| trusted.contains(ip));
    let scheme = match forwarded(peer_trusted, headers, &X_FORWARDED_PROTO) {
        Some("https") => "https",
        _ => "http",
    };
    let host = request_host(peer, headers, trusted)
        .filter(|h| valid_host(h))
        .map_or_else(
            || Cow::Owned(format!("localhost:{}", settings.server.port)),
            Cow::Borrowed,
        );
    (scheme, host)
}

/// The host[:port] a request names: a trusted proxy's `X-Forwarded-Host`, else `Host`
/// (HTTP/2's `:authority` arrives as `Host` too). Forwarded headers from any other
/// peer are ignored: a client cannot pick another host than the one it connected to.
pub fn request_host<'h>(
    peer: Option<IpAddr>,
    headers: &'h HeaderMap,
    trusted: &TrustedProxies,
) -> Option<&'h str> {
    let peer_trusted = peer.is_some_and(|ip| trusted.contains(ip));
    forwarded(peer_trusted, headers, &X_FORWARDED_HOST)
        .or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok()))
}

fn forwarded<'h>(trusted: bool, headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h str> {
    if !trusted {
        return None;
    }
    let v = headers.get(name)?.to_str().ok()?;
    Some(v.split(',').next().unwrap_or(v).trim())
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

    #[test]
    fn hosts_are_checked() {
        assert!(valid_host("example.com:8080"));
        assert!(valid_host("[::1]:80"));
        assert!(!valid_host("evil.com/path"));
        assert!(!valid_host("a b"));
        assert!(!valid_host(""));
    }
}
