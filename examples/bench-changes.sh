#!/usr/bin/env bash
# Serving while customers change (see the targets), on the embedded SQLite:
#
#   B1  every granted p2 file of 1000 customers x 30 grants over 1000 packages x 30
#       versions, walked by wrk with 64 connections, while one grant changes every
#       200 ms; baseline: the same walk with no writes.      >= 0.9x, p99 <= 5 ms
#   B2  the same with 50 grant changes per second.           >= 0.7x
#
# The data set is written straight into a freshly migrated database (as
# bench-memory.sh does). The writes come from examples/bench_writer.rs, a separate
# process that changes the constraint of a random existing grant through the service
# layer, as a billing system's webhook handler would; each write returns once the
# server has applied it. Rounds alternate baseline, B1 and B2 on one server, after a
# warm-up walk; medians are reported, with the writer's own figures as context.
#
# Usage: examples/bench-changes.sh [--duration SECONDS] [--rounds N] [--keep]
#   CARGOMAN_BIN=/path/to/cargoman           use that binary instead of building one
#   CARGOMAN_WRITER=/path/to/bench_writer    likewise for the writer
# Needs wrk, curl and python3; installs wrk and curl with apt-get when missing.

set -euo pipefail

duration=10
rounds=3
keep=0
while (($#)); do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[bench-changes] %s\n' "$*" >&2; }

# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh
bench_need wrk curl
CARGOMAN_BENCH_WRITER=${CARGOMAN_WRITER:-${CARGOMAN_BENCH_WRITER:-}}
bench_binary bench_writer
CARGOMAN_WRITER=$CARGOMAN_BENCH_WRITER

tmp=$(mktemp -d /tmp/bench-changes.XXXXXX)
server_pid=''
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if ((keep)); then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
mkdir -p "$tmp/work"
envs=(env -i PATH="$PATH" HOME="$tmp" USER=bench CARGOMAN_DATA_DIR="$tmp/data" RUST_LOG=warn)
cm() { (cd "$tmp/work" && "${envs[@]}" "$CARGOMAN_BIN" "$@"); }
free_port() { bench_free_port; }

cm migrate > /dev/null
say "writing 1000 packages x 30 versions, 1000 customers with 30 grants each"
python3 - "$tmp/data/cargoman.db" "$tmp/requests.txt" <<'EOF'
import base64, hashlib, json, random, sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
rnd = random.Random(11)
now = "2026-01-01T00:00:00+00:00"
c = sqlite3.connect(db)
tenant = c.execute("select id from tenants where slug = 'default'").fetchone()[0]
constraints = ["*", "^1.10", ">=1.20", "<1.30", ">=1.5 <1.25", "~1.20.0"]
packages = []
for p in range(1000):
    name = f"vendor{p % 40}/module-{p}"
    cur = c.execute(
        "insert into packages (tenant_id, name, repository_url, description, default_branch, sync_status, metadata_changed_at, created_at, updated_at)"
        " values (?, ?, ?, ?, 'main', 'ok', ?, ?, ?)",
        (tenant, name, f"https://git.example.com/{name}.git", f"Module {p}", now, now, now))
    pid = cur.lastrowid
    packages.append((pid, name))
    rows = []
    for v in range(30):
        version, normalized = f"1.{v}.0", f"1.{v}.0.0"
        manifest = {
            "name": name, "description": f"Module {p}: payments, invoices and reports for shops",
            "type": "magento2-module", "license": ["proprietary"],
            "authors": [{"name": "Vendor Team", "email": "dev@vendor.example"}],
            "require": {"php": "~8.1.0||~8.2.0||~8.3.0", "magento/framework": "103.0.*",
                        "vendor/module-core": f"^{1 + v % 3}.0"},
            "autoload": {"files": ["registration.php"], "psr-4": {f"Vendor\\Module{p}\\": ""}},
        }
        ref = hashlib.sha1(f"{name}{v}".encode()).hexdigest()
        rows.append((tenant, pid, version, normalized, ref, False, False, json.dumps(manifest),
                     f"dist/{tenant}/{name}/{normalized}-{ref}.zip", ref, 10000,
                     f"2025-{1 + v % 12:02}-01T00:00:00+00:00", now, now))
    c.executemany(
        "insert into package_versions (tenant_id, package_id, version, version_normalized, reference, is_dev, is_default_branch, composer_json, dist_path, sha1, size, released_at, created_at, updated_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
requests = []
for cu in range(1000):
    cid = c.execute(
        "insert into customers (tenant_id, name, status, created_at, updated_at) values (?, ?, 'active', ?, ?)",
        (tenant, f"customer-{cu}", now, now)).lastrowid
    plain = f"cmt_bench{cu:06d}" + "x" * 30
    c.execute(
        "insert into customer_tokens (tenant_id, customer_id, prefix, token_hash, scope, package_globs, created_at, updated_at)"
        " values (?, ?, ?, ?, 'download', '[]', ?, ?)",
        (tenant, cid, plain[:12], hashlib.sha256(plain.encode()).hexdigest(), now, now))
    auth = base64.b64encode(f"token:{plain}".encode()).decode()
    for pid, name in rnd.sample(packages, 30):
        c.execute(
            "insert into grants (tenant_id, customer_id, package_id, version_constraint, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
            (tenant, cid, pid, rnd.choice(constraints), now, now))
        requests.append(f"{auth} /p2/{name}.json")
c.commit()
rnd.shuffle(requests)
open(out, "w").write("\n".join(requests) + "\n")
print(len(requests), "requests", file=sys.stderr)
EOF

port=$(free_port)
(cd "$tmp/work" && exec "${envs[@]}" ADMIN_TOKEN=bench-owner-token HOST=127.0.0.1 PORT="$port" \
    TASK_SYNC_INTERVAL=0 "$CARGOMAN_BIN" serve > "$tmp/serve.log" 2>&1) &
server_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.05
done
first=$(head -n1 "$tmp/requests.txt")
curl -fs -o /dev/null -H "Authorization: Basic ${first%% *}" "http://127.0.0.1:$port${first#* }" ||
    { echo "the seeded data does not serve: $(cat "$tmp/serve.log")" >&2; exit 1; }

cat > "$tmp/walk.lua" <<EOF
local reqs = {}
for line in io.lines("$tmp/requests.txt") do
    local auth, path = line:match("^(%S+) (%S+)$")
    reqs[#reqs + 1] = wrk.format("GET", path, {["Authorization"] = "Basic " .. auth})
end
local i = 0
function setup(thread)
    thread:set("offset", i * 7919)
    i = i + 1
end
local n = 0
request = function()
    n = n + 1
    return reqs[((offset or 0) + n) % #reqs + 1]
end
done = function(summary)
    io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
EOF

# walk SECONDS -> "req/s p99_ms non2xx"
walk() {
    wrk -t2 -c64 "-d${1}s" --latency -s "$tmp/walk.lua" "http://127.0.0.1:$port" > "$tmp/wrk.txt" 2>&1
    python3 - "$tmp/wrk.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"non-2xx: (\d+)", text).group(1)
print(rps, f"{p99:.2f}", bad)
EOF
}
# writes RATE: the writer, in the background, for the next walk
writes() {
    (cd "$tmp/work" && exec "${envs[@]}" "$CARGOMAN_WRITER" "$1" "$duration" 1000 > "$tmp/writer-$1.txt" 2>&1) &
    writer_pid=$!
}
median() { bench_median "$@"; }
ratio() { bench_ratio "$1" "$2"; }
below() { python3 -c 'import sys; print("" if float(sys.argv[1]) <= float(sys.argv[2]) else "  MISSED")' "$1" "$2"; }
above() { python3 -c 'import sys; print("" if float(sys.argv[1]) >= float(sys.argv[2]) else "  MISSED")' "$1" "$2"; }

say "warming up: one walk over $(wc -l < "$tmp/requests.txt") files"
walk "$duration" > /dev/null
declare -a base_rps base_p99 b1_rps b1_p99 b2_rps b2_p99
bad_total=0
for r in $(seq 1 "$rounds"); do
    say "round $r/$rounds: no writes"
    read -r rps p99 bad < <(walk "$duration"); base_rps+=("$rps"); base_p99+=("$p99"); bad_total=$((bad_total + bad))
    say "round $r/$rounds: a grant change every 200 ms"
    writes 5; read -r rps p99 bad < <(walk "$duration"); wait "$writer_pid"
    b1_rps+=("$rps"); b1_p99+=("$p99"); bad_total=$((bad_total + bad)); say "writer: $(cat "$tmp/writer-5.txt")"
    say "round $r/$rounds: 50 grant changes per second"
    writes 50; read -r rps p99 bad < <(walk "$duration"); wait "$writer_pid"
    b2_rps+=("$rps"); b2_p99+=("$p99"); bad_total=$((bad_total + bad)); say "writer: $(cat "$tmp/writer-50.txt")"
done

m0=$(median "${base_rps[@]}"); p0=$(median "${base_p99[@]}")
m1=$(median "${b1_rps[@]}"); p1=$(median "${b1_p99[@]}")
m2=$(median "${b2_rps[@]}"); p2=$(median "${b2_p99[@]}")
echo "context: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c64 -d${duration}s over 30000 granted p2 files, median of $rounds rounds, $bad_total non-2xx"
echo "context: no writes: $m0 req/s, p99 $p0 ms (rounds: ${base_rps[*]})"
echo "B1 one grant change every 200 ms: $m1 req/s (no writes $m0 req/s, ratio $(ratio "$m1" "$m0"))$(above "$(ratio "$m1" "$m0")" 0.9); p99 $p1 ms (target 5 ms)$(below "$p1" 5)"
echo "B2 50 grant changes per second: $m2 req/s (no writes $m0 req/s, ratio $(ratio "$m2" "$m0"))$(above "$(ratio "$m2" "$m0")" 0.7); p99 $p2 ms"
echo "context: rounds B1 ${b1_rps[*]}, B2 ${b2_rps[*]}; last writer reports: $(cat "$tmp/writer-5.txt") | $(cat "$tmp/writer-50.txt")"

# The figures, for examples/bench.sh (BENCH_RESULTS).
r1=$(ratio "$m1" "$m0")
r2=$(ratio "$m2" "$m0")
v1=$(bench_verdict "$r1" ge 0.9)
[[ $(bench_verdict "$p1" le 5) == met ]] || v1="not met"
note="median of $rounds rounds of ${duration} s after a warm-up walk, range of the per-round ratios in brackets; $bad_total non-2xx"
bench_record B1 "wrk -c64 walking 30,000 granted p2 files (1000 customers × 30 grants, 1000 packages × 30 versions), one grant change every 200 ms" \
    "$m1 req/s, p99 $p1 ms" "no writes $m0 req/s, p99 $p0 ms" "$r1× ($(bench_range "${b1_rps[*]}" "${base_rps[*]}"))" "≥ 0.9×, p99 ≤ 5 ms" "$v1" "$note"
bench_record B2 "B1 with 50 grant changes per second" "$m2 req/s, p99 $p2 ms" "no writes $m0 req/s" \
    "$r2× ($(bench_range "${b2_rps[*]}" "${base_rps[*]}"))" "≥ 0.7×" "$(bench_verdict "$r2" ge 0.7)" "$note"
