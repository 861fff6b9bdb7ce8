#!/usr/bin/env bash
# The main job, from a fresh clone: install what is needed, make the bundled synthetic
# sample dataset with ffmpeg, import and validate it, and print its statistics.
# (The demo issue turns this into a full self-training run.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="${1:-vstar-demo}"
repo=$(pwd)
vstar() { node "$repo/bin/vstar.js" "$@"; }
if [ ! -f "$out/vstar.yaml" ]; then
  vstar init "$out" --sample
fi
cd "$out"
vstar dataset import sample
vstar dataset validate sample
vstar dataset stats sample
