//! Composer semver conformance: every case of every vector file must pass.
//!
//! The vectors come from composer/semver's PHPUnit data providers (see the README next
//! to them). The folder is `$CARGOMAN_CONFORMANCE_DIR/semver` when that variable is set,
//! else `../shared/conformance/semver` beside the crate, else the vendored copy in
//! `tests/data/semver`. Failures are collected and reported together; a missing folder,
//! an empty file or a vector file this test does not know all fail the test.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cargoman::domain::semver::{
    self, Constraint, normalize, normalize_branch, parse_numeric_alias_prefix, parse_stability,
};
use serde_json::Value;

type CaseCheck = fn(&Value) -> Result<(), String>;

/// Each known vector file and how one of its cases is checked.
const FILES: [(&str, CaseCheck); 9] = [
    ("compare.json", check_compare),
    ("constraints_invalid.json", check_constraint_invalid),
    ("constraints_match.json", check_constraint_match),
    ("constraints_parse.json", check_constraint_parse),
    ("normalize.json", check_normalize),
    ("normalize_branch.json", check_normalize_branch),
    ("numeric_alias_prefix.json", check_numeric_alias_prefix),
    ("sort.json", check_sort),
    ("stability.json", check_stability),
];

fn vector_dir() -> PathBuf {
    if let Some(root) = std::env::var_os("CARGOMAN_CONFORMANCE_DIR") {
        let dir = Path::new(&root).join("semver");
        assert!(
            dir.is_dir(),
            "CARGOMAN_CONFORMANCE_DIR is set but {} is not a folder",
            dir.display()
        );
        return dir;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../shared/conformance/semver"),
        manifest.join("tests/data/semver"),
    ];
    candidates
        .iter()
        .find(|d| d.is_dir())
        .cloned()
        .unwrap_or_else(|| panic!("no semver conformance folder found; looked in {candidates:?}"))
}

#[test]
fn semver_conformance_vectors() {
    let dir = vector_dir();
    let mut failures = String::new();
    let mut summary = String::new();
    let mut files_seen = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((_, check)) = FILES.iter().find(|(known, _)| *known == name) else {
            let _ = writeln!(
                failures,
                "{name}: unknown vector file (teach this test about it)"
            );
            continue;
        };
        files_seen += 1;
        let (passed, total) = run_file(&path, &name, *check, &mut failures);
        let _ = writeln!(summary, "{name}: {passed}/{total} passed");
    }
    for (name, _) in FILES {
        if !dir.join(name).is_file() {
            let _ = writeln!(failures, "{name}: expected vector file is missing");
        }
    }
    println!(
        "semver conformance vectors from {}:\n{summary}",
        dir.display()
    );
    assert!(files_seen > 0, "no vector files in {}", dir.display());
    assert!(
        failures.is_empty(),
        "semver conformance failures:\n{failures}\n{summary}"
    );
}

/// Runs every case of one file; returns (passed, total) and appends failures.
fn run_file(path: &Path, name: &str, check: CaseCheck, failures: &mut String) -> (usize, usize) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(failures, "{name}: cannot read: {e}");
            return (0, 0);
        }
    };
    let doc: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(failures, "{name}: invalid JSON: {e}");
            return (0, 0);
        }
    };
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if cases.is_empty() {
        let _ = writeln!(failures, "{name}: no cases");
    }
    let mut passed = 0;
    for (i, case) in cases.iter().enumerate() {
        match check(case) {
            Ok(()) => passed += 1,
            Err(why) => {
                let _ = writeln!(failures, "{name} #{i}: {why}\n    case: {case}");
            }
        }
    }
    (passed, cases.len())
}

fn field<'a>(case: &'a Value, key: &str) -> Result<&'a str, String> {
    case.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("case has no string `{key}`"))
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("got {got:?}, want {want:?}"))
    }
}

fn check_compare(case: &Value) -> Result<(), String> {
    let want = case
        .get("result")
        .and_then(Value::as_bool)
        .ok_or("case has no bool `result`")?;
    let got = semver::compare(
        field(case, "version1")?,
        field(case, "operator")?,
        field(case, "version2")?,
    );
    expect_eq(got, want)
}

fn check_constraint_invalid(case: &Value) -> Result<(), String> {
    match Constraint::parse(field(case, "constraint")?) {
        Ok(c) => Err(format!("parsed as {c}, want an error")),
        Err(_) => Ok(()),
    }
}

fn check_constraint_match(case: &Value) -> Result<(), String> {
    let want = case
        .get("satisfies")
        .and_then(Value::as_bool)
        .ok_or("case has no bool `satisfies`")?;
    let (version, constraint) = (field(case, "version")?, field(case, "constraint")?);
    let got = semver::try_satisfies(version, constraint).map_err(|e| format!("error: {e}"))?;
    expect_eq(got, want)?;
    // The parsed-once path must agree with `satisfies`.
    let parsed = Constraint::parse(constraint).map_err(|e| format!("error: {e}"))?;
    expect_eq(parsed.matches(version), want)
}

fn check_constraint_parse(case: &Value) -> Result<(), String> {
    let text = field(case, "constraint")?;
    let parsed = Constraint::parse(text).map_err(|e| format!("error: {e}"))?;
    expect_eq(parsed.as_str(), text)?;
    expect_eq(parsed.to_string().as_str(), field(case, "parsed")?)
}

fn check_normalize(case: &Value) -> Result<(), String> {
    let got = normalize(field(case, "input")?);
    if case.get("error").and_then(Value::as_bool) == Some(true) {
        return match got {
            Ok(v) => Err(format!("normalized to {v:?}, want an error")),
            Err(_) => Ok(()),
        };
    }
    let got = got.map_err(|e| format!("error: {e}"))?;
    expect_eq(got.as_str(), field(case, "normalized")?)
}

fn check_normalize_branch(case: &Value) -> Result<(), String> {
    expect_eq(
        normalize_branch(field(case, "input")?).as_str(),
        field(case, "normalized")?,
    )
}

fn check_numeric_alias_prefix(case: &Value) -> Result<(), String> {
    let want = case.get("prefix").ok_or("case has no `prefix`")?.as_str();
    expect_eq(
        parse_numeric_alias_prefix(field(case, "input")?).as_deref(),
        want,
    )
}

fn check_sort(case: &Value) -> Result<(), String> {
    let list = |key: &str| -> Result<Vec<String>, String> {
        let items = case
            .get(key)
            .and_then(Value::as_array)
            .ok_or(format!("case has no `{key}` list"))?;
        items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(String::from)
                    .ok_or(format!("`{key}` has a non-string"))
            })
            .collect()
    };
    let input = list("input")?;
    let input: Vec<&str> = input.iter().map(String::as_str).collect();
    let sorted = semver::try_sort(&input).map_err(|e| format!("sort error: {e}"))?;
    expect_eq(sorted, list("sorted")?)?;
    let rsorted = semver::try_rsort(&input).map_err(|e| format!("rsort error: {e}"))?;
    expect_eq(rsorted, list("rsorted")?)
}

fn check_stability(case: &Value) -> Result<(), String> {
    expect_eq(
        parse_stability(field(case, "version")?).as_str(),
        field(case, "stability")?,
    )
}
