//! Repository credentials encrypted at rest: [`SecretBox`] seals them with
//! XChaCha20-Poly1305 under one key per deployment.
//!
//! The text form is `v1:` + base64(nonce ‖ ciphertext), with a random 24-byte nonce per
//! message. The associated data names the purpose (`context`), so a value sealed for
//! one column cannot be moved to another and still open; a context that names the row
//! too (`package-credentials:t{tenant}:p{package}`) keeps it from opening in another row.

use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore as _;

use crate::config::Settings;

/// Name of the generated key file inside the data folder.
pub const KEY_FILE: &str = "secret.key";
const VERSION: &str = "v1";
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error(
        "CARGOMAN_ENCRYPTION_KEY must be the base64 of 32 random bytes ({0}); \
         generate one with `openssl rand -base64 32`"
    )]
    MalformedKey(String),
    #[error("encryption key file {path}: {message}")]
    KeyFile { path: PathBuf, message: String },
    #[error(
        "encrypted value has format \"{0}\", which this cargoman does not know; \
         was it written by a newer version?"
    )]
    UnknownVersion(String),
    #[error("value is not an encrypted value (it should start with \"v1:\")")]
    NotEncrypted,
    #[error(
        "encrypted value is damaged, or was encrypted with another key or for another use; \
         restore the key it was written with (CARGOMAN_ENCRYPTION_KEY or <data>/secret.key) \
         or enter the credentials again"
    )]
    Undecryptable,
    #[error("cannot encrypt: {0}")]
    Encrypt(String),
}

/// Seals and opens secrets with the deployment's key.
///
/// The key is `CARGOMAN_ENCRYPTION_KEY` (base64 of 32 bytes) when set, else
/// `<data_dir>/secret.key`, generated on first use. Several servers sharing one
/// database must share the key: set the same `CARGOMAN_ENCRYPTION_KEY` on all of them
/// (the generated file holds the same base64 text, ready to copy). Losing the key means
/// re-entering every stored credential.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBox { key: [redacted] }")
    }
}

impl SecretBox {
    pub fn from_settings(settings: &Settings) -> Result<Self, CryptoError> {
        match &settings.security.encryption_key {
            Some(key) => Self::from_base64(key.expose()),
            None => Self::from_key_file(&settings.data_dir.join(KEY_FILE)),
        }
    }

    /// A box from the base64 text of a 32-byte key.
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        let key = STANDARD
            .decode(text.trim())
            .map_err(|e| CryptoError::MalformedKey(format!("not base64: {e}")))?;
        if key.len() != KEY_LEN {
            return Err(CryptoError::MalformedKey(format!(
                "it decodes to {} bytes",
                key.len()
            )));
        }
        let cipher = XChaCha20Poly1305::new_from_slice(&key)
            .map_err(|e| CryptoError::MalformedKey(e.to_string()))?;
        Ok(Self { cipher })
    }

    /// A box from the key file at `path`, which is created (once, atomically, mode
    /// 0600) when missing.
    pub fn from_key_file(path: &Path) -> Result<Self, CryptoError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => create_key_file(path)?,
            Err(e) => return Err(key_file_error(path, e)),
        };
        warn_if_readable_by_others(path);
        Self::from_base64(&text).map_err(|_| CryptoError::KeyFile {
            path: path.to_path_buf(),
            message: "does not hold the base64 of 32 bytes; restore it from a backup \
                      (values encrypted with the lost key cannot be read)"
                .into(),
        })
    }

    /// Seals `plaintext` for the use named by `context` (e.g.
    /// `"package-credentials:t1:p42"`).
    pub fn encrypt(&self, plaintext: &[u8], context: &str) -> Result<String, CryptoError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = associated_data(context);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Encrypt("the value is too large".into()))?;
        let mut raw = Vec::with_capacity(NONCE_LEN + sealed.len());
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(&sealed);
        Ok(format!("{VERSION}:{}", STANDARD.encode(raw)))
    }

    /// Opens a value sealed by [`SecretBox::encrypt`] with the same key and `context`.
    pub fn decrypt(&self, text: &str, context: &str) -> Result<Vec<u8>, CryptoError> {
        let (version, body) = text.split_once(':').ok_or(CryptoError::NotEncrypted)?;
        if version != VERSION {
            let looks_versioned = version.len() <= 8
                && version.starts_with('v')
                && version.bytes().skip(1).all(|b| b.is_ascii_digit());
            return Err(if looks_versioned {
                CryptoError::UnknownVersion(version.to_string())
            } else {
                CryptoError::NotEncrypted
            });
        }
        let raw = STANDARD
            .decode(body)
            .map_err(|_| CryptoError::Undecryptable)?;
        if raw.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Undecryptable);
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let aad = associated_data(context);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Undecryptable)
    }
}

/// Binds a value to the format version and its use.
fn associated_data(context: &str) -> Vec<u8> {
    format!("cargoman/{VERSION}/{context}").into_bytes()
}

/// Generates a key and publishes it at `path` without ever exposing a partial file,
/// and without replacing a key another process published first (that one is returned
/// instead): both processes must end up with the same key.
fn create_key_file(path: &Path) -> Result<String, CryptoError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| key_file_error(path, e))?;
    let mut key = [0u8; KEY_LEN];
    OsRng.fill_bytes(&mut key);
    let text = format!("{}\n", STANDARD.encode(key));
    let tmp = dir.join(format!(".{KEY_FILE}.{:016x}.tmp", rand::random::<u64>()));
    let published = write_private(&tmp, text.as_bytes()).and_then(|()| {
        // A hard link fails when the target exists, unlike rename, which would
        // replace a key that another server may already have used.
        match std::fs::hard_link(&tmp, path) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => std::fs::rename(&tmp, path),
            other => other,
        }
    });
    let _ = std::fs::remove_file(&tmp);
    match published {
        Ok(()) => {
            tracing::info!(path = %path.display(), "generated a new encryption key; back it up");
            Ok(text)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::read_to_string(path).map_err(|e| key_file_error(path, e))
        }
        Err(e) => Err(key_file_error(path, e)),
    }
}

fn write_private(path: &Path, content: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(content)?;
    file.sync_all()
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let open = std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0);
    if open {
        tracing::warn!(
            path = %path.display(),
            "the encryption key file is readable by other users; run chmod 600 on it"
        );
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

fn key_file_error(path: &Path, e: io::Error) -> CryptoError {
    CryptoError::KeyFile {
        path: path.to_path_buf(),
        message: format!("{e}; check that the data folder is writable (CARGOMAN_DATA_DIR)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    const CTX: &str = "package-credentials";

    fn fixed(byte: u8) -> SecretBox {
        SecretBox::from_base64(&STANDARD.encode([byte; KEY_LEN])).unwrap()
    }

    #[test]
    fn round_trip_with_fresh_nonces() {
        let b = fixed(1);
        let a1 = b.encrypt(b"token", CTX).unwrap();
        let a2 = b.encrypt(b"token", CTX).unwrap();
        assert!(a1.starts_with("v1:"));
        assert_ne!(a1, a2, "nonce must be random");
        assert_eq!(b.decrypt(&a1, CTX).unwrap(), b"token");
        assert_eq!(b.decrypt(&b.encrypt(b"", CTX).unwrap(), CTX).unwrap(), b"");
    }

    #[test]
    fn tampering_is_detected() {
        let b = fixed(1);
        let sealed = b.encrypt(b"secret", CTX).unwrap();
        let mut raw = STANDARD.decode(&sealed[3..]).unwrap();
        for i in [0, NONCE_LEN, raw.len() - 1] {
            raw[i] ^= 1;
            let bad = format!("v1:{}", STANDARD.encode(&raw));
            assert!(matches!(
                b.decrypt(&bad, CTX),
                Err(CryptoError::Undecryptable)
            ));
            raw[i] ^= 1;
        }
        let short = format!("v1:{}", STANDARD.encode(&raw[..NONCE_LEN + 3]));
        assert!(matches!(
            b.decrypt(&short, CTX),
            Err(CryptoError::Undecryptable)
        ));
        assert!(matches!(
            b.decrypt("v1:%%%", CTX),
            Err(CryptoError::Undecryptable)
        ));
    }

    #[test]
    fn wrong_key_and_wrong_context_fail() {
        let sealed = fixed(1).encrypt(b"secret", CTX).unwrap();
        assert!(matches!(
            fixed(2).decrypt(&sealed, CTX),
            Err(CryptoError::Undecryptable)
        ));
        assert!(matches!(
            fixed(1).decrypt(&sealed, "webhook-secret"),
            Err(CryptoError::Undecryptable)
        ));
    }

    #[test]
    fn unknown_versions_and_plain_text_are_refused() {
        let b = fixed(1);
        let sealed = b.encrypt(b"x", CTX).unwrap();
        let v2 = sealed.replacen("v1:", "v2:", 1);
        assert!(matches!(b.decrypt(&v2, CTX), Err(CryptoError::UnknownVersion(v)) if v == "v2"));
        for plain in ["", "hunter2", "https://user:pw@host", "\u{0}:"] {
            assert!(matches!(
                b.decrypt(plain, CTX),
                Err(CryptoError::NotEncrypted)
            ));
        }
    }

    #[test]
    fn malformed_configured_key_is_explained() {
        let mut settings = Settings::default();
        for bad in ["not base64!", "c2hvcnQ=", ""] {
            settings.security.encryption_key = Some(Secret::new(bad));
            let err = SecretBox::from_settings(&settings).unwrap_err().to_string();
            assert!(err.contains("CARGOMAN_ENCRYPTION_KEY"), "{err}");
        }
        let good = STANDARD.encode([7u8; KEY_LEN]);
        settings.security.encryption_key = Some(Secret::new(format!(" {good}\n")));
        SecretBox::from_settings(&settings).unwrap();
    }

    #[test]
    fn key_file_is_created_once_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings {
            data_dir: dir.path().join("data"),
            ..Settings::default()
        };
        let first = SecretBox::from_settings(&settings).unwrap();
        let path = settings.data_dir.join(KEY_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sealed = first.encrypt(b"secret", CTX).unwrap();
        let second = SecretBox::from_settings(&settings).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert_eq!(second.decrypt(&sealed, CTX).unwrap(), b"secret");
        // The file holds what CARGOMAN_ENCRYPTION_KEY would, so servers can share it.
        settings.security.encryption_key = Some(Secret::new(text.trim()));
        let configured = SecretBox::from_settings(&settings).unwrap();
        assert_eq!(configured.decrypt(&sealed, CTX).unwrap(), b"secret");
        let leftovers = std::fs::read_dir(&settings.data_dir).unwrap().count();
        assert_eq!(leftovers, 1, "temporary key files must not remain");
    }

    #[test]
    fn concurrent_first_starts_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let boxes: Vec<SecretBox> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| SecretBox::from_key_file(&path).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let sealed = boxes[0].encrypt(b"x", CTX).unwrap();
        for b in &boxes {
            assert_eq!(b.decrypt(&sealed, CTX).unwrap(), b"x");
        }
    }

    #[test]
    fn damaged_key_file_is_reported_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        std::fs::write(&path, "garbage").unwrap();
        let err = SecretBox::from_key_file(&path).unwrap_err().to_string();
        assert!(err.contains("restore it from a backup"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "garbage");
    }

    #[test]
    fn debug_hides_the_key() {
        assert_eq!(format!("{:?}", fixed(1)), "SecretBox { key: [redacted] }");
    }
}
