#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Debian packages, npm
# packages, the workers' Python venv, code-server for the e2e tier, a loopback sshd + Slurm),
# builds and packages the .vsix, then runs every test: node's runner over test/ (unit,
# integration, e2e in a real VS Code) and pytest over the Python workers. Ends with one
# summary line over both runners.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - started )) s)"; }

step setup
VSTAR_SETUP_E2E=1 bash scripts/setup.sh
step typecheck
npm run --silent typecheck
node --import tsx scripts/gen-schema.ts --check
step package
npm run --silent package >/dev/null
step "code-server for e2e"
bash scripts/setup-e2e.sh
step "python venv for the workers"
bash scripts/setup-python.sh
step "sshd + Slurm on loopback"
bash scripts/test-services.sh up
trap 'bash scripts/test-services.sh down >/dev/null 2>&1 || true' EXIT

results=$(mktemp -d)
step "node tests"
node_rc=0
VSTAR_TAP="$results/node.tap" node scripts/run-tests.mjs test || node_rc=$?
# The Mocha suite of test/host in code-server's extension host (`npm run test:host` runs it
# under @vscode/test-electron where VS Code can be downloaded). It writes "passed failed";
# no file means it did not run, which counts as a failure.
step "extension-host tests (code-server)"
host_rc=0
node --import tsx scripts/test-host.ts --counts "$results/host.counts" || host_rc=$?
step "python tests"
py_rc=0
.venv/bin/python -m pytest workers/tests -q -p no:cacheprovider --junitxml="$results/pytest.xml" || py_rc=$?

node_pass=$(grep -E '^# pass ' "$results/node.tap" | awk '{print $3}' || echo 0)
node_fail=$(grep -E '^# fail ' "$results/node.tap" | awk '{print $3}' || echo 0)
py_counts=$(python3 - "$results/pytest.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    r = ET.parse(sys.argv[1]).getroot()
    s = r if r.tag == 'testsuite' else r.find('testsuite')
    t, f, e, sk = (int(s.get(k, 0)) for k in ('tests', 'failures', 'errors', 'skipped'))
    print(t - f - e - sk, f + e)
except Exception:
    print(0, 1)
PY
)
py_pass=${py_counts% *}; py_fail=${py_counts#* }
host_counts=$(cat "$results/host.counts" 2>/dev/null || echo "0 1")
host_pass=${host_counts% *}; host_fail=${host_counts#* }
step done
echo "node: ${node_pass:-0} passed, ${node_fail:-0} failed; extension host: $host_pass passed, $host_fail failed; pytest: $py_pass passed, $py_fail failed"
echo "Tests: $(( ${node_pass:-0} + host_pass + py_pass )) passed, $(( ${node_fail:-0} + host_fail + py_fail )) failed"
[ "$node_rc" = 0 ] && [ "$host_rc" = 0 ] && [ "$py_rc" = 0 ]
