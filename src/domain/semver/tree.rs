//! The parsed constraint tree (Composer's `Constraint`, `MultiConstraint`,
//! `MatchAllConstraint`), how it matches a version, and how it prints.
//!
//! Matching is a port of `Constraint::matchSpecific` and `MultiConstraint::matches`,
//! including which side plays "this" and which plays "provider" (PHP flips them inside
//! multi constraints, and `matchSpecific` is not symmetric). Each stored version keeps its
//! `version_compare` canonical form, so matching never re-parses anything.

use std::fmt;

use super::php_compare::{compare_prepared, prepare_owned};

/// A comparison operator, as Composer stores it (`=` and `<>` are aliases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
    Ne,
}

impl Op {
    /// The operators Composer accepts: `=`, `==`, `<`, `<=`, `>`, `>=`, `<>`, `!=`.
    pub const ACCEPTED: &'static str = "=, ==, <, <=, >, >=, <>, !=";

    /// Parses one of [`Op::ACCEPTED`].
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "=" | "==" => Op::Eq,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<>" | "!=" => Op::Ne,
            _ => return None,
        })
    }

    /// The canonical spelling Composer prints.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Ne => "!=",
        }
    }

    /// `str_replace('=', '', $op)`, which `matchSpecific` uses to group operators.
    fn without_eq(self) -> &'static str {
        match self {
            Op::Eq => "",
            Op::Lt | Op::Le => "<",
            Op::Gt | Op::Ge => ">",
            Op::Ne => "!",
        }
    }

    /// Whether a `version_compare` result (-1/0/1) satisfies this operator.
    pub(crate) fn holds(self, c: i32) -> bool {
        match self {
            Op::Eq => c == 0,
            Op::Lt => c == -1,
            Op::Le => c != 1,
            Op::Gt => c == 1,
            Op::Ge => c != -1,
            Op::Ne => c != 0,
        }
    }
}

/// One `operator version` pair with its precomputed comparison key.
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    op: Op,
    version: Box<str>,
    key: Box<[u8]>,
}

impl Leaf {
    pub(crate) fn new(op: Op, version: String) -> Self {
        let key = prepare_owned(version.as_bytes());
        Self {
            op,
            version: version.into_boxed_str(),
            key,
        }
    }

    pub(crate) fn side(&self) -> Side<'_> {
        Side {
            op: self.op,
            version: self.version.as_bytes(),
            key: &self.key,
        }
    }
}

/// A borrowed view of a simple constraint, used for the provider side of a match too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    pub op: Op,
    pub version: &'a [u8],
    /// `version` prepared for [`compare_prepared`].
    pub key: &'a [u8],
}

impl Side<'_> {
    fn is_branch(&self) -> bool {
        self.version.starts_with(b"dev-")
    }
}

/// The constraint tree. Parsing never nests deeper than disjunction > conjunction > leaf.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    MatchAll,
    Leaf(Leaf),
    Multi { conjunctive: bool, items: Vec<Node> },
}

impl Node {
    /// `$this->matches($provider)` where the provider is a simple constraint.
    pub(crate) fn matches(&self, provider: &Side<'_>) -> bool {
        match self {
            Node::MatchAll => true,
            Node::Leaf(leaf) => match_specific(&leaf.side(), provider, false),
            Node::Multi {
                conjunctive: false,
                items,
            } => items.iter().any(|c| provider_matches(provider, c)),
            Node::Multi {
                conjunctive: true,
                items,
            } => items.iter().all(|c| provider_matches(provider, c)),
        }
    }
}

/// `$provider->matches($constraint)` for a simple provider: a leaf is checked with the
/// provider as "this"; anything else turns the match around, as PHP does.
fn provider_matches(provider: &Side<'_>, constraint: &Node) -> bool {
    match constraint {
        Node::Leaf(leaf) => match_specific(provider, &leaf.side(), false),
        other => other.matches(provider),
    }
}

/// `Constraint::versionCompare`: dev branches only compare equal to themselves.
fn version_compare(a: &Side<'_>, b: &Side<'_>, op: Op, compare_branches: bool) -> bool {
    let (a_branch, b_branch) = (a.is_branch(), b.is_branch());
    if op == Op::Ne && (a_branch || b_branch) {
        return a.version != b.version;
    }
    if a_branch && b_branch {
        return op == Op::Eq && a.version == b.version;
    }
    if !compare_branches && (a_branch || b_branch) {
        return false;
    }
    op.holds(compare_prepared(a.key, b.key))
}

/// `Constraint::matchSpecific($provider, $compareBranches)` with `this` as `$this`.
pub(crate) fn match_specific(this: &Side<'_>, provider: &Side<'_>, compare_branches: bool) -> bool {
    let no_eq = this.op.without_eq();
    let provider_no_eq = provider.op.without_eq();
    let (is_eq, is_ne) = (this.op == Op::Eq, this.op == Op::Ne);
    let (p_eq, p_ne) = (provider.op == Op::Eq, provider.op == Op::Ne);

    // `!=` against anything but `==` always has a solution, except against dev branches.
    if is_ne || p_ne {
        if is_ne && !p_ne && !p_eq && provider.is_branch() {
            return false;
        }
        if p_ne && !is_ne && !is_eq && this.is_branch() {
            return false;
        }
        if !is_eq && !p_eq {
            return true;
        }
        return version_compare(provider, this, Op::Ne, compare_branches);
    }

    // Two ranges open in the same direction (e.g. `<= 2.0` and `< 1.0`) always overlap.
    if !is_eq && no_eq == provider_no_eq {
        return !(this.is_branch() || provider.is_branch());
    }

    let (v1, v2, op) = if is_eq {
        (this, provider, provider.op)
    } else {
        (provider, this, this.op)
    };
    if version_compare(v1, v2, op, compare_branches) {
        // `>= 1.0` required and `< 1.0` provided touch at 1.0 but do not overlap.
        return !(provider.op.as_str() == provider_no_eq
            && this.op.as_str() != no_eq
            && compare_prepared(provider.key, this.key) == 0);
    }
    false
}

/// `MultiConstraint::create($constraints, $conjunctive)`, including its one optimization:
/// adjacent `[>= a < b] || [>= b < c]` ranges collapse into `[>= a < c]`.
pub(crate) fn multi_create(mut items: Vec<Node>, conjunctive: bool) -> Node {
    if items.len() <= 1 {
        return items.pop().unwrap_or(Node::MatchAll);
    }
    let merged = if conjunctive {
        None
    } else {
        merge_contiguous(&items)
    };
    if let Some(merged) = merged {
        items = merged;
        if items.len() == 1 {
            return items.pop().unwrap_or(Node::MatchAll);
        }
    }
    Node::Multi { conjunctive, items }
}

fn merge_contiguous(items: &[Node]) -> Option<Vec<Node>> {
    let (first, rest) = items.split_first()?;
    let mut left = first.clone();
    let mut merged = Vec::new();
    let mut optimized = false;
    for right in rest {
        match joined_range(&left, right) {
            Some(joined) => {
                optimized = true;
                left = joined;
            }
            None => merged.push(std::mem::replace(&mut left, right.clone())),
        }
    }
    merged.push(left);
    optimized.then_some(merged)
}

/// The PHP test is done on printed forms: left is `[>= x <…]`, right is `[>= … <…]`, and
/// left's upper version (`substr($left1, 2)`) equals right's lower (`substr($right0, 3)`).
fn joined_range(left: &Node, right: &Node) -> Option<Node> {
    let (
        Node::Multi {
            conjunctive: true,
            items: l,
        },
        Node::Multi {
            conjunctive: true,
            items: r,
        },
    ) = (left, right)
    else {
        return None;
    };
    let ([l0, l1], [r0, r1]) = (l.as_slice(), r.as_slice()) else {
        return None;
    };
    let (l0s, l1s, r0s, r1s) = (
        l0.to_string(),
        l1.to_string(),
        r0.to_string(),
        r1.to_string(),
    );
    let fits = l0s.starts_with(">=")
        && l1s.starts_with('<')
        && r0s.starts_with(">=")
        && r1s.starts_with('<')
        && l1s.as_bytes().get(2..) == r0s.as_bytes().get(3..);
    fits.then(|| Node::Multi {
        conjunctive: true,
        items: vec![l0.clone(), r1.clone()],
    })
}

impl fmt::Display for Node {
    /// Composer's `__toString()`: `== 1.0.0.0`, `[a b]` (and), `[a || b]` (or), `*`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::MatchAll => f.write_str("*"),
            Node::Leaf(leaf) => write!(f, "{} {}", leaf.op.as_str(), leaf.version),
            Node::Multi { conjunctive, items } => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(if *conjunctive { " " } else { " || " })?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}
