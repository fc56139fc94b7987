#!/usr/bin/env bash
# Every test: types, unit tests (the corpus of learner attempts' recorded part among them), the real
# guest through the harness library, every lesson's self-test with the corpus's guest attempts in the
# real guest (check:lessons), then the built site in headless Chromium. On a fresh clone it first
# installs what is missing and builds the guest; both are no-ops when already done (the guest is cached).
set -euo pipefail
cd "$(dirname "$0")/.."
bash images/install-host-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run -s build:guest
npx tsc --noEmit
npx vitest run
npx tsx tools/check-lessons.ts
npx vite build --logLevel warn
npx playwright test
