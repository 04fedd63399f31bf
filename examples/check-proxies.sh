#!/bin/bash
# Checks the production examples: `nginx -t` on examples/nginx.conf, `caddy validate`
# on examples/Caddyfile, `systemd-analyze verify` on examples/cargoman.service, then runs
# cargoman behind each proxy (ports moved to 18443/18081, a throwaway certificate) and
# checks what the README says about them: forwarded headers believed (https URLs, the
# client address), a spoofed X-Forwarded-For ignored, HTTP/2, the GraphQL WebSocket
# upgrade, body limits, gzip, and /metrics refused to other addresses.
#
#   examples/check-proxies.sh [path/to/cargoman]      (default target/release/cargoman)
#
# Needs nginx, caddy (Debian packages), curl and openssl; a tool that is missing is
# reported as skipped. Exit status 1 when any check fails.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/target/release/cargoman}")
W=$(mktemp -d /tmp/cargoman-check-proxies.XXXXXX)
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
[ -x "$BIN" ] || { echo "no cargoman binary at $BIN (cargo build --release)"; exit 1; }
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj /CN=composer.example.com >/dev/null 2>&1

# Static checks, on the files as shipped (certificate paths pointed at the test pair).
if command -v nginx >/dev/null; then
  sed -e "s#/etc/letsencrypt/live/composer.example.com/fullchain.pem#$W/cert.pem#" \
      -e "s#/etc/letsencrypt/live/composer.example.com/privkey.pem#$W/key.pem#" \
      "$ROOT/examples/nginx.conf" >"$W/nginx-t.conf"
  check "nginx -t" 'nginx -t -q -c "$W/nginx-t.conf" 2>"$W/nginx-t.log" || { cat "$W/nginx-t.log"; false; }'
else echo "skip nginx: not installed"; fi
if command -v caddy >/dev/null; then
  check "caddy validate" 'XDG_DATA_HOME=$W XDG_CONFIG_HOME=$W caddy validate --adapter caddyfile --config "$ROOT/examples/Caddyfile" >"$W/caddy-v.log" 2>&1 || { tail -3 "$W/caddy-v.log"; false; }'
else echo "skip caddy: not installed"; fi
if command -v systemd-analyze >/dev/null; then
  printf '#!/bin/sh\n' >"$W/stub" && chmod +x "$W/stub"
  sed "s#/usr/local/bin/cargoman#$W/stub#" "$ROOT/examples/cargoman.service" >"$W/cargoman.service"
  check "systemd-analyze verify" 'systemd-analyze verify --man=no "$W/cargoman.service"'
else echo "skip systemd-analyze: not installed"; fi

# cargoman behind one proxy: $1 is nginx or caddy.
behind() {
  local kind=$1 D="$W/$1"
  mkdir -p "$D/data"
  export CARGOMAN_DATA_DIR=$D/data HOST=127.0.0.1 PORT=18080 RUST_LOG=warn
  unset DATABASE_URL CARGOMAN_CONFIG
  (cd "$D" && "$BIN" migrate >/dev/null 2>&1 && "$BIN" customer add acme >/dev/null)
  local token
  token=$(cd "$D" && "$BIN" --json token issue --customer acme --name t |
    grep -o 'cmt_[A-Za-z0-9_-]*' | awk '{ if (length($0) > length(t)) t = $0 } END { print t }')
  (cd "$D" && exec env GITHUB_WEBHOOK_SECRET=s3cret ADMIN_TOKEN=cma_check "$BIN" serve) >"$D/serve.log" 2>&1 &
  local serve=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/health >/dev/null && break; sleep 0.1; done
  if [ "$kind" = nginx ]; then
    sed -e 's#listen 443 ssl http2;#listen 18443 ssl http2;#; s#listen \[::\]:443 ssl http2;##' \
        -e 's#listen 80;#listen 18081;#; s#listen \[::\]:80;##' \
        -e 's#server 127.0.0.1:8080;#server 127.0.0.1:18080;#' \
        -e "s#^pid .*#pid $D/nginx.pid;#; s#/var/log/nginx/#$D/#" "$W/nginx-t.conf" >"$D/nginx.conf"
    nginx -c "$D/nginx.conf" || { echo "FAIL nginx did not start"; fail=1; kill "$serve"; wait "$serve"; return; }
  else
    sed -e "s#^\temail .*#\thttp_port 18081\n\thttps_port 18443\n\tskip_install_trust\n\tadmin off\n\tstorage file_system $D/caddy#" \
        -e 's#reverse_proxy 127.0.0.1:8080#reverse_proxy 127.0.0.1:18080#' \
        -e 's#^composer.example.com {#composer.example.com {\n\ttls internal#' \
        "$ROOT/examples/Caddyfile" >"$D/Caddyfile"
    XDG_DATA_HOME=$D XDG_CONFIG_HOME=$D caddy start --adapter caddyfile --config "$D/Caddyfile" \
      --pidfile "$D/caddy.pid" >"$D/caddy.log" 2>&1 ||
      { echo "FAIL caddy did not start"; fail=1; kill "$serve"; wait "$serve"; return; }
  fi
  # The client connects from the machine's own non-loopback address, so the address
  # cargoman records can only come from the proxy's X-Forwarded-For.
  local ip u=https://composer.example.com:18443 code enc seen
  ip=$(hostname -I | awk '{print $1}')
  local c="curl -sk --resolve composer.example.com:18443:$ip"
  local l="curl -sk --resolve composer.example.com:18443:127.0.0.1"
  for _ in $(seq 50); do [ "$($l -o /dev/null -w '%{http_code}' $u/health)" = 200 ] && break; sleep 0.2; done
  local pkgs
  # shellcheck disable=SC2034  # read by the check's eval below
  pkgs=$($c -u "token:$token" -H 'X-Forwarded-For: 203.0.113.9' -H 'X-Forwarded-Proto: http' $u/packages.json)
  # nginx passes $host (no port), Caddy the Host as the client sent it (with :18443).
  check "$kind: URLs in packages.json are https://composer.example.com…" \
    '[[ "$pkgs" == *"\"notify-batch\":\"https://composer.example.com"[:/]* ]]'
  check "$kind: HTTP/2 to the client" '[ "$($c -o /dev/null -w "%{http_version}" --http2 $u/health)" = 2 ]'
  code=$($c --http1.1 -o /dev/null -w '%{http_code}' --max-time 3 -H 'Connection: Upgrade' \
    -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
    -H 'Sec-WebSocket-Protocol: graphql-transport-ws' $u/graphql)
  check "$kind: GraphQL WebSocket upgrade (101, got $code)" '[ "$code" = 101 ]'
  head -c 2000000 /dev/zero >"$D/2mb"
  head -c 6000000 /dev/zero >"$D/6mb"
  code=$($c -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary @"$D/2mb" $u/api/v1/customers)
  check "$kind: 2 MB API body stopped at the proxy (413, got $code)" '[ "$code" = 413 ]'
  code=$($c -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -H 'X-GitHub-Event: push' \
    --data-binary @"$D/2mb" $u/api/webhooks/github)
  check "$kind: 2 MB webhook reaches cargoman, refused for its signature (401/403, got $code)" \
    '[ "$code" = 401 ] || [ "$code" = 403 ]'
  code=$($c -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary @"$D/6mb" $u/api/webhooks/github)
  # nginx refuses it before passing anything on; Caddy streams bodies and cuts this one
  # off at its limit, which the client may see as a 413 or as a reset stream.
  check "$kind: 6 MB webhook refused (413, or cut off: got $code)" \
    '[ "$code" = 413 ] || { [ "$kind" = caddy ] && { [ "$code" = 000 ] || [ "$code" = 502 ]; }; }'
  enc=$($c -H 'Accept-Encoding: gzip' -o /dev/null -D - $u/api/v1/openapi.json | grep -i '^content-encoding' | tr -d '\r')
  check "$kind: JSON compressed ($enc)" '[[ "$enc" == *gzip* ]]'
  code=$($l -o /dev/null -w '%{http_code}' $u/metrics)
  check "$kind: /metrics answered to 127.0.0.1 (200, got $code)" '[ "$code" = 200 ]'
  code=$($c -o /dev/null -w '%{http_code}' $u/metrics)
  check "$kind: /metrics refused to $ip (403/404, got $code)" '[ "$code" = 403 ] || [ "$code" = 404 ]'
  if [ "$kind" = nginx ]; then nginx -c "$D/nginx.conf" -s stop 2>/dev/null; else kill "$(cat "$D/caddy.pid")"; fi
  kill -TERM "$serve"; wait "$serve"
  seen=$(cd "$D" && "$BIN" --json token show 1 | grep -o '"last_used_ip": *"[^"]*"')
  check "$kind: client address is $ip, not the spoofed 203.0.113.9 ($seen)" '[[ "$seen" == *"\"$ip\""* ]]'
}

command -v nginx >/dev/null && behind nginx
command -v caddy >/dev/null && behind caddy
[ "$fail" = 0 ] && rm -rf "$W" || echo "files kept in $W"
exit "$fail"
