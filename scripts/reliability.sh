#!/usr/bin/env bash
# The reliability and security checks R1–R9 of the targets, by name. Each one is a test
# or a script that fails when its check does not hold.
#
#   scripts/reliability.sh                 list the checks and what runs each
#   scripts/reliability.sh R1 R7 …         run those checks
#   scripts/reliability.sh ci              every check that CI runs (all but R8)
#
# The test-based checks run through scripts/test.sh (so its throwaway PostgreSQL and
# S3 servers and the tools they need are there); CI runs them anyway, as part of the
# whole suite, along with the fuzz targets. R8 (a 10-minute soak) is not run in CI.
#
#   R1  kill -9 during sync and archive upload, at many points; then a sync completes
#       tests/it/crash.rs
#   R2  upstream refusing, answering 500 or garbage, hanging: cached packages keep
#       installing with composer, uncached ones fail clearly, recovery is automatic
#       tests/it/proxy.rs (upstream_down_…, bad_upstream_answers_…)
#   R3  the database stopped and restarted under a running server: 503 JSON, no
#       crash, recovery without restart          tests/it/db_outage.rs
#   R4  cargo fuzz targets (version normalizer, constraint parser, composer.json,
#       webhook payloads, archive paths, request paths), bounded time    fuzz/run.sh
#   R5  schemathesis against /api/v1/openapi.json
#       tests/it/api.rs (schemathesis_finds_no_server_error_…)
#   R6  the auth matrix: none / wrong / revoked / expired token, suspended / expired /
#       frozen customer, other tenant; secrets hashed at rest; failed-auth limit
#       tests/it/composer_http.rs, api.rs, tenancy.rs, cli_tokens.rs, edge.rs
#   R7  two servers on one PostgreSQL and one bucket: each job once, counters add up,
#       subscribers hear the other's work, rate limits are one budget
#       tests/it/cluster.rs (jobs_run_once_…, subscribers_…, rate_limits_…)
#   R8  10 minutes at half the peak rate: no error, RSS growth < 5 %
#       examples/soak.sh (not in CI)
#   R9  revoke or suspend 200 times while two servers serve: the first request after
#       the command gets 401/403 on both     tests/it/cluster.rs (revocations_…)
set -euo pipefail

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."

# The nextest filters of each test-based check.
filters_of() {
    case $1 in
        R1) echo "crash::" ;;
        R2) echo "proxy::upstream_down_keeps_cached_packages_installing proxy::bad_upstream_answers_are_refused_and_nothing_is_stored" ;;
        R3) echo "db_outage::" ;;
        R5) echo "api::schemathesis_finds_no_server_error_and_every_answer_matches_the_document" ;;
        R6) echo "composer_http::unauthenticated_callers_get_401_everywhere composer_http::status_and_grants_decide_403_and_404 composer_http::hostile_requests_get_clean_4xx api::every_operation_family_answers_by_credential api::callers_past_the_request_limit_get_429 tenancy:: cli_tokens::issue_prints_secret_once_and_stores_only_its_hash edge::webhook_deliveries_are_rate_limited_per_address serve::serve_binary_bootstraps_token_and_stops_on_sigterm" ;;
        R7) echo "cluster::jobs_run_once_and_counters_add_up_across_two_servers cluster::subscribers_hear_work_done_on_the_other_server cluster::rate_limits_are_shared_by_both_servers" ;;
        R9) echo "cluster::revocations_reach_both_servers_every_time" ;;
        *) return 1 ;;
    esac
}

if (($# == 0)); then
    sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi

checks=()
for arg in "$@"; do
    case ${arg^^} in
        CI) checks+=(R1 R2 R3 R4 R5 R6 R7 R9) ;;
        ALL) checks+=(R1 R2 R3 R4 R5 R6 R7 R8 R9) ;;
        R[1-9]) checks+=("${arg^^}") ;;
        *) echo "unknown check '$arg' (R1…R9, ci or all)" >&2; exit 2 ;;
    esac
done

filters=()
fuzz=0
soak=0
for c in "${checks[@]}"; do
    case $c in
        R4) fuzz=1 ;;
        R8) soak=1 ;;
        *) read -r -a more <<< "$(filters_of "$c")"; filters+=("${more[@]}") ;;
    esac
done

rc=0
if ((${#filters[@]})); then
    printf '==> reliability: %s\n' "${checks[*]}" >&2
    CARGOMAN_FUZZ_SECONDS=0 CARGOMAN_SKIP_INSTALL_TEST=1 \
        CARGOMAN_TEST_CMD="cargo nextest run --locked --test it --no-fail-fast" \
        ./scripts/test.sh "${filters[@]}" || rc=$?
fi
if ((fuzz)); then
    fuzz/run.sh "${CARGOMAN_FUZZ_SECONDS:-20}" || rc=$?
fi
if ((soak)); then
    examples/soak.sh || rc=$?
fi
exit "$rc"
