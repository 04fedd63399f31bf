//! Which files an archive leaves out, decided as Composer's ArchivableFilesFinder does.
//!
//! Composer turns each rule into a PCRE regex (BaseExcludeFilter::generatePattern, with
//! Symfony's Glob::toRegex) and runs the root `.gitattributes` rules (GitExcludeFilter),
//! then `archive.exclude` (ComposerExcludeFilter), over `/`-prefixed paths: the last
//! matching rule wins and `!` rules re-include. That translation is reproduced here
//! rule for rule, lookarounds included, which is why the matcher is `fancy_regex`.
//!
//! Composer reads only the root `.gitattributes`; `git archive` (and so GitHub's zipballs)
//! also honours nested ones. Those are applied with git's pattern rules, relative to
//! their folder, after the root file and before `archive.exclude`, so deeper files
//! override shallower ones as in git and `archive.exclude` has the last word as in Composer.

use fancy_regex::Regex;

/// Folders Symfony Finder's `ignoreVCS(true)` leaves out before any rule is applied.
const VCS_DIRS: [&str; 9] = [
    ".svn",
    "_svn",
    "CVS",
    "_darcs",
    ".arch-params",
    ".monotone",
    ".bzr",
    ".git",
    ".hg",
];

struct Rule {
    regex: Regex,
    negate: bool,
}

/// The ordered exclude rules of one archive.
#[derive(Default)]
pub(crate) struct ExcludeFilter {
    rules: Vec<Rule>,
}

impl ExcludeFilter {
    /// Rules from the root `.gitattributes` (Composer semantics).
    pub fn add_root_gitattributes(&mut self, content: &[u8]) {
        for rule in gitattributes_rules(content) {
            self.rules.extend(composer_rule(&rule));
        }
    }

    /// Rules from `<dir>/.gitattributes` (git semantics, relative to `dir`).
    pub fn add_nested_gitattributes(&mut self, dir: &str, content: &[u8]) {
        for rule in gitattributes_rules(content) {
            self.rules.extend(nested_rule(dir, &rule));
        }
    }

    /// Rules from composer.json `archive.exclude` (Composer semantics).
    pub fn add_composer_excludes(&mut self, excludes: &[String]) {
        for rule in excludes {
            self.rules.extend(composer_rule(rule));
        }
    }

    /// Whether `path` (relative, without a leading slash) stays out of the archive.
    pub fn is_excluded(&self, path: &str) -> bool {
        if in_vcs_dir(path) {
            return true;
        }
        let slashed = format!("/{path}");
        let mut exclude = false;
        for rule in &self.rules {
            // Composer suppresses regex runtime errors; a failing match is no match.
            if rule.regex.is_match(&slashed).unwrap_or(false) {
                exclude = !rule.negate;
            }
        }
        exclude
    }
}

fn in_vcs_dir(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts.iter().any(|part| VCS_DIRS.contains(part))
}

/// GitExcludeFilter::parseGitAttributesLine over BaseExcludeFilter::parseLines: lines of
/// exactly `PATTERN export-ignore` or `PATTERN -export-ignore` (as `!PATTERN`).
fn gitattributes_rules(content: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(content);
    let mut rules = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_matches(|c| " \t\n\r\0\x0B".contains(c));
        // PHP's `!$line` also treats "0" as empty.
        if line.is_empty() || line == "0" || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line
            .split([' ', '\t', '\n', '\r', '\x0B', '\x0C'])
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [pattern, "export-ignore"] => rules.push((*pattern).to_owned()),
            [pattern, "-export-ignore"] => rules.push(format!("!{pattern}")),
            _ => {}
        }
    }
    rules
}

/// BaseExcludeFilter::generatePattern: `!` negates, a leading `/` anchors at the root,
/// a rule without an inner slash matches at any depth, and `(?=$|/)` makes a match on a
/// folder cover everything inside it.
fn composer_rule(rule: &str) -> Option<Rule> {
    let negate = rule.starts_with('!');
    let rule = rule.trim_start_matches('!');
    let prefix = match rule.find('/') {
        Some(0) => "^/",
        None => "/",
        Some(pos) if pos == rule.len() - 1 => "/",
        Some(_) => "",
    };
    let body = format!(
        "{prefix}{}(?=$|/)",
        symfony_glob_to_regex(rule.trim_matches('/'))
    );
    // An invalid regex throws in Composer and is suppressed: the rule never matches.
    if !php_brace_delimiters_hold(&body) {
        return None;
    }
    let regex = Regex::new(&body).ok()?;
    Some(Rule { regex, negate })
}

/// Composer wraps the regex in `{`…`}`; PHP ends the pattern at the `}` that balances the
/// opening one (skipping backslash escapes), so a stray brace makes the pattern invalid.
fn php_brace_delimiters_hold(body: &str) -> bool {
    let mut depth = 1usize;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 1
}

/// Symfony\Component\Finder\Glob::toRegex($glob, true, true, '#') without the `#^`/`$#` that
/// Composer strips. `[^/]++` becomes `[^/]+`, equivalent here as a slash must follow.
fn symfony_glob_to_regex(glob: &str) -> String {
    let g: Vec<char> = glob.chars().collect();
    let (mut first, mut escaping, mut curlies) = (true, false, 0u32);
    let mut re = String::new();
    let mut i = 0;
    while i < g.len() {
        let c = g[i];
        if first && c != '.' {
            re.push_str(r"(?=[^\.])");
        }
        first = c == '/';
        if first
            && g.get(i + 1) == Some(&'*')
            && g.get(i + 2) == Some(&'*')
            && matches!(g.get(i + 3), None | Some('/'))
        {
            let optional = if g.get(i + 3).is_none() { "?" } else { "" };
            re.push_str(&format!(r"/(?:(?=[^\.])[^/]+/{optional})*"));
            i += 3 + usize::from(g.get(i + 3).is_some());
            escaping = false;
            continue;
        }
        match c {
            '#' | '.' | '(' | ')' | '|' | '+' | '^' | '$' => {
                re.push('\\');
                re.push(c);
            }
            '*' => re.push_str(if escaping { r"\*" } else { "[^/]*" }),
            '?' => re.push_str(if escaping { r"\?" } else { "[^/]" }),
            '{' if escaping => re.push_str(r"\{"),
            '{' => {
                re.push('(');
                curlies += 1;
            }
            '}' if curlies > 0 && escaping => re.push('}'),
            '}' if curlies > 0 => {
                re.push(')');
                curlies -= 1;
            }
            ',' if curlies > 0 => re.push_str(if escaping { "," } else { "|" }),
            '\\' if escaping => re.push_str(r"\\"),
            '\\' => {
                escaping = true;
                i += 1;
                continue;
            }
            _ => re.push(c),
        }
        escaping = false;
        i += 1;
    }
    re
}

/// A rule of `<dir>/.gitattributes` with git's semantics: a pattern without a slash
/// matches a name at any depth below `dir`, one with a slash is relative to `dir`, a
/// trailing slash matches folders only. Negative patterns are invalid there; skipped.
fn nested_rule(dir: &str, rule: &str) -> Option<Rule> {
    let (negate, pattern) = match rule.strip_prefix('!') {
        Some(rest) if rest.starts_with('!') => return None,
        Some(rest) => (true, rest),
        None => (false, rule),
    };
    let dir_only = pattern.ends_with('/');
    let pattern = pattern.trim_end_matches('/');
    if pattern.is_empty() {
        return None;
    }
    let anchored = pattern.contains('/');
    let glob = git_glob_to_regex(pattern.trim_start_matches('/'));
    let any_depth = if anchored { "" } else { "(?:.*/)?" };
    let end = if dir_only { "/" } else { "(?:$|/)" };
    let source = format!("^/{}/{any_depth}{glob}{end}", regex::escape(dir));
    let regex = Regex::new(&source).ok()?;
    Some(Rule { regex, negate })
}

/// git's wildmatch with a pathname-aware `*`: `*` and `?` stay within one folder,
/// `**` between slashes spans folders, `[...]` is a class (`!` or `^` negates).
fn git_glob_to_regex(glob: &str) -> String {
    let g: Vec<char> = glob.chars().collect();
    let mut re = String::new();
    let mut i = 0;
    while i < g.len() {
        match g[i] {
            '*' if g.get(i + 1) == Some(&'*') => {
                let at_start = i == 0 || g[i - 1] == '/';
                let at_end = i + 2 == g.len();
                if at_start && at_end {
                    re.push_str(".*");
                } else if at_start && g[i + 2] == '/' {
                    re.push_str("(?:.*/)?");
                    i += 1; // the slash is part of the optional group
                } else {
                    re.push_str("[^/]*");
                }
                i += 1;
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            '[' => match class_end(&g, i) {
                Some(end) => {
                    re.push_str(&translate_class(&g[i + 1..end]));
                    i = end;
                }
                None => re.push_str(r"\["),
            },
            '\\' if i + 1 < g.len() => {
                i += 1;
                re.push_str(&regex::escape(&g[i].to_string()));
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    re
}

/// Index of the `]` closing the class opened at `start`; a `]` right after `[`, `[!` or `[^` is literal.
fn class_end(g: &[char], start: usize) -> Option<usize> {
    let mut j = start + 1;
    if matches!(g.get(j), Some('!' | '^')) {
        j += 1;
    }
    if g.get(j) == Some(&']') {
        j += 1;
    }
    (j..g.len()).find(|&k| g[k] == ']')
}

fn translate_class(inner: &[char]) -> String {
    let mut out = String::from("[");
    let mut rest = inner;
    if let Some(('!' | '^', tail)) = rest.split_first() {
        out.push('^');
        rest = tail;
    }
    for &c in rest {
        if matches!(c, '\\' | '[' | ']' | '&' | '~' | '^') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(']');
    out
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
