#!/usr/bin/env bash
# All tests: type check, unit + integration (real SQLite, real keychain), end-to-end (real UI in Debian's
# Chromium through the browser host). The keychain is a real GNOME Keyring in a private D-Bus session that
# this script starts, so tests never touch the user's own keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# A keyring file of its own, created fresh each run: the tests never open (or depend on) the user's keyring.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n paydesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  echo "== type check (each process with its own tsconfig)"
  npm run -s typecheck
  echo "== lint (process boundaries, layers, import cycles) and format check"
  npx eslint .
  npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "Run npm run format." >&2; exit 1; }
  echo "== unit and integration tests (the team tests start and stop their own PostgreSQL servers on loopback)"
  npx vitest run
  echo "== build"
  npx electron-vite build >/dev/null
  echo "== end-to-end tests (Chromium, browser host)"
  npx vitest run -c vitest.e2e.config.ts
'
