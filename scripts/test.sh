#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, builds, packages the
# .vsix, prepares a real VS Code (code-server) for the e2e tier, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
VSTAR_SETUP_E2E=1 bash scripts/setup.sh
npm run --silent typecheck
npm run --silent package >/dev/null
bash scripts/setup-e2e.sh
node scripts/run-tests.mjs test
