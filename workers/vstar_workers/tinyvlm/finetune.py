"""Finetunes the tiny model on accepted answers (a cycle's export: metadata JSONL or
LLaVA JSON, bare question + rationale per clip) and re-exports it:

    python -m vstar_workers.tinyvlm.finetune --model models/tiny --data export.jsonl --out models/tiny-c1

Videos are resolved against --root (default: the data file's folder). The question is
the bare one (no hint): this is how self-training teaches what rationalization found.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import torch

from ..data import load_examples
from .clips import clip_frames
from .export import export, load
from .train import fit


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="folder with weights.pt (from train or an earlier finetune)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--root", help="folder the examples' video paths are relative to")
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    t0 = time.time()
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    examples = load_examples(a.data)
    if not examples:
        raise SystemExit(f"{a.data}: no examples")
    root = a.root or os.path.dirname(os.path.abspath(a.data))
    paths = [e.video if os.path.isabs(e.video) else os.path.join(root, e.video) for e in examples]
    frames = clip_frames(paths, [e.start for e in examples], [e.end for e in examples])
    rows = [(i, e.question, "", e.answer) for i, e in enumerate(examples)]
    model = load(a.model)
    fit(model, frames, rows, a.epochs, a.lr, batch=a.batch, seed=a.seed)
    export(model, a.out)
    print(json.dumps({"examples": len(rows), "epochs": a.epochs, "seconds": round(time.time() - t0, 1), "out": a.out}))


if __name__ == "__main__":
    main()
