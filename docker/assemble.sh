#!/bin/sh
# Used by docker/Dockerfile: docker/assemble.sh FILTER OUT copies what an app needs at run time
# to OUT: the root node_modules (after a `--prod --filter-prod FILTER` install it holds only
# that app's production closure) and the workspace projects FILTER selects over production
# edges, at the same paths, so pnpm's relative symlinks keep working. Tests are left out.
set -eu
filter=$1
out=$2
mkdir -p "$out"
cp -a package.json pnpm-workspace.yaml node_modules "$out"/
pnpm ls --filter-prod "$filter" --depth -1 --parseable | while read -r dir; do
  rel=${dir#"$PWD"/}
  mkdir -p "$out/$(dirname "$rel")"
  cp -a "$dir" "$out/$rel"
done
for dir in "$out/apps" "$out/packages"; do
  if [ -d "$dir" ]; then
    find "$dir" -name node_modules -prune -o -type f -name '*.test.ts' -exec rm -f {} +
    find "$dir" -name node_modules -prune -o -type d -name .turbo -prune -exec rm -rf {} +
  fi
done
