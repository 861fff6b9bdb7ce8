"""ONNX export of the two graphs and the vocab.json the TypeScript side reads."""
from __future__ import annotations

import json
import os
import warnings

import torch

from .model import FRAMES, SIZE, TinyVLM
from .vocab import BOS, EOS, MAX_HINT, MAX_LEN, MAX_QUESTION, PAD, UNK, WORDS


def export(model: TinyVLM, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    model.eval()
    b = 2
    frames = torch.rand(b, FRAMES, SIZE, SIZE, 3) * 255
    ctx = model.encoder(frames)
    q = torch.ones(b, MAX_QUESTION, dtype=torch.long)
    hint = torch.zeros(b, MAX_HINT, dtype=torch.long)
    prev = torch.full((b,), BOS, dtype=torch.long)
    h = torch.zeros(b, model.hidden)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model.encoder, (frames,), os.path.join(out, "encoder.onnx"), dynamo=False,
                          input_names=["frames"], output_names=["context"],
                          dynamic_axes={"frames": {0: "batch"}, "context": {0: "batch"}}, opset_version=17)
        torch.onnx.export(model.step, (ctx, q, hint, prev, h), os.path.join(out, "model.onnx"), dynamo=False,
                          input_names=["context", "question", "hint", "prev", "state"], output_names=["logits", "next_state"],
                          dynamic_axes={n: {0: "batch"} for n in ["context", "question", "hint", "prev", "state", "logits", "next_state"]},
                          opset_version=17)
    meta = {
        "format": "vstar-tinyvlm/1", "words": WORDS, "pad": PAD, "unk": UNK, "bos": BOS, "eos": EOS,
        "frames": FRAMES, "size": SIZE, "hidden": model.hidden, "context": int(ctx.shape[1]),
        "maxQuestion": MAX_QUESTION, "maxHint": MAX_HINT, "maxLen": MAX_LEN,
    }
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    torch.save(model.state_dict(), os.path.join(out, "weights.pt"))


def load(out: str) -> TinyVLM:
    m = TinyVLM()
    m.load_state_dict(torch.load(os.path.join(out, "weights.pt"), weights_only=True))
    return m
