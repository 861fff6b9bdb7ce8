#!/usr/bin/env bash
# The Python workers' venv at .venv (gitignored), idempotent: CPU torch FIRST, pinned to
# 2.13.0 (an unpinned or newer torch would pull GBs of CUDA wheels), then the pinned
# worker dependencies and pytest, then the workers package itself (editable).
#   bash scripts/setup-python.sh          create or complete .venv
#   VSTAR_VENV=path bash scripts/...      another location
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VSTAR_VENV:-.venv}
PY=${PYTHON:-python3}
TORCH=2.13.0

if ! command -v ffmpeg >/dev/null; then
  echo "setup-python: ffmpeg is needed by the workers (frame sampling); run scripts/setup.sh" >&2
  exit 1
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
pip() { "$VENV/bin/pip" --disable-pip-version-check -q "$@"; }

have() { "$VENV/bin/python" - "$@" <<'PYEOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if all(version(a.split("==")[0]) == a.split("==")[1] for a in sys.argv[1:]) else 1)
PYEOF
}

if ! have "torch==$TORCH"; then
  # Here pip's configured find-links holds the CPU wheel (torch-2.13.0+cpu). Elsewhere, point
  # PIP_FIND_LINKS / PIP_EXTRA_INDEX_URL at a CPU build first, or this pulls the CUDA one.
  pip install "torch==$TORCH"
fi
DEPS=(transformers==5.17.0 peft==0.21.0 accelerate==1.15.0 safetensors==0.8.0 tokenizers==0.23.3 pillow==12.3.0 onnx==1.23.2 matplotlib==3.11.2 pytest==9.1.1)
have "${DEPS[@]}" || pip install "torch==$TORCH" "${DEPS[@]}"
have vstar-workers==0.1.0 || pip install --no-deps --no-build-isolation -e workers
"$VENV/bin/python" -c "import vstar_workers; from importlib.metadata import version as v; print('setup-python: torch', v('torch'), 'transformers', v('transformers'), 'peft', v('peft'), 'in $VENV')"
