//! Tenants (product.md section 8): slugs, custom domains and the tenant status, as pure
//! rules. A slug is one DNS label (it becomes `{slug}{TENANT_SUBDOMAIN_SUFFIX}`); a
//! custom domain is a host name that selects a tenant by Host, so both are kept in the
//! one spelling a Host header can match.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// Longest DNS label.
const LABEL_MAX: usize = 63;
/// Longest host name (without the trailing dot).
const HOST_MAX: usize = 253;

/// Whether a tenant's registry serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, poem_openapi::Enum)]
#[oai(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum TenantStatus {
    Active,
    /// Every request to the tenant is refused (403 `tenant_suspended`).
    Suspended,
}

impl TenantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
        }
    }

    /// Reads a stored status; anything unknown counts as suspended (refuse rather than
    /// serve when in doubt).
    pub fn from_stored(s: &str) -> Self {
        match s {
            "active" => TenantStatus::Active,
            _ => TenantStatus::Suspended,
        }
    }
}

impl fmt::Display for TenantStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tenant slug: one lower-case DNS label (`a-z`, `0-9` and `-`, 1 to 63 characters,
/// neither starting nor ending with `-`). Upper case is accepted and lowered, since Host
/// names are case-insensitive.
pub fn parse_slug(text: &str) -> Result<String, String> {
    let slug = text.trim().to_ascii_lowercase();
    if slug.is_empty() {
        return Err("the slug must not be empty".into());
    }
    label_problem(&slug)
        .map(|why| {
            format!(
                "invalid slug \"{}\": {why} (a slug is one DNS label: a-z, 0-9 and '-', e.g. acme-eu)",
                shown(text.trim())
            )
        })
        .map_or(Ok(slug), Err)
}

/// A custom domain, as a Host header would carry it: lower case, without a trailing
/// dot, port or brackets; a host name of dot-separated DNS labels (at least two), not
/// an IP address. Internationalized names are given in their `xn--` form.
pub fn parse_domain(text: &str) -> Result<String, String> {
    let raw = text.trim();
    let domain = raw.strip_suffix('.').unwrap_or(raw).to_ascii_lowercase();
    let bad = |why: &str| Err(format!("invalid domain \"{}\": {why}", shown(raw)));
    if domain.is_empty() {
        return Err("the domain must not be empty".into());
    }
    if domain.contains("://") || domain.contains('/') {
        return bad("give the host name alone, without a scheme or path (e.g. composer.acme.com)");
    }
    if is_ip(&domain) {
        return bad("an IP address cannot select a tenant: give a host name");
    }
    if domain.contains(':') {
        return bad("give the host name without a port");
    }
    if !domain.is_ascii() {
        return bad("use the xn-- (punycode) form of an internationalized name");
    }
    if domain.len() > HOST_MAX {
        return bad("it is longer than 253 characters");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return bad("a custom domain has at least two labels (e.g. composer.acme.com)");
    }
    if let Some(why) = labels.iter().find_map(|l| label_problem(l)) {
        return bad(why);
    }
    // A numeric top label makes it look like an address, and no such TLD exists.
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return bad("its last label is a number: give a host name");
    }
    Ok(domain)
}

/// Whether `domain` is the subdomain suffix's apex (`composer.example.com`, the default
/// tenant's) or lies under it, where hosts name tenants by slug: a custom domain there
/// would shadow another tenant.
pub fn reserved_by_suffix(domain: &str, suffix: &str) -> bool {
    let apex = suffix
        .trim()
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    !apex.is_empty()
        && (domain == apex
            || domain
                .strip_suffix(apex.as_str())
                .is_some_and(|head| head.ends_with('.')))
}

fn is_ip(text: &str) -> bool {
    let bare = text.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().is_ok() {
        return true;
    }
    // `[::1]:8080`, `1.2.3.4:80`: an address with a port.
    if let Some((host, port)) = text.rsplit_once(':')
        && port.bytes().all(|b| b.is_ascii_digit())
    {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        return host.parse::<IpAddr>().is_ok();
    }
    bare.parse::<Ipv6Addr>().is_ok()
}

/// What makes `label` no DNS label, if anything.
fn label_problem(label: &str) -> Option<&'static str> {
    if label.is_empty() {
        return Some("it has an empty label");
    }
    if label.len() > LABEL_MAX {
        return Some("a label is longer than 63 characters");
    }
    if !label
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("only letters a-z, digits and '-' are allowed");
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Some("a label may not start or end with '-'");
    }
    None
}

/// Input as shown in messages: control characters escaped, long text cut.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(80).flat_map(char::escape_debug).collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_dns_labels() {
        for ok in ["a", "acme", "acme-eu", "a1", "0day", &"x".repeat(63)] {
            assert_eq!(parse_slug(ok).as_deref(), Ok(ok), "{ok}");
        }
        assert_eq!(parse_slug("  Acme ").as_deref(), Ok("acme"));
        for bad in [
            "",
            " ",
            "-acme",
            "acme-",
            "ac_me",
            "ac.me",
            "ac me",
            "acmé",
            &"x".repeat(64),
        ] {
            assert!(parse_slug(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn domains_are_host_names() {
        assert_eq!(
            parse_domain("Composer.Acme.COM.").as_deref(),
            Ok("composer.acme.com")
        );
        assert_eq!(
            parse_domain("xn--bcher-kva.example").as_deref(),
            Ok("xn--bcher-kva.example")
        );
        let cases = [
            ("composer.acme.com:8080", "port"),
            ("10.0.0.1", "IP address"),
            ("10.0.0.1:80", "IP address"),
            ("::1", "IP address"),
            ("[::1]", "IP address"),
            ("[::1]:443", "IP address"),
            ("2001:db8::1", "IP address"),
            ("localhost", "two labels"),
            ("https://acme.com", "scheme"),
            ("acme.com/path", "scheme"),
            ("-acme.com", "start or end"),
            ("acme..com", "empty label"),
            ("ac_me.com", "letters"),
            ("*.acme.com", "letters"),
            ("bücher.example", "punycode"),
            ("host.123", "number"),
            ("", "empty"),
        ];
        for (input, why) in cases {
            let e = parse_domain(input).unwrap_err();
            assert!(e.contains(why), "{input}: {e}");
        }
        let long = format!("{}.com", vec!["a".repeat(63); 4].join("."));
        assert!(parse_domain(&long).unwrap_err().contains("253"));
    }

    #[test]
    fn the_subdomain_suffix_is_reserved_for_slugs() {
        let suffix = ".composer.example.com";
        assert!(reserved_by_suffix("acme.composer.example.com", suffix));
        assert!(reserved_by_suffix(
            "acme.composer.example.com",
            "composer.example.com."
        ));
        assert!(reserved_by_suffix("composer.example.com", suffix));
        assert!(!reserved_by_suffix("evilcomposer.example.com", suffix));
        assert!(!reserved_by_suffix("example.com", suffix));
        assert!(!reserved_by_suffix("acme.com", ""));
    }

    #[test]
    fn unknown_statuses_refuse() {
        assert_eq!(TenantStatus::from_stored("active"), TenantStatus::Active);
        assert_eq!(TenantStatus::from_stored("gone"), TenantStatus::Suspended);
    }
}
