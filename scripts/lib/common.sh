# shellcheck shell=bash
# Shared helpers for scripts/run.sh and scripts/test.sh. Source it; do not execute it.
#
# Sets (not exported): ROOT_DIR (repository root), DATA_DIR (git-ignored state, .data/).
# Functions: log, warn, die, have, is_root, as_root, apt_install, node_eval,
#            redact_url, with_db, with_user, with_redis_db,
#            tcp_answers, port_free, first_free_port, wait_http, fmt_duration,
#            run_phase, print_phase_summary, install_phase_exit_trap.

[[ -n ${_STOREFLOW_COMMON_SH:-} ]] && return 0
_STOREFLOW_COMMON_SH=1

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# STOREFLOW_DATA_DIR lets tests of these helpers use a scratch directory.
DATA_DIR="${STOREFLOW_DATA_DIR:-$ROOT_DIR/.data}"
mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd -P)"

export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1

if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  _C_BOLD=$'\e[1m' _C_DIM=$'\e[2m' _C_RED=$'\e[31m' _C_YEL=$'\e[33m' _C_GRN=$'\e[32m' _C_OFF=$'\e[0m'
else
  _C_BOLD='' _C_DIM='' _C_RED='' _C_YEL='' _C_GRN='' _C_OFF=''
fi

log() { printf '%s==>%s %s\n' "$_C_BOLD" "$_C_OFF" "$*"; }
ok() { printf '%s==>%s %s\n' "$_C_GRN" "$_C_OFF" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_C_YEL" "$_C_OFF" "$*" >&2; }
die() {
  printf '%serror:%s %s\n' "$_C_RED" "$_C_OFF" "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# as_root CMD...: run CMD as root (directly, or through passwordless sudo); fails otherwise.
as_root() {
  if is_root; then
    "$@"
  elif have sudo && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}
can_be_root() { is_root || { have sudo && sudo -n true 2>/dev/null; }; }

# apt_install PKG...: apt-get update (once per script run) and install Debian packages.
apt_install() {
  have apt-get || return 1
  can_be_root || return 1
  if [[ -z ${_STOREFLOW_APT_UPDATED:-} ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    _STOREFLOW_APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# node_eval JS [ARGS...]: run a CommonJS snippet with node (arguments in process.argv[1..]).
node_eval() {
  local js=$1
  shift
  node -e "$js" -- "$@"
}

# redact_url URL: the URL with its password replaced by ***, safe to print.
redact_url() { sed -E 's#^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@?#]*):[^@/?#]*@#\1:***@#' <<<"$1"; }

_URL_RE='^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*@)?([^/?#@]*)(/[^?#]*)?([?#].*)?$'

# with_db URL NAME: URL with its path (database name) replaced by NAME; keeps the query string.
with_db() {
  [[ $1 =~ $_URL_RE ]] || die "not a URL: $(redact_url "$1")"
  printf '%s%s%s/%s%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" "$2" "${BASH_REMATCH[5]}"
}

# with_user URL USER [PASSWORD]: URL with its credentials replaced (PASSWORD must be URL-safe).
with_user() {
  [[ $1 =~ $_URL_RE ]] || die "not a URL: $(redact_url "$1")"
  local cred=$2
  [[ -n ${3:-} ]] && cred+=":$3"
  printf '%s%s@%s%s%s\n' "${BASH_REMATCH[1]}" "$cred" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}"
}

# with_redis_db URL INDEX: Redis URL pointing at logical database INDEX.
with_redis_db() { with_db "$1" "$2"; }

# tcp_answers HOST PORT: true when something accepts TCP connections there.
tcp_answers() {
  node_eval '
    process.exitCode = 1;
    const s = require("net").connect({ host: process.argv[1], port: +process.argv[2] });
    s.setTimeout(2000, () => process.exit(1));
    s.on("connect", () => process.exit(0));
    s.on("error", () => process.exit(1));' "$1" "$2" 2>/dev/null
}

# port_free PORT [HOST]: true when PORT can be bound on HOST (default 127.0.0.1) and nothing answers there.
port_free() {
  local port=$1 host=${2:-127.0.0.1}
  tcp_answers "$host" "$port" && return 1
  node_eval '
    process.exitCode = 1;
    const srv = require("net").createServer();
    srv.once("error", () => process.exit(1));
    srv.listen({ port: +process.argv[1], host: process.argv[2], exclusive: true }, () => srv.close(() => process.exit(0)));' "$port" "$host" 2>/dev/null
}

# first_free_port FIRST LAST: prints the first free port in [FIRST, LAST].
first_free_port() {
  local p
  for ((p = $1; p <= $2; p++)); do
    if port_free "$p"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# wait_http URL SECONDS: poll until URL answers with a 2xx status.
http_ok() {
  node_eval '
    fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));' "$1" 2>/dev/null
}
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  until http_ok "$url"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

fmt_duration() {
  local s=$1
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# ---- phases: run_phase NAME CMD... runs CMD in this shell (set -e applies inside it),
# records its duration, and on failure the EXIT trap names the phase and prints a summary.
_PHASE_NAMES=()
_PHASE_TIMES=()
_PHASE_CURRENT=''
_PHASE_STARTED=0
_RUN_STARTED=$SECONDS

run_phase() {
  _PHASE_CURRENT=$1
  shift
  printf '\n%s━━━ %s ━━━%s\n' "$_C_BOLD" "$_PHASE_CURRENT" "$_C_OFF"
  _PHASE_STARTED=$SECONDS
  "$@"
  local took=$((SECONDS - _PHASE_STARTED))
  _PHASE_NAMES+=("$_PHASE_CURRENT")
  _PHASE_TIMES+=("$took")
  printf '%s✔ %s (%s)%s\n' "$_C_GRN" "$_PHASE_CURRENT" "$(fmt_duration "$took")" "$_C_OFF"
  _PHASE_CURRENT=''
}

print_phase_summary() {
  local i status=${1:-0}
  printf '\n%sSummary%s\n' "$_C_BOLD" "$_C_OFF"
  for i in "${!_PHASE_NAMES[@]}"; do
    printf '  %s✔%s %-32s %8s\n' "$_C_GRN" "$_C_OFF" "${_PHASE_NAMES[$i]}" "$(fmt_duration "${_PHASE_TIMES[$i]}")"
  done
  if [[ -n $_PHASE_CURRENT ]]; then
    printf '  %s✘%s %-32s %8s  (exit %s)\n' "$_C_RED" "$_C_OFF" "$_PHASE_CURRENT" \
      "$(fmt_duration $((SECONDS - _PHASE_STARTED)))" "$status"
  fi
  printf '  %-34s %8s\n' "total" "$(fmt_duration $((SECONDS - _RUN_STARTED)))"
}

# install_phase_exit_trap: on a non-zero exit during a phase, name it and print the summary.
install_phase_exit_trap() {
  trap '_phase_on_exit $?' EXIT
}
_phase_on_exit() {
  local status=$1
  if ((status != 0)) && [[ -n $_PHASE_CURRENT ]]; then
    print_phase_summary "$status" >&2
    printf '\n%sFAILED in phase "%s" (exit %s)%s\n' "$_C_RED" "$_PHASE_CURRENT" "$status" "$_C_OFF" >&2
  fi
}
