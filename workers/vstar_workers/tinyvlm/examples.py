"""Training tensors: (frames, question ids, hint ids, target ids) per example."""
from __future__ import annotations

import random

import numpy as np
import torch

from .vocab import DIRECTIONS, EOS, MAX_HINT, MAX_LEN, MAX_QUESTION, PAD, QUESTIONS, answer_of, encode, fixed, rationale


def tensors(frames: np.ndarray, rows: list[tuple[int, str, str, str]]):
    """rows: (clip index, question, hint or '', answer text) -> batched tensors."""
    idx = torch.tensor([r[0] for r in rows], dtype=torch.long)
    q = torch.tensor([fixed(encode(r[1]), MAX_QUESTION) for r in rows], dtype=torch.long)
    hint = torch.tensor([fixed(encode(r[2]), MAX_HINT) for r in rows], dtype=torch.long)
    tgt = torch.tensor([fixed(encode(r[3])[: MAX_LEN - 1] + [EOS], MAX_LEN) for r in rows], dtype=torch.long)
    return torch.from_numpy(frames).float()[idx], q, hint, tgt


def descriptive_rows(records: list[dict], seed: int, direction_noise: float = 1.0, hint_rate: float = 0.3):
    """The starting point of the method: descriptive data (shape, colour, bounces) taught
    right, direction without a hint taught with a random direction (so the model only knows
    the prior and is right about one time in four), and
    every type sometimes with the true label as hint (so rationalization works)."""
    rng = random.Random(seed)
    rows = []
    for i, r in enumerate(records):
        labels = r["labels"]
        for field, qs in QUESTIONS.items():
            q = rng.choice(qs).format(**labels)
            truth = answer_of(field, labels)
            if rng.random() < hint_rate:
                rows.append((i, q, truth, rationale(field, labels, truth)))
                continue
            ans = truth
            if field == "direction" and rng.random() < direction_noise:
                ans = rng.choice(DIRECTIONS)
            rows.append((i, q, "", rationale(field, labels, ans)))
    return rows


def loss_of(model, batch) -> torch.Tensor:
    frames, q, hint, tgt = batch
    logits = model(frames, q, hint, tgt)
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=PAD)
