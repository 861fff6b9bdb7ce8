"""Training examples from our exports: LLaVA JSON (`*.llava.json`) or metadata JSONL.

Both hold the bare question and the rationale answer for one clip; metadata lines may
carry start/end. Anything else fails with the file and record named.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .common import read_jsonl


@dataclass
class Example:
    id: str
    video: str
    question: str
    answer: str
    start: float | None = None
    end: float | None = None


def _from_llava(i: int, r: dict, path: str) -> Example:
    turns = r.get("conversations") or []
    human = next((t["value"] for t in turns if t.get("from") == "human"), None)
    gpt = next((t["value"] for t in turns if t.get("from") == "gpt"), None)
    if not (r.get("video") and human and gpt):
        raise ValueError(f"{path}: record {i} ({r.get('id')}): needs video and a human and a gpt turn")
    question = human.replace("<video>", "").strip()
    return Example(str(r.get("id", i)), r["video"], question, gpt)


def load_examples(path: str) -> list[Example]:
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, list):
            raise ValueError(f"{path}: a LLaVA dataset is a JSON array")
        return [_from_llava(i, r, path) for i, r in enumerate(data)]
    out = []
    for i, r in enumerate(read_jsonl(path)):
        if "conversations" in r:
            out.append(_from_llava(i, r, path))
            continue
        missing = [k for k in ("video", "question", "answer") if not r.get(k)]
        if missing:
            raise ValueError(f"{path}:{i + 1}: missing {', '.join(missing)}")
        out.append(Example(str(r.get("id", i)), r["video"], r["question"], r["answer"], r.get("start"), r.get("end")))
    return out
