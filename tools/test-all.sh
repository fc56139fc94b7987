#!/usr/bin/env bash
# Every test: types, unit tests, the real guest through the harness library, every lesson's
# self-test in the real guest, then the built site in headless Chromium. Needs the built guest (npm run build:guest).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/guest/manifest.json ] || { echo "test: no built guest; run npm run build:guest first" >&2; exit 1; }
npx tsc --noEmit
npx vitest run
npx tsx tools/check-lessons.ts
npx vite build --logLevel warn
npx playwright test
