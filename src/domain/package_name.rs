//! Composer package names (`vendor/package`) as Composer accepts them.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$")
        .expect("static regex")
});

/// Longest name accepted; Packagist's own limit is far below this.
const MAX_LEN: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid package name \"{0}\": expected vendor/package in lower case (letters and digits, with . _ or - between them), e.g. acme/billing"
)]
pub struct InvalidPackageName(pub String);

/// A valid, lower-case Composer package name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PackageName(String);

impl PackageName {
    pub fn parse(name: &str) -> Result<Self, InvalidPackageName> {
        if name.len() <= MAX_LEN && NAME.is_match(name) {
            Ok(Self(name.to_string()))
        } else {
            Err(InvalidPackageName(shorten(name)))
        }
    }

    /// Accepts any case and lower-cases it, as Composer does with names it reads from
    /// composer.json.
    pub fn parse_lenient(name: &str) -> Result<Self, InvalidPackageName> {
        Self::parse(&name.trim().to_ascii_lowercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn vendor(&self) -> &str {
        self.0.split_once('/').map(|(v, _)| v).unwrap_or(&self.0)
    }

    pub fn is_valid(name: &str) -> bool {
        name.len() <= MAX_LEN && NAME.is_match(name)
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}

impl fmt::Display for PackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PackageName {
    type Error = InvalidPackageName;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PackageName> for String {
    fn from(n: PackageName) -> String {
        n.0
    }
}

impl std::str::FromStr for PackageName {
    type Err = InvalidPackageName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_composer_names() {
        for ok in [
            "acme/lib",
            "a/b",
            "acme-corp/my_lib.v2",
            "acme/lib--two",
            "0x/9",
            "symfony/polyfill-php80",
        ] {
            assert!(PackageName::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "acme",
            "Acme/lib",
            "acme/Lib",
            "acme/lib/x",
            "acme/../x",
            "../acme/x",
            "acme//lib",
            "-acme/lib",
            "acme/lib-",
            "acme/.lib",
            "acme/li b",
            "acme%2Flib",
            "acme/lib\n",
            "acme/l\u{e9}b",
            "acme/lib---x",
            "acme--x/lib",
        ] {
            let err = PackageName::parse(bad).unwrap_err();
            assert!(err.to_string().contains("vendor/package"), "{bad}");
        }
        assert!(PackageName::parse(&"a".repeat(300)).is_err());
    }

    #[test]
    fn lenient_lowercases() {
        assert_eq!(
            PackageName::parse_lenient(" Acme/Lib ").unwrap().as_str(),
            "acme/lib"
        );
    }
}
