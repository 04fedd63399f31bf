# Shared by the examples/bench*.sh scripts (sourced, not run): tools, the release
# binary, small statistics, and the results file that examples/bench.sh turns into
# docs/benchmarks.md.
#
#   BENCH_RESULTS=FILE   when set, every figure is also appended to FILE as one
#                        tab-separated record (see bench_record)
#   CARGOMAN_BIN=PATH    the cargoman binary to measure (built when unset)
# shellcheck shell=bash

# bench_need TOOL[:DEBIAN_PACKAGE]... installs, with apt-get, the packages of the tools
# that are not on the PATH (nginx is also looked for in /usr/sbin).
bench_need() {
    local missing=() spec tool pkg
    for spec in "$@"; do
        tool=${spec%%:*}
        pkg=${spec#*:}
        command -v "$tool" > /dev/null && continue
        [[ -x /usr/sbin/$tool ]] && continue
        missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    printf '[bench] installing %s\n' "${missing[*]}" >&2
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" > /dev/null
}

# bench_binary [EXAMPLE...]: sets CARGOMAN_BIN (and CARGOMAN_<EXAMPLE> for each example
# named, e.g. CARGOMAN_BENCH_WRITER) to the release build, building what is not given.
# shellcheck disable=SC2120 # the examples are optional
bench_binary() {
    local ex var need=0
    [[ -n ${CARGOMAN_BIN:-} ]] || need=1
    for ex in "$@"; do
        var=CARGOMAN_${ex^^}
        [[ -n ${!var:-} ]] || need=1
    done
    if ((need)); then
        local args=(--bin cargoman)
        for ex in "$@"; do args+=(--example "$ex"); done
        printf '[bench] building %s (release)\n' "${args[*]}" >&2
        cargo build --release --locked -q "${args[@]}"
    fi
    local target=${CARGO_TARGET_DIR:-$PWD/target}
    CARGOMAN_BIN=${CARGOMAN_BIN:-$target/release/cargoman}
    for ex in "$@"; do
        var=CARGOMAN_${ex^^}
        [[ -n ${!var:-} ]] || printf -v "$var" '%s' "$target/release/examples/$ex"
    done
}

bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bench_median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
bench_ratio() { python3 -c 'import sys; b=float(sys.argv[2]); print(f"{float(sys.argv[1])/b:.2f}" if b else "inf")' "$1" "$2"; }

# bench_range "A1 A2…" "B1 B2…": the range of the per-round ratios Ai/Bi, "0.97–1.04"
# (one number when there is one round).
bench_range() {
    python3 - "$1" "$2" << 'EOF'
import sys
a, b = ([float(x) for x in s.split()] for s in sys.argv[1:3])
r = sorted(x / y for x, y in zip(a, b) if y)
print("?" if not r else f"{r[0]:.2f}" if len(r) == 1 or f"{r[0]:.2f}" == f"{r[-1]:.2f}" else f"{r[0]:.2f}–{r[-1]:.2f}")
EOF
}

# bench_verdict VALUE OP LIMIT -> "met" or "not met" (OP: ge or le)
bench_verdict() {
    python3 -c 'import sys; v, op, l = float(sys.argv[1]), sys.argv[2], float(sys.argv[3])
print("met" if (v >= l if op == "ge" else v <= l) else "not met")' "$1" "$2" "$3"
}

# bench_record ID WORK VALUE BASELINE RATIO TARGET VERDICT [NOTE]
# One figure, e.g. bench_record P1 "/p2 file…" "41234 req/s" "nginx 40100 req/s"
# "1.03× (0.98–1.05)" "≥ 1.0×" met. Empty fields are allowed; VERDICT is "met",
# "not met" or "not measured" (then NOTE says why). Tabs and newlines are replaced.
bench_record() {
    [[ -n ${BENCH_RESULTS:-} ]] || return 0
    local f fields=()
    for f in "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${8:-}"; do
        f=${f//$'\t'/ }
        fields+=("${f//$'\n'/ }")
    done
    (IFS=$'\t'; printf '%s\n' "${fields[*]}") >> "$BENCH_RESULTS"
}
