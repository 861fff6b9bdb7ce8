"""Trains the tiny video-language model from scratch on the project's synthetic clips and
exports it (encoder.onnx, model.onnx, vocab.json, weights.pt):

    python -m vstar_workers.tinyvlm.train --out models/tiny

Descriptive data only (shape, colour, bounces right; direction mostly wrong without a
hint), so it starts weak on direction, as the method assumes. CPU, a few minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time

import torch

from .clips import clip_frames, make_sample
from .examples import descriptive_rows, loss_of, tensors
from .export import export
from .model import TinyVLM
from .vocab import MAX_HINT, MAX_QUESTION, QUESTIONS, answer_of, decode, encode, fixed, words


def fit(model: TinyVLM, frames, rows, epochs: int, lr: float, batch: int = 64, seed: int = 0, log=print) -> list[float]:
    """Adam over shuffled batches; returns the mean loss of each epoch."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    losses = []
    for ep in range(epochs):
        rng.shuffle(rows)
        total = 0.0
        for lo in range(0, len(rows), batch):
            loss = loss_of(model, tensors(frames, rows[lo:lo + batch]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(rows[lo:lo + batch])
        losses.append(total / len(rows))
        log(f"epoch {ep + 1}/{epochs} loss {losses[-1]:.4f}")
    model.eval()
    return losses


def concludes(text: str, truth: str) -> bool:
    """The last sentence names the label (as the class verifier reads a conclusion)."""
    sentences = [s for s in text.split(" . ") if s.strip()]
    return bool(sentences) and truth in words(sentences[-1])


def accuracy(model: TinyVLM, frames, records: list[dict], idx: list[int]) -> dict[str, float]:
    """Greedy (temperature 0), no hint: the share of answers concluding with the label per field."""
    out = {}
    f = torch.from_numpy(frames).float()[idx]
    for field, qs in QUESTIONS.items():
        ok = 0
        for q in qs:
            qi = torch.tensor([fixed(encode(q.format(**records[i]["labels"])), MAX_QUESTION) for i in idx])
            hint = torch.zeros(len(idx), MAX_HINT, dtype=torch.long)
            for k, ids in enumerate(model.greedy(f, qi, hint)):
                ok += concludes(decode(ids), answer_of(field, records[idx[k]]["labels"]))
        out[field] = round(ok / (len(qs) * len(idx)), 3)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder for encoder.onnx, model.onnx, vocab.json, weights.pt")
    ap.add_argument("--clips", type=int, default=600)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--epochs", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--direction-noise", type=float, default=1.0, help="share of direction answers taught with a random direction")
    a = ap.parse_args(argv)
    t0 = time.time()
    torch.manual_seed(a.seed)
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="vstar-tinyvlm-") as tmp:
        records = make_sample(tmp, a.clips, a.seed)
        frames = clip_frames([os.path.join(tmp, r["video"]) for r in records], end=[3.0] * len(records))
    print(f"{len(records)} clips ready in {time.time() - t0:.1f}s")
    train_idx = [i for i, r in enumerate(records) if r["split"] == "train"]
    held = [i for i, r in enumerate(records) if r["split"] != "train"]
    rows = descriptive_rows([records[i] for i in train_idx], a.seed, a.direction_noise)
    rows = [(train_idx[i], q, h, t) for i, q, h, t in rows]
    model = TinyVLM()
    fit(model, frames, rows, a.epochs, a.lr, seed=a.seed)
    acc = accuracy(model, frames, records, held)
    secs = round(time.time() - t0, 1)
    print(f"held-out accuracy (greedy, no hint): {json.dumps(acc)}; {secs}s in all")
    export(model, a.out)
    with open(os.path.join(a.out, "train.json"), "w", encoding="utf-8") as f:
        json.dump({"clips": a.clips, "seed": a.seed, "epochs": a.epochs, "lr": a.lr, "directionNoise": a.direction_noise,
                   "examples": len(rows), "heldOutAccuracy": acc, "seconds": secs}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
