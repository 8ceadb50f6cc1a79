#!/usr/bin/env bash
# Starts the app with the shipped models; installs the npm dependencies first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec npx vite --host 127.0.0.1 "$@"
