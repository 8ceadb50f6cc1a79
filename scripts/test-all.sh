#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs Debian's Chromium (for the browser tests) and the
# npm dependencies when missing, then types, lint, format, unit tests, build and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium (browser tests need it)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if ! command -v sudo >/dev/null; then
      echo "error: /usr/bin/chromium is missing and this user cannot apt-get install it (not root, no sudo)." >&2
      echo "       Install Debian's chromium package, or set CHROMIUM_PATH to a Chromium binary." >&2
      exit 1
    fi
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

echo "== types";  npm run --silent typecheck   # tsconfig.app.json (DOM), tsconfig.node.json (no DOM), tsconfig.e2e.json
echo "== lint";   npx eslint .
echo "== format"; npx prettier --check .
echo "== unit";   npx vitest run
echo "== build";  npx vite build --logLevel warn
echo "== e2e";    CI=1 npx playwright test
