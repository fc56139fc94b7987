#!/usr/bin/env bash
# One command on a fresh Debian machine: installs what is missing, builds the guest (cached)
# and the site, and serves it on http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash images/install-host-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run -s build:guest
npm run -s build
exec npx tsx tools/serve.ts --dir dist --port "${PORT:-8080}"
