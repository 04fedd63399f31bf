//! The version normalizer (`VersionParser::normalize` and friends) and PHP's
//! `version_compare`. Input: one version, or two separated by a newline.
#![no_main]

use cargoman::domain::semver::{self, Constraint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    for v in [a, b] {
        if let Ok(n) = semver::normalize(v) {
            // A plain dotted version normalizes to a fixed point at once. (Other
            // forms need not: Composer turns `2010-01-02` into `2010.01.02`, then into
            // `2010.01.02.0`, and strips one `@flag` of `dev-x@alpha@alpha` per pass;
            // composer/semver 3.3.2 does the same.)
            let again = semver::normalize(&n).unwrap_or_else(|e| n.clone() + &e.to_string());
            if !v.is_empty()
                && v.split('.')
                    .all(|p| !p.is_empty() && p.len() < 9 && p.bytes().all(|b| b.is_ascii_digit()))
            {
                assert_eq!(again, n, "{v:?} -> {n:?} -> {again:?}");
            }
            // ... and satisfies `== itself` (when it is one constraint token: `dev-`
            // versions keep any text, which PHP's trim may cut).
            if again
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b',' | b'|' | b'@' | b'#'))
            {
                if let Ok(c) = Constraint::parse(&format!("=={again}")) {
                    assert!(
                        c.matches_normalized(&again),
                        "{again:?} does not satisfy =={again}"
                    );
                }
            }
        }
        let _ = semver::normalize_branch(v);
        let _ = semver::normalize_default_branch(v);
        let _ = semver::parse_numeric_alias_prefix(v);
    }
    // version_compare answers -1, 0 or 1. (It is not an order: PHP itself says
    // version_compare("dev-041.", "dev-041.") == -1, and the port keeps that.)
    let ab = semver::php_version_compare(a, b);
    assert!((-1..=1).contains(&ab));
});
