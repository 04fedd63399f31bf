use std::collections::HashMap;

use sha1::{Digest, Sha1};

use super::*;

/// Blobs keyed by id; ids are made up, the archive never interprets them.
#[derive(Default)]
struct MemBlobs(HashMap<String, Vec<u8>>);

impl BlobSource for MemBlobs {
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

struct Fixture {
    listing: TreeListing,
    blobs: MemBlobs,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            listing: TreeListing::default(),
            blobs: MemBlobs::default(),
        }
    }

    fn add(mut self, path: &str, mode: FileMode, data: &[u8]) -> Self {
        let id = format!("id-{}", self.listing.files.len());
        self.blobs.0.insert(id.clone(), data.to_vec());
        self.listing.files.push(TreeFile {
            path: path.into(),
            mode,
            id,
        });
        self
    }

    fn file(self, path: &str, data: &str) -> Self {
        self.add(path, FileMode::Regular, data.as_bytes())
    }

    fn build(&self, opts: &ArchiveOptions) -> Result<(Vec<u8>, ArchiveInfo), ArchiveError> {
        let mut out = Vec::new();
        let info = build_zip(&self.listing, &self.blobs, opts, &mut out)?;
        Ok((out, info))
    }
}

fn sample() -> Fixture {
    Fixture::new()
        .file("composer.json", r#"{"name":"acme/lib"}"#)
        .file("src/Lib.php", "<?php class Lib {}\n")
        .file(
            "src/Deep/Nested/Thing.php",
            &"<?php // padding\n".repeat(50),
        )
        .add("bin/tool", FileMode::Executable, b"#!/bin/sh\necho hi\n")
        .file("tests/LibTest.php", "<?php\n")
        .file(".gitattributes", "/tests export-ignore\n")
        .add("link", FileMode::Symlink, b"../../etc/passwd")
        .add("vendor/sub", FileMode::Submodule, b"")
}

fn opts() -> ArchiveOptions {
    ArchiveOptions::new("acme-lib-1a2b3c4", 1_700_000_000)
}

/// (name, unix mode, method) of each central directory entry.
fn central_entries(zip: &[u8]) -> Vec<(String, u32, u16)> {
    let eocd = &zip[zip.len() - 22..];
    assert_eq!(&eocd[..4], b"PK\x05\x06");
    let count = u16::from_le_bytes([eocd[10], eocd[11]]) as usize;
    let mut at = u32::from_le_bytes(eocd[16..20].try_into().unwrap()) as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        let h = &zip[at..];
        assert_eq!(&h[..4], b"PK\x01\x02");
        let method = u16::from_le_bytes([h[10], h[11]]);
        let name_len = u16::from_le_bytes([h[28], h[29]]) as usize;
        let extra_len = u16::from_le_bytes([h[30], h[31]]) as usize;
        assert_eq!(extra_len, 0, "no extra fields");
        let external = u32::from_le_bytes(h[38..42].try_into().unwrap());
        let name = String::from_utf8(h[46..46 + name_len].to_vec()).unwrap();
        out.push((name, external >> 16, method));
        at += 46 + name_len;
    }
    out
}

#[test]
fn same_input_gives_identical_bytes() {
    let fixture = sample();
    let (a, info_a) = fixture.build(&opts()).unwrap();
    let (b, info_b) = fixture.build(&opts()).unwrap();
    assert_eq!(a, b);
    assert_eq!(info_a, info_b);
    assert_eq!(info_a.sha1, hex::encode(Sha1::digest(&a)));
    assert_eq!(info_a.size, a.len() as u64);

    let mut shuffled = sample();
    shuffled.listing.files.reverse();
    assert_eq!(
        shuffled.build(&opts()).unwrap().0,
        a,
        "input order does not matter"
    );
}

#[test]
fn content_and_mtime_change_the_sha1() {
    let (_, base) = sample().build(&opts()).unwrap();
    let changed = sample().file("src/Extra.php", "<?php\n");
    assert_ne!(changed.build(&opts()).unwrap().1.sha1, base.sha1);
    let mut fixture = sample();
    fixture
        .blobs
        .0
        .insert("id-1".into(), b"<?php class Lib { }\n".to_vec());
    assert_ne!(fixture.build(&opts()).unwrap().1.sha1, base.sha1);
    let later = ArchiveOptions {
        mtime: 1_800_000_000,
        ..opts()
    };
    assert_ne!(sample().build(&later).unwrap().1.sha1, base.sha1);
}

#[test]
fn layout_modes_and_skips() {
    let (zip, info) = sample().build(&opts()).unwrap();
    let entries = central_entries(&zip);
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "acme-lib-1a2b3c4/",
            "acme-lib-1a2b3c4/.gitattributes",
            "acme-lib-1a2b3c4/bin/",
            "acme-lib-1a2b3c4/bin/tool",
            "acme-lib-1a2b3c4/composer.json",
            "acme-lib-1a2b3c4/src/",
            "acme-lib-1a2b3c4/src/Deep/",
            "acme-lib-1a2b3c4/src/Deep/Nested/",
            "acme-lib-1a2b3c4/src/Deep/Nested/Thing.php",
            "acme-lib-1a2b3c4/src/Lib.php",
        ]
    );
    let mode_of = |name: &str| entries.iter().find(|e| e.0.ends_with(name)).unwrap().1;
    assert_eq!(mode_of("bin/tool"), 0o100755);
    assert_eq!(mode_of("composer.json"), 0o100644);
    assert_eq!(mode_of("src/"), 0o040755);
    assert_eq!(
        entries
            .iter()
            .find(|e| e.0.ends_with("Thing.php"))
            .unwrap()
            .2,
        8,
        "deflated"
    );
    assert_eq!(info.file_count, 5);
    assert_eq!(info.excluded_count, 1);
    let skipped: Vec<&str> = info.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(skipped, ["link", "vendor/sub"]);
    assert!(info.skipped[0].reason.contains("symbolic link"));
}

#[test]
fn unsafe_paths_are_never_written() {
    let fixture = Fixture::new()
        .file("ok.txt", "ok")
        .file("../escape.txt", "x")
        .file("a/../../escape.txt", "x")
        .file("/etc/passwd", "x")
        .file("a\\b.txt", "x")
        .file("a//b.txt", "x")
        .file("./c.txt", "x")
        .file("nul\0.txt", "x");
    let (zip, info) = fixture.build(&opts()).unwrap();
    let names: Vec<String> = central_entries(&zip).into_iter().map(|e| e.0).collect();
    assert_eq!(names, ["acme-lib-1a2b3c4/", "acme-lib-1a2b3c4/ok.txt"]);
    assert_eq!(info.skipped.len(), 7);
}

#[test]
fn composer_excludes_and_negation() {
    let fixture = sample()
        .file("docs/guide.md", "# guide")
        .file("README.md", "# readme");
    let opts = ArchiveOptions {
        exclude: vec!["*.md".into(), "!/README.md".into(), "/bin".into()],
        ..opts()
    };
    let (zip, info) = fixture.build(&opts).unwrap();
    let names: Vec<String> = central_entries(&zip).into_iter().map(|e| e.0).collect();
    assert!(names.contains(&"acme-lib-1a2b3c4/README.md".to_string()));
    assert!(
        !names
            .iter()
            .any(|n| n.contains("guide.md") || n.contains("bin/") || n.contains("tests/"))
    );
    assert_eq!(info.excluded_count, 3);
}

#[test]
fn nested_gitattributes_apply_below_their_folder() {
    let fixture = Fixture::new()
        .file("lib/.gitattributes", "*.bak export-ignore\n")
        .file("lib/a.php", "a")
        .file("lib/x/old.bak", "b")
        .file("top.bak", "c");
    let (zip, _) = fixture.build(&opts()).unwrap();
    let names: Vec<String> = central_entries(&zip).into_iter().map(|e| e.0).collect();
    assert!(names.contains(&"acme-lib-1a2b3c4/top.bak".to_string()));
    assert!(!names.iter().any(|n| n.ends_with("old.bak")));
}

#[test]
fn limits_name_the_file() {
    let fixture = sample().add("big.bin", FileMode::Regular, &[7u8; 2048]);
    let small = ArchiveOptions {
        max_file_size: 1024,
        ..opts()
    };
    let err = fixture.build(&small).unwrap_err();
    assert!(
        matches!(&err, ArchiveError::FileTooLarge { path, limit: 1024, .. } if path == "big.bin"),
        "{err}"
    );
    assert!(err.to_string().contains("big.bin"));
    let total = ArchiveOptions {
        max_total_size: 1500,
        ..opts()
    };
    assert!(matches!(
        fixture.build(&total).unwrap_err(),
        ArchiveError::TooLarge { limit: 1500 }
    ));
}

#[test]
fn refuses_bad_top_folders() {
    for top in ["", "a/b", "..", "/abs", "a\\b"] {
        let opts = ArchiveOptions::new(top, 0);
        let err = sample().build(&opts).unwrap_err();
        assert!(
            matches!(err, ArchiveError::PathRefused { .. }),
            "{top}: {err}"
        );
    }
}

#[test]
fn empty_tree_gives_the_top_folder_only() {
    let (zip, info) = Fixture::new().build(&opts()).unwrap();
    assert_eq!(info.file_count, 0);
    let names: Vec<String> = central_entries(&zip).into_iter().map(|e| e.0).collect();
    assert_eq!(names, ["acme-lib-1a2b3c4/"]);
}

/// Hands out at most `step` bytes per read, to feed the deflater in odd pieces.
struct Dribble<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Dribble<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.step = self.step % 70_001 + 4093;
        Ok(n)
    }
}

fn samples() -> Vec<Vec<u8>> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(13);
    let mut random = vec![0u8; 3 * 1024 * 1024 + 17];
    rng.fill(&mut random[..]);
    let text = "<?php // a line of code that repeats, more or less\n"
        .repeat(90_000)
        .into_bytes();
    let mut mixed = text.clone();
    mixed.extend_from_slice(&random[..700_000]);
    mixed.extend_from_slice(&text[..300_000]);
    vec![random, text, mixed, b"tiny".to_vec(), Vec::new()]
}

/// A large file written as it streams gives the very bytes of one compressed in
/// memory: the archives' sha1 does not depend on the file's size.
#[test]
fn streamed_entries_equal_in_memory_ones() {
    let spill = tempfile::tempdir().unwrap();
    for data in samples() {
        let mut expected = zip::ZipWriter::new(Vec::new(), 1_700_000_000);
        expected.add_file("top/big.bin", &data, false).unwrap();
        let (expected, _) = expected.finish().unwrap();
        let mut streamed = zip::ZipWriter::new(Vec::new(), 1_700_000_000);
        let mut opened = 0;
        let mut open = || {
            opened += 1;
            Ok(Box::new(Dribble {
                data: &data,
                step: 1,
            }) as Box<dyn std::io::Read>)
        };
        streamed
            .add_streamed(
                "top/big.bin",
                false,
                data.len() as u64,
                spill.path(),
                &mut open,
            )
            .unwrap();
        let (streamed, _) = streamed.finish().unwrap();
        assert_eq!(
            streamed.len(),
            expected.len(),
            "size of {} bytes",
            data.len()
        );
        assert!(
            streamed == expected,
            "bytes differ for {} bytes",
            data.len()
        );
        // Stored (incompressible) bodies are read a second time; deflated ones not.
        let stored = zip::compress(&data).unwrap().method == 0;
        assert_eq!(opened, if stored { 2 } else { 1 });
    }
    assert_eq!(
        std::fs::read_dir(spill.path()).unwrap().count(),
        0,
        "spill files are removed"
    );
}

/// A file that is shorter than its announced size fails the archive.
#[test]
fn streamed_entry_shorter_than_its_size_fails() {
    let spill = tempfile::tempdir().unwrap();
    let data = vec![7u8; 1000];
    let mut zip = zip::ZipWriter::new(Vec::new(), 0);
    let mut open = || Ok(Box::new(std::io::Cursor::new(data.clone())) as Box<dyn std::io::Read>);
    let err = zip
        .add_streamed("top/x", false, 5000, spill.path(), &mut open)
        .unwrap_err();
    assert!(err.to_string().contains("ended before its size"), "{err}");
}

/// Files from [`STREAM_BLOB_SIZE`] on take the streamed path through `build_zip` with
/// the limits still applied, and the archive is the same whatever the path.
#[test]
fn large_files_are_streamed_within_the_limits() {
    let big = vec![b'x'; STREAM_BLOB_SIZE as usize + 5];
    let fixture =
        Fixture::new()
            .file("composer.json", "{}")
            .add("data/big.txt", FileMode::Regular, &big);
    let (zip, info) = fixture.build(&opts()).unwrap();
    assert_eq!(info.file_count, 2);
    let mut by_hand = zip::ZipWriter::new(Vec::new(), opts().mtime);
    by_hand.add_dir("acme-lib-1a2b3c4/").unwrap();
    by_hand
        .add_file("acme-lib-1a2b3c4/composer.json", b"{}", false)
        .unwrap();
    by_hand.add_dir("acme-lib-1a2b3c4/data/").unwrap();
    by_hand
        .add_file("acme-lib-1a2b3c4/data/big.txt", &big, false)
        .unwrap();
    assert!(
        by_hand.finish().unwrap().0 == zip,
        "same bytes as in memory"
    );

    let small = ArchiveOptions {
        max_file_size: STREAM_BLOB_SIZE,
        ..opts()
    };
    let err = fixture.build(&small).unwrap_err();
    assert!(matches!(err, ArchiveError::FileTooLarge { .. }), "{err}");
    let total = ArchiveOptions {
        max_total_size: STREAM_BLOB_SIZE,
        ..opts()
    };
    let err = fixture.build(&total).unwrap_err();
    assert!(matches!(err, ArchiveError::TooLarge { .. }), "{err}");
}
