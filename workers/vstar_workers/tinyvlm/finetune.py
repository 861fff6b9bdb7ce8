"""Finetunes the tiny model on accepted answers (a cycle's export: metadata JSONL or
LLaVA JSON, bare question + rationale per clip) and re-exports it:

    python -m vstar_workers.tinyvlm.finetune --model models/tiny --data export.jsonl --out models/tiny-c1

`python -m vstar_workers.finetune` (the finetune job every target runs) comes here when
--model is a tiny model folder. Videos are resolved against --root (default: the data
file's folder). The question is the bare one (no hint): this is how self-training teaches
what rationalization found. --out receives the model (encoder.onnx, model.onnx,
vocab.json, weights.pt) and metrics.json.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import torch

from ..common import progress, write_json_atomic
from ..data import load_examples
from .clips import clip_frames
from .export import export, load
from .train import fit

EPOCHS = 8
LR = 2e-3
BATCH = 32


def finetune(model: str, data: str, out: str, root: str | None = None, epochs: int | None = None, lr: float | None = None,
             seed: int = 0, batch: int = BATCH) -> dict:
    t0 = time.time()
    epochs = EPOCHS if epochs is None else epochs
    lr = LR if lr is None else lr
    # The tiny model's ops are too small to share: a second thread only spin-waits (measured:
    # several times the CPU time, worst on a busy machine), and the other core is free for ffmpeg.
    torch.set_num_threads(1)
    examples = load_examples(data)
    if not examples:
        raise SystemExit(f"{data}: no examples")
    root = root or os.path.dirname(os.path.abspath(data))
    # Several questions about one clip share its frames: extract each clip once.
    clips: dict[tuple, int] = {}
    for e in examples:
        clips.setdefault((e.video if os.path.isabs(e.video) else os.path.join(root, e.video), e.start, e.end), len(clips))
    keys = list(clips)
    frames = clip_frames([k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys])
    t_frames = time.time() - t0
    rows = [(clips[(e.video if os.path.isabs(e.video) else os.path.join(root, e.video), e.start, e.end)], e.question, "", e.answer)
            for e in examples]
    m = load(model)
    done = [0]

    def log(line: str) -> None:
        done[0] += 1
        print(line, flush=True)
        progress(done[0], epochs)

    t1 = time.time()
    losses = fit(m, frames, rows, epochs, lr, batch=batch, seed=seed, log=log)
    t_train = time.time() - t1
    export(m, out)
    metrics = {"model": "vstar-tinyvlm", "base": os.path.abspath(model), "examples": len(rows), "epochs": epochs, "lr": lr, "batch": batch,
               "losses": [round(x, 5) for x in losses], "firstLoss": round(losses[0], 5) if losses else None,
               "lastLoss": round(losses[-1], 5) if losses else None, "seconds": round(time.time() - t0, 1),
               "framesSeconds": round(t_frames, 1), "trainSeconds": round(t_train, 1)}
    write_json_atomic(os.path.join(out, "metrics.json"), metrics)
    print(json.dumps(metrics), flush=True)
    return metrics


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="folder with weights.pt (from train or an earlier finetune)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--root", help="folder the examples' video paths are relative to")
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--lr", type=float, default=LR)
    ap.add_argument("--batch", type=int, default=BATCH)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    finetune(a.model, a.data, a.out, root=a.root, epochs=a.epochs, lr=a.lr, seed=a.seed, batch=a.batch)


if __name__ == "__main__":
    main()
