#!/usr/bin/env bash
# Installing from cargoman with Composer (see the speed targets):
#
#   P4  `composer update` of a project requiring 30 private packages, cold client
#       cache (fresh COMPOSER_HOME and COMPOSER_CACHE_DIR, no vendor/ and no lock
#       file each run); baseline: the same packages as a static Composer repository
#       served by nginx (the same packages.json, p2 files and zip archives, copied
#       from cargoman byte for byte, dist URLs pointing at nginx, behind auth_basic
#       with the same token). Wall time, ratio <= 1.05x.
#
# The 30 packages (acme/pkg-0 … acme/pkg-29, 5 tags each, all but the first requiring
# acme/pkg-0) are real git repositories synced by `cargoman package add`. Runs
# alternate nginx and cargoman after one warm-up run of each; medians are reported.
#
# Usage: examples/bench-install.sh [--runs N] [--keep]
#   CARGOMAN_BIN=/path/to/cargoman   use that binary instead of building one
# Needs composer (with php), nginx, curl, git and python3; installs composer, nginx-light
# and curl with apt-get when missing.

set -euo pipefail

runs=3
keep=0
while (($#)); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[bench-install] %s\n' "$*" >&2; }

# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh
bench_need composer curl nginx:nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
bench_binary

tmp=$(mktemp -d /tmp/bench-install.XXXXXX)
chmod 755 "$tmp"
server_pid=''
nginx_pid=''
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    if ((keep)); then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

mkdir -p "$tmp/work" "$tmp/www" "$tmp/nginx" "$tmp/repos"
cm() { (cd "$tmp/work" && env -i PATH="$PATH" HOME="$tmp" USER=bench CARGOMAN_DATA_DIR="$tmp/data" RUST_LOG=warn "$CARGOMAN_BIN" "$@"); }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b
export GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'

say "generating and syncing 30 packages of 5 tags each"
cm customer add installer > /dev/null
for p in $(seq 0 29); do
    repo=$tmp/repos/pkg-$p
    git init -q -b main "$repo"
    mkdir -p "$repo/src"
    if ((p == 0)); then req='"php":">=8.1"'; else req='"php":">=8.1","acme/pkg-0":"^1.0"'; fi
    printf '{"name":"acme/pkg-%d","description":"Benchmark package %d","type":"library","license":"proprietary","require":{%s},"autoload":{"psr-4":{"Acme\\\\Pkg%d\\\\":"src/"}}}\n' \
        "$p" "$p" "$req" "$p" > "$repo/composer.json"
    for v in 0 1 2 3 4; do
        for c in A B C D; do
            printf '<?php\nnamespace Acme\\Pkg%d;\n\nfinal class %s\n{\n    public const VERSION = "1.%d.0";\n%s}\n' \
                "$p" "$c" "$v" "$(head -c 3000 /dev/zero | tr '\0' ' ' | fold -w 60 | sed 's/^/    \/\/ /')" > "$repo/src/$c.php"
        done
        git -C "$repo" add -A && git -C "$repo" commit -qm "v$v" && git -C "$repo" tag "1.$v.0"
    done
    cm package add "$repo" > /dev/null
    cm customer grant installer "acme/pkg-$p" > /dev/null
done
token=$(cm --json token issue --customer installer | python3 -c 'import json,sys; print(json.load(sys.stdin)["plain_token"])')

port=$(bench_free_port)
(cd "$tmp/work" && exec env -i PATH="$PATH" HOME="$tmp" CARGOMAN_DATA_DIR="$tmp/data" ADMIN_TOKEN=bench-owner-token \
    HOST=127.0.0.1 PORT="$port" TASK_SYNC_INTERVAL=0 RUST_LOG=warn REPOSITORY_ALLOW_LOCAL=true "$CARGOMAN_BIN" serve > "$tmp/serve.log" 2>&1) &
server_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.05
done
base=http://127.0.0.1:$port
nport=$(bench_free_port)
nbase=http://127.0.0.1:$nport

say "copying cargoman's packages.json, p2 files and archives into a static repository"
python3 - "$base" "$nbase" "$token" "$tmp/www" << 'EOF'
import base64, json, os, sys, urllib.request
base, nbase, token, www = sys.argv[1:5]
auth = "Basic " + base64.b64encode(f"token:{token}".encode()).decode()
def get(url):
    req = urllib.request.Request(url, headers={"Authorization": auth})
    with urllib.request.urlopen(req) as r:
        return r.read()
def put(path, data):
    path = os.path.join(www, path.lstrip("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(data)
def local(url):
    if not url.startswith(base + "/"):
        sys.exit(f"a URL outside the registry: {url}")
    return url[len(base):]
put("/packages.json", get(base + "/packages.json").replace(base.encode(), nbase.encode()))
archives = 0
for p in range(30):
    for suffix in ("", "~dev"):
        path = f"/p2/acme/pkg-{p}{suffix}.json"
        raw = get(base + path)
        for v in json.loads(raw)["packages"].get(f"acme/pkg-{p}", []):
            dist = v.get("dist")
            if dist:
                put(local(dist["url"]), get(dist["url"]))
                archives += 1
        put(path, raw.replace(base.encode(), nbase.encode()))
print(f"{archives} archives", file=sys.stderr)
EOF
printf 'token:{PLAIN}%s\n' "$token" > "$tmp/nginx/htpasswd"
cat > "$tmp/nginx/nginx.conf" << EOF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    types { application/json json; application/zip zip; }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$nport;
        root $tmp/www;
        auth_basic "composer";
        auth_basic_user_file $tmp/nginx/htpasswd;
    }
}
EOF
chmod -R a+rX "$tmp/www" "$tmp/nginx"
"$NGINX" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fs -u "token:$token" "$nbase/packages.json" -o /dev/null && break; sleep 0.1; done

# install NAME URL: one cold `composer update` against URL; wall time in ms on stdout.
install() {
    local dir=$tmp/project-$1 host=${2#http://}
    rm -rf "$dir"
    mkdir -p "$dir/home" "$dir/cache"
    python3 - "$2" > "$dir/composer.json" << 'EOF'
import json, sys
print(json.dumps({
    "name": "bench/project",
    "repositories": [{"type": "composer", "url": sys.argv[1]}, {"packagist.org": False}],
    "require": {f"acme/pkg-{p}": "^1.0" for p in range(30)},
    "config": {"secure-http": False},
}, indent=2))
EOF
    local start_ns
    start_ns=$(date +%s%N)
    (cd "$dir" && COMPOSER_HOME="$dir/home" COMPOSER_CACHE_DIR="$dir/cache" COMPOSER_ALLOW_SUPERUSER=1 \
        COMPOSER_AUTH="{\"http-basic\":{\"$host\":{\"username\":\"token\",\"password\":\"$token\"},\"${host%:*}\":{\"username\":\"token\",\"password\":\"$token\"}}}" \
        composer update --no-interaction --no-progress --prefer-dist --no-plugins --no-scripts > "$dir/out.log" 2>&1) ||
        { cat "$dir/out.log" >&2; echo "composer update against $1 failed" >&2; return 1; }
    echo $((($(date +%s%N) - start_ns) / 1000000))
    local installed
    installed=$(find "$dir/vendor/acme" -mindepth 1 -maxdepth 1 -type d | wc -l)
    [[ $installed == 30 ]] || { echo "$1: $installed of 30 packages installed" >&2; return 1; }
}

say "warm-up: one install from each"
install nginx "$nbase" > /dev/null
install cargoman "$base" > /dev/null
declare -a c4 n4
for r in $(seq 1 "$runs"); do
    say "run $r/$runs"
    n4+=("$(install nginx "$nbase")")
    c4+=("$(install cargoman "$base")")
done
m4=$(bench_median "${c4[@]}")
b4=$(bench_median "${n4[@]}")
r4=$(bench_ratio "$m4" "$b4")
echo "context: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(composer --version 2> /dev/null | head -n1), median of $runs runs; cargoman ${c4[*]} ms, nginx ${n4[*]} ms"
echo "P4 composer update, 30 private packages, cold client cache: $m4 ms (static repository on nginx $b4 ms, ratio $r4)$([[ $(bench_verdict "$r4" le 1.05) == met ]] || echo '  MISSED')"
bench_record P4 "\`composer update\` of a project requiring 30 private packages (cold client cache)" "$m4 ms" \
    "static repository on nginx $b4 ms" "$r4× ($(bench_range "${c4[*]}" "${n4[*]}"))" "≤ 1.05×" "$(bench_verdict "$r4" le 1.05)" \
    "median of $runs alternating runs after a warm-up of each; range of the per-run ratios in brackets"
