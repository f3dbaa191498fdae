#!/usr/bin/env bash
# Installs what Paydesk needs on Debian: system packages (Chromium for the browser tests, libsecret to build
# keytar, GNOME Keyring + D-Bus for a real Secret Service in tests) and the npm packages. Safe to re-run:
# it only installs what is missing. Runs without a terminal (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

# postgresql + openssl: the team workspace tests start their own PostgreSQL server per test file (test/support/postgres.ts;
# no system service is used or needed) and make TLS certificates for it.
packages=(chromium libsecret-1-dev gnome-keyring dbus-x11 python3 make g++ postgresql openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); elif command -v sudo >/dev/null; then sudo_cmd=(sudo); else
    echo "Paydesk needs these Debian packages and cannot install them without root: ${missing[*]}" >&2
    echo "Run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Paydesk needs Node.js 20.19 or newer (found $(node -v))." >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file. The Electron binary download may fail
# (no network to its host); Paydesk then runs in the browser host, so that failure is not fatal.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages"
  npm ci --no-audit --no-fund
fi
