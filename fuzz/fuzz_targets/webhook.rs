//! Webhook deliveries: proof verification (HMAC-SHA256 signature or GitLab token) and
//! the repository URLs read from the payload.
//!
//! Input: `<provider byte><secret>\n<proof>\n<body>`; the body is the JSON payload.
#![no_main]

use cargoman::domain::webhook::{self, Provider};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let provider = match first % 3 {
        0 => Provider::Github,
        1 => Provider::Gitlab,
        _ => Provider::Bitbucket,
    };
    let mut parts = rest.splitn(3, |&b| b == b'\n');
    let secret = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let proof = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default();

    // The right proof is accepted, and it is the only one.
    let signed = webhook::sign(&secret, body);
    match provider {
        Provider::Gitlab => {
            assert!(webhook::verify(provider, &secret, &secret, body));
            assert_eq!(
                webhook::verify(provider, &secret, &proof, body),
                proof == secret
            );
        }
        Provider::Github | Provider::Bitbucket => {
            assert!(webhook::verify(provider, &secret, &signed, body));
            let accepted = webhook::verify(provider, &secret, &proof, body);
            // hex is case-insensitive; `sha256=` is not.
            let same = proof
                .trim()
                .strip_prefix("sha256=")
                .is_some_and(|hex| hex.to_ascii_lowercase() == signed["sha256=".len()..]);
            assert_eq!(accepted, same, "proof {proof:?} for {signed:?}");
        }
    }
    // Another provider's proof is not a GitLab token unless it is the secret.
    if proof != secret {
        assert!(!webhook::verify(Provider::Gitlab, &secret, &proof, body));
    }

    // Repository URLs: normalized, sorted, distinct.
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(body) else {
        return;
    };
    for p in [Provider::Github, Provider::Gitlab, Provider::Bitbucket] {
        let urls = webhook::repository_urls(p, &payload);
        assert!(urls.windows(2).all(|w| w[0] < w[1]), "{urls:?}");
        for u in &urls {
            assert_eq!(u, &u.to_ascii_lowercase());
            let (host, _) = u.split_once('/').unwrap_or_else(|| panic!("{u:?}: no '/'"));
            assert!(
                !host.is_empty() && !host.contains(':') && !host.contains('@'),
                "{u:?}"
            );
        }
    }
    for s in [&secret, &proof] {
        if let Some(n) = webhook::normalize_url(s) {
            assert!(!n.starts_with('/'), "{s:?} -> {n:?}");
        }
    }
});
