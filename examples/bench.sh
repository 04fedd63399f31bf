#!/usr/bin/env bash
# Every benchmark of the targets (P1–P9, B1–B2, M1–M3) in one go, each against its
# baseline measured in the same run on the same machine:
#
#   builds the release binary and the B1/B2 writer once, installs the missing tools
#   (wrk, nginx, valgrind, composer, curl) with apt-get, then runs
#     examples/bench-composer.sh  P1 P2 P3 P7 P8 P9 P9i  (wrk and callgrind on both)
#     examples/bench-install.sh   P4                     (composer update against both)
#     examples/bench-sync.sh      P5 P6                  (sync against a git archive loop)
#     examples/bench-changes.sh   B1 B2                  (walk while grants change)
#     examples/bench-memory.sh    M1 M2 M3               (RSS and start-up)
#   each of which seeds its own data; prints one line per figure and writes the table
#   to docs/benchmarks.md (with the machine, the date and the commit).
#
# A figure a script could not measure is in the table as "not measured" with the
# reason (the end of that script's error output), never as a number.
#
# Usage: examples/bench.sh [--out FILE] [--note TEXT] [--quick]
#   --out FILE    the Markdown table (docs/benchmarks.md)
#   --note TEXT   a sentence for the table's header (e.g. how loaded the machine was)
#   --quick       shorter runs (a smoke test of the scripts; figures are rougher)
#   CARGOMAN_BIN / CARGOMAN_WRITER   use these binaries instead of building them
# Takes about 6 minutes on 2 cores once the release binary is built (a cold
# `cargo build --release` takes 25 minutes or more on 2 busy cores).

set -euo pipefail

out=docs/benchmarks.md
note=''
quick=0
while (($#)); do
    case $1 in
        --out) out=$2; shift 2 ;;
        --note) note=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[bench] %s\n' "$*" >&2; }
# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh

started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
bench_need wrk curl nginx:nginx-light composer

build_s=0
if [[ -z ${CARGOMAN_BIN:-} || -z ${CARGOMAN_WRITER:-} ]]; then
    say "building cargoman and the B1/B2 writer (release)"
    t=$(date +%s)
    cargo build --release --locked -q --bin cargoman --example bench_writer
    build_s=$(($(date +%s) - t))
fi
target=${CARGO_TARGET_DIR:-$PWD/target}
export CARGOMAN_BIN=${CARGOMAN_BIN:-$target/release/cargoman}
export CARGOMAN_WRITER=${CARGOMAN_WRITER:-$target/release/examples/bench_writer}

tmp=$(mktemp -d /tmp/bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export BENCH_RESULTS=$tmp/results.tsv
: > "$BENCH_RESULTS"

if ((quick)); then
    composer_args=(--duration 2 --rounds 1) install_args=(--runs 1) sync_args=(--tags 50 --runs 1 --noop-runs 2)
    changes_args=(--duration 3 --rounds 1) memory_args=(--duration 5)
else
    composer_args=(--duration 5 --rounds 3) install_args=(--runs 3) sync_args=(--runs 2 --noop-runs 3)
    changes_args=(--duration 6 --rounds 3) memory_args=(--duration 10)
fi

# run SCRIPT "IDS" ARGS...: the script's figures go to BENCH_RESULTS; when it fails,
# each of its figures not recorded is "not measured" with the end of its error output.
declare -A seconds
run() {
    local script=$1 ids=$2 t rc=0 id
    shift 2
    say "$script ($ids)"
    t=$(date +%s)
    "examples/$script" "$@" > "$tmp/$script.out" 2> >(tee "$tmp/$script.err" >&2) || rc=$?
    seconds[$script]=$(($(date +%s) - t))
    sed 's/^/    /' "$tmp/$script.out" >&2
    for id in $ids; do
        cut -f1 "$BENCH_RESULTS" | grep -qx "$id" && continue
        local why
        why=$(grep -v '^\[' "$tmp/$script.err" | tail -n 3 | tr '\n' ' ')
        bench_record "$id" "" "" "" "" "" "not measured" "examples/$script exited with $rc: ${why:-no error output}"
    done
}
run bench-composer.sh "P1 P2 P3 P7 P8 P9 P9i" "${composer_args[@]}"
run bench-install.sh "P4" "${install_args[@]}"
run bench-sync.sh "P5 P6" "${sync_args[@]}"
run bench-changes.sh "B1 B2" "${changes_args[@]}"
run bench-memory.sh "M1 M2 M3" "${memory_args[@]}"

wall=$(($(date +%s) - started))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2> /dev/null || echo '?')
git diff --quiet HEAD 2> /dev/null || commit="$commit (with uncommitted changes)"
timing=""
for s in bench-composer.sh bench-install.sh bench-sync.sh bench-changes.sh bench-memory.sh; do
    timing+="${s%.sh} ${seconds[$s]} s, "
done

mkdir -p "$(dirname "$out")"
python3 - "$BENCH_RESULTS" "$out" "$cpu" "$(nproc)" "$mem" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" \
    "$load_start" "$load_end" "$wall" "$build_s" "${timing%, }" "$note" "$quick" << 'EOF'
import sys
(results, out, cpu, cores, mem, date, commit, load_start, load_end, wall, build, timing,
 note, quick) = sys.argv[1:15]
order = "P1 P2 P3 P4 P5 P6 P7 P8 P9 P9i B1 B2 M1 M2 M3".split()
rows = {}
for line in open(results, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    f += [""] * (8 - len(f))
    rows.setdefault(f[0], f)
for id in order:
    if id not in rows:
        rows[id] = [id, "", "", "", "", "", "not measured", "no script recorded it"]
for id in order:
    _, work, value, baseline, ratio, target, verdict, why = rows[id]
    if verdict == "not measured":
        print(f"{id}: not measured ({why})")
        continue
    inner = ", ".join(x for x in (baseline, ratio) if x)
    print(f"{id}: {value}{f' ({inner})' if inner else ''} target {target} — {verdict}")
cell = lambda s: s.replace("|", "\\|") or "—"
md = [
    "# Benchmarks",
    "",
    "Written by `examples/bench.sh` (run it again to replace this file). Every ratio is",
    "against a baseline measured in the same run on the same machine; see",
    "[the targets](../README.md#benchmarks) and the header of each `examples/bench-*.sh`",
    "for what exactly is measured.",
    "",
    f"- Machine: {cpu}, {cores} cores, {mem} RAM; load average {load_start} at the start, {load_end} at the end",
    f"- Date: {date}; commit {commit}",
    f"- Whole run: {wall} s (release build {'already done' if build == '0' else build + ' s'}); {timing}",
]
if quick == "1":
    md.append("- `--quick`: shortened runs; rough figures")
if note:
    md.append(f"- Note: {note}")
md += ["", "| id | work | cargoman | baseline | ratio (range) | target | result | notes |",
       "|---|---|---|---|---|---|---|---|"]
for id in order:
    _, work, value, baseline, ratio, target, verdict, why = rows[id]
    result = verdict if verdict in ("met", "context") else f"**{verdict}**"
    md.append("| " + " | ".join(cell(x) for x in (id, work, value, baseline, ratio, target, result, why)) + " |")
open(out, "w", encoding="utf-8").write("\n".join(md) + "\n")
EOF
say "whole run ${wall} s (build ${build_s} s); table in $out"
