#!/usr/bin/env bash
# Every test: types, unit tests, the real guest through the harness library, every lesson's
# self-test and the corpus of learner attempts (check:attempts) in the real guest, then the built
# site in headless Chromium. On a fresh clone it first
# installs what is missing and builds the guest; both are no-ops when already done (the guest is cached).
set -euo pipefail
cd "$(dirname "$0")/.."
bash images/install-host-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run -s build:guest
npx tsc --noEmit
npx vitest run
npx tsx tools/check-lessons.ts
npm run -s check:attempts
npx vite build --logLevel warn
npx playwright test
