#!/usr/bin/env bash
# Runs every check Storeflow has: typecheck, lint, circular imports, unit and integration
# tests (vitest, against the "storeflow_test" template database), then browser tests
# (Playwright + Debian's Chromium, against "storeflow_e2e", portal on :3100, worker on :3101).
# Bootstraps pnpm, dependencies, Chromium, PostgreSQL and Redis as needed; safe to re-run.
# Stops at the first failing phase and names it. Environment variables: see README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

CHROMIUM=/usr/bin/chromium
# The marker integration tests put in every secret they type (one source: the TypeScript constant).
SECRET_CANARY=$(sed -n 's/^export const SECRET_CANARY = "\(.*\)";$/\1/p' packages/connectors/src/test/secret-canary.ts)
[[ -n $SECRET_CANARY ]] || die "SECRET_CANARY not found in packages/connectors/src/test/secret-canary.ts"
E2E_PORT=3100
E2E_WORKER_PORT=3101

ensure_chromium() {
  if [[ -x $CHROMIUM ]]; then
    log "Chromium: $CHROMIUM"
    return 0
  fi
  if ! can_be_root; then
    die "browser tests need Debian's Chromium at $CHROMIUM and this user cannot install it (not root, no passwordless sudo): run  sudo apt-get install -y chromium  then re-run"
  fi
  apt_install chromium || die "apt-get install chromium failed"
  [[ -x $CHROMIUM ]] || die "the chromium package did not provide $CHROMIUM"
}

# Unit and integration tests: DATABASE_URL is the template database the integration tests
# copy per test file; Redis logical database 1 keeps test queues away from run.sh's (0).
test_env() {
  ensure_secrets
  ensure_postgres
  ensure_redis
  export_app_env storeflow_test 1
  log "DATABASE_URL=$(redact_url "$DATABASE_URL")"
  log "REDIS_URL=$(redact_url "$REDIS_URL")"
}

# Browser tests: Playwright starts the portal and the worker itself with this environment.
e2e_env() {
  export PORT=$E2E_PORT WORKER_PORT=$E2E_WORKER_PORT PORTAL_URL="http://localhost:$E2E_PORT"
  export_app_env storeflow_e2e 2
  # Sign-in rate limits are counted in Redis: each run gets its own counters.
  export RATE_LIMIT_PREFIX="sf:e2e:$(date +%s)"
  # The whole suite signs the same demo users in from one address far more often than a person would.
  export SIGN_IN_LIMIT_PER_IP=1000 SIGN_IN_LIMIT_PER_EMAIL=500
  log "DATABASE_URL=$(redact_url "$DATABASE_URL")"
  log "REDIS_URL=$(redact_url "$REDIS_URL")"
  log "PORTAL_URL=$PORTAL_URL (worker port $WORKER_PORT)"
}

e2e_database() {
  e2e_env
  pnpm db:setup --fresh
  pnpm db:seed
}

e2e_tests() {
  local port
  for port in "$E2E_PORT" "$E2E_WORKER_PORT"; do
    port_free "$port" ||
      die "port $port is in use; the browser tests start their own portal (:$E2E_PORT) and worker (:$E2E_WORKER_PORT): stop whatever listens there"
  done
  pnpm test:e2e
}

# Unit and integration tests. turbo interleaves the packages' output, so when one
# fails the end of the log says only which package: repeat its failures there.
unit_tests() {
  local log="$DATA_DIR/logs/unit-tests.log"
  mkdir -p "$(dirname "$log")"
  if pnpm test 2>&1 | tee "$log"; then
    # Integration tests type their secrets with a canary (packages/connectors/src/test/secret-canary.ts):
    # a secret that leaked into any log line or error message of the whole run shows up here.
    if grep -n "$SECRET_CANARY" "$log" >&2; then
      printf '\n%sA test secret (%s…) appears in the test output above: something logs or echoes a secret.%s\n' "$_C_RED" "$SECRET_CANARY" "$_C_OFF" >&2
      return 1
    fi
    log "no test secret in the test output ($(wc -l <"$log") lines scanned)"
    return 0
  fi
  printf '\n%sWhat failed (full log: %s):%s\n' "$_C_RED" "$log" "$_C_OFF" >&2
  grep -E -A25 ' FAIL |[×✗] |Unhandled (Error|Rejection)|Error: ' "$log" | head -300 >&2 || true
  return 1
}

install_phase_exit_trap
run_phase "pnpm" ensure_pnpm
run_phase "install dependencies" install_deps
run_phase "chromium" ensure_chromium
run_phase "services and environment" test_env
run_phase "test database (storeflow_test)" pnpm db:setup --fresh
run_phase "typecheck" pnpm typecheck
run_phase "lint" pnpm lint
run_phase "circular imports" pnpm circular
run_phase "unit and integration tests" unit_tests
run_phase "e2e database (storeflow_e2e)" e2e_database
run_phase "build portal" pnpm --filter @storeflow/portal build
run_phase "browser tests (playwright)" e2e_tests

print_phase_summary
ok "all ${#_PHASE_NAMES[@]} phases passed"
