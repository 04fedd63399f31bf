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
            // A normalized version normalizes again, to a fixed point. (Not always
            // to itself: Composer turns `2010-01-02` into `2010.01.02`, and that into
            // `2010.01.02.0`; composer/semver 3.3.2 does the same.)
            let again = match semver::normalize(&n) {
                Ok(again) => again,
                Err(e) => panic!("normalize({v:?}) = {n:?}, which does not normalize: {e}"),
            };
            match semver::normalize(&again) {
                Ok(third) => assert_eq!(third, again, "{v:?} -> {n:?} -> {again:?}"),
                Err(e) => panic!("{v:?} -> {n:?} -> {again:?}, which does not normalize: {e}"),
            }
            // ... and satisfies `== itself` (when it is one constraint token: `dev-`
            // versions keep any text).
            if !again.contains(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '@' | '#')) {
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
