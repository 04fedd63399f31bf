#!/usr/bin/env bash
# R8: a soak at half the peak rate, with RSS growth reported (not run in CI: it takes
# ten minutes by default).
#
# Seeds a registry (acme/lib with 100 tags, a customer with a constrained grant and
# 200 tokens), measures the peak rate of /p2/acme/lib.json with wrk (64 connections,
# the tokens in rotation), then serves half that rate for the soak's length: wrk's
# connections wait 10 ms between requests (a Lua `delay`), so the rate is held, not
# pushed.
# Every 10 s the server's RSS is sampled. At the end it prints the rate held, the
# errors (non-2xx answers and socket errors) and the RSS growth from the end of the
# first minute (warm caches) to the end, and fails when there was any error or the RSS
# grew by 5 % or more (the R8 target).
#
# Usage: examples/soak.sh [--minutes N] [--keep]
#   CARGOMAN_BIN=/path/to/cargoman   use that binary instead of building one

set -euo pipefail

minutes=10
keep=0
while (($#)); do
    case $1 in
        --minutes) minutes=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[soak] %s\n' "$*" >&2; }
# shellcheck source=examples/bench-lib.sh
source examples/bench-lib.sh
bench_need wrk curl
bench_binary

tmp=$(mktemp -d /tmp/soak.XXXXXX)
server_pid=''
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if ((keep)); then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

cm() { (cd "$tmp/work" && env -i PATH="$PATH" HOME="$tmp" USER=soak CARGOMAN_DATA_DIR="$tmp/data" "$CARGOMAN_BIN" "$@"); }
mkdir -p "$tmp/work"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=s GIT_AUTHOR_EMAIL=s@s GIT_COMMITTER_NAME=s GIT_COMMITTER_EMAIL=s@s

say "seeding: acme/lib with 100 tags, one customer, 200 tokens"
repo=$tmp/lib
git init -q -b main "$repo"
printf '{"name":"acme/lib","license":"proprietary","require":{"php":">=8.1"}}\n' > "$repo/composer.json"
for i in $(seq 0 99); do
    printf '<?php // %d\n' "$i" > "$repo/lib.php"
    git -C "$repo" add -A && git -C "$repo" commit -qm "v$i" && git -C "$repo" tag "1.$i.0"
done
cm package add "$repo" > /dev/null
cm customer add soak > /dev/null
cm customer grant soak acme/lib --constraint '>=1.10 <1.60' > /dev/null
for _ in $(seq 1 200); do
    plain=$(cm --json token issue --customer soak | python3 -c 'import json,sys; print(json.load(sys.stdin)["plain_token"])')
    printf 'token:%s' "$plain" | base64 -w0
    echo
done > "$tmp/tokens.txt"

port=$(bench_free_port)
(cd "$tmp/work" && exec env -i PATH="$PATH" HOME="$tmp" CARGOMAN_DATA_DIR="$tmp/data" \
    HOST=127.0.0.1 PORT="$port" TASK_SYNC_INTERVAL=0 RUST_LOG=warn "$CARGOMAN_BIN" serve > "$tmp/serve.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/ready" > /dev/null && break; sleep 0.1; done
url=http://127.0.0.1:$port/p2/acme/lib.json
first=$(head -1 "$tmp/tokens.txt")
curl -fs -H "Authorization: Basic $first" "$url" > /dev/null || { say "the seeded file is not served"; exit 1; }

# Tokens in rotation; DELAY (ms) between a connection's requests when set.
cat > "$tmp/soak.lua" <<EOF
local tokens = {}
for line in io.lines("$tmp/tokens.txt") do tokens[#tokens + 1] = line end
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", nil, { ["Authorization"] = "Basic " .. tokens[(n % #tokens) + 1] })
end
local pause = tonumber(os.getenv("DELAY") or "0")
if pause > 0 then delay = function() return pause end end
EOF

rate_of() { awk '/Requests\/sec/ {print $2}' "$1"; }
errors_of() {
    awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"
}

say "measuring the peak rate (wrk, 64 connections, 10 s)"
wrk -t2 -c64 -d10s -s "$tmp/soak.lua" "$url" > "$tmp/peak.txt"
peak=$(rate_of "$tmp/peak.txt")
half=$(python3 -c "print(round(float('$peak') / 2))")
# Each connection waits 10 ms between requests, so half the peak takes about
# half/100 connections (wrk's delay counts whole milliseconds: a fixed, long delay
# and a computed number of connections hold the rate closer than the reverse).
delay=10
conns=$(python3 -c "print(min(2000, max(2, round(float('$peak') / 2 * $delay / 1000))))")
# Each request also takes its own time: a 10 s trial at that count, then the count
# scaled by how far the trial fell short.
DELAY=$delay wrk -t2 -c"$conns" -d10s -s "$tmp/soak.lua" "$url" > "$tmp/trial.txt"
conns=$(python3 -c "print(min(2000, max(2, round($conns * float('$half') / float('$(rate_of "$tmp/trial.txt")')))))")
say "peak $peak req/s; soaking at about $half req/s ($conns connections, ${delay} ms apart) for $minutes min"

samples=$tmp/rss.txt
: > "$samples"
DELAY=$delay wrk -t2 -c"$conns" -d"${minutes}m" --timeout 5s -s "$tmp/soak.lua" "$url" > "$tmp/soak.txt" &
wrk_pid=$!
start=$SECONDS
while kill -0 "$wrk_pid" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then say "the server died"; exit 1; fi
    printf '%s %s\n' "$((SECONDS - start))" "$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")" >> "$samples"
    sleep 10
done
wait "$wrk_pid"
final=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
held=$(rate_of "$tmp/soak.txt")
errors=$(errors_of "$tmp/soak.txt")
requests=$(awk '/requests in/ {print $1}' "$tmp/soak.txt")
warm=$(awk '$1 >= 60 {print $2; exit}' "$samples")
warm=${warm:-$(head -1 "$samples" | awk '{print $2}')}
growth=$(python3 -c "print(f'{(int($final) - int($warm)) * 100 / int($warm):.1f}')")
peak_rss=$(sort -k2 -n "$samples" | tail -1 | awk '{print $2}')
grep -i "latency " "$tmp/soak.txt" | sed 's/^/[soak]   /' >&2 || true

echo "R8: ${minutes} min at ${held} req/s (half of peak ${peak}): ${requests} requests, ${errors} errors; RSS ${warm} kB after 1 min -> ${final} kB at the end (${growth} %, peak ${peak_rss} kB); target: no error, growth < 5 %"
fail=0
((errors == 0)) || { say "FAILED: $errors errors"; fail=1; }
python3 -c "import sys; sys.exit(0 if float('$growth') < 5 else 1)" || { say "FAILED: RSS grew ${growth} %"; fail=1; }
exit "$fail"
