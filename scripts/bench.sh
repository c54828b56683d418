#!/usr/bin/env bash
# Runs a benchmark (default: the engine's) against the real PostgreSQL and Redis, after the
# same bootstrap as test.sh: pnpm, dependencies, services, and a freshly migrated
# "storeflow_bench" template database that each benchmark copies. Redis logical database 3
# keeps benchmark queues away from the app's and the tests'. Usage: scripts/bench.sh [engine|ingest|dashboards]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

BENCH=${1:-engine}

bench_env() {
  ensure_secrets
  ensure_postgres
  ensure_redis
  export_app_env storeflow_bench 3
  log "DATABASE_URL=$(redact_url "$DATABASE_URL")"
  log "REDIS_URL=$(redact_url "$REDIS_URL")"
}

case $BENCH in
  engine) BENCH_PACKAGE=@storeflow/queue ;;
  ingest) BENCH_PACKAGE=@storeflow/connections ;;
  dashboards) BENCH_PACKAGE=@storeflow/sla ;;
  *) die "unknown benchmark \"$BENCH\"; known: engine, ingest, dashboards" ;;
esac

install_phase_exit_trap
run_phase "pnpm" ensure_pnpm
run_phase "install dependencies" install_deps
run_phase "services and environment" bench_env
run_phase "bench database (storeflow_bench)" pnpm db:setup --fresh
print_phase_summary
pnpm --filter "$BENCH_PACKAGE" "bench:$BENCH"
