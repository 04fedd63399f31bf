#!/usr/bin/env bash
# The test command of cargoman: ./scripts/test.sh [cargo test args...]
#
# Installs what the suite needs when missing (Debian/Ubuntu, apt-get), starts
# a throwaway PostgreSQL cluster and an S3-compatible server (moto) on
# loopback, runs the test suite, and stops everything it started on exit.
#
# Environment:
#   CARGOMAN_TEST_DATABASE_URL  admin URL of an existing PostgreSQL server to use
#                               (tests run CREATE DATABASE on it); when unset, a
#                               throwaway cluster is started on a free port
#   CARGOMAN_TEST_S3_ENDPOINT   URL of an existing S3-compatible server to use;
#                               when unset, moto_server is started on a free port
#                               (CARGOMAN_TEST_S3_REGION, _ACCESS_KEY_ID and
#                               _SECRET_ACCESS_KEY default to us-east-1/test/test)
#   CARGOMAN_TEST_CMD           test command, default: cargo test --workspace --locked --no-fail-fast
#                               (the script's arguments are appended to it)
#   CARGOMAN_SKIP_INSTALL_TEST  set to 1 to skip shellcheck and the install.sh test
#   CARGOMAN_FUZZ_SECONDS       seconds each fuzz target runs (default 20; 0 skips
#                               the fuzz step); its build is kept in
#                               $XDG_CACHE_HOME/cargoman-test/fuzz-target
#   CARGOMAN_CHROMIUM           the headless browser of the web UI tests, and
#   CARGOMAN_CHROMEDRIVER       its WebDriver server: found (chromium and
#                               chromium-driver are installed when missing) and
#                               exported by this script unless set
#   CARGOMAN_SCHEMATHESIS       set by this script: the schemathesis CLI (installed into
#                               $XDG_CACHE_HOME/cargoman-test/st-venv)
#   XDG_CACHE_HOME              the moto venv lives in $XDG_CACHE_HOME/cargoman-test
#                               (default ~/.cache/cargoman-test)
set -euo pipefail

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."

# moto's server with only the S3 backend's dependencies: 'moto[server]' pulls
# in every backend's (twice the size, twice the install time). Pinned to a
# major version: the venv is reused across runs, rebuilt when this changes.
MOTO_PKGS=('moto[s3]>=5,<6' 'flask' 'flask-cors')
# schemathesis runs against the served OpenAPI document (R5); its CLI changed at 4.
SCHEMATHESIS_SPEC='schemathesis>=4,<5'
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/cargoman-test

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Cleanup: everything started below registers itself here.
TMP_DIR=''
PG_DIR=''
PG_BIN=''
PG_STARTED=0
S3_PID=''
TEST_PID=''

# shellcheck disable=SC2317 # only reached through the traps
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if [[ -n $TEST_PID ]] && kill -0 "$TEST_PID" 2>/dev/null; then
        # The test command runs in its own process group (see run_tests).
        kill -TERM -- "-$TEST_PID" 2>/dev/null
        wait "$TEST_PID" 2>/dev/null
    fi
    if [[ -n $S3_PID ]]; then
        kill -TERM "$S3_PID" 2>/dev/null
        wait "$S3_PID" 2>/dev/null
    fi
    if [[ $PG_STARTED == 1 ]]; then
        (cd / && as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 20 stop) >/dev/null 2>&1
        if [[ -f $PG_DIR/data/postmaster.pid ]]; then # pg_ctl failed: kill our postmaster
            local pid
            pid=$(head -n1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
            [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null
        fi
    fi
    [[ -n $PG_DIR ]] && rm -rf -- "$PG_DIR"
    [[ -n $TMP_DIR ]] && rm -rf -- "$TMP_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# Rust cannot usefully come from apt: require cargo (unless the test command
# was overridden).
if [[ -z ${CARGOMAN_TEST_CMD:-} ]] && ! command -v cargo >/dev/null 2>&1; then
    if [[ -x $HOME/.cargo/bin/cargo ]]; then
        PATH=$HOME/.cargo/bin:$PATH
    else
        die "cargo not found. Install Rust with rustup (https://rustup.rs):
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
then open a new shell (or: . \"\$HOME/.cargo/env\") and run ./scripts/test.sh again."
    fi
fi

# ---------------------------------------------------------------------------
# System packages.
SUDO=()
if [[ $(id -u) != 0 ]] && command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
fi

have() { command -v "$1" >/dev/null 2>&1; }
# nginx lives in /usr/sbin, which is not on every user's PATH.
find_nginx() {
    local p
    for p in "$(command -v nginx 2>/dev/null || true)" /usr/sbin/nginx /usr/local/sbin/nginx; do
        [[ -n $p && -x $p ]] && { printf '%s\n' "$p"; return 0; }
    done
    return 1
}
# Directory with initdb, pg_ctl and postgres: Debian's newest
# /usr/lib/postgresql/N/bin, else wherever initdb on PATH really lives.
find_pg_bin() {
    local d best='' p
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] || continue
        if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "${best%/bin}" "${d%/bin}" | sort -V | tail -n1) == "${d%/bin}" ]]; then
            best=$d
        fi
    done
    if [[ -z $best ]] && p=$(command -v initdb 2>/dev/null); then
        d=$(dirname "$(readlink -f "$p")")
        [[ -x $d/pg_ctl && -x $d/postgres ]] && best=$d
    fi
    [[ -n $best ]] && printf '%s\n' "$best"
}
# The web UI tests' browser and its WebDriver server (Debian: chromium and
# chromium-driver; Ubuntu: chromium-browser and chromium-chromedriver).
find_chromium() {
    local p
    for p in "$(command -v chromium 2>/dev/null || true)" "$(command -v chromium-browser 2>/dev/null || true)" \
        /usr/bin/chromium /usr/lib/chromium/chromium; do
        [[ -n $p && -x $p ]] && { printf '%s\n' "$p"; return 0; }
    done
    return 1
}
find_chromedriver() {
    local p
    for p in "$(command -v chromedriver 2>/dev/null || true)" /usr/bin/chromedriver \
        /usr/lib/chromium/chromedriver /usr/lib/chromium-browser/chromedriver; do
        [[ -n $p && -x $p ]] && { printf '%s\n' "$p"; return 0; }
    done
    return 1
}
php_has_ext() { have php && php -r "exit(extension_loaded('$1') ? 0 : 1);" >/dev/null 2>&1; }
apt_has_candidate() {
    local out # no `| grep -q` here: with pipefail, grep's early exit fails the pipe
    out=$(apt-cache policy "$1" 2>/dev/null) || return 1
    [[ $out == *"Candidate: "* && $out != *"Candidate: (none)"* ]]
}

ensure_packages() {
    local missing=()
    have git || missing+=(git)
    [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
    have ssh || missing+=(openssh-client)
    have unzip || missing+=(unzip)
    have curl || missing+=(curl)
    [[ -s /etc/ssl/certs/ca-certificates.crt ]] || missing+=(ca-certificates)
    have php || missing+=(php-cli)
    php_has_ext zip || missing+=(php-zip)
    php_has_ext curl || missing+=(php-curl)
    php_has_ext mbstring || missing+=(php-mbstring)
    have composer || missing+=(composer)
    [[ -n $(find_pg_bin) ]] || missing+=(postgresql)
    find_nginx >/dev/null || missing+=(nginx-light)
    have shellcheck || missing+=(shellcheck)
    [[ -n ${CARGOMAN_CHROMIUM:-} ]] || find_chromium >/dev/null || missing+=(chromium)
    [[ -n ${CARGOMAN_CHROMEDRIVER:-} ]] || find_chromedriver >/dev/null || missing+=(chromium-driver)
    have python3 || missing+=(python3)
    # Debian ships venv's ensurepip separately, in python3-venv.
    if ! have python3 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        missing+=(python3-venv)
    fi
    [[ ${#missing[@]} == 0 ]] && return 0

    if ! have apt-get; then
        die "missing: ${missing[*]} (and no apt-get here: install them by hand)"
    fi
    if [[ $(id -u) != 0 && ${#SUDO[@]} == 0 ]]; then
        die "missing: ${missing[*]}; not root and no sudo: install them with apt-get as root"
    fi
    local log="${TMPDIR:-/tmp}/cargoman-apt.$$.log"
    local apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300)
    say "apt-get update"
    if ! "${apt[@]}" update >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; die "apt-get update failed"
    fi
    # nginx-light is gone from newer releases: fall back to nginx there. Ubuntu
    # names chromium and its driver differently.
    local i
    for i in "${!missing[@]}"; do
        if [[ ${missing[$i]} == nginx-light ]] && ! apt_has_candidate nginx-light; then
            missing[i]=nginx
        elif [[ ${missing[$i]} == chromium ]] && ! apt_has_candidate chromium; then
            missing[i]=chromium-browser
        elif [[ ${missing[$i]} == chromium-driver ]] && ! apt_has_candidate chromium-driver; then
            missing[i]=chromium-chromedriver
        fi
    done
    say "installing ${missing[*]}"
    if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; die "apt-get install ${missing[*]} failed"
    fi
    rm -f "$log"
    hash -r
}
ensure_packages

# Tests drive composer non-interactively, possibly as root (CI).
export COMPOSER_NO_INTERACTION=${COMPOSER_NO_INTERACTION:-1}
export COMPOSER_ALLOW_SUPERUSER=${COMPOSER_ALLOW_SUPERUSER:-1}
COMPOSER_BIN=$(command -v composer) || die "composer not found after install"
if ! composer_out=$("$COMPOSER_BIN" --no-ansi --version 2>&1) || [[ $composer_out != *Composer*version* ]]; then
    printf '%s\n' "$composer_out" >&2
    die "'$COMPOSER_BIN --version' does not work"
fi
NGINX_BIN=$(find_nginx) || die "nginx not found after install"
export COMPOSER_BIN NGINX_BIN
# The web UI tests start their own chromedriver, which starts headless chromium.
CARGOMAN_CHROMIUM=${CARGOMAN_CHROMIUM:-$(find_chromium)} || die "chromium not found after install"
CARGOMAN_CHROMEDRIVER=${CARGOMAN_CHROMEDRIVER:-$(find_chromedriver)} || die "chromedriver not found after install"
if ! driver_out=$("$CARGOMAN_CHROMEDRIVER" --version 2>&1) || [[ $driver_out != *ChromeDriver* ]]; then
    printf '%s\n' "$driver_out" >&2
    die "'$CARGOMAN_CHROMEDRIVER --version' does not work"
fi
export CARGOMAN_CHROMIUM CARGOMAN_CHROMEDRIVER

TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cargoman-test.XXXXXX")

# Free TCP ports on 127.0.0.1, all distinct (the sockets are held together).
free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
read -r PG_PORT S3_PORT <<<"$(free_ports 2)"

# ---------------------------------------------------------------------------
# Python tools from cached venvs, one per tool (their dependencies clash).
# ensure_venv DIR CHECK PACKAGE...: a venv at $CACHE_DIR/DIR holding PACKAGE...,
# rebuilt when the packages change or `DIR/bin/python -c CHECK` fails.
ensure_venv() {
    local dir=$1 check=$2
    shift 2
    local venv=$CACHE_DIR/$dir spec="$*"
    local stamp=$venv/.cargoman-spec
    mkdir -p "$CACHE_DIR"
    # Another run may be building the venv at the same time.
    if have flock; then
        exec 9>"$CACHE_DIR/.lock"
        flock 9
    fi
    if ! [[ -f $stamp && $(<"$stamp") == "$spec" ]] ||
        ! "$venv/bin/python" -c "$check" >/dev/null 2>&1; then
        say "installing $spec into $venv"
        rm -rf -- "$venv"
        local log=$TMP_DIR/pip-$dir.log
        if ! { python3 -m venv "$venv" &&
            "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@"; } >"$log" 2>&1; then
            cat "$log" >&2
            rm -rf -- "$venv"
            die "could not install $spec into $venv (PyPI reachable?)"
        fi
        printf '%s' "$spec" >"$stamp"
    fi
    if have flock; then
        exec 9>&-
    fi
}

# S3: moto_server.
ensure_moto_venv() {
    ensure_venv venv 'import moto.server' "${MOTO_PKGS[@]}"
    MOTO_SERVER=$CACHE_DIR/venv/bin/moto_server
}

# schemathesis, for the R5 test against the served OpenAPI document.
ensure_schemathesis() {
    ensure_venv st-venv 'import schemathesis' "$SCHEMATHESIS_SPEC"
    export CARGOMAN_SCHEMATHESIS=$CACHE_DIR/st-venv/bin/schemathesis
}

start_s3() {
    ensure_moto_venv
    # Own process group, so a Ctrl-C reaches this script, not the server.
    set -m
    "$MOTO_SERVER" -H 127.0.0.1 -p "$S3_PORT" </dev/null >"$TMP_DIR/moto.log" 2>&1 &
    S3_PID=$!
    set +m
    export CARGOMAN_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
}

wait_s3() {
    local i
    for ((i = 0; i < 300; i++)); do
        if curl -fsS -o /dev/null --max-time 2 "$CARGOMAN_TEST_S3_ENDPOINT/moto-api/" 2>/dev/null; then
            say "s3 (moto) on $CARGOMAN_TEST_S3_ENDPOINT"
            return 0
        fi
        if ! kill -0 "$S3_PID" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    tail -n 30 "$TMP_DIR/moto.log" >&2
    die "moto_server did not come up on $CARGOMAN_TEST_S3_ENDPOINT"
}

ensure_schemathesis

if [[ -n ${CARGOMAN_TEST_S3_ENDPOINT:-} ]]; then
    say "s3: using CARGOMAN_TEST_S3_ENDPOINT=$CARGOMAN_TEST_S3_ENDPOINT"
else
    start_s3
fi
export CARGOMAN_TEST_S3_REGION=${CARGOMAN_TEST_S3_REGION:-us-east-1}
export CARGOMAN_TEST_S3_ACCESS_KEY_ID=${CARGOMAN_TEST_S3_ACCESS_KEY_ID:-test}
export CARGOMAN_TEST_S3_SECRET_ACCESS_KEY=${CARGOMAN_TEST_S3_SECRET_ACCESS_KEY:-test}

# ---------------------------------------------------------------------------
# PostgreSQL: a throwaway cluster, run as the `postgres` system user when we
# are root (PostgreSQL refuses to run as root).
PG_USER=''
as_pg_user() {
    if [[ -z $PG_USER ]]; then
        "$@"
    elif have runuser; then
        runuser -u "$PG_USER" -- "$@"
    else
        su "$PG_USER" -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

start_postgres() {
    PG_BIN=$(find_pg_bin) || true
    [[ -n $PG_BIN ]] || die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
    local base=${TMPDIR:-/tmp}
    if [[ $(id -u) == 0 ]]; then
        PG_USER=postgres
        id -u "$PG_USER" >/dev/null 2>&1 ||
            die "running as root, but there is no 'postgres' user to run the PostgreSQL server as"
        base=/tmp # the postgres user must be able to reach it
    fi
    # Unix socket paths are limited to ~100 bytes.
    ((${#base} <= 60)) || base=/tmp
    PG_DIR=$(mktemp -d "$base/cargoman-pg.XXXXXX")
    [[ -n $PG_USER ]] && chown "$PG_USER:" "$PG_DIR"
    chmod 700 "$PG_DIR"

    if ! (cd "$PG_DIR" && as_pg_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres \
        --auth=trust --encoding=UTF8 --locale=C --no-sync) >"$TMP_DIR/initdb.log" 2>&1; then
        cat "$TMP_DIR/initdb.log" >&2
        die "initdb failed"
    fi
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF

# cargoman test cluster
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
EOF
    PG_STARTED=1
    if ! (cd "$PG_DIR" && as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" \
        -w -t 60 start) >/dev/null 2>&1; then
        tail -n 30 "$PG_DIR/postgres.log" >&2
        die "postgres did not start"
    fi
    local isready=$PG_BIN/pg_isready i
    [[ -x $isready ]] || isready=$(command -v pg_isready) || isready=''
    if [[ -n $isready ]]; then
        for ((i = 0; i < 300; i++)); do
            "$isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres && break
            sleep 0.1
        done
        ((i < 300)) || { tail -n 30 "$PG_DIR/postgres.log" >&2; die "postgres is not ready"; }
    fi
    export CARGOMAN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
    say "postgres on 127.0.0.1:$PG_PORT"
}

if [[ -n ${CARGOMAN_TEST_DATABASE_URL:-} ]]; then
    say "postgres: using CARGOMAN_TEST_DATABASE_URL"
else
    start_postgres
fi
[[ -n $S3_PID ]] && wait_s3

# ---------------------------------------------------------------------------
# The suite.
test_install_sh() {
    say "shellcheck install.sh scripts/*.sh .ci/run"
    local files=(install.sh scripts/*.sh)
    [[ -f .ci/run ]] && files+=(.ci/run)
    shellcheck "${files[@]}" || return 1
    say "scripts/test-install.sh"
    scripts/test-install.sh || return 1
}

run_tests() {
    local cmd=${CARGOMAN_TEST_CMD:-cargo test --workspace --locked --no-fail-fast}
    say "$cmd${*:+ $*}"
    # In the background, in its own process group, so that on INT/TERM the
    # traps run at once and cleanup can stop the whole command tree.
    set -m
    bash -c "$cmd \"\$@\"" cargoman-test "$@" </dev/null &
    TEST_PID=$!
    set +m
    local rc=0
    wait "$TEST_PID" || rc=$?
    TEST_PID=''
    return "$rc"
}

rc=0
run_tests "$@" || rc=$?
if [[ ${CARGOMAN_SKIP_INSTALL_TEST:-0} != 1 ]]; then
    if ! test_install_sh; then
        say "install.sh test FAILED"
        ((rc != 0)) || rc=1
    fi
fi
# R4: every cargo-fuzz target for a bounded time from its seeds (fuzz/run.sh, which
# installs cargo-fuzz when missing). The instrumented build is kept in the cache, so
# later runs rebuild only cargoman itself.
run_fuzz() {
    local secs=$1
    say "fuzz: every target for $secs s (fuzz/run.sh; CARGOMAN_FUZZ_SECONDS=0 skips)"
    CARGO_TARGET_DIR=$CACHE_DIR/fuzz-target fuzz/run.sh "$secs"
}
fuzz_seconds=${CARGOMAN_FUZZ_SECONDS:-20}
if [[ $fuzz_seconds != 0 ]]; then
    if ! run_fuzz "$fuzz_seconds"; then
        say "fuzz FAILED"
        ((rc != 0)) || rc=1
    fi
fi
if ((rc != 0)); then
    say "FAILED (exit $rc)"
fi
exit "$rc"
