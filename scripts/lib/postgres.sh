# shellcheck shell=bash disable=SC2034 # STOREFLOW_PG_SOURCE and friends are for callers
# Finds or starts PostgreSQL. Functions: ensure_postgres, stop_local_postgres.
#
# ensure_postgres exports DATABASE_URL: the superuser URL of the server found, for the database
#   "storeflow"; and sets (not exported) STOREFLOW_ADMIN_URL (same URL, from which scripts derive
#   one URL per database) and STOREFLOW_PG_SOURCE (env | existing | local).
# Knobs: DATABASE_URL (admin URL, used as is), PGPASSWORD (added to the probed URL),
#   STOREFLOW_PG_PORT (port probed on 127.0.0.1 and preferred for a local cluster; 5432),
#   STOREFLOW_PG_BINDIR (server binaries; default: highest /usr/lib/postgresql/*/bin).
# The local cluster lives in $DATA_DIR/postgres (log $DATA_DIR/postgres.log, socket $DATA_DIR/run),
# listens on 127.0.0.1 only, trust auth, superuser "postgres". As root it runs as the
# "postgres" system user (or "storeflow", created when needed): PostgreSQL refuses root.

[[ -n ${_STOREFLOW_POSTGRES_SH:-} ]] && return 0
_STOREFLOW_POSTGRES_SH=1
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

_PG_INSTALL_HINT="install PostgreSQL (as root: apt-get install postgresql redis-server), or run
  docker compose -f docker/compose.yml up -d
and set DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/storeflow REDIS_URL=redis://127.0.0.1:6379"

# _pg_bindir [MAJOR]: directory holding postgres, initdb and pg_ctl: STOREFLOW_PG_BINDIR, else the
# highest (or the MAJOR) version under /usr/lib/postgresql, else the one on PATH.
_pg_bindir() {
  local want=${1:-} d v best='' bestv=''
  if [[ -n ${STOREFLOW_PG_BINDIR:-} ]]; then
    [[ -x $STOREFLOW_PG_BINDIR/postgres ]] && { echo "$STOREFLOW_PG_BINDIR"; return 0; }
    return 1
  fi
  local candidates=(/usr/lib/postgresql/*/bin)
  have postgres && candidates+=("$(dirname "$(command -v postgres)")")
  for d in "${candidates[@]}"; do
    [[ -x $d/postgres && -x $d/initdb && -x $d/pg_ctl ]] || continue
    [[ $("$d/postgres" --version 2>/dev/null) =~ \)\ ([0-9]+)(\.[0-9]+)? ]] || continue
    v=${BASH_REMATCH[1]}${BASH_REMATCH[2]}
    if [[ -n $want ]]; then
      [[ ${v%%.*} == "$want" ]] && { echo "$d"; return 0; }
    elif [[ -z $best || $(printf '%s\n%s\n' "$bestv" "$v" | sort -V | tail -n1) == "$v" && $v != "$bestv" ]]; then
      best=$d bestv=$v
    fi
  done
  [[ -n $best ]] && echo "$best"
}

# _pg_tool NAME: path of a client tool (pg_isready, psql) if available.
_pg_tool() {
  local bindir
  if have "$1"; then command -v "$1"; return 0; fi
  bindir=$(_pg_bindir 2>/dev/null) && [[ -x $bindir/$1 ]] && { echo "$bindir/$1"; return 0; }
  return 1
}

# _pg_answers HOST PORT: true when a PostgreSQL server (or at least something) accepts connections.
_pg_answers() {
  local isready
  if isready=$(_pg_tool pg_isready); then
    "$isready" -h "$1" -p "$2" -t 3 -q
  else
    tcp_answers "$1" "$2"
  fi
}

# _pg_login_check URL: 0 = can log in, 1 = cannot (prints why on stderr), 2 = no way to check.
_pg_login_check() {
  local url psql out
  url=$(with_db "$1" postgres)
  if psql=$(_pg_tool psql); then
    if out=$(PGCONNECT_TIMEOUT=5 "$psql" -w -X -Atq -d "$url" \
      -c 'select rolsuper or rolcreatedb from pg_roles where rolname = current_user' 2>&1); then
      [[ $out == t ]] || warn "the PostgreSQL user in $(redact_url "$1") cannot create databases"
      return 0
    fi
    printf '%s\n' "$out" | tail -n 3 >&2
    return 1
  fi
  if (cd "$ROOT_DIR" && node -e 'require.resolve("pg")' 2>/dev/null); then
    (cd "$ROOT_DIR" && PG_CHECK_URL=$url node -e '
      const { Client } = require("pg");
      const c = new Client({ connectionString: process.env.PG_CHECK_URL, connectionTimeoutMillis: 5000 });
      c.connect().then(() => c.end()).then(() => process.exit(0),
        (e) => { console.error(String(e.message || e)); process.exit(1); });') && return 0
    return 1
  fi
  return 2
}

_pg_os_user() {
  if ! is_root; then id -un; return 0; fi
  if getent passwd postgres >/dev/null; then echo postgres; return 0; fi
  if ! getent passwd storeflow >/dev/null; then
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin storeflow >&2 || die "could not create the system user storeflow"
  fi
  echo storeflow
}

# _as_pg CMD...: run CMD as the cluster's OS user (from /, so no cwd permission noise).
_as_pg() {
  if ! is_root; then
    "$@"
  elif have runuser; then
    (cd / && runuser -u "$_PG_USER" -- "$@")
  else
    local cmd
    cmd=$(printf '%q ' "$@")
    (cd / && su -s /bin/sh "$_PG_USER" -c "$cmd")
  fi
}

# _pg_paths: sets _PG_USER, _PG_DATA, _PG_LOG, _PG_SOCK.
_pg_paths() {
  _PG_USER=$(_pg_os_user)
  local base=$DATA_DIR
  _PG_DATA=$base/postgres _PG_LOG=$base/postgres.log _PG_SOCK=$base/run
  if is_root && ! _as_pg test -x "$DATA_DIR" 2>/dev/null; then
    # e.g. the repository lives under /root: the postgres user cannot reach .data.
    local id
    id=$(printf "%s" "$DATA_DIR" | sha1sum | cut -c1-12)
    base=/var/lib/storeflow/$id
    _PG_DATA=$base/postgres _PG_LOG=$base/postgres.log _PG_SOCK=$base/run
    mkdir -p "$base"
    chmod 755 /var/lib/storeflow "$base"
    warn "user $_PG_USER cannot reach $DATA_DIR; the local PostgreSQL cluster lives in $base"
  fi
  # Unix socket paths are limited to 107 bytes; without one, TCP on 127.0.0.1 still works.
  if ((${#_PG_SOCK} > 85)); then _PG_SOCK=''; fi
}

# _pg_running: prints the port of the local cluster when it is running.
_pg_running() {
  [[ -f $_PG_DATA/postmaster.pid ]] || return 1
  _as_pg "$_PG_BINDIR/pg_ctl" -D "$_PG_DATA" status >/dev/null 2>&1 || return 1
  sed -n 4p "$_PG_DATA/postmaster.pid"
}

# start_local_postgres: initdb (once) and start the cluster in $DATA_DIR/postgres; sets _PG_PORT.
start_local_postgres() {
  _pg_paths
  local bindir major
  if [[ -f $_PG_DATA/PG_VERSION ]]; then
    major=$(<"$_PG_DATA/PG_VERSION")
    bindir=$(_pg_bindir "$major") ||
      die "$_PG_DATA was created by PostgreSQL $major, whose server binaries are not installed: install postgresql-$major, or delete $_PG_DATA (its data is lost)"
  else
    bindir=$(_pg_bindir) || die "no PostgreSQL server binaries found; $_PG_INSTALL_HINT"
  fi
  _PG_BINDIR=$bindir

  mkdir -p "$(dirname "$_PG_DATA")"
  [[ -n $_PG_SOCK ]] && mkdir -p "$_PG_SOCK"
  touch "$_PG_LOG"
  if is_root; then
    chown "$_PG_USER": "$_PG_LOG"
    [[ -n $_PG_SOCK ]] && chown "$_PG_USER": "$_PG_SOCK"
  fi

  if [[ ! -f $_PG_DATA/PG_VERSION ]]; then
    rm -rf "$_PG_DATA" # a half-initialised directory from an interrupted run
    mkdir -p "$_PG_DATA"
    chmod 700 "$_PG_DATA"
    is_root && chown "$_PG_USER": "$_PG_DATA"
    log "initdb $_PG_DATA ($("$bindir/postgres" --version))"
    if ! _as_pg "$bindir/initdb" -D "$_PG_DATA" --auth=trust -U postgres \
      --encoding=UTF8 --locale=C.UTF-8 >>"$_PG_LOG" 2>&1; then
      tail -n 20 "$_PG_LOG" >&2
      rm -rf "$_PG_DATA"
      die "initdb failed (log: $_PG_LOG)"
    fi
    # Settings that never change; the port and socket directory are passed at start.
    # shellcheck disable=SC2016 # $1 is expanded by the inner sh
    _as_pg sh -c 'cat >>"$1"' sh "$_PG_DATA/postgresql.conf" <<'EOF'

# --- added by scripts/lib/postgres.sh (local development cluster) ---
listen_addresses = '127.0.0.1'
max_connections = 200
EOF
  fi

  local port
  if port=$(_pg_running); then
    _PG_PORT=$port
    log "PostgreSQL: local cluster already running on 127.0.0.1:$port ($_PG_DATA)"
    return 0
  fi
  local first=${STOREFLOW_PG_PORT:-5432}
  port=$(first_free_port "$first" $((first + 8))) ||
    die "no free port for PostgreSQL in $first..$((first + 8))"
  log "starting PostgreSQL from $_PG_DATA on 127.0.0.1:$port (log: $_PG_LOG)"
  if ! _as_pg "$bindir/pg_ctl" -D "$_PG_DATA" -l "$_PG_LOG" -w -t 60 \
    -o "-p $port -k '$_PG_SOCK'" start >/dev/null; then
    tail -n 20 "$_PG_LOG" >&2
    die "PostgreSQL did not start (log: $_PG_LOG)"
  fi
  _PG_PORT=$port
}

# stop_local_postgres: stop the local cluster if it runs (never touches other servers).
stop_local_postgres() {
  _pg_paths
  [[ -f $_PG_DATA/PG_VERSION ]] || return 0
  _PG_BINDIR=$(_pg_bindir "$(<"$_PG_DATA/PG_VERSION")") || return 0
  if _pg_running >/dev/null; then
    _as_pg "$_PG_BINDIR/pg_ctl" -D "$_PG_DATA" -m fast -w stop >/dev/null
    log "stopped the local PostgreSQL cluster ($_PG_DATA)"
  fi
}

ensure_postgres() {
  if [[ -n ${STOREFLOW_ADMIN_URL:-} ]]; then # already resolved in this shell
    DATABASE_URL=$(with_db "$STOREFLOW_ADMIN_URL" storeflow)
    export DATABASE_URL
    return 0
  fi
  local admin='' rc=0
  if [[ -n ${DATABASE_URL:-} ]]; then
    admin=$DATABASE_URL
    STOREFLOW_PG_SOURCE='env'
    log "PostgreSQL: DATABASE_URL $(redact_url "$admin")"
    _pg_login_check "$admin" || rc=$?
    ((rc != 1)) || die "cannot log in with DATABASE_URL $(redact_url "$admin"); it must be a superuser (admin) URL"
  else
    local port=${STOREFLOW_PG_PORT:-5432} cred=postgres
    if [[ -n ${PGPASSWORD:-} ]]; then
      cred+=":$(PW=$PGPASSWORD node -e 'process.stdout.write(encodeURIComponent(process.env.PW))')"
    fi
    if _pg_answers 127.0.0.1 "$port"; then
      local url="postgresql://$cred@127.0.0.1:$port/storeflow"
      _pg_login_check "$url" || rc=$?
      if ((rc != 1)); then
        admin=$url
        STOREFLOW_PG_SOURCE='existing'
        log "PostgreSQL: found on 127.0.0.1:$port ($(redact_url "$admin"))"
      else
        warn "127.0.0.1:$port answers but refuses user postgres$([[ -n ${PGPASSWORD:-} ]] || echo ' without a password') (set DATABASE_URL, or PGPASSWORD); starting a local cluster instead"
      fi
    fi
    if [[ -z $admin ]]; then
      if ! _pg_bindir >/dev/null; then
        if have apt-get && can_be_root; then
          apt_install postgresql || die "apt-get install postgresql failed; $_PG_INSTALL_HINT"
        else
          die "PostgreSQL is not running on 127.0.0.1:$port and its server binaries are not installed; $_PG_INSTALL_HINT"
        fi
        _pg_bindir >/dev/null || die "postgresql is installed but no server binaries were found under /usr/lib/postgresql"
      fi
      start_local_postgres
      admin="postgresql://postgres@127.0.0.1:$_PG_PORT/storeflow"
      STOREFLOW_PG_SOURCE='local'
      log "PostgreSQL: local cluster on 127.0.0.1:$_PG_PORT"
    fi
  fi
  STOREFLOW_ADMIN_URL=$admin
  DATABASE_URL=$(with_db "$admin" storeflow)
  export DATABASE_URL
}
