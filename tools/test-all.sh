#!/usr/bin/env bash
# Every test: types, unit tests, the real guest through the harness library.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
npx vitest run
