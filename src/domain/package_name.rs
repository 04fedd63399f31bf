//! Composer package names (`vendor/package`) as Composer accepts them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Composer's rule (`ValidatingArrayLoader`), checked by [`matches_rule`] without a
/// regex engine: it runs on every metadata request.
#[cfg(test)]
const RULE: &str = r"^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$";

/// `vendor/package` by [`RULE`]: each part runs of `[a-z0-9]` joined by one `_`, `.` or
/// `-` (the package part also by `--`).
fn matches_rule(name: &str) -> bool {
    let Some((vendor, package)) = name.split_once('/') else {
        return false;
    };
    part_ok(vendor.as_bytes(), false) && part_ok(package.as_bytes(), true)
}

fn part_ok(part: &[u8], double_dash: bool) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    // Starts with a run; after each separator, another run.
    loop {
        let run = part[i..].iter().take_while(|&&b| alnum(b)).count();
        if run == 0 {
            return false;
        }
        i += run;
        match part.get(i) {
            None => return true,
            Some(b'-') if double_dash && part.get(i + 1) == Some(&b'-') => i += 2,
            Some(b'_' | b'.' | b'-') => i += 1,
            Some(_) => return false,
        }
    }
}

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
        if name.len() <= MAX_LEN && matches_rule(name) {
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
        name.len() <= MAX_LEN && matches_rule(name)
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

    /// The hand-written check agrees with Composer's regex on every string of up to 7
    /// characters over the alphabet that matters, and on long random ones.
    #[test]
    fn the_check_is_composers_regex() {
        let re = regex::Regex::new(RULE).unwrap();
        let alphabet = b"a0_.-/A";
        let mut checked = 0;
        let mut name = Vec::new();
        for len in 0..=7u32 {
            for mut n in 0..(alphabet.len() as u64).pow(len) {
                name.clear();
                for _ in 0..len {
                    name.push(alphabet[(n % alphabet.len() as u64) as usize]);
                    n /= alphabet.len() as u64;
                }
                let s = std::str::from_utf8(&name).unwrap();
                assert_eq!(matches_rule(s), re.is_match(s), "{s:?}");
                checked += 1;
            }
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            name.clear();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 40) {
                name.push(alphabet[((seed >> (k % 60)) % alphabet.len() as u64) as usize]);
            }
            let s = std::str::from_utf8(&name).unwrap();
            assert_eq!(matches_rule(s), re.is_match(s), "{s:?}");
            checked += 1;
        }
        assert!(checked > 900_000);
        for s in ["acme/lib", "a-b.c_d/e--f", "é/x", "acme/lib\n"] {
            assert_eq!(matches_rule(s), re.is_match(s), "{s:?}");
        }
    }

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
