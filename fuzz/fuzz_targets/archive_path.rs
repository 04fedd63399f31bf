//! Archive paths: which repository paths may become zip entries, and the zip that
//! `build_zip` writes from a tree holding any paths. No entry of the zip may leave its
//! top folder when extracted.
//!
//! Input: lines. The first is the top folder; `!pattern` lines are composer.json
//! `archive.exclude` patterns; others are files, `path` or `path\tcontent` (`|` in the
//! content is a newline, for `.gitattributes`), prefixed `x ` (executable), `l `
//! (symlink) or `s ` (submodule).
#![no_main]

use std::collections::HashMap;

use cargoman::archive::{ArchiveOptions, build_zip};
use cargoman::fuzzing;
use cargoman::git::{BlobSource, FileMode, GitError, TreeFile, TreeListing};
use libfuzzer_sys::fuzz_target;

struct Blobs(HashMap<String, Vec<u8>>);

impl BlobSource for Blobs {
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, GitError> {
        let data = self.0.get(id).cloned().unwrap_or_default();
        if data.len() as u64 > limit {
            return Err(GitError::BlobTooLarge {
                id: id.into(),
                size: data.len() as u64,
                limit,
            });
        }
        Ok(data)
    }
}

/// What makes a path escape, or mean different things on different systems.
fn escapes(path: &str) -> bool {
    path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
}

fn le16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// Entry names from the zip's central directory.
fn entry_names(zip: &[u8]) -> Vec<String> {
    let eocd = zip
        .len()
        .checked_sub(22)
        .expect("zip shorter than its end record");
    assert_eq!(le32(zip, eocd), Some(0x0605_4b50), "no end record");
    let count = le16(zip, eocd + 10).expect("count");
    let mut at = le32(zip, eocd + 16).expect("central directory offset");
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        assert_eq!(
            le32(zip, at),
            Some(0x0201_4b50),
            "bad central directory entry"
        );
        let name_len = le16(zip, at + 28).expect("name length");
        let extra = le16(zip, at + 30).expect("extra length");
        let comment = le16(zip, at + 32).expect("comment length");
        let name = zip.get(at + 46..at + 46 + name_len).expect("name");
        names.push(String::from_utf8(name.to_vec()).expect("entry name is UTF-8"));
        at += 46 + name_len + extra + comment;
    }
    names
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let top = lines.next().unwrap_or_default();
    let mut opts = ArchiveOptions::new(top, 1_700_000_000);
    opts.max_file_size = 4096;
    opts.max_total_size = 64 * 1024;
    let mut listing = TreeListing::default();
    let mut blobs = Blobs(HashMap::new());
    for (i, line) in lines.enumerate() {
        if let Some(pattern) = line.strip_prefix('!') {
            opts.exclude.push(pattern.to_string());
            continue;
        }
        let (mode, line) = match line.split_at_checked(2) {
            Some(("x ", rest)) => (FileMode::Executable, rest),
            Some(("l ", rest)) => (FileMode::Symlink, rest),
            Some(("s ", rest)) => (FileMode::Submodule, rest),
            _ => (FileMode::Regular, line),
        };
        let (path, content) = line.split_once('\t').unwrap_or((line, line));
        // The path rule: refused exactly when the path could escape.
        let reason = fuzzing::unsafe_archive_path(path);
        assert_eq!(reason.is_some(), escapes(path), "{path:?}: {reason:?}");
        let id = format!("{i:040x}");
        blobs
            .0
            .insert(id.clone(), content.replace('|', "\n").into_bytes());
        listing.files.push(TreeFile {
            path: path.to_string(),
            mode,
            id,
        });
    }
    let mut out = Vec::new();
    let Ok(info) = build_zip(&listing, &blobs, &opts, &mut out) else {
        return;
    };
    assert!(
        !escapes(top) && !top.contains('/'),
        "top folder {top:?} accepted"
    );
    let names = entry_names(&out);
    let prefix = format!("{top}/");
    let mut files = 0;
    for name in &names {
        let inner = name
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{name:?} is outside {prefix:?}"));
        if inner.is_empty() {
            continue; // the top folder itself
        }
        let entry = inner.strip_suffix('/').unwrap_or(inner);
        assert!(!escapes(entry), "unsafe entry {name:?}");
        if !name.ends_with('/') {
            files += 1;
            let listed = listing.files.iter().find(|f| f.path == inner);
            assert!(
                listed.is_some_and(|f| matches!(f.mode, FileMode::Regular | FileMode::Executable)),
                "{name:?} is not a regular file of the tree"
            );
        }
    }
    assert_eq!(files, info.file_count);
    assert_eq!(out.len() as u64, info.size);
});
