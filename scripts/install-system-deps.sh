#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the webview and end-to-end tests, and the headers
# code-server's native modules build against (the end-to-end tests install code-server into
# .cache/ through scripts/e2e/install-code-server.sh, which runs headless as test/e2e/harness sets it up).
set -euo pipefail
packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config make g++ python3)
need=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}"
fi
