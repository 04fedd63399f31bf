#!/usr/bin/env bash
# Composer endpoint benchmarks (see the speed targets), each a ratio to a baseline
# measured in the same run on the same machine:
#
#   P1  /p2/acme/lib.json for a customer with a constrained grant, package of 100
#       versions, HTTP Basic, wrk with 64 connections; baseline: nginx serving the
#       same bytes as a static file behind auth_basic ({PLAIN} htpasswd), with
#       open_file_cache, each round the faster of sendfile on and off. >= 1.0x
#   P2  /packages.json for a customer granted 500 packages; same baseline. >= 1.0x
#   P3  a 1 MB dist download; baseline: nginx sendfile of the same file. >= 0.8x
#   P7  a cached proxied /p2 file (100 versions from a local upstream, dist URLs
#       rewritten); baseline: nginx serving the same bytes. >= 0.9x
#   P8  P1 with 1000 distinct customer tokens in rotation; baseline: P1 with one
#       token, sent by the same wrk script (its per-request Lua costs the client
#       CPU on a shared machine, so both sides pay it). >= 0.9x
#   P9  CPU time per request of P1: the server's utime+stime over the run (all its
#       threads, from /proc) divided by the requests served; baseline: nginx's
#       (master and workers) over its P1 run in the same round. <= 1.0x (less is
#       better). It moves less with the machine than requests/s do.
#   P9i P9 in instructions: the user-space instructions per P1 request that callgrind
#       counts in cargoman and in one nginx process (the fewer of sendfile on and off),
#       after a warm-up, with wrk -c4. These counts repeat from run to run and machine
#       to machine; the kernel's work per request (about the same for both) is not in
#       them. Context for P9, which has the target.
#
# Both servers run on this machine with the same wrk settings, alternately, and the
# median of the rounds is reported. Every nginx location is checked to serve the same
# bytes as cargoman, and any answer other than 2xx during a wrk run fails the script.
# nginx logs nothing (cargoman logs no request at its default level either). Idle and
# peak RSS of cargoman are printed as context (M1 target: idle <= 40 MB).
#
# Usage: examples/bench-composer.sh [--duration SECONDS] [--rounds N] [--keep]
#   CARGOMAN_BIN=/path/to/cargoman   use that binary instead of building one
# Needs wrk, nginx, valgrind, curl, git and python3; installs wrk, nginx-light, valgrind and curl with
# apt-get when missing.

set -euo pipefail

duration=8
rounds=3
keep=0
while (($#)); do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[bench-composer] %s\n' "$*" >&2; }

# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh
bench_need wrk curl nginx:nginx-light valgrind callgrind_control:valgrind
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
bench_binary

tmp=$(mktemp -d /tmp/bench-composer.XXXXXX)
# nginx workers run as an unprivileged user: they must be able to read what they serve.
chmod 755 "$tmp"
server_pid=''
nginx_pid=''
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    if ((keep)); then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

cm() { (cd "$tmp/work" && env -i PATH="$PATH" HOME="$tmp" USER=bench CARGOMAN_DATA_DIR="$tmp/data" "$CARGOMAN_BIN" "$@"); }
json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[k]
print(d)' "$1"; }
free_port() { bench_free_port; }

mkdir -p "$tmp/work" "$tmp/www" "$tmp/nginx"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b
export GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'

say "generating acme/lib with 100 tags and acme/big with a 1 MB file"
repo=$tmp/lib
git init -q -b main "$repo"
printf '{"name":"acme/lib","description":"Benchmark library","license":"proprietary","require":{"php":">=8.1"},"autoload":{"psr-4":{"Acme\\\\":"src/"}}}\n' > "$repo/composer.json"
mkdir -p "$repo/src"
for i in $(seq 0 99); do
    printf '<?php\nnamespace Acme;\nclass Lib { const V = %d; }\n' "$i" > "$repo/src/Lib.php"
    git -C "$repo" add -A && git -C "$repo" commit -qm "v$i" && git -C "$repo" tag "1.$i.0"
done
big=$tmp/big
git init -q -b main "$big"
printf '{"name":"acme/big"}\n' > "$big/composer.json"
head -c 1048576 /dev/urandom > "$big/blob.bin"
git -C "$big" add -A && git -C "$big" commit -qm big && git -C "$big" tag 1.0.0

say "registering packages, customers and tokens"
cm package add "$repo" --json > /dev/null
cm package add "$big" --json > /dev/null
cm customer add p1 > /dev/null
cm customer grant p1 acme/lib --constraint '>=1.10 <1.60' > /dev/null
cm customer grant p1 acme/big > /dev/null
token=$(cm --json token issue --customer p1 | json_field plain_token)
# Private packages only: with the proxy on, its root would not list the 500 names.
cm customer add p2 --proxy-access off > /dev/null
token2=$(cm --json token issue --customer p2 | json_field plain_token)
# The 500 packages (registered, never synced) and p2's grants, and 999 more tokens of
# p1, are written straight into the database (as bench-memory.sh does): 2,000 CLI runs
# would take minutes on a busy machine and measure nothing of the server.
python3 - "$tmp/data/cargoman.db" "$tmp/tokens.txt" <<'PY'
import base64, hashlib, secrets, sqlite3, string, sys
db, out = sys.argv[1], sys.argv[2]
alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
now = "2026-01-01T00:00:00+00:00"
c = sqlite3.connect(db)
tenant = c.execute("select id from tenants where slug = 'default'").fetchone()[0]
cid = {n: i for n, i in c.execute("select name, id from customers where tenant_id = ?", (tenant,))}
for i in range(1, 501):
    name = f"vendor{i % 20}/package-{i}"
    pid = c.execute(
        "insert into packages (tenant_id, name, repository_url, default_branch, sync_status, metadata_changed_at, created_at, updated_at)"
        " values (?, ?, ?, 'main', 'never', ?, ?, ?)", (tenant, name, f"/srv/none/{i}.git", now, now, now)).lastrowid
    c.execute("insert into grants (tenant_id, customer_id, package_id, created_at, updated_at) values (?, ?, ?, ?, ?)",
              (tenant, cid["p2"], pid, now, now))
with open(out, "w") as f:
    for _ in range(999):
        plain = "cmt_" + "".join(secrets.choice(alphabet) for _ in range(43))  # as cargoman makes them
        c.execute(
            "insert into customer_tokens (tenant_id, customer_id, prefix, token_hash, scope, package_globs, created_at, updated_at)"
            " values (?, ?, ?, ?, 'download', '[]', ?, ?)",
            (tenant, cid["p1"], plain[:12], hashlib.sha256(plain.encode()).hexdigest(), now, now))
        f.write(base64.b64encode(f"token:{plain}".encode()).decode() + "\n")
c.execute("update tenants set generation = generation + 1")
c.commit()
PY
printf 'token:%s' "$token" | base64 -w0 >> "$tmp/tokens.txt"
echo >> "$tmp/tokens.txt"

say "generating a public package (100 versions, minified as Packagist writes it) on a local upstream"
mkdir -p "$tmp/upstream/p2/bench"
python3 - "$tmp/upstream" <<'PY'
import json, sys
root = sys.argv[1]
versions = []
for i in range(99, -1, -1):
    versions.append({
        "name": "bench/public", "description": "A public package", "keywords": ["bench", "proxy"],
        "homepage": "https://example.com", "version": f"1.{i}.0", "version_normalized": f"1.{i}.0.0",
        "license": ["MIT"], "authors": [{"name": "Bench", "email": "bench@example.com"}],
        "source": {"type": "git", "url": "https://example.com/bench/public.git", "reference": f"{i:040x}"},
        "dist": {"type": "zip", "url": f"https://example.com/zipball/{i:040x}", "reference": f"{i:040x}", "shasum": ""},
        "type": "library", "time": f"2024-01-{1 + i % 28:02d}T00:00:00+00:00",
        "autoload": {"psr-4": {"Bench\\": "src/"}}, "require": {"php": ">=8.1" if i > 50 else ">=7.4"},
    })
mini, last = [], None
for v in versions:
    if last is None:
        mini.append(v); last = dict(v); continue
    d = {k: val for k, val in v.items() if last.get(k) != val}
    for k in list(last):
        if k not in v:
            d[k] = "__unset"; del last[k]
    last.update(v); mini.append(d)
json.dump({"packages": {"bench/public": mini}, "minified": "composer/2.0"}, open(f"{root}/p2/bench/public.json", "w"), separators=(",", ":"))
json.dump({"packages": [], "metadata-url": "/p2/%package%.json"}, open(f"{root}/packages.json", "w"))
PY
uport=$(free_port)
(cd "$tmp/upstream" && exec python3 -m http.server --bind 127.0.0.1 "$uport" > "$tmp/upstream.log" 2>&1) &
upstream_pid=$!

port=$(free_port)
say "starting cargoman on 127.0.0.1:$port"
(cd "$tmp/work" && exec env -i PATH="$PATH" HOME="$tmp" CARGOMAN_DATA_DIR="$tmp/data" ADMIN_TOKEN=bench-owner-token \
    HOST=127.0.0.1 PORT="$port" TASK_SYNC_INTERVAL=0 RUST_LOG=warn \
    PROXY_ENABLED=true PROXY_PACKAGIST_URL="http://127.0.0.1:$uport" REPOSITORY_ALLOW_LOCAL=true "$CARGOMAN_BIN" serve > "$tmp/serve.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/ready" > /dev/null && break; sleep 0.1; done
sleep 1
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")

base=http://127.0.0.1:$port
curl -fs -u "token:$token" "$base/p2/acme/lib.json" -o "$tmp/www/lib.json"
curl -fs -u "token:$token2" "$base/packages.json" -o "$tmp/www/packages.json"
for _ in $(seq 1 50); do curl -fs -u "token:$token" "$base/p2/bench/public.json" -o "$tmp/www/public.json" && break; sleep 0.2; done
kill "$upstream_pid" 2>/dev/null || true
dist_url=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["packages"]["acme/big"][0]["dist"]["url"])' <(curl -fs -u "token:$token" "$base/p2/acme/big.json"))
curl -fs -u "token:$token" "$dist_url" -o "$tmp/www/big.zip"
versions=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["packages"]["acme/lib"]))' "$tmp/www/lib.json")
say "p2 file: $(wc -c < "$tmp/www/lib.json") bytes, $versions of 100 versions visible; packages.json $(wc -c < "$tmp/www/packages.json") bytes; dist $(wc -c < "$tmp/www/big.zip") bytes"

nport=$(free_port)
nport2=$(free_port)
printf 'token:{PLAIN}%s\n' "$token" > "$tmp/nginx/htpasswd"
# nginx checks the first line of a user name only: p2's token gets a file of its own.
printf 'token:{PLAIN}%s\n' "$token2" > "$tmp/nginx/htpasswd2"
cat > "$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$nport;
        root $tmp/www;
        default_type application/json;
        auth_basic "composer";
        auth_basic_user_file $tmp/nginx/htpasswd;
        location = /p2/acme/lib.json { try_files /lib.json =404; }
        location = /packages.json { auth_basic_user_file $tmp/nginx/htpasswd2; try_files /packages.json =404; }
        location = /p2/bench/public.json { try_files /public.json =404; }
        location = /big.zip { default_type application/zip; }
    }
    # The same files without sendfile: for small files a copy from the page cache can
    # beat sendfile; the faster of the two is the baseline of P1 and P2.
    server {
        listen 127.0.0.1:$nport2;
        root $tmp/www;
        default_type application/json;
        sendfile off;
        auth_basic "composer";
        auth_basic_user_file $tmp/nginx/htpasswd;
        location = /p2/acme/lib.json { try_files /lib.json =404; }
        location = /packages.json { auth_basic_user_file $tmp/nginx/htpasswd2; try_files /packages.json =404; }
        location = /p2/bench/public.json { try_files /public.json =404; }
    }
}
EOF
chmod -R a+rX "$tmp/www" "$tmp/nginx"
"$NGINX" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fs -u "token:$token" "http://127.0.0.1:$nport/p2/acme/lib.json" -o /dev/null && break; sleep 0.1; done
for p in "$nport" "$nport2"; do
    for f in "$token /p2/acme/lib.json lib.json" "$token2 /packages.json packages.json" "$token /p2/bench/public.json public.json"; do
        read -r t path file <<< "$f"
        cmp <(curl -fs -u "token:$t" "http://127.0.0.1:$p$path") "$tmp/www/$file" || { echo "nginx serves other bytes for $path" >&2; exit 1; }
    done
done

# rotate.lua TOKENS_FILE: one request per token of the file, in turn.
rotate_script() {
    cat <<EOF
local tokens = {}
for line in io.lines("$1") do tokens[#tokens + 1] = line end
local i = 0
request = function()
    i = i + 1
    local t = tokens[(i % #tokens) + 1]
    return wrk.format("GET", "/p2/acme/lib.json", {["Authorization"] = "Basic " .. t})
end
EOF
}
tail -n1 "$tmp/tokens.txt" > "$tmp/one-token.txt"
rotate_script "$tmp/tokens.txt" > "$tmp/rotate.lua"
rotate_script "$tmp/one-token.txt" > "$tmp/one.lua"

# wrk_rps URL AUTH [LUA] -> requests/s (the request count goes to $tmp/requests)
wrk_rps() {
    local args=(-t2 -c64 "-d${duration}s" --latency)
    [[ -n ${3:-} ]] && args+=(-s "$3")
    wrk "${args[@]}" -H "Authorization: Basic $2" "$1" > "$tmp/wrk.out" 2>/dev/null
    awk '/requests in/ {print $1}' "$tmp/wrk.out" > "$tmp/requests"
    # A figure that counts refusals would be a fake one: noted, fatal below.
    grep 'Non-2xx' "$tmp/wrk.out" | sed "s|^|$1: |" >> "$tmp/bad" || true
    awk '/Requests\/sec/ {print $2}' "$tmp/wrk.out"
}
# cpu_ticks PID... -> utime and stime of the processes (all threads), in clock ticks
cpu_ticks() {
    local user=0 sys=0 pid u k
    for pid in "$@"; do
        # Fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the name.
        read -r u k < <(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12, $13}')
        user=$((user + u)); sys=$((sys + k))
    done
    echo "$user $sys"
}
# minor_faults PID -> page faults the process took without I/O (field 10 of its stat):
# memory its allocator gave back to the kernel and touched again costs one each.
minor_faults() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $8}'; }
# nginx_pids -> the master and its workers, into the array npids
nginx_pids() { mapfile -t npids < <(echo "$nginx_pid"; pgrep -P "$nginx_pid"); }
# cpu_per_request URL AUTH PIDS... -> microseconds of CPU per request, req/s, and the
# microseconds of it in user space and in the kernel
cpu_per_request() {
    local url=$1 auth=$2
    shift 2
    local before after rps
    before=$(cpu_ticks "$@")
    rps=$(wrk_rps "$url" "$auth")
    after=$(cpu_ticks "$@")
    python3 -c '
import os, sys
t = os.sysconf("SC_CLK_TCK")
u0, s0 = map(int, sys.argv[1].split()); u1, s1 = map(int, sys.argv[2].split())
n = int(sys.argv[3]); us = lambda ticks: ticks / t / n * 1e6
print(f"{us(u1 - u0 + s1 - s0):.2f}", sys.argv[4], f"{us(u1 - u0):.2f}", f"{us(s1 - s0):.2f}")' \
        "$before" "$after" "$(cat "$tmp/requests")" "$rps"
}
max() { printf '%s\n' "$@" | sort -g | tail -n1; }
median() { bench_median "$@"; }
ratio() { bench_ratio "$1" "$2"; }
verdict() { python3 -c 'import sys; print("" if float(sys.argv[1]) >= float(sys.argv[2]) else "  MISSED")' "$1" "$2"; }

auth1=$(printf 'token:%s' "$token" | base64 -w0)
auth2=$(printf 'token:%s' "$token2" | base64 -w0)
dist_path=${dist_url#"$base"}
declare -a f1 c1 n1 c2 n2 c3 n3 c7 n7 c8 b8 u1 v1 split_m split_n
# Every token's customer seen once before P8 counts ("under P1 load": a steady state,
# not the first render of 1000 customers' files).
wrk -t2 -c64 -d2s -s "$tmp/rotate.lua" -H "Authorization: Basic $auth1" "$base/p2/acme/lib.json" > /dev/null 2>&1
for r in $(seq 1 "$rounds"); do
    say "round $r/$rounds"
    faults_before=$(minor_faults "$server_pid")
    read -r cpu rps user sys < <(cpu_per_request "$base/p2/acme/lib.json" "$auth1" "$server_pid")
    c1+=("$rps"); u1+=("$cpu"); split_m+=("$user+$sys")
    f1+=("$(python3 -c 'import sys; print(f"{(int(sys.argv[2])-int(sys.argv[1]))/int(sys.argv[3]):.3f}")' \
        "$faults_before" "$(minor_faults "$server_pid")" "$(cat "$tmp/requests")")")
    # nginx: the faster of sendfile on and off, with its CPU per request.
    nginx_pids
    read -r cpu_a rps_a user_a sys_a < <(cpu_per_request "http://127.0.0.1:$nport/p2/acme/lib.json" "$auth1" "${npids[@]}")
    read -r cpu_b rps_b user_b sys_b < <(cpu_per_request "http://127.0.0.1:$nport2/p2/acme/lib.json" "$auth1" "${npids[@]}")
    if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$rps_a" "$rps_b"; then
        n1+=("$rps_a"); v1+=("$cpu_a"); split_n+=("$user_a+$sys_a")
    else
        n1+=("$rps_b"); v1+=("$cpu_b"); split_n+=("$user_b+$sys_b")
    fi
    c2+=("$(wrk_rps "$base/packages.json" "$auth2")")
    n2+=("$(max "$(wrk_rps "http://127.0.0.1:$nport/packages.json" "$auth2")" \
        "$(wrk_rps "http://127.0.0.1:$nport2/packages.json" "$auth2")")")
    c7+=("$(wrk_rps "$base/p2/bench/public.json" "$auth1")")
    n7+=("$(max "$(wrk_rps "http://127.0.0.1:$nport/p2/bench/public.json" "$auth1")" \
        "$(wrk_rps "http://127.0.0.1:$nport2/p2/bench/public.json" "$auth1")")")
    c3+=("$(wrk_rps "$base$dist_path" "$auth1")")
    n3+=("$(wrk_rps "http://127.0.0.1:$nport/big.zip" "$auth1")")
    # P8 and its baseline in turn, the first of the pair alternating between rounds: on
    # 2 cores the second of two back-to-back runs is often the slower.
    if ((r % 2)); then
        c8+=("$(wrk_rps "$base/p2/acme/lib.json" "$auth1" "$tmp/rotate.lua")")
        b8+=("$(wrk_rps "$base/p2/acme/lib.json" "$auth1" "$tmp/one.lua")")
    else
        b8+=("$(wrk_rps "$base/p2/acme/lib.json" "$auth1" "$tmp/one.lua")")
        c8+=("$(wrk_rps "$base/p2/acme/lib.json" "$auth1" "$tmp/rotate.lua")")
    fi
done
peak_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
if [[ -s $tmp/bad ]]; then
    echo "wrk got answers other than 2xx (the figures would count them):" >&2
    cat "$tmp/bad" >&2
    exit 1
fi

# P9 in instructions: the same P1 request served by cargoman and by one nginx process,
# each under callgrind, which counts the user-space instructions executed (the kernel's
# work, about the same for both, is not counted). The counts do not depend on how busy
# the machine is, unlike the CPU times above. Counters are zeroed after a warm-up.
# valgrind names its control pipes after $USER and $HOST, which callgrind_control must
# see the same (cargoman reads HOST as its address: it gets --host instead).
vg_env() { env -u HOST USER=bench "$@"; }
# callgrind_run NAME PID URL -> instructions per request (the requests go to $tmp/requests)
callgrind_run() {
    local name=$1 pid=$2 url=$3 out ir
    for _ in $(seq 1 300); do curl -fs -u "token:$token" "$url" -o /dev/null && break; sleep 0.2; done
    wrk -t1 -c4 -d3s -H "Authorization: Basic $auth1" "$url" > /dev/null 2>&1
    vg_env callgrind_control -z "$pid" >> "$tmp/callgrind/control.log" 2>&1
    wrk -t1 -c4 "-d${duration}s" -H "Authorization: Basic $auth1" "$url" > "$tmp/wrk.out" 2>/dev/null
    grep 'Non-2xx' "$tmp/wrk.out" | sed "s|^|$name under callgrind: |" >> "$tmp/bad" || true
    awk '/requests in/ {print $1}' "$tmp/wrk.out" > "$tmp/requests"
    rm -f "$tmp/callgrind/$name".*
    vg_env callgrind_control -d "$pid" >> "$tmp/callgrind/control.log" 2>&1
    # The dump is written when valgrind next runs the process.
    for _ in $(seq 1 100); do
        out=$(find "$tmp/callgrind" -name "$name.*.*" | sort | tail -n1)
        [[ -n $out ]] && grep -q '^totals:' "$out" && break
        sleep 0.1
    done
    ir=$(awk '/^(summary|totals):/ {print $2; exit}' "${out:-/dev/null}")
    if [[ -z $ir ]]; then
        echo "callgrind wrote no counts for $name:" >&2
        cat "$tmp/callgrind/control.log" >&2
        exit 1
    fi
    python3 -c 'import sys; print(f"{int(sys.argv[1])/int(sys.argv[2]):.0f}")' "$ir" "$(cat "$tmp/requests")"
}
say "P9 in instructions: cargoman and nginx under callgrind"
stop() { kill "$1" 2> /dev/null || return 0; wait "$1" 2> /dev/null || true; }
stop "$server_pid"
stop "$nginx_pid"
mkdir -p "$tmp/callgrind"
(cd "$tmp/work" && exec env -i PATH="$PATH" HOME="$tmp" USER=bench CARGOMAN_DATA_DIR="$tmp/data" ADMIN_TOKEN=bench-owner-token \
    TASK_SYNC_INTERVAL=0 RUST_LOG=warn valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind/cargoman.%p" \
    "$CARGOMAN_BIN" serve --host 127.0.0.1 --port "$port" > "$tmp/serve-callgrind.log" 2>&1) &
server_pid=$!
i9=$(callgrind_run cargoman "$server_pid" "$base/p2/acme/lib.json")
r9=$(cat "$tmp/requests")
stop "$server_pid"
server_pid=''
# One process, no workers: what one nginx worker executes per request.
sed -e 's/^worker_processes auto;/worker_processes 1;\nmaster_process off;/' "$tmp/nginx/nginx.conf" > "$tmp/nginx/callgrind.conf"
(exec env -u HOST USER=bench valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind/nginx.%p" \
    "$NGINX" -c "$tmp/nginx/callgrind.conf" -p "$tmp/nginx" > "$tmp/nginx-callgrind.log" 2>&1) &
nginx_pid=$!
j9=$(callgrind_run nginx "$nginx_pid" "http://127.0.0.1:$nport2/p2/acme/lib.json")
k9=$(callgrind_run nginx "$nginx_pid" "http://127.0.0.1:$nport/p2/acme/lib.json")
s9=$(cat "$tmp/requests")
if ((k9 < j9)); then j9=$k9; fi
stop "$nginx_pid"
nginx_pid=''

m1=$(median "${c1[@]}"); b1=$(median "${n1[@]}")
m2=$(median "${c2[@]}"); b2=$(median "${n2[@]}")
m3=$(median "${c3[@]}"); b3=$(median "${n3[@]}")
m7=$(median "${c7[@]}"); b7=$(median "${n7[@]}")
m8=$(median "${c8[@]}"); o8=$(median "${b8[@]}")
m9=$(median "${u1[@]}"); o9=$(median "${v1[@]}")
echo "context: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c64 -d${duration}s, median of $rounds rounds"
echo "context: p2 file $(wc -c < "$tmp/www/lib.json") bytes ($versions visible versions), packages.json $(wc -c < "$tmp/www/packages.json") bytes (500 packages)"
echo "P1 p2 file, constrained grant, 100 versions: $m1 req/s (nginx $b1 req/s, ratio $(ratio "$m1" "$b1"))$(verdict "$(ratio "$m1" "$b1")" 1.0)"
echo "P2 packages.json, 500 granted packages: $m2 req/s (nginx $b2 req/s, ratio $(ratio "$m2" "$b2"))$(verdict "$(ratio "$m2" "$b2")" 1.0)"
echo "P3 1 MB dist: $m3 req/s (nginx sendfile $b3 req/s, ratio $(ratio "$m3" "$b3"))$(verdict "$(ratio "$m3" "$b3")" 0.8)"
echo "P7 cached proxied p2 file, 100 versions ($(wc -c < "$tmp/www/public.json") bytes): $m7 req/s (nginx $b7 req/s, ratio $(ratio "$m7" "$b7"))$(verdict "$(ratio "$m7" "$b7")" 0.9)"
echo "P8 1000 tokens in rotation: $m8 req/s (one token, same script, $o8 req/s, ratio $(ratio "$m8" "$o8"))$(verdict "$(ratio "$m8" "$o8")" 0.9)"
echo "P9 CPU per P1 request: $m9 us (nginx $o9 us, ratio $(ratio "$m9" "$o9"))$(verdict "$(ratio "$o9" "$m9")" 1.0)"
echo "P9i instructions per P1 request (callgrind, user space): $i9 ($r9 requests; nginx $j9, $s9 requests; ratio $(ratio "$i9" "$j9"))"
echo "context: P1 rounds cargoman ${c1[*]} req/s, nginx ${n1[*]} req/s; P9 rounds cargoman ${u1[*]} us, nginx ${v1[*]} us"
echo "context: P9 user+kernel us per request, by round: cargoman ${split_m[*]}; nginx ${split_n[*]}"
echo "context: idle RSS after start (proxy on): $((idle_rss / 1024)) MB; peak RSS under this load: $((peak_rss / 1024)) MB"
echo "context: minor page faults per P1 request, each round: ${f1[*]}"

# The figures, for examples/bench.sh (BENCH_RESULTS).
record() { # ID WORK VALUE BASELINE CARGOMAN_ROUNDS BASELINE_ROUNDS TARGET OP LIMIT UNIT BASENAME [NOTE]
    local r
    r=$(ratio "$3" "$4")
    bench_record "$1" "$2" "$3 ${10}" "${11} $4 ${10}" "$r× ($(bench_range "$5" "$6"))" "$7" \
        "$(bench_verdict "$r" "$8" "$9")" "median of $rounds rounds of ${duration} s; range of the per-round ratios in brackets${12:+; ${12}}"
}
record P1 "/p2 file, constrained grant, 100 versions ($versions visible), wrk -c64" "$m1" "$b1" "${c1[*]}" "${n1[*]}" "≥ 1.0×" ge 1.0 req/s nginx
record P2 "/packages.json, 500 granted packages" "$m2" "$b2" "${c2[*]}" "${n2[*]}" "≥ 1.0×" ge 1.0 req/s nginx
record P3 "1 MB dist download" "$m3" "$b3" "${c3[*]}" "${n3[*]}" "≥ 0.8×" ge 0.8 req/s "nginx sendfile"
record P7 "cached proxied /p2 file, 100 versions" "$m7" "$b7" "${c7[*]}" "${n7[*]}" "≥ 0.9×" ge 0.9 req/s nginx
record P8 "P1 with 1000 tokens in rotation" "$m8" "$o8" "${c8[*]}" "${b8[*]}" "≥ 0.9×" ge 0.9 req/s "one token"
record P9 "CPU time (utime+stime) per P1 request" "$m9" "$o9" "${u1[*]}" "${v1[*]}" "≤ 1.0×" le 1.0 µs "nginx master+workers" \
    "user+kernel µs per round: cargoman ${split_m[*]}, nginx ${split_n[*]}"
bench_record P9i "P9 in user-space instructions per P1 request (callgrind)" "$i9" "nginx (one process) $j9" "$(ratio "$i9" "$j9")×" "— (explains P9)" \
    "context" "wrk -c4 for ${duration} s after a warm-up under valgrind; nginx: the fewer of sendfile on and off; repeats within 1 % from run to run; the kernel's work, which P9 counts, is not in it"
