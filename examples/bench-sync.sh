#!/usr/bin/env bash
# Sync benchmarks P5 and P6 (see the speed targets): a generated package repository
# with many tags, synced by cargoman, against a baseline measured in the same run.
#
#   P5  full sync of the repository (`cargoman package add`: probe, fetch, one zip per
#       tag, storage, database), wall time as a ratio to a shell loop of
#       `git archive --format=zip` over the same tags. Target: <= 0.5x.
#   P6  no-op re-sync (`cargoman package sync`, nothing changed), wall time. Target:
#       <= 200 ms. Baseline for context: a no-op `git fetch` into a mirror of the same
#       repository, the least a re-sync has to do (list the remote's refs, compare them
#       with the mirror's, receive nothing), without cargoman's process start-up,
#       SQLite and version diff.
#
# Each cargoman invocation includes process start and opening (and checking the
# migrations of) its SQLite database; the data folder is created and migrated before
# the clock starts. The sync's own `duration_ms` (from its --json output) is reported
# beside it, so the start-up cost is visible. Generating the repository is not timed.
# Medians of several runs; the machine is usually shared, so the load average and the
# CPU time of both sides are printed as context.
#
# Usage: examples/bench-sync.sh [--tags N] [--runs N] [--noop-runs N] [--keep]
#   --tags N        tags (versions) in the generated repository (300)
#   --runs N        full syncs and baseline loops, alternating (3)
#   --noop-runs N   no-op re-syncs and baseline fetches (5)
#   --keep          keep the temporary folder (repository, data folders, outputs)
#   CARGOMAN_BIN=/path/to/cargoman   use that binary instead of building one
#                                    (`cargo build --release --locked`)
#   BENCH_RUST_LOG=cargoman=debug    RUST_LOG of the cargoman runs (warn); logs go
#                                    to <tmp>/*.err
# Needs git, and jq or python3 (to read JSON). Exits 0 even when a target is missed
# (the figure is marked MISSED); fails when the sync's result is wrong.

set -euo pipefail

tags=300
runs=3
noop_runs=5
keep=0

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --tags) tags="${2:?--tags needs a number}"; shift 2 ;;
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --noop-runs) noop_runs="${2:?--noop-runs needs a number}"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage 2 >&2 ;;
    esac
done
for n in "$tags" "$runs" "$noop_runs"; do
    if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
        echo "--tags, --runs and --noop-runs take a positive number, not '$n'" >&2
        exit 2
    fi
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { echo "[bench-sync] $*" >&2; }
die() { echo "[bench-sync] FAILED: $*" >&2; exit 1; }

command -v git >/dev/null || die "git is not installed"
if command -v jq >/dev/null; then
    json() { jq -r "$1" "$2"; }
elif command -v python3 >/dev/null; then
    # Only the forms used below: .a.b, .a.b | length, .[].key
    json() {
        python3 - "$1" "$2" <<'EOF'
import json, sys
expr, path = sys.argv[1], sys.argv[2]
v = json.load(open(path))
def get(v, p):
    for k in p.strip(".").split("."):
        if k:
            v = v[k]
    return v
def show(x):
    print("null" if x is None else str(x).lower() if isinstance(x, bool) else x)
if expr.endswith("| length"):
    print(len(get(v, expr[: -len("| length")].strip())))
elif expr.startswith(".[]."):
    for item in v:
        show(get(item, expr[3:]))
else:
    show(get(v, expr))
EOF
    }
else
    die "jq or python3 is needed to read cargoman's JSON output"
fi

# ---------------------------------------------------------------- the binary
# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh
bench_binary
bin=$CARGOMAN_BIN
[[ -x "$bin" ]] || die "no executable cargoman at $bin"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bench-sync.XXXXXX")"
cleanup() {
    if [[ "$keep" == 1 ]]; then
        log "kept $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

# git isolated from the user's and system configuration, with fixed identities.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.test
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.test
export LC_ALL=C

# cargoman with an empty environment (no DATABASE_URL, STORAGE_*, … from the caller),
# run from an empty folder (no cargoman.toml or .env), on the data folder $1.
mkdir -p "$tmp/work" "$tmp/home"
cargoman() {
    local data="$1"
    shift
    (cd "$tmp/work" && env -i PATH="$PATH" HOME="$tmp/home" LC_ALL=C \
        GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
        RUST_LOG="${BENCH_RUST_LOG:-warn}" CARGOMAN_DATA_DIR="$data" \
        "$bin" "$@")
}

# `timed NAME cmd…` runs cmd (stdout as redirected by the caller, stderr appended to
# $tmp/NAME.err) and records its wall time in ms in $wall and its CPU time (user + sys,
# of it and its children) in ms in $cpu. Fails when cmd fails.
timed() {
    local name="$1" TIMEFORMAT='%3R %3U %3S' rc=0
    shift
    { time "$@" 2>>"$tmp/$name.err" || rc=$?; } 2>"$tmp/$name.time"
    if [[ "$rc" != 0 ]]; then
        tail -n 20 "$tmp/$name.err" >&2
        return "$rc"
    fi
    read -r wall cpu < <(awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$tmp/$name.time")
}
# Median of the numbers given as arguments (mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
        if (NR % 2) print v[(NR+1)/2]; else printf "%d\n", (v[NR/2]+v[NR/2+1])/2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "inf" }'; }

# ---------------------------------------------------------------- the repository
# A mid-sized extension: 390 PHP classes in 15 folders plus 30 tests (a few MB), tests
# left out of archives by .gitattributes, one tagged commit per version, each changing
# two files. Contents come from a fixed pseudo-random sequence; dates are fixed.
repo="$tmp/repo"
log "generating a repository with $tags tags in $repo"
src_dirs="Model Model/ResourceModel Controller/Adminhtml Controller/Index Api Api/Data Service Helper Observer Plugin Setup/Patch Console/Command Block ViewModel Cron"
mkdir -p "$repo/tests/Unit" "$repo/etc"
for d in $src_dirs; do mkdir -p "$repo/src/$d"; done
git -C "$repo" init -q -b main

# POSIX awk (gawk or mawk); Park-Miller random numbers so every awk makes the same files.
# shellcheck disable=SC2016 # an awk program; its $ are PHP variables
gen_php='
function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
function pick(list,   a, k) { k = split(list, a, " "); return a[rnd(k) + 1] }
BEGIN {
    nd = split(dirs, dir, " ")
    nouns = "Order Invoice Customer Product Quote Shipment Payment Rule Token Feed Export Import Report Price Stock Catalog Cart Coupon Address Review"
    kinds = "Repository Manager Provider Resolver Builder Validator Processor Handler Collector Mapper Factory Loader Writer Reader Converter"
    types = "int string bool array float ?string ?int"
    for (d = 1; d <= nd; d++) {
        ns = dir[d]; gsub("/", "\\", ns)
        for (i = 1; i <= 26; i++) {
            cls = pick(nouns) pick(kinds) i
            path = "src/" dir[d] "/" cls ".php"
            print "<?php\n/**\n * Copyright (c) Bench Vendor. All rights reserved.\n * See LICENSE.txt for license details.\n */\ndeclare(strict_types=1);\n\nnamespace Bench\\Lib\\" ns ";\n" > path
            for (u = 0; u < 3 + rnd(6); u++) {
                o = dir[1 + rnd(nd)]; gsub("/", "\\", o)
                print "use Bench\\Lib\\" o "\\" pick(nouns) pick(kinds) ";" > path
            }
            print "\n/**\n * " cls " handles " tolower(pick(nouns)) " data for the " tolower(pick(nouns)) " module.\n */\nclass " cls "\n{" > path
            for (p = 0; p < 2 + rnd(5); p++)
                print "    /** @var " pick(types) " */\n    private $" tolower(pick(nouns)) p ";\n" > path
            for (m = 0; m < 4 + rnd(24); m++) {
                t = pick(types); v = tolower(pick(nouns))
                print "    /**\n     * Returns the " v " " tolower(pick(kinds)) " for the given identifier.\n     *\n     * @param " t " $" v "Id\n     * @param array $options\n     * @return array\n     * @throws \\InvalidArgumentException when the " v " cannot be found\n     */\n    public function get" pick(nouns) pick(kinds) m "(" t " $" v "Id, array $options = []): array\n    {\n        $result = [];\n        foreach ($options as $key => $value) {\n            if ($value === null || $key === " q v q ") {\n                continue;\n            }\n            $result[$key] = $this->" tolower(pick(nouns)) "Factory->create()->load($value, " q v "_id" q ");\n        }\n        if (empty($result)) {\n            throw new \\InvalidArgumentException(sprintf(" q pick(nouns) " %s not found" q ", (string) $" v "Id));\n        }\n        return $result;\n    }\n" > path
            }
            print "}" > path
            close(path)
        }
    }
    for (i = 1; i <= 30; i++) {
        cls = pick(nouns) "Test" i
        path = "tests/Unit/" cls ".php"
        print "<?php\ndeclare(strict_types=1);\n\nnamespace Bench\\Lib\\Test\\Unit;\n\nuse PHPUnit\\Framework\\TestCase;\n\nclass " cls " extends TestCase\n{" > path
        for (m = 0; m < 5 + rnd(10); m++)
            print "    public function test" pick(nouns) m "(): void\n    {\n        $this->assertSame(" rnd(1000) ", " rnd(1000) " + 0);\n    }\n" > path
        print "}" > path
        close(path)
    }
}'
(cd "$repo" && awk -v seed=20240601 -v q="'" -v dirs="$src_dirs" "$gen_php" </dev/null)

cat >"$repo/composer.json" <<'EOF'
{
    "name": "bench/lib",
    "description": "A generated mid-sized extension for the sync benchmark",
    "type": "magento2-module",
    "license": "proprietary",
    "require": {
        "php": "^8.1",
        "magento/framework": "^103.0"
    },
    "require-dev": {
        "phpunit/phpunit": "^10.5"
    },
    "autoload": {
        "files": ["registration.php"],
        "psr-4": {"Bench\\Lib\\": "src/"}
    },
    "autoload-dev": {
        "psr-4": {"Bench\\Lib\\Test\\": "tests/"}
    }
}
EOF
printf '/tests export-ignore\n/phpunit.xml.dist export-ignore\n/.gitattributes export-ignore\n' >"$repo/.gitattributes"
printf '<?xml version="1.0"?>\n<phpunit bootstrap="vendor/autoload.php"/>\n' >"$repo/phpunit.xml.dist"
printf '<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\n    \\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, %s, __DIR__);\n' "'Bench_Lib'" >"$repo/registration.php"
printf '<?xml version="1.0"?>\n<config><module name="Bench_Lib"/></config>\n' >"$repo/etc/module.xml"
printf '# bench/lib\n\nGenerated for the cargoman sync benchmark.\n' >"$repo/README.md"
printf 'Proprietary. All rights reserved.\n' >"$repo/LICENSE.txt"

commit_date=1700000000
at() { export GIT_AUTHOR_DATE="@$((commit_date + $1 * 86400)) +0000" GIT_COMMITTER_DATE="@$((commit_date + $1 * 86400)) +0000"; }
at 0
git -C "$repo" add -A
git -C "$repo" commit -q -m "Release 1.0.0"
git -C "$repo" tag -a -m "1.0.0" 1.0.0
mapfile -t php < <(git -C "$repo" ls-files 'src/*.php')
for ((i = 1; i < tags; i++)); do
    at "$i"
    for f in "${php[$(( (i * 7) % ${#php[@]} ))]}" "${php[$(( (i * 31 + 3) % ${#php[@]} ))]}"; do
        sed -i '$d' "$repo/$f"
        printf '    public function release%dChange(): string\n    {\n        return %s;\n    }\n}\n' \
            "$i" "'1.0.$i'" >>"$repo/$f"
    done
    git -C "$repo" commit -q -a -m "Release 1.0.$i"
    git -C "$repo" tag -a -m "1.0.$i" "1.0.$i"
done
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
git -C "$repo" gc -q

head_files=$(git -C "$repo" ls-tree -r HEAD | wc -l)
head_bytes=$(git -C "$repo" ls-tree -r -l HEAD | awk '{s += $4} END {print s}')
git_kb=$(du -sk "$repo/.git" | cut -f1)
tag_count=$(git -C "$repo" tag | wc -l)
[[ "$tag_count" == "$tags" ]] || die "the repository has $tag_count tags, not $tags"

# ---------------------------------------------------------------- P5: full sync
# Runs alternate (baseline, cargoman, baseline, …) so drift on a shared machine hits
# both sides alike. Each cargoman run gets a fresh data folder, initialised (created
# and migrated) before the clock starts: P5 times the sync, not the first migration.
# cargoman builds one archive more than the loop (dev-main, the default branch).

# The baseline, as a shell user would write it.
archive_loop() (
    out="$1"
    cd "$repo"
    for t in $(git tag); do git archive --format=zip -o "$out/$t.zip" "$t" || exit 1; done
)
base_ms=() base_cpu=() full_ms=() full_cpu=() full_inproc=()
for ((r = 1; r <= runs; r++)); do
    out="$tmp/zips-$r"
    mkdir -p "$out"
    log "P5 run $r/$runs: git archive loop"
    timed archive-loop archive_loop "$out" || die "git archive failed"
    base_ms+=("$wall") base_cpu+=("$cpu")

    data="$tmp/data-$r"
    cargoman "$data" --json package list >/dev/null || die "cannot initialise $data"
    log "P5 run $r/$runs: cargoman package add"
    timed add cargoman "$data" --json package add "$repo" >"$tmp/add-$r.json" ||
        die "cargoman package add failed (output in $tmp/add-$r.json)"
    full_ms+=("$wall") full_cpu+=("$cpu")
    full_inproc+=("$(json '.sync.duration_ms' "$tmp/add-$r.json")")

    added=$(json '.sync.added | length' "$tmp/add-$r.json")
    skipped=$(json '.sync.skipped | length' "$tmp/add-$r.json")
    [[ "$added" == $((tags + 1)) && "$skipped" == 0 ]] ||
        die "run $r: the sync added $added versions and skipped $skipped; expected $((tags + 1)) and 0"
done

# Correctness: every tag and the default branch are versions with an archive.
data="$tmp/data-1"
cargoman "$data" --json package versions bench/lib >"$tmp/versions.json"
versions=$(json '. | length' "$tmp/versions.json")
json '.[].version' "$tmp/versions.json" | sort >"$tmp/versions.txt"
{ git -C "$repo" tag; echo dev-main; } | sort >"$tmp/expected.txt"
diff -u "$tmp/expected.txt" "$tmp/versions.txt" >&2 ||
    die "package versions lists $versions versions, not the $tags tags and dev-main"
without_dist=$(json '.[].sha1' "$tmp/versions.json" | grep -c '^null$' || true)
[[ "$without_dist" == 0 ]] || die "$without_dist versions have no archive"
cargoman_zips=$(find "$data" -name '*.zip' -type f | wc -l)
[[ "$cargoman_zips" == $((tags + 1)) ]] || die "found $cargoman_zips archives in $data, not $((tags + 1))"
cargoman_zip_kb=$(find "$data" -name '*.zip' -type f -print0 | du -ck --files0-from=- | tail -1 | cut -f1)
git_zips=$(find "$tmp/zips-1" -name '*.zip' -type f | wc -l)
git_zip_kb=$(du -sk "$tmp/zips-1" | cut -f1)
# Same work on both sides: the newest tag's archive holds the same files (export-ignore
# applied) in cargoman's zip (under its top folder) as in git's.
if command -v unzip >/dev/null; then
    last=$(git -C "$repo" tag --sort=-v:refname | head -n 1)
    ours=$(find "$data" -name "$last.0-*.zip" -type f | head -n 1)
    [[ -n "$ours" ]] || die "no archive of $last in $data"
    unzip -Z1 "$ours" | grep -v '/$' | sed 's|^[^/]*/||' | sort >"$tmp/ours.txt"
    unzip -Z1 "$tmp/zips-1/$last.zip" | grep -v '/$' | sort >"$tmp/theirs.txt"
    diff -u "$tmp/theirs.txt" "$tmp/ours.txt" >&2 ||
        die "the archive of $last holds other files than git archive's"
else
    log "unzip is not installed: not comparing archive contents"
fi

# ---------------------------------------------------------------- P6: no-op re-sync
# Baseline: a no-op `git fetch --prune` into a `git clone --mirror` of the repository.
git clone -q --mirror "$repo" "$tmp/mirror.git"
fetch_ms=() noop_ms=() noop_inproc=() start_ms=()
for ((r = 1; r <= noop_runs; r++)); do
    timed fetch git -C "$tmp/mirror.git" fetch -q --prune origin || die "git fetch failed"
    fetch_ms+=("$wall")

    timed sync cargoman "$data" --json package sync bench/lib >"$tmp/sync-$r.json" ||
        die "cargoman package sync failed (output in $tmp/sync-$r.json)"
    noop_ms+=("$wall")
    noop_inproc+=("$(json '.duration_ms' "$tmp/sync-$r.json")")
    changed=$(( $(json '.added | length' "$tmp/sync-$r.json") + $(json '.updated | length' "$tmp/sync-$r.json") + $(json '.removed | length' "$tmp/sync-$r.json") ))
    unchanged=$(json '.unchanged' "$tmp/sync-$r.json")
    [[ "$changed" == 0 && "$unchanged" == $((tags + 1)) ]] ||
        die "the no-op sync changed $changed versions and left $unchanged unchanged"

    # Start-up cost alone: process start, configuration, SQLite open, one query.
    timed list cargoman "$data" --json package list >/dev/null || die "cargoman package list failed"
    start_ms+=("$wall")
done

# ---------------------------------------------------------------- report
b=$(median "${base_ms[@]}")
f=$(median "${full_ms[@]}")
fin=$(median "${full_inproc[@]}")
n=$(median "${noop_ms[@]}")
ni=$(median "${noop_inproc[@]}")
g=$(median "${fetch_ms[@]}")
s=$(median "${start_ms[@]}")
p5=$(ratio "$f" "$b")
p5_mark=$(awk -v r="$p5" 'BEGIN { if (r > 0.5) print " MISSED" }')
p6_mark=$(awk -v n="$n" 'BEGIN { if (n > 200) print " MISSED" }')

echo "context: load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end"
echo "context: $(nproc) cores, $("$bin" --version 2>/dev/null || echo cargoman), git $(git --version | cut -d' ' -f3)"
echo "context: repository $tags tags, $head_files files at HEAD ($((head_bytes / 1024)) KiB), .git $git_kb KiB"
echo "context: archives $git_zips by git ($git_zip_kb KiB), $cargoman_zips by cargoman incl. dev-main ($cargoman_zip_kb KiB)"
echo "context: medians of $runs full and $noop_runs no-op runs; CLI start-up (package list) $s ms"
echo "context: CPU time (user+sys) of the full sync $(median "${full_cpu[@]}") ms, of the git archive loop $(median "${base_cpu[@]}") ms"
echo "P5 full sync $tags tags: $f ms (git archive loop $b ms, ratio $p5)$p5_mark"
echo "P5 in-process sync: $fin ms (git archive loop $b ms, ratio $(ratio "$fin" "$b"))"
echo "P6 no-op re-sync: $n ms (target 200 ms; in-process $ni ms; git fetch no-op $g ms, ratio $(ratio "$n" "$g"))$p6_mark"

# The figures, for examples/bench.sh (BENCH_RESULTS).
bench_record P5 "full sync of a repository with $tags tags ($head_files files at HEAD), \`package add\` incl. process start" "$f ms" \
    "git archive loop $b ms" "$p5× ($(bench_range "${full_ms[*]}" "${base_ms[*]}"))" "≤ 0.5×" "$(bench_verdict "$p5" le 0.5)" \
    "median of $runs alternating runs; in-process sync $fin ms; CPU $(median "${full_cpu[@]}") ms vs $(median "${base_cpu[@]}") ms"
bench_record P6 "no-op re-sync of that repository (\`package sync\` incl. process start)" "$n ms" "git fetch no-op $g ms" \
    "$(ratio "$n" "$g")×" "≤ 200 ms" "$(bench_verdict "$n" le 200)" "median of $noop_runs runs; in-process $ni ms; CLI start-up alone $s ms"
