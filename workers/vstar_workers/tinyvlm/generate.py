"""The generate worker's engine for the tiny family (`--family tiny`, backend `tiny`):
the torch twin of the in-process ONNX backend (src/core/generate/tinyvlm/runner.ts and
text.ts), so a job on any target prints what `vstar` would print for the same tokens.

- inputs: the request's `question` and `hint` ('' for an answer) through the folder's own
  vocab.json (lower-cased [a-z]+ words and full stops, unknown words as <unk>, fixed widths);
- frames: `clips.clip_frames` (FRAMES frames at the centres of equal parts of [start, end],
  area-scaled), loaded for a chunk of requests at once and cached on disk across cycles;
- decoding: one step for the whole batch at a time; temperature 0 is greedy, otherwise
  softmax sampling with top-p as `sampleToken` does it, each request drawing from its own
  generator (seeded from --seed and its attempt id: the same text whatever the batch or shard);
- output: `pretty_answer` (text.ts's `prettyAnswer`) of the words up to <eos>.
"""
from __future__ import annotations

import json
import os
import re
import zlib

import numpy as np
import torch

from ..common import resolve_media
from .clips import clip_frames
from .model import TinyVLM

_WORD = re.compile(r"[a-z]+|\.")
_SENTENCE = re.compile(r"\s*\.\s*")


def pretty_answer(words: str) -> str:
    """'i see a red circle . so ...' -> 'I see a red circle. So ...' (text.ts: prettyAnswer)."""
    sentences = [s.strip() for s in _SENTENCE.split(words)]
    return " ".join(f"{s[0].upper()}{s[1:]}." for s in sentences if s)


def sample_tokens(logits: torch.Tensor, temperature: float, u, top_p: float = 1.0) -> torch.Tensor:
    """runner.ts's sampleToken for every row of [B, V] logits; u: B uniform draws in [0, 1)."""
    best = logits.argmax(-1)
    if temperature <= 0:
        return best
    lg = logits.double()
    p = torch.exp((lg - lg.max(-1, keepdim=True).values) / temperature)
    if top_p < 1:  # keep the smallest set of most likely tokens reaching top_p (ties: lower id first)
        sp, order = torch.sort(p, stable=True, dim=-1, descending=True)
        keep = (sp.cumsum(-1) - sp) < top_p * p.sum(-1, keepdim=True)
        p = p * torch.zeros_like(keep).scatter(-1, order, keep)
    r = torch.as_tensor(np.asarray(u, dtype=np.float64)) * p.sum(-1)
    hit = (p.cumsum(-1) >= r[:, None]) & (p > 0)  # inverse CDF over ids in their own order
    return torch.where(hit.any(-1), hit.double().argmax(-1), best)


class TinyVocab:
    def __init__(self, meta: dict):
        self.meta = meta
        self.index = {w: i for i, w in enumerate(meta["words"])}
        self.first_word = max(meta["pad"], meta["unk"], meta["bos"], meta["eos"]) + 1

    def fixed(self, text: str, n: int) -> list[int]:
        ids = [self.index.get(w, self.meta["unk"]) for w in _WORD.findall((text or "").lower())]
        return (ids[:n] + [self.meta["pad"]] * n)[:n]

    def decode(self, ids: list[int]) -> str:
        out = []
        for i in ids:
            if i == self.meta["eos"]:
                break
            if i >= self.first_word:
                out.append(self.meta["words"][i])
        return " ".join(out)


def load_tiny(folder: str) -> tuple[TinyVLM, TinyVocab]:
    with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
        vocab = TinyVocab(json.load(f))
    model = TinyVLM(vocab=len(vocab.meta["words"]), hidden=vocab.meta["hidden"])
    model.load_state_dict(torch.load(os.path.join(folder, "weights.pt"), weights_only=True))
    return model.eval(), vocab


def decode_batch(model: TinyVLM, vocab: TinyVocab, frames: np.ndarray, questions: list[str], hints: list[str],
                 max_tokens: int, temperature: float = 0.0, top_p: float = 1.0, rngs: list | None = None) -> list[str]:
    """runner.ts's decode: token ids per request until <eos> (or max_tokens), as word strings."""
    m = vocab.meta
    b = len(questions)
    steps = min(m["maxLen"], max_tokens)
    rngs = rngs or [np.random.default_rng() for _ in range(b)]
    u = np.stack([g.random(steps) for g in rngs]) if temperature > 0 else np.zeros((b, steps))
    tokens: list[list[int]] = [[] for _ in range(b)]
    done = [False] * b
    with torch.no_grad():
        ctx = model.encoder(torch.from_numpy(frames).float())
        q = torch.tensor([vocab.fixed(s, m["maxQuestion"]) for s in questions], dtype=torch.long)
        hint = torch.tensor([vocab.fixed(s, m["maxHint"]) for s in hints], dtype=torch.long)
        prev = torch.full((b,), m["bos"], dtype=torch.long)
        h = torch.zeros(b, m["hidden"])
        for t in range(steps):
            if all(done):
                break
            logits, h = model.step(ctx, q, hint, prev, h)
            prev = sample_tokens(logits, temperature, u[:, t], top_p)
            for i, tok in enumerate(prev.tolist()):
                if done[i]:
                    continue
                if tok == m["eos"] or len(tokens[i]) >= max_tokens:
                    done[i] = True
                else:
                    tokens[i].append(tok)
    return [vocab.decode(ids) for ids in tokens]


class TinyEngine:
    backend = "tiny"

    def __init__(self, a, attempt_id):
        # Ops this small do not share well: a second thread only spin-waits (see finetune.py).
        torch.set_num_threads(1)
        if a.seed is not None:
            torch.manual_seed(a.seed)
        self.a, self.attempt_id = a, attempt_id
        self.model, self.vocab = load_tiny(a.model)
        self.frames: dict[tuple, np.ndarray | Exception] = {}

    def clip(self, r: dict) -> tuple:
        return (resolve_media(r["video"], self.a.video_root), r.get("start"), r.get("end"))

    def prepare(self, reqs: list[dict]) -> None:
        """Frames of a chunk's clips in one go (ffmpeg runs 16 clips at a time, 2 in parallel)."""
        keys = list(dict.fromkeys(self.clip(r) for r in reqs))
        self.frames = {}
        try:
            got = clip_frames([k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys])
            self.frames = {k: got[i] for i, k in enumerate(keys)}
        except Exception:  # some clip is bad: find it, keep the others
            for k in keys:
                try:
                    if not os.path.isfile(k[0]):
                        raise FileNotFoundError(f"{k[0]}: no such video")
                    self.frames[k] = clip_frames([k[0]], [k[1]], [k[2]])[0]
                except FileNotFoundError as e:
                    self.frames[k] = e
                except Exception as e:
                    self.frames[k] = RuntimeError(f"{k[0]}: ffmpeg could not sample its frames ({type(e).__name__})")

    def run(self, reqs: list[dict]) -> list:
        a = self.a
        out: list = [self.frames.get(self.clip(r)) for r in reqs]
        ok = [i for i, f in enumerate(out) if isinstance(f, np.ndarray)]
        if not ok:
            return out
        rngs = [np.random.default_rng(None if a.seed is None else [a.seed, zlib.crc32(self.attempt_id(reqs[i]).encode())]) for i in ok]
        texts = decode_batch(self.model, self.vocab, np.stack([out[i] for i in ok]), [reqs[i]["question"] for i in ok],
                             [reqs[i].get("hint") or "" for i in ok], a.max_new_tokens, a.temperature, a.top_p, rngs)
        for i, t in zip(ok, texts):
            out[i] = pretty_answer(t)
        return out
