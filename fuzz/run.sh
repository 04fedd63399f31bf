#!/usr/bin/env bash
# Bounded fuzzing of cargoman's cargo-fuzz targets (R4), as CI runs it:
#
#   fuzz/run.sh [SECONDS_PER_TARGET [TARGET...]]     default: 20 s, every target
#
# Installs cargo-fuzz (cargo install --locked) when missing. Works on stable Rust:
# no sanitizer (-s none), only libFuzzer's coverage instrumentation. Each target starts
# from its seeds in fuzz/corpus/<target>/, which are read, never written; inputs found
# along the way go to a temporary folder (or to $CARGOMAN_FUZZ_CORPUS/<target> when
# set, to keep them). A crash fails the run and leaves the input in
# fuzz/artifacts/<target>/; reproduce it with `cargo fuzz run -s none <target> <file>`.
#
# Environment:
#   CARGO_TARGET_DIR  where the instrumented build goes (default fuzz/target)
set -euo pipefail

cd -P "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '==> fuzz: %s\n' "$*" >&2; }
die() { printf 'fuzz/run.sh: error: %s\n' "$*" >&2; exit 1; }

SECONDS_PER_TARGET=${1:-20}
[[ $SECONDS_PER_TARGET =~ ^[1-9][0-9]*$ ]] || die "SECONDS_PER_TARGET must be a positive number, not '$SECONDS_PER_TARGET'"
shift || true

if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (cargo install cargo-fuzz --locked)"
    log=${TMPDIR:-/tmp}/cargoman-cargo-fuzz.$$.log
    if ! cargo install cargo-fuzz --locked >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; die "could not install cargo-fuzz (crates.io reachable?)"
    fi
    rm -f "$log"
fi

targets=("$@")
if [[ ${#targets[@]} == 0 ]]; then
    mapfile -t targets < <(cargo fuzz list)
fi
[[ ${#targets[@]} -gt 0 ]] || die "no fuzz targets found"

# Stable Rust: without a sanitizer cargo-fuzz passes only stable compiler flags.
# Release with debug assertions; several codegen units, because cargo-fuzz would
# otherwise build all of cargoman's dependencies with one (minutes more on 2 cores).
fuzz=(cargo fuzz)
opts=(-s none --release --debug-assertions --codegen-units 16)

start=$SECONDS
say "building ${targets[*]}"
"${fuzz[@]}" build "${opts[@]}" >&2
say "built in $((SECONDS - start)) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/cargoman-fuzz.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

failed=()
for t in "${targets[@]}"; do
    [[ -d corpus/$t ]] || die "no seed corpus: fuzz/corpus/$t"
    out=${CARGOMAN_FUZZ_CORPUS:+$CARGOMAN_FUZZ_CORPUS/$t}
    out=${out:-$work/$t}
    mkdir -p "$out" "artifacts/$t"
    say "$t: ${SECONDS_PER_TARGET} s from $(find "corpus/$t" -type f | wc -l) seeds"
    # -rss_limit_mb: a target that grows without bound is a finding too.
    if ! "${fuzz[@]}" run "${opts[@]}" "$t" "$out" "corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"$work/$t.log" 2>&1; then
        tail -n 60 "$work/$t.log" >&2
        say "$t FAILED: input saved in fuzz/artifacts/$t/"
        failed+=("$t")
        continue
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n1)
    say "$t: ok, ${runs:-?} runs"
done
say "done in $((SECONDS - start)) s"
if [[ ${#failed[@]} -gt 0 ]]; then
    die "crashes in: ${failed[*]}"
fi
