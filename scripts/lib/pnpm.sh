# shellcheck shell=bash
# pnpm bootstrap without corepack (corepack enable fails on these machines).
# Functions: ensure_node, pnpm_wanted_version, ensure_pnpm, install_deps.
# ensure_pnpm may prepend $DATA_DIR/tools/node_modules/.bin to PATH (exported).

[[ -n ${_STOREFLOW_PNPM_SH:-} ]] && return 0
_STOREFLOW_PNPM_SH=1
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# ensure_node: Node.js 20.19+ (package.json "engines") must be on PATH.
ensure_node() {
  have node || die "Node.js 20.19 or later is required (https://nodejs.org, or apt-get install nodejs from NodeSource)"
  have npm || die "npm is required next to node"
  local v
  v=$(node -p 'process.versions.node')
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  if ((major < 20 || (major == 20 && minor < 19))); then
    die "Node.js $v is too old: Storeflow needs 20.19 or later"
  fi
}

# pnpm_wanted_version: the version pinned in package.json "packageManager" (e.g. 10.34.8).
pnpm_wanted_version() {
  node_eval '
    const pm = require(process.argv[1]).packageManager || "";
    const m = /^pnpm@([0-9][^+]*)/.exec(pm);
    process.stdout.write(m ? m[1] : "10");' "$ROOT_DIR/package.json"
}

_pnpm_major() {
  local v
  v=$(pnpm --version 2>/dev/null | tail -n1) || return 1
  printf '%s\n' "${v%%.*}"
}

_pnpm_usable() {
  have pnpm || return 1
  local major
  major=$(_pnpm_major) || return 1
  [[ $major == "$1" ]]
}

# ensure_pnpm: make a pnpm with the pinned major version available on PATH.
ensure_pnpm() {
  local want major tools_bin
  ensure_node
  want=$(pnpm_wanted_version)
  major=${want%%.*}
  tools_bin="$DATA_DIR/tools/node_modules/.bin"
  # A copy bootstrapped by an earlier run.
  if [[ -x $tools_bin/pnpm && :$PATH: != *":$tools_bin:"* ]]; then
    export PATH="$tools_bin:$PATH"
  fi
  if _pnpm_usable "$major"; then
    log "pnpm $(pnpm --version 2>/dev/null | tail -n1) ($(command -v pnpm))"
    return 0
  fi
  local prefix
  prefix=$(npm config get prefix 2>/dev/null || true)
  if is_root || [[ -n $prefix && -w $prefix ]]; then
    log "installing pnpm@$want globally with npm"
    if npm install -g --no-fund --no-audit "pnpm@$want"; then
      hash -r
      if _pnpm_usable "$major"; then
        log "pnpm $(pnpm --version 2>/dev/null | tail -n1) ($(command -v pnpm))"
        return 0
      fi
    fi
    warn "npm install -g pnpm@$want did not give a usable pnpm; installing it under .data/tools"
  fi
  log "installing pnpm@$want into $DATA_DIR/tools"
  mkdir -p "$DATA_DIR/tools"
  npm install --prefix "$DATA_DIR/tools" --no-fund --no-audit "pnpm@$want" ||
    die "could not install pnpm@$want from the npm registry"
  [[ :$PATH: == *":$tools_bin:"* ]] || export PATH="$tools_bin:$PATH"
  hash -r
  _pnpm_usable "$major" || die "pnpm in $tools_bin does not run"
  log "pnpm $(pnpm --version 2>/dev/null | tail -n1) ($(command -v pnpm))"
}

# install_deps: pnpm install from the lockfile (without --frozen-lockfile if there is none).
install_deps() {
  cd "$ROOT_DIR" || return
  # confirm-modules-purge=false: never stop at an interactive prompt when node_modules
  # must be rebuilt (e.g. created by another pnpm version).
  if [[ -f pnpm-lock.yaml ]]; then
    pnpm install --frozen-lockfile --config.confirm-modules-purge=false
  else
    warn "no pnpm-lock.yaml: running pnpm install without --frozen-lockfile"
    pnpm install --config.confirm-modules-purge=false
  fi
}
