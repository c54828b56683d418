#!/usr/bin/env bash
# shellcheck disable=SC2317 # functions are called through run_phase and traps
# Runs Storeflow locally: bootstraps pnpm and the dependencies, finds or starts PostgreSQL
# and Redis, migrates and seeds the "storeflow" database, builds the portal, then runs the
# portal (http://localhost:$PORT) and the worker in the foreground until Ctrl-C.
# Safe to re-run. Environment variables: see README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

check_app_ports() {
  local name port
  for name in PORT WORKER_PORT; do
    port=${!name}
    port_free "$port" ||
      die "port $port ($name) is already in use — is Storeflow already running? Stop it, or choose another port: $name=<port> ./scripts/run.sh"
  done
}

provision() {
  ensure_secrets
  ensure_postgres
  ensure_redis
  export_app_env storeflow
  write_dotenv "$ROOT_DIR/.env"
  check_app_ports
}

install_phase_exit_trap
run_phase "pnpm" ensure_pnpm
run_phase "install dependencies" install_deps
run_phase "services and environment" provision
run_phase "database (migrate)" pnpm db:setup
run_phase "database (seed)" pnpm db:seed
run_phase "build portal" pnpm --filter @storeflow/portal build
print_phase_summary

# ---- run the portal and the worker together -------------------------------------------------
check_app_ports

APP_NAMES=()
APP_PIDS=()
start_app() { # start_app NAME CMD...: in its own process group, so stopping reaches its children
  local name=$1
  shift
  if have setsid; then setsid "$@" & else "$@" & fi
  APP_NAMES+=("$name")
  APP_PIDS+=("$!")
}

stop_apps() {
  local pid i
  for pid in "${APP_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for ((i = 0; i < 150; i++)); do # up to 15 s for a graceful shutdown
    local alive=0
    for pid in "${APP_PIDS[@]}"; do
      if kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${APP_PIDS[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}

STOP_SIGNAL=''
trap 'STOP_SIGNAL=INT' INT
trap 'STOP_SIGNAL=TERM' TERM
trap 'stop_apps' EXIT

log "starting portal (port $PORT) and worker (port $WORKER_PORT); Ctrl-C stops both"
start_app portal pnpm --filter @storeflow/portal start
start_app worker pnpm --filter @storeflow/worker start

HEALTH_URL="http://127.0.0.1:$PORT/healthz"
health_deadline=$((SECONDS + ${STOREFLOW_HEALTH_TIMEOUT:-180}))
announced=0
all_alive() {
  local pid
  for pid in "${APP_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}
while [[ -z $STOP_SIGNAL ]] && all_alive; do
  if ((!announced)); then
    if http_ok "$HEALTH_URL"; then
      announced=1
      printf '\n%s════════════════════════════════════════════════════════════%s\n' "$_C_GRN" "$_C_OFF"
      printf '  %sStoreflow is running:%s %s\n' "$_C_BOLD" "$_C_OFF" "$PORTAL_URL"
      printf '  Sign in with the demo credentials printed above (by pnpm db:seed).\n'
      printf '  Ctrl-C stops the portal and the worker.\n'
      printf '%s════════════════════════════════════════════════════════════%s\n\n' "$_C_GRN" "$_C_OFF"
    elif ((SECONDS >= health_deadline)); then
      announced=1
      warn "$HEALTH_URL did not answer within ${STOREFLOW_HEALTH_TIMEOUT:-180}s; the portal may still be starting (see its output above)"
    fi
  fi
  sleep 1 &
  wait $! 2>/dev/null || true
done

status=0
if [[ -n $STOP_SIGNAL ]]; then
  log "received SIG$STOP_SIGNAL: stopping the portal and the worker"
  if [[ $STOP_SIGNAL == INT ]]; then status=130; else status=143; fi
else
  for i in "${!APP_PIDS[@]}"; do
    if ! kill -0 "${APP_PIDS[$i]}" 2>/dev/null; then
      wait "${APP_PIDS[$i]}" 2>/dev/null || status=$?
      warn "the ${APP_NAMES[$i]} exited (status $status): stopping the other process"
      ((status != 0)) || status=1 # an app that stops by itself is a failure of run.sh
      break
    fi
  done
fi
stop_apps
trap - EXIT
exit "$status"
