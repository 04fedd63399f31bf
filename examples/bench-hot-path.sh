#!/usr/bin/env bash
# Instructions per cached p2 request on the Composer hot path (token check, caller,
# grant, cached file; no network), counted by callgrind for this tree and for a
# baseline commit built the same way. Instruction counts do not depend on how busy the
# machine is, so a change to the hot path shows even on a shared machine:
#
#   H1  instructions per request   this tree / baseline   <= 1.0 (less is better)
#
# The baseline is `git archive BASE` with this tree's examples/bench_hot_path.rs, built
# in a target folder of its own; only `hot_loop` (REQUESTS cached requests after a
# warm-up) is counted.
#
# Usage: examples/bench-hot-path.sh [--base REF] [--requests N] [--versions N]
#   CARGOMAN_BASE_TARGET=DIR   target folder of the baseline (target/bench-hot-path-base)
# Needs valgrind and git; installs valgrind with apt-get when missing.

set -euo pipefail

base=HEAD
requests=20000
versions=30
while (($#)); do
    case $1 in
        --base) base=$2; shift 2 ;;
        --requests) requests=$2; shift 2 ;;
        --versions) versions=$2; shift 2 ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[bench-hot-path] %s\n' "$*" >&2; }

if ! command -v valgrind >/dev/null; then
    say "installing valgrind"
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq valgrind >/dev/null
fi

tmp=$(mktemp -d /tmp/bench-hot-path.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# Each tree builds in a target folder of its own: cargo tells a source file changed by
# its time only, so one folder shared by two trees can hand one tree's build to the
# other.
current_target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
base_target=$(realpath -m "${CARGOMAN_BASE_TARGET:-target/bench-hot-path-base}")
if [[ $current_target == "$base_target" ]]; then
    echo "CARGOMAN_BASE_TARGET must differ from the tree's target folder" >&2
    exit 2
fi

say "building this tree (release)"
CARGO_TARGET_DIR=$current_target cargo build --release -q --example bench_hot_path
cp "$current_target/release/examples/bench_hot_path" "$tmp/current"

say "building $base (release, in $base_target)"
mkdir -p "$tmp/base"
git archive "$base" | tar -x -C "$tmp/base"
cp examples/bench_hot_path.rs "$tmp/base/examples/"
# Files of an archive carry their commit's time: cargo would take them for older than
# the last build in that folder.
find "$tmp/base" -type f -exec touch {} +
(cd "$tmp/base" && CARGO_TARGET_DIR=$base_target cargo build --release -q --example bench_hot_path)
cp "$base_target/release/examples/bench_hot_path" "$tmp/baseline"

# Instructions counted in hot_loop, per request.
count() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/$1.out" \
        --collect-atstart=no --toggle-collect='*hot_loop*' \
        "$tmp/$1" "$requests" "$versions" >"$tmp/$1.log" 2>&1
    awk -v n="$requests" '/^totals:/ { printf "%.0f", $2 / n }' "$tmp/$1.out"
}
baseline=$(count baseline)
current=$(count current)
ratio=$(awk -v a="$current" -v b="$baseline" 'BEGIN { printf "%.3f", a / b }')
echo "H1 instructions per cached p2 request: $current ($base $baseline, ratio $ratio)"
