//! Expected lists were produced by Composer 2.5.5's ArchivableFilesFinder (and, for the
//! gitattributes cases, agree with `git archive`) on the same trees.

use super::*;

/// The file tree of Composer's ArchivableFilesFinderTest.
const COMPOSER_TREE: &[&str] = &[
    ".foo",
    "A/prefixA.foo",
    "A/prefixB.foo",
    "A/prefixC.foo",
    "A/prefixD.foo",
    "A/prefixE.foo",
    "A/prefixF.foo",
    "B/sub/prefixA.foo",
    "B/sub/prefixB.foo",
    "B/sub/prefixC.foo",
    "B/sub/prefixD.foo",
    "B/sub/prefixE.foo",
    "B/sub/prefixF.foo",
    "C/prefixA.foo",
    "C/prefixB.foo",
    "C/prefixC.foo",
    "C/prefixD.foo",
    "C/prefixE.foo",
    "C/prefixF.foo",
    "D/prefixA",
    "D/prefixB",
    "D/prefixC",
    "D/prefixD",
    "D/prefixE",
    "D/prefixF",
    "E/subtestA.foo",
    "F/subtestA.foo",
    "G/subtestA.foo",
    "H/subtestA.foo",
    "I/J/subtestA.foo",
    "K/dirJ/subtestA.foo",
    "toplevelA.foo",
    "toplevelB.foo",
    "prefixA.foo",
    "prefixB.foo",
    "prefixC.foo",
    "prefixD.foo",
    "prefixE.foo",
    "prefixF.foo",
    "parameters.yml",
    "parameters.yml.dist",
    "!important!.txt",
    "!important_too!.txt",
    "#weirdfile",
];

fn kept<'a>(filter: &ExcludeFilter, tree: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = tree
        .iter()
        .copied()
        .filter(|p| !filter.is_excluded(p))
        .collect();
    out.sort();
    out
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn composer_manual_excludes() {
    let mut filter = ExcludeFilter::default();
    filter.add_composer_excludes(&strings(&[
        "prefixB.foo",
        "!/prefixB.foo",
        "/prefixA.foo",
        "prefixC.*",
        "!*/*/*/prefixC.foo",
        ".*",
    ]));
    let expected = [
        "!important!.txt",
        "!important_too!.txt",
        "#weirdfile",
        "A/prefixA.foo",
        "A/prefixD.foo",
        "A/prefixE.foo",
        "A/prefixF.foo",
        "B/sub/prefixA.foo",
        "B/sub/prefixC.foo",
        "B/sub/prefixD.foo",
        "B/sub/prefixE.foo",
        "B/sub/prefixF.foo",
        "C/prefixA.foo",
        "C/prefixD.foo",
        "C/prefixE.foo",
        "C/prefixF.foo",
        "D/prefixA",
        "D/prefixB",
        "D/prefixC",
        "D/prefixD",
        "D/prefixE",
        "D/prefixF",
        "E/subtestA.foo",
        "F/subtestA.foo",
        "G/subtestA.foo",
        "H/subtestA.foo",
        "I/J/subtestA.foo",
        "K/dirJ/subtestA.foo",
        "parameters.yml",
        "parameters.yml.dist",
        "prefixB.foo",
        "prefixD.foo",
        "prefixE.foo",
        "prefixF.foo",
        "toplevelA.foo",
        "toplevelB.foo",
    ];
    assert_eq!(kept(&filter, COMPOSER_TREE), expected);
}

#[test]
fn composer_git_excludes() {
    let attributes = [
        "",
        "# gitattributes rules with comments and blank lines",
        "prefixB.foo export-ignore",
        "/prefixA.foo export-ignore",
        "prefixC.* export-ignore",
        "",
        "prefixE.foo export-ignore",
        "# and more",
        "# comments",
        "",
        "/prefixE.foo -export-ignore",
        "/prefixD.foo export-ignore",
        "prefixF.* export-ignore",
        "/*/*/prefixF.foo -export-ignore",
        "",
        "refixD.foo export-ignore",
        "/C export-ignore",
        "D/prefixA export-ignore",
        "E export-ignore",
        "F/ export-ignore",
        "G/* export-ignore",
        "H/** export-ignore",
        "J/ export-ignore",
        "parameters.yml export-ignore",
        "\\!important!.txt export-ignore",
        "\\#* export-ignore",
    ]
    .join("\r\n");
    let mut filter = ExcludeFilter::default();
    filter.add_root_gitattributes(attributes.as_bytes());
    let mut tree = COMPOSER_TREE.to_vec();
    tree.push(".gitattributes");
    let expected = [
        "!important_too!.txt",
        ".foo",
        ".gitattributes",
        "A/prefixA.foo",
        "A/prefixD.foo",
        "B/sub/prefixA.foo",
        "B/sub/prefixD.foo",
        "B/sub/prefixF.foo",
        "D/prefixB",
        "D/prefixC",
        "D/prefixD",
        "D/prefixE",
        "D/prefixF",
        "K/dirJ/subtestA.foo",
        "parameters.yml.dist",
        "prefixE.foo",
        "toplevelA.foo",
        "toplevelB.foo",
    ];
    assert_eq!(kept(&filter, &tree), expected);
}

#[test]
fn composer_globs_negations_and_vcs_folders() {
    let tree = [
        "README.md",
        "CHANGELOG.md",
        "composer.json",
        "src/Foo.php",
        "src/Sub/TestHelper.php",
        "src/Sub/Bar.php",
        "src/README.md",
        "tests/FooTest.php",
        "tests/keep.php",
        "tests/fixtures/a.json",
        "lib/tests/inner.php",
        "docs/index.md",
        "docs/img/x.png",
        "build/out/a.txt",
        "build/b.txt",
        "a.txt",
        "b.txt",
        "c.txt",
        "ac.txt",
        "bc.txt",
        "xyz",
        "x/z",
        ".github/workflows/ci.yml",
        ".editorconfig",
        "vendor/autoload.php",
        "lib/vendor/keep.php",
        "nested/deep/fixtures/f.txt",
        "#literal",
        ".hg/store/x",
        "CVS",
        "Thumbs.db",
        "phpunit.xml.dist",
    ];
    let mut filter = ExcludeFilter::default();
    filter.add_composer_excludes(&strings(&[
        "/tests",
        "*.md",
        "!README.md",
        "docs/",
        "build/**",
        "src/**/Test*.php",
        "{a,b}.txt",
        "[ab]c.txt",
        "/vendor/",
        "!tests/keep.php",
        "x?z",
        "\\#literal",
        "**/fixtures",
        "*.dist",
        "/.git*",
    ]));
    let expected = [
        ".editorconfig",
        "CVS",
        "README.md",
        "Thumbs.db",
        "c.txt",
        "composer.json",
        "lib/tests/inner.php",
        "lib/vendor/keep.php",
        "src/Foo.php",
        "src/README.md",
        "src/Sub/Bar.php",
        "tests/keep.php",
        "x/z",
    ];
    assert_eq!(kept(&filter, &tree), expected);
}

#[test]
fn nested_gitattributes_follow_git_archive() {
    let tree = [
        ".gitattributes",
        "a.txt",
        "sub/.gitattributes",
        "sub/a.txt",
        "sub/keep.txt",
        "sub/inner/b.txt",
        "sub/only-here.md",
        "sub/inner/only-here.md",
        "sub/docs/x.md",
        "sub/inner/docs/y.md",
        "sub/deep/1/2/x.bin",
        "sub/deep/x.bin",
        "sub/x.bin",
        "tests/t.php",
        "sub/tests/t.php",
        "src/A.php",
    ];
    let mut filter = ExcludeFilter::default();
    filter.add_root_gitattributes(b"/tests export-ignore\n");
    filter.add_nested_gitattributes(
        "sub",
        b"*.txt export-ignore\n/only-here.md export-ignore\ndocs/ export-ignore\n\
          deep/**/x.bin export-ignore\nkeep.txt -export-ignore\n!neg export-ignore\n",
    );
    let expected = [
        ".gitattributes",
        "a.txt",
        "src/A.php",
        "sub/.gitattributes",
        "sub/inner/only-here.md",
        "sub/keep.txt",
        "sub/tests/t.php",
        "sub/x.bin",
    ];
    assert_eq!(kept(&filter, &tree), expected);
}

#[test]
fn composer_excludes_override_gitattributes() {
    let mut filter = ExcludeFilter::default();
    filter.add_root_gitattributes(b"/tests export-ignore\n");
    filter.add_composer_excludes(&strings(&["!/tests/Fixtures"]));
    assert!(filter.is_excluded("tests/ATest.php"));
    assert!(!filter.is_excluded("tests/Fixtures/data.json"));
}

#[test]
fn lines_need_exactly_two_fields() {
    assert_eq!(
        gitattributes_rules(b"/a export-ignore\n/b export-ignore diff\n0\n/c -export-ignore"),
        ["/a", "!/c"]
    );
}

#[test]
fn invalid_patterns_never_match() {
    let mut filter = ExcludeFilter::default();
    filter.add_composer_excludes(&strings(&[
        "[unclosed",
        "lone}brace",
        "lone{brace",
        "esc\\{b",
    ]));
    assert!(!filter.is_excluded("[unclosed"));
    assert!(!filter.is_excluded("lone}brace"));
    assert!(!filter.is_excluded("lone{brace"));
    assert!(filter.is_excluded("esc{b"));
}

#[test]
fn symfony_glob_translation() {
    assert_eq!(symfony_glob_to_regex("*.md"), r"(?=[^\.])[^/]*\.md");
    assert_eq!(
        symfony_glob_to_regex("a/**/b"),
        r"(?=[^\.])a/(?:(?=[^\.])[^/]+/)*(?=[^\.])b"
    );
    assert_eq!(symfony_glob_to_regex("{a,b}"), r"(?=[^\.])(a|b)");
}
