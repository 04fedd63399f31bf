//! Token secrets: generation, hashing and constant-time verification.
//!
//! A token is a readable kind prefix plus 43 base62 characters drawn uniformly
//! (256 bits of entropy). Only its SHA-256 is stored; the first characters are kept
//! in clear as a display prefix so operators can tell tokens apart.

use std::fmt;

use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// 43 characters of base62 carry log2(62) * 43 ≈ 256.03 bits.
const SECRET_CHARS: usize = 43;
/// Characters of the secret shown after the kind prefix in listings.
const DISPLAY_CHARS: usize = 8;

/// What a token is for; the prefix makes a leaked token recognisable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Customer,
    Admin,
}

impl TokenKind {
    pub fn prefix(self) -> &'static str {
        match self {
            TokenKind::Customer => "cmt_",
            TokenKind::Admin => "cma_",
        }
    }
}

/// A freshly generated token: shown once, then only its hash is kept.
#[derive(Clone)]
pub struct NewToken {
    plain: String,
}

impl NewToken {
    pub fn generate(kind: TokenKind) -> Self {
        let mut rng = rand::rngs::OsRng;
        let mut plain = String::with_capacity(kind.prefix().len() + SECRET_CHARS);
        plain.push_str(kind.prefix());
        for _ in 0..SECRET_CHARS {
            plain.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
        }
        Self { plain }
    }

    /// The secret itself, to be shown to its owner once.
    pub fn plain(&self) -> &str {
        &self.plain
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.plain)
    }

    /// The part safe to store and display, e.g. `cmt_4fQx9LpA`.
    pub fn display_prefix(&self) -> String {
        display_prefix(&self.plain)
    }
}

impl fmt::Debug for NewToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewToken({}…)", self.display_prefix())
    }
}

/// The display prefix of any presented token (never more than the kind prefix plus
/// a few characters).
pub fn display_prefix(token: &str) -> String {
    let prefix_len = token.find('_').map(|i| i + 1).unwrap_or(0);
    token.chars().take(prefix_len + DISPLAY_CHARS).collect()
}

/// SHA-256 of a token, hex-encoded: what the database keeps.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn of(token: &str) -> Self {
        Self(hex::encode(Sha256::digest(token.as_bytes())))
    }

    /// Wraps a stored hash (64 hex characters).
    pub fn from_hex(hex: &str) -> Option<Self> {
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(hex.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison, so a timing side channel reveals nothing.
    pub fn verify(&self, presented: &str) -> bool {
        let other = Self::of(presented);
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }

    pub fn ct_eq(&self, other: &TokenHash) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenHash({}…)", &self.0[..8.min(self.0.len())])
    }
}

/// `active`, `revoked` or `expired`: the state of any token at `at` (revocation wins).
pub fn status(
    revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
    at: chrono::DateTime<chrono::Utc>,
) -> &'static str {
    if revoked_at.is_some() {
        "revoked"
    } else if expires_at.is_some_and(|e| e <= at) {
        "expired"
    } else {
        "active"
    }
}

/// Whether a string could be a token at all (cheap check before hashing).
pub fn looks_like_token(s: &str) -> bool {
    (8..=256).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_prefixed_and_long() {
        let a = NewToken::generate(TokenKind::Customer);
        let b = NewToken::generate(TokenKind::Customer);
        assert_ne!(a.plain(), b.plain());
        assert!(a.plain().starts_with("cmt_"));
        assert_eq!(a.plain().len(), 4 + 43);
        assert!(a.plain()[4..].bytes().all(|c| c.is_ascii_alphanumeric()));
        assert!(
            NewToken::generate(TokenKind::Admin)
                .plain()
                .starts_with("cma_")
        );
        assert_eq!(a.display_prefix().len(), 12);
        assert!(a.plain().starts_with(&a.display_prefix()));
    }

    #[test]
    fn hash_verifies_only_the_right_secret() {
        let t = NewToken::generate(TokenKind::Customer);
        let h = t.hash();
        assert_eq!(h.as_str().len(), 64);
        assert!(h.verify(t.plain()));
        assert!(!h.verify(&format!("{}x", t.plain())));
        assert!(!format!("{t:?}").contains(&t.plain()[12..]));
        assert_eq!(TokenHash::from_hex(h.as_str()).unwrap(), h);
        assert!(TokenHash::from_hex("zz").is_none());
    }
}
