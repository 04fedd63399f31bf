#!/usr/bin/env bash
# Tests install.sh (called by scripts/test.sh; can be run alone).
#
# Installs into temp prefixes with --no-build, using $CARGOMAN_BIN if set,
# else the newer of target/release/cargoman and target/debug/cargoman; when
# no binary has been built, only the checks that need none are run.
set -euo pipefail

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
[[ $target_dir == /* ]] || target_dir=$ROOT/$target_dir

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cargoman-install-test.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'test-install: FAIL: %s\n' "$*" >&2
    if [[ -s $tmp/out ]]; then sed 's/^/    | /' "$tmp/out" >&2; fi
}
# run NAME CMD...: expect success; output kept in $tmp/out
run() {
    local name=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then ok; else fail "$name (exit $?)"; return 1; fi
}
# run_fails NAME PATTERN CMD...: expect failure with PATTERN in the output
run_fails() {
    local name=$1 pattern=$2 rc=0
    shift 2
    "$@" >"$tmp/out" 2>&1 || rc=$?
    if ((rc == 0)); then
        fail "$name: succeeded, expected a failure"
    elif ! grep -qi -- "$pattern" "$tmp/out"; then
        fail "$name: output lacks '$pattern'"
    else
        ok
    fi
}
same_file() { # same_file NAME SRC DEST
    if [[ -f $3 ]] && cmp -s "$2" "$3"; then ok; else : >"$tmp/out"; fail "$1: $3 missing or differs from $2"; fi
}

# Every file of the checkout that install.sh installs, and where it goes
# (relative to the prefix).
expected_files() {
    local f
    [[ -f completions/cargoman.bash ]] && echo "completions/cargoman.bash share/bash-completion/completions/cargoman"
    [[ -f completions/_cargoman ]] && echo "completions/_cargoman share/zsh/site-functions/_cargoman"
    [[ -f completions/cargoman.fish ]] && echo "completions/cargoman.fish share/fish/vendor_completions.d/cargoman.fish"
    [[ -f completions/cargoman.elv ]] && echo "completions/cargoman.elv share/cargoman/completions/cargoman.elv"
    [[ -f completions/_cargoman.ps1 ]] && echo "completions/_cargoman.ps1 share/cargoman/completions/_cargoman.ps1"
    for f in man/*.1; do
        [[ -f $f ]] && echo "$f share/man/man1/${f#man/}"
    done
    return 0
}

check_installed() { # check_installed NAME PREFIX_ON_DISK
    local name=$1 p=$2 src rel
    if [[ -x $p/bin/cargoman ]]; then ok; else : >"$tmp/out"; fail "$name: $p/bin/cargoman missing or not executable"; fi
    if "$p/bin/cargoman" --version >"$tmp/out" 2>&1 && grep -qi cargoman "$tmp/out"; then
        ok
    else
        fail "$name: installed cargoman --version"
    fi
    while read -r src rel; do
        same_file "$name" "$ROOT/$src" "$p/$rel"
    done < <(expected_files)
}

# --- checks that need no binary -------------------------------------------
if command -v shellcheck >/dev/null 2>&1; then
    run "shellcheck install.sh" shellcheck install.sh || true
else
    : >"$tmp/out"
    fail "shellcheck not installed"
fi
if run "install.sh --help" ./install.sh --help; then
    if grep -q '^Usage: ' "$tmp/out"; then ok; else fail "install.sh --help prints no usage"; fi
fi
run_fails "unknown argument" 'unknown argument' ./install.sh --bogus
cp install.sh "$tmp/lone-install.sh"
run_fails "outside a checkout" 'not run from a checkout' sh "$tmp/lone-install.sh" --no-build --prefix "$tmp/never"
mkdir -p "$tmp/empty-target"
run_fails "--no-build without a binary" 'not found' \
    env -u CARGOMAN_BIN CARGO_TARGET_DIR="$tmp/empty-target" ./install.sh --no-build --prefix "$tmp/never"
run_fails "CARGOMAN_BIN not executable" 'not an executable' \
    env CARGOMAN_BIN="$tmp/nonexistent" ./install.sh --no-build --prefix "$tmp/never"
if [[ ! -e $tmp/never ]]; then ok; else : >"$tmp/out"; fail "failed installs created $tmp/never"; fi

# --- installs --------------------------------------------------------------
bin=${CARGOMAN_BIN:-}
if [[ -z $bin ]]; then
    for b in "$target_dir/release/cargoman" "$target_dir/debug/cargoman"; do
        if [[ -x $b ]] && { [[ -z $bin ]] || [[ $b -nt $bin ]]; }; then bin=$b; fi
    done
fi
if [[ -z $bin ]]; then
    printf 'test-install: no cargoman binary built (target/{release,debug}/cargoman): install runs skipped\n' >&2
else
    export CARGOMAN_BIN=$bin
    if [[ -z $(expected_files) ]]; then
        printf 'test-install: note: no completions/ or man/*.1 files in the checkout to check\n' >&2
    fi
    # --prefix, run from another directory
    # shellcheck disable=SC2016 # expanded by the inner bash
    if run "install --prefix" bash -c 'cd / && "$1" --no-build --prefix "$2"' _ "$ROOT/install.sh" "$tmp/p1"; then
        check_installed "--prefix" "$tmp/p1"
    fi
    # again over the existing install
    if run "reinstall --prefix" ./install.sh --no-build --prefix "$tmp/p1"; then
        check_installed "reinstall" "$tmp/p1"
    fi
    # --prefix=DIR
    if run "install --prefix=DIR" ./install.sh --no-build --prefix="$tmp/p2"; then
        check_installed "--prefix=DIR" "$tmp/p2"
    fi
    # PREFIX from the environment
    if run "install PREFIX=" env PREFIX="$tmp/p3" ./install.sh --no-build; then
        check_installed "PREFIX=" "$tmp/p3"
    fi
    # DESTDIR staging
    if run "install DESTDIR=" env DESTDIR="$tmp/stage" ./install.sh --no-build --prefix /opt/cargoman; then
        check_installed "DESTDIR=" "$tmp/stage/opt/cargoman"
    fi
fi

printf 'test-install: %d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
