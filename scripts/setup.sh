#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: system packages through
# apt-get (only those missing), then the npm packages from the lockfile, then builds.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v chromium >/dev/null || need+=(chromium)
if [ "${VSTAR_SETUP_E2E:-0}" = 1 ]; then
  # Native modules of code-server (the real VS Code the e2e tests drive) build from source.
  for p in build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# onnxruntime-node's postinstall would download CUDA binaries from a host that may be
# unreachable; the CPU binaries ship in the package (also set in .npmrc).
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-fund --no-audit --loglevel=error
fi
npm run --silent build
