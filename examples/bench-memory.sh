#!/usr/bin/env bash
# Memory under load (see the targets), on the embedded SQLite:
#
#   M1  idle RSS after start                                        <= 40 MB
#   M2  peak RSS under P1-style load with 1000 packages x 50 versions and 1000
#       customers                                                   <= 256 MB
#   M3  `serve` to the first 200 on /ready (SQLite, migrated)       <= 300 ms
#
# The data set is written straight into a freshly migrated database (syncing 1000
# repositories would only measure git): every version has a realistic composer.json
# of about 1 KB; every customer has one token and 50 grants drawn from six
# constraints. wrk then walks every (customer, granted package) pair, p2 and ~dev
# files and packages.json, in random order with 64 connections, so each package is
# rendered for every view its customers have; peak RSS is VmHWM of the server.
#
# Usage: examples/bench-memory.sh [--duration SECONDS] [--keep]
#   CARGOMAN_BIN=/path/to/cargoman   use that binary instead of building one
# Needs wrk, curl and python3; installs wrk and curl with apt-get when missing.

set -euo pipefail

duration=30
keep=0
while (($#)); do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[bench-memory] %s\n' "$*" >&2; }

# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh
bench_need wrk curl
bench_binary

tmp=$(mktemp -d /tmp/bench-memory.XXXXXX)
server_pid=''
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if ((keep)); then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
mkdir -p "$tmp/work"
cm() { (cd "$tmp/work" && env -i PATH="$PATH" HOME="$tmp" CARGOMAN_DATA_DIR="$tmp/data" "$CARGOMAN_BIN" "$@"); }
free_port() { bench_free_port; }

cm migrate > /dev/null
say "writing 1000 packages x 50 versions, 1000 customers with 50 grants each"
python3 - "$tmp/data/cargoman.db" "$tmp/requests.txt" <<'EOF'
import base64, hashlib, json, random, sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
rnd = random.Random(7)
now = "2026-01-01T00:00:00+00:00"
c = sqlite3.connect(db)
tenant = c.execute("select id from tenants where slug = 'default'").fetchone()[0]
constraints = ["*", "^1.10", ">=1.20", "<1.30", ">=1.5 <1.45", "~1.40.0"]
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
    for v in range(50):
        dev = v == 49
        version, normalized = ("dev-main", "dev-main") if dev else (f"1.{v}.0", f"1.{v}.0.0")
        manifest = {
            "name": name, "description": f"Module {p}: payments, invoices and reports for shops",
            "type": "magento2-module", "license": ["proprietary"],
            "authors": [{"name": "Vendor Team", "email": "dev@vendor.example", "homepage": "https://vendor.example"}],
            "require": {"php": "~8.1.0||~8.2.0||~8.3.0", "magento/framework": "103.0.*",
                        "magento/module-sales": "103.0.*", "magento/module-catalog": "104.0.*",
                        "vendor/module-core": f"^{1 + v % 3}.0", "guzzlehttp/guzzle": "^7.5"},
            "require-dev": {"phpunit/phpunit": "^9.6"},
            "autoload": {"files": ["registration.php"], "psr-4": {f"Vendor\\Module{p}\\": ""}},
            "extra": {"branch-alias": {"dev-main": "1.x-dev"}} if dev else {},
        }
        ref = hashlib.sha1(f"{name}{v}".encode()).hexdigest()
        rows.append((tenant, pid, version, normalized, ref, dev, dev, json.dumps(manifest),
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
    requests.append(f"{auth} /packages.json")
    for pid, name in rnd.sample(packages, 50):
        c.execute(
            "insert into grants (tenant_id, customer_id, package_id, version_constraint, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
            (tenant, cid, pid, rnd.choice(constraints), now, now))
        requests.append(f"{auth} /p2/{name}.json")
        requests.append(f"{auth} /p2/{name}~dev.json")
c.execute("update tenants set generation = generation + 1")
c.commit()
rnd.shuffle(requests)
open(out, "w").write("\n".join(requests) + "\n")
print(len(requests), "requests", file=sys.stderr)
EOF

# start: serve on a free port, timing serve to the first 200 on /ready into ready_ms.
start() {
    port=$(free_port)
    local start_ns
    start_ns=$(date +%s%N)
    (cd "$tmp/work" && exec env -i PATH="$PATH" HOME="$tmp" CARGOMAN_DATA_DIR="$tmp/data" ADMIN_TOKEN=bench-owner-token \
        HOST=127.0.0.1 PORT="$port" TASK_SYNC_INTERVAL=0 RUST_LOG=warn "$CARGOMAN_BIN" serve > "$tmp/serve.log" 2>&1) &
    server_pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; do
        kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
        sleep 0.005
    done
    ready_ms=$((($(date +%s%N) - start_ns) / 1000000))
}
# M3 over three starts (the last one stays up for M1 and M2).
ready_all=()
for i in 1 2 3; do
    ((i == 1)) || { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; }
    start
    ready_all+=("$ready_ms")
done
ready_ms=$(bench_median "${ready_all[@]}")
sleep 1
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")

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
local errors = 0
response = function(status)
    if status ~= 200 then errors = errors + 1 end
end
done = function(summary)
    io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
EOF
say "walking $(wc -l < "$tmp/requests.txt") requests for ${duration}s"
wrk -t2 -c64 "-d${duration}s" -s "$tmp/walk.lua" "http://127.0.0.1:$port" > "$tmp/wrk.txt" 2>&1
rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
bad=$(awk '/non-2xx/ {print $2}' "$tmp/wrk.txt")
peak_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
end_rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")

echo "context: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c64 -d${duration}s over every granted file, $rps req/s, ${bad:-?} non-2xx"
echo "M1 idle RSS: $((idle_rss / 1024)) MB (target 40 MB)$( ((idle_rss <= 40960)) || echo '  MISSED')"
echo "M2 peak RSS, 1000 packages x 50 versions, 1000 customers: $((peak_rss / 1024)) MB (target 256 MB)$( ((peak_rss <= 262144)) || echo '  MISSED')"
echo "M3 serve to first 200 on /ready: $ready_ms ms, median of ${ready_all[*]} (target 300 ms)$( ((ready_ms <= 300)) || echo '  MISSED')"
echo "context: RSS at the end of the load: $((end_rss / 1024)) MB"

# The figures, for examples/bench.sh (BENCH_RESULTS).
bench_record M1 "idle RSS 1 s after start (SQLite, 1000 packages × 50 versions seeded)" "$((idle_rss / 1024)) MB" "" "" "≤ 40 MB" \
    "$(bench_verdict "$idle_rss" le 40960)" "VmRSS of the server process"
bench_record M2 "peak RSS, wrk -c64 walking every granted file of 1000 customers × 50 grants over 1000 packages × 50 versions ($rps req/s, ${bad:-?} non-2xx)" \
    "$((peak_rss / 1024)) MB" "" "" "≤ 256 MB" "$(bench_verdict "$peak_rss" le 262144)" "VmHWM after a ${duration} s walk"
bench_record M3 "serve → first 200 on /ready (SQLite, migrated, same data)" "$ready_ms ms" "" "" "≤ 300 ms" \
    "$(bench_verdict "$ready_ms" le 300)" "median of three starts: ${ready_all[*]} ms"
