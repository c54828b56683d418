# shellcheck shell=bash disable=SC2034 # STOREFLOW_REDIS_SOURCE is for callers
# Finds or starts Redis. Functions: ensure_redis, stop_local_redis.
#
# ensure_redis exports REDIS_URL: redis://127.0.0.1:<port> (or the REDIS_URL given); and sets
#   (not exported) STOREFLOW_REDIS_BASE_URL (the same; export_app_env derives per-suite logical
#   databases from it) and STOREFLOW_REDIS_SOURCE (env | existing | local).
# Knobs: REDIS_URL (used as is), STOREFLOW_REDIS_PORT (port probed on 127.0.0.1 and
#   preferred for a local server; 6379).
# The local server: data in $DATA_DIR/redis, log $DATA_DIR/redis.log, 127.0.0.1 only,
# maxmemory-policy noeviction (BullMQ needs it), AOF on, no RDB snapshots.

[[ -n ${_STOREFLOW_REDIS_SH:-} ]] && return 0
_STOREFLOW_REDIS_SH=1
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

_REDIS_INSTALL_HINT="install Redis (as root: apt-get install postgresql redis-server), or run
  docker compose -f docker/compose.yml up -d
and set REDIS_URL=redis://127.0.0.1:6379 (and DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/storeflow)"

# redis_ping HOST PORT: true when a Redis server answers PING with PONG.
redis_ping() {
  if have redis-cli; then
    [[ $(timeout 5 redis-cli -h "$1" -p "$2" ping 2>/dev/null) == PONG ]]
  else
    node_eval '
      process.exitCode = 1; // a connection closed without +PONG is a failure
      const s = require("net").connect({ host: process.argv[1], port: +process.argv[2] });
      let buf = "";
      s.setTimeout(3000, () => process.exit(1));
      s.on("connect", () => s.write("PING\r\n"));
      s.on("data", (d) => { buf += d; if (buf.includes("\r\n")) process.exit(buf.startsWith("+PONG") ? 0 : 1); });
      s.on("error", () => process.exit(1));' "$1" "$2" 2>/dev/null
  fi
}

_redis_warn_policy() {
  have redis-cli || return 0
  local policy
  policy=$(timeout 5 redis-cli -h "$1" -p "$2" config get maxmemory-policy 2>/dev/null | sed -n 2p) || return 0
  if [[ -n $policy && $policy != noeviction ]]; then
    warn "Redis on $1:$2 has maxmemory-policy=$policy; BullMQ needs noeviction (redis-cli config set maxmemory-policy noeviction)"
  fi
}

# start_local_redis: start (or reuse) the server in $DATA_DIR/redis; sets _REDIS_PORT.
start_local_redis() {
  local dir=$DATA_DIR/redis pidfile=$DATA_DIR/redis/redis.pid portfile=$DATA_DIR/redis/port
  mkdir -p "$dir"
  if [[ -f $pidfile && -f $portfile ]]; then
    local pid port
    pid=$(<"$pidfile") port=$(<"$portfile")
    if kill -0 "$pid" 2>/dev/null && redis_ping 127.0.0.1 "$port"; then
      _REDIS_PORT=$port
      log "Redis: local server already running on 127.0.0.1:$port ($dir)"
      return 0
    fi
  fi
  local first=${STOREFLOW_REDIS_PORT:-6379} port
  port=$(first_free_port "$first" $((first + 8))) || die "no free port for Redis in $first..$((first + 8))"
  log "starting redis-server on 127.0.0.1:$port (data: $dir, log: $DATA_DIR/redis.log)"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" \
    --maxmemory-policy noeviction --save "" --appendonly yes \
    --daemonize yes --pidfile "$pidfile" --logfile "$DATA_DIR/redis.log" ||
    die "redis-server did not start (log: $DATA_DIR/redis.log)"
  local deadline=$((SECONDS + 20))
  until redis_ping 127.0.0.1 "$port"; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$DATA_DIR/redis.log" >&2 || true
      die "redis-server did not answer on 127.0.0.1:$port (log: $DATA_DIR/redis.log)"
    fi
    sleep 0.2
  done
  echo "$port" >"$portfile"
  _REDIS_PORT=$port
}

# stop_local_redis: stop the server started by start_local_redis (never touches others).
stop_local_redis() {
  local pidfile=$DATA_DIR/redis/redis.pid pid
  [[ -f $pidfile ]] || return 0
  pid=$(<"$pidfile")
  if kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == redis-server* ]]; then
    kill "$pid"
    local i
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "stopped the local Redis server (pid $pid)"
  fi
}

ensure_redis() {
  if [[ -n ${STOREFLOW_REDIS_BASE_URL:-} ]]; then # already resolved in this shell
    export REDIS_URL=$STOREFLOW_REDIS_BASE_URL
    return 0
  fi
  if [[ -n ${REDIS_URL:-} ]]; then
    STOREFLOW_REDIS_SOURCE='env'
    log "Redis: REDIS_URL $(redact_url "$REDIS_URL")"
  else
    local port=${STOREFLOW_REDIS_PORT:-6379}
    if redis_ping 127.0.0.1 "$port"; then
      REDIS_URL="redis://127.0.0.1:$port"
      STOREFLOW_REDIS_SOURCE='existing'
      log "Redis: found on 127.0.0.1:$port"
      _redis_warn_policy 127.0.0.1 "$port"
    else
      if ! have redis-server; then
        if have apt-get && can_be_root; then
          apt_install redis-server || die "apt-get install redis-server failed; $_REDIS_INSTALL_HINT"
          hash -r
        else
          die "Redis is not running on 127.0.0.1:$port and redis-server is not installed; $_REDIS_INSTALL_HINT"
        fi
        have redis-server || die "redis-server is still not on PATH after installing it"
      fi
      if redis_ping 127.0.0.1 "$port"; then
        # The Debian package started its own service: use it, as the next run will.
        REDIS_URL="redis://127.0.0.1:$port"
        STOREFLOW_REDIS_SOURCE='existing'
        log "Redis: the installed service answers on 127.0.0.1:$port"
      else
        start_local_redis
        REDIS_URL="redis://127.0.0.1:$_REDIS_PORT"
        STOREFLOW_REDIS_SOURCE='local'
        log "Redis: local server on 127.0.0.1:$_REDIS_PORT"
      fi
    fi
  fi
  STOREFLOW_REDIS_BASE_URL=$REDIS_URL
  export REDIS_URL
}
