"""Held-out accuracy from verdict records.

Evaluation is generation on the held-out split (generate.py, stage "answer") followed by
the core's verifier (`vstar verify`), which writes verdict records. This worker joins
them: a held-out sample counts as correct when its latest answer attempt passed.
  --attempts   attempts JSONL (one or more files)
  --verdicts   verdicts JSONL ({"attemptId", "pass", ...})
  --samples    dataset records JSONL; with --split, only those samples are scored and a
               sample with no attempt counts as wrong (reported as missing)
Writes --out metrics.json: {total, correct, accuracy, missing, byModel}.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from .common import progress, read_jsonl, write_json_atomic


def score(attempts: list[dict], verdicts: list[dict], sample_ids: list[str] | None) -> dict:
    passed = {}
    for v in verdicts:  # the last verdict for an attempt wins (a re-verify appends)
        passed[v["attemptId"]] = bool(v["pass"])
    latest: dict[str, dict] = {}
    for a in attempts:
        if a.get("stage") != "answer":
            continue  # rationalize attempts saw the label: never evidence of accuracy
        cur = latest.get(a["sampleId"])
        if cur is None or a.get("try", 0) >= cur.get("try", 0):
            latest[a["sampleId"]] = a
    ids = sample_ids if sample_ids is not None else sorted(latest)
    correct, missing, by_model = 0, [], defaultdict(lambda: [0, 0])
    for sid in ids:
        a = latest.get(sid)
        if a is None or a["id"] not in passed:
            missing.append(sid)
            continue
        ok = passed[a["id"]]
        correct += ok
        by_model[a.get("model", "?")][0] += ok
        by_model[a.get("model", "?")][1] += 1
    total = len(ids)
    return {"total": total, "correct": correct, "accuracy": (correct / total) if total else None,
            "missing": missing, "byModel": {m: {"correct": c, "total": t, "accuracy": c / t} for m, (c, t) in by_model.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="vstar-evaluate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--attempts", required=True, nargs="+")
    ap.add_argument("--verdicts", required=True, nargs="+")
    ap.add_argument("--samples")
    ap.add_argument("--split", default="test")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    attempts = [r for f in a.attempts for r in read_jsonl(f)]
    verdicts = [r for f in a.verdicts for r in read_jsonl(f)]
    ids = None
    if a.samples:
        ids = [r["id"] for r in read_jsonl(a.samples) if r.get("split", "train") == a.split]
    m = score(attempts, verdicts, ids)
    m["split"] = a.split if a.samples else None
    write_json_atomic(a.out, m)
    progress(m["total"], m["total"], phase="done", accuracy=m["accuracy"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
