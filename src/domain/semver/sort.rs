//! `Semver::sort` / `Semver::rsort`, including PHP's own sort algorithm.
//!
//! Composer's comparator is not a total order (`01.0` vs `1.0`, or two dev branches, are
//! "greater" both ways), so the result depends on the algorithm. To give the same order
//! as Composer for every input, this ports PHP 8's `zend_sort` (hybrid insertion sort /
//! quicksort) together with `usort`'s stable fallback on the original position.

use super::compare::less_than;
use super::error::SemverError;
use super::parser::{normalize, normalize_default_branch};

/// `Semver::sort`: ascending. Versions that do not normalize (Composer would throw) are
/// kept, in input order, after the sorted ones; use [`try_sort`] to reject them instead.
pub fn sort(versions: &[&str]) -> Vec<String> {
    sort_lenient(versions, 1)
}

/// `Semver::rsort`: descending, with unparseable versions last as in [`sort`].
pub fn rsort(versions: &[&str]) -> Vec<String> {
    sort_lenient(versions, -1)
}

/// `Semver::sort`, failing on the first version that does not normalize.
pub fn try_sort(versions: &[&str]) -> Result<Vec<String>, SemverError> {
    try_usort(versions, 1)
}

/// `Semver::rsort`, failing on the first version that does not normalize.
pub fn try_rsort(versions: &[&str]) -> Result<Vec<String>, SemverError> {
    try_usort(versions, -1)
}

fn sort_lenient(versions: &[&str], direction: i32) -> Vec<String> {
    let (valid, invalid): (Vec<&str>, Vec<&str>) =
        versions.iter().copied().partition(|v| normalize(v).is_ok());
    let mut out = try_usort(&valid, direction).unwrap_or_default();
    out.extend(invalid.into_iter().map(String::from));
    out
}

fn try_usort(versions: &[&str], direction: i32) -> Result<Vec<String>, SemverError> {
    let mut items = Vec::with_capacity(versions.len());
    for (index, version) in versions.iter().enumerate() {
        items.push((normalize_default_branch(&normalize(version)?), index));
    }
    zend_sort(&mut items, &mut |left, right| {
        let by_version = if left.0 == right.0 {
            0
        } else if less_than(&left.0, &right.0) {
            -direction
        } else {
            direction
        };
        // PHP 8's usort falls back to the original position when the callback returns 0.
        if by_version != 0 {
            by_version
        } else {
            left.1.cmp(&right.1) as i32
        }
    });
    Ok(items
        .into_iter()
        .filter_map(|(_, i)| versions.get(i).map(|v| v.to_string()))
        .collect())
}

type Cmp<'c, T> = dyn FnMut(&T, &T) -> i32 + 'c;

/// `cmp(v[a], v[b]) > 0`, and `false` for indices out of range (which the algorithm
/// never produces; this just keeps the port panic-free by construction).
fn gt<T>(v: &[T], a: usize, b: usize, cmp: &mut Cmp<'_, T>) -> bool {
    match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => cmp(x, y) > 0,
        _ => false,
    }
}

fn swap<T>(v: &mut [T], a: usize, b: usize) {
    if a < v.len() && b < v.len() {
        v.swap(a, b);
    }
}

/// `zend_sort`: insertion sort up to 16 elements, otherwise quicksort partitioning
/// around a median pivot, recursing into the smaller side (so depth stays logarithmic).
fn zend_sort<T>(v: &mut [T], cmp: &mut Cmp<'_, T>) {
    let (mut start, mut end) = (0usize, v.len());
    loop {
        let nmemb = end - start;
        if nmemb <= 16 {
            insert_sort(v.get_mut(start..end).unwrap_or_default(), cmp);
            return;
        }
        let offset = nmemb >> 1;
        let pivot = start + offset;
        if nmemb >> 10 != 0 {
            let delta = offset >> 1;
            sort5(
                v,
                [start, start + delta, pivot, pivot + delta, end - 1],
                cmp,
            );
        } else {
            sort3(v, start, pivot, end - 1, cmp);
        }
        swap(v, start + 1, pivot);
        let i = partition(v, start + 1, end, cmp);
        swap(v, start + 1, i - 1);
        if (i - 1) - start < end - i {
            zend_sort(v.get_mut(start..i - 1).unwrap_or_default(), cmp);
            start = i;
        } else {
            zend_sort(v.get_mut(i..end).unwrap_or_default(), cmp);
            end = i - 1;
        }
    }
}

/// The partition loop of `zend_sort`; returns `i` (the pivot ends up at `i - 1`).
fn partition<T>(v: &mut [T], pivot: usize, end: usize, cmp: &mut Cmp<'_, T>) -> usize {
    let (mut i, mut j) = (pivot + 1, end - 1);
    loop {
        while gt(v, pivot, i, cmp) {
            i += 1;
            if i == j {
                return i;
            }
        }
        j -= 1;
        if j == i {
            return i;
        }
        while gt(v, j, pivot, cmp) {
            j -= 1;
            if j == i {
                return i;
            }
        }
        swap(v, i, j);
        i += 1;
        if i == j {
            return i;
        }
    }
}

fn sort2<T>(v: &mut [T], a: usize, b: usize, cmp: &mut Cmp<'_, T>) {
    if gt(v, a, b, cmp) {
        swap(v, a, b);
    }
}

fn sort3<T>(v: &mut [T], a: usize, b: usize, c: usize, cmp: &mut Cmp<'_, T>) {
    if !gt(v, a, b, cmp) {
        if !gt(v, b, c, cmp) {
            return;
        }
        swap(v, b, c);
        if gt(v, a, b, cmp) {
            swap(v, a, b);
        }
        return;
    }
    if !gt(v, c, b, cmp) {
        swap(v, a, c);
        return;
    }
    swap(v, a, b);
    if gt(v, b, c, cmp) {
        swap(v, b, c);
    }
}

/// `zend_sort_4` / `zend_sort_5`: sort the first ones, then bubble the last one down.
fn sort5<T>(v: &mut [T], idx: [usize; 5], cmp: &mut Cmp<'_, T>) {
    let [a, b, c, d, e] = idx;
    sort3(v, a, b, c, cmp);
    bubble_down(v, &[a, b, c, d], cmp);
    bubble_down(v, &[a, b, c, d, e], cmp);
}

/// Moves the element at the last index down while its predecessor is greater.
fn bubble_down<T>(v: &mut [T], idx: &[usize], cmp: &mut Cmp<'_, T>) {
    for w in (1..idx.len()).rev() {
        let (Some(&lo), Some(&hi)) = (idx.get(w - 1), idx.get(w)) else {
            return;
        };
        if !gt(v, lo, hi, cmp) {
            return;
        }
        swap(v, lo, hi);
    }
}

/// `zend_insert_sort`.
fn insert_sort<T>(v: &mut [T], cmp: &mut Cmp<'_, T>) {
    match v.len() {
        0 | 1 => {}
        2 => sort2(v, 0, 1, cmp),
        3 => sort3(v, 0, 1, 2, cmp),
        4 => {
            sort3(v, 0, 1, 2, cmp);
            bubble_down(v, &[0, 1, 2, 3], cmp);
        }
        5 => sort5(v, [0, 1, 2, 3, 4], cmp),
        n => {
            for i in 1..6.min(n) {
                let j = linear_slot(v, i, cmp);
                rotate_into(v, j, i);
            }
            for i in 6..n {
                let j = stepped_slot(v, i, cmp);
                rotate_into(v, j, i);
            }
        }
    }
}

/// Where element `i` goes among the first elements, scanning down one by one.
fn linear_slot<T>(v: &[T], i: usize, cmp: &mut Cmp<'_, T>) -> usize {
    let mut j = i - 1;
    if !gt(v, j, i, cmp) {
        return i;
    }
    while j != 0 {
        j -= 1;
        if !gt(v, j, i, cmp) {
            return j + 1;
        }
    }
    j
}

/// Where element `i` goes, scanning down two at a time (PHP's variant for `i >= 6`).
fn stepped_slot<T>(v: &[T], i: usize, cmp: &mut Cmp<'_, T>) -> usize {
    let mut j = i - 1;
    if !gt(v, j, i, cmp) {
        return i;
    }
    loop {
        j = j.saturating_sub(2);
        if !gt(v, j, i, cmp) {
            j += 1;
            if !gt(v, j, i, cmp) {
                j += 1;
            }
            return j;
        }
        if j == 0 {
            return j;
        }
        if j == 1 {
            j -= 1;
            return if gt(v, i, j, cmp) { j + 1 } else { j };
        }
    }
}

/// `for (k = i; k > j; k--) swp(k, k - 1)`.
fn rotate_into<T>(v: &mut [T], j: usize, i: usize) {
    let mut k = i;
    while k > j {
        swap(v, k, k - 1);
        k -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zend_sort_sorts_consistent_input() {
        for n in 0..200usize {
            let mut v: Vec<usize> = (0..n).map(|i| (i * 7919 + 13) % (n + 3)).collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            zend_sort(&mut v, &mut |a: &usize, b: &usize| a.cmp(b) as i32);
            assert_eq!(v, expected, "n = {n}");
        }
    }

    #[test]
    fn invalid_versions_go_last() {
        assert_eq!(sort(&["2.0", "nope", "1.0"]), vec!["1.0", "2.0", "nope"]);
        assert!(try_sort(&["2.0", "nope"]).is_err());
    }
}
