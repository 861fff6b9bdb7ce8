#!/usr/bin/env bash
# The main job, from a fresh clone: install what is needed (Debian packages, npm packages,
# the workers' Python venv with CPU torch), then run the self-training demo with the
# project's own tiny video model: make the synthetic dataset, run 3 cycles of
# answer → verify → rationalize → finetune, evaluate held-out accuracy after each, and
# write <out>/summary.json and <out>/accuracy.png (out: first argument, default vstar-demo).
# Any further arguments go to `vstar demo` (e.g. --no-rationalize for the comparison run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-python.sh
out="${1:-vstar-demo}"
shift || true
node bin/vstar.js demo --out "$out" "$@"
