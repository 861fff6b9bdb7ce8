"""Batch generation over one shard of a cycle's requests, writing attempt records.

Input (`--requests`, JSONL, written by the core): one line per generation request
  {"sampleId", "stage": "answer"|"rationalize", "try": 0, "prompt", "question",
   "video", "start"?, "end"?, "hint"?}
`prompt` is the full text an LVLM gets (a rationalization prompt already holds the label
hint); the tiny family reads `question` and `hint` (the label words; '' or absent for an
answer) as its two inputs. Shard i of n takes requests i, i+n, i+2n…

Families (`--family`, default auto: a tiny model folder's vocab.json, else config.json's
model_type): `tiny` (the project's own model, on the CPU), `qwen2-vl`, `qwen2.5-vl`.
Engines for the LVLM families (`--engine`): `transformers` (batched generate, left
padding, `--batch-size` requests per call) or `vllm` (vLLM's offline engine, where vLLM is
installed). Temperature 0 is greedy; above 0 samples with top-p; `--seed` makes it repeatable.

Output (`--out`, JSONL, appended + fsynced per record): the core's AttemptRecord
  {"id", "sampleId", "stage", "try", "cycle", "model", "backend", "prompt", "question",
   "output", "timing": {"startedAt", "ms"}}
with backend `tiny`, `transformers` or `vllm`, and timing.ms the request's share of its
batch's wall time. Rerunning skips requests whose attempt id is already in the output.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from .common import JsonlAppender, progress, read_jsonl, shard_args

CHUNK = 512  # requests whose frames the tiny engine loads in one go


def attempt_id(cycle: int, sample_id: str, stage: str, try_no: int) -> str:
    return f"c{cycle}/{stage}/{try_no}/{sample_id}"  # same as the core's attemptId()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="vstar-generate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="local model folder: HF format (or a base model + --adapter), or a tiny model")
    ap.add_argument("--adapter", help="LoRA adapter folder from finetune.py (LVLM families)")
    ap.add_argument("--model-name", help="lineage name written to records (default: the adapter's or model folder's name)")
    ap.add_argument("--family", choices=["auto", "tiny", "qwen2-vl", "qwen2.5-vl"], default="auto")
    ap.add_argument("--engine", choices=["transformers", "vllm"], default="transformers", help="for the LVLM families")
    ap.add_argument("--requests", required=True)
    ap.add_argument("--out", required=True, help="attempts JSONL; {shard} is replaced by the shard index")
    ap.add_argument("--cycle", type=int, required=True)
    ap.add_argument("--shard", type=int)
    ap.add_argument("--num-shards", type=int)
    ap.add_argument("--video-root", help="folder relative video paths resolve against")
    ap.add_argument("--frames", type=int, default=8, help="frames per clip (LVLMs; the tiny model has its own)")
    ap.add_argument("--frame-size", type=int, default=336)
    ap.add_argument("--max-new-tokens", type=int, default=256)
    ap.add_argument("--batch-size", type=int, default=8, help="requests per generate call")
    ap.add_argument("--temperature", type=float, default=0.0, help="0: greedy; above 0: sampling")
    ap.add_argument("--top-p", type=float, default=1.0)
    ap.add_argument("--seed", type=int, help="makes sampling repeatable")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="auto")
    a = ap.parse_args(argv)
    for name, ok in (("--batch-size", a.batch_size >= 1), ("--temperature", a.temperature >= 0),
                     ("--top-p", 0 < a.top_p <= 1), ("--max-new-tokens", a.max_new_tokens >= 1)):
        if not ok:
            ap.error(f"{name}: out of range")
    return a


def make_engine(a, family: str):
    """The engine, or an error message (exit 2) when the flags cannot work together."""
    if family == "tiny":
        if a.engine == "vllm":
            return "the tiny family runs on its own engine; --engine vllm is for the LVLM families"
        if a.adapter:
            return "the tiny family has no adapters: pass the finetuned model folder as --model"
        from .tinyvlm.generate import TinyEngine

        return TinyEngine(a, lambda r: attempt_id(a.cycle, r["sampleId"], r["stage"], r.get("try", 0)))
    if a.engine == "vllm":
        from .engines import VLLM_MISSING, VllmEngine, require_vllm

        vllm = require_vllm()
        return VLLM_MISSING if vllm is None else VllmEngine(a, vllm)
    from .engines import TransformersEngine

    if a.seed is not None:
        import torch

        torch.manual_seed(a.seed)
    return TransformersEngine(a)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    shard, n = shard_args(a.shard, a.num_shards)
    from .model import model_family

    try:
        family = model_family(a.model, a.family)
    except ValueError as e:
        print(f"vstar-generate: {e}", file=sys.stderr)
        return 2
    if a.engine == "vllm" and family != "tiny":
        from .engines import VLLM_MISSING, require_vllm

        if require_vllm() is None:  # before reading anything: the job fails at once, saying why
            print(f"vstar-generate: {VLLM_MISSING}", file=sys.stderr)
            return 2

    key = lambda r: attempt_id(a.cycle, r["sampleId"], r["stage"], r.get("try", 0))  # noqa: E731
    requests = [r for i, r in enumerate(read_jsonl(a.requests)) if i % n == shard]
    out_path = a.out.replace("{shard}", str(shard))
    done_ids = {r.get("id") for r in read_jsonl(out_path)} if os.path.exists(out_path) else set()
    todo = [r for r in requests if key(r) not in done_ids]
    total = len(requests)
    progress(total - len(todo), total, shard=shard, phase="load")
    if not todo:
        progress(total, total, shard=shard, phase="done")
        return 0

    engine = make_engine(a, family)
    if isinstance(engine, str):
        print(f"vstar-generate: {engine}", file=sys.stderr)
        return 2
    name = a.model_name or os.path.basename(os.path.normpath(a.adapter or a.model))
    out = JsonlAppender(out_path)
    done, failures = total - len(todo), 0
    bs = a.batch_size
    chunk = max(bs, CHUNK // bs * bs)
    try:
        for lo in range(0, len(todo), chunk):
            part = todo[lo:lo + chunk]
            if hasattr(engine, "prepare"):  # the tiny engine's frames for the chunk (minutes when not cached)
                progress(done, total, shard=shard, phase="frames")
                engine.prepare(part)
            for b in range(0, len(part), bs):
                batch = part[b:b + bs]
                started = dt.datetime.now(dt.timezone.utc)
                t0 = time.perf_counter()
                try:
                    texts = engine.run(batch)
                except Exception as e:  # the whole batch failed (e.g. out of memory): report it, go on
                    texts = [e] * len(batch)
                ms = round((time.perf_counter() - t0) * 1000 / len(batch), 1)
                for r, text in zip(batch, texts):
                    if not isinstance(text, str):
                        failures += 1  # one bad clip must not stop the shard; it is reported and skipped
                        print(f"vstar-generate: {r.get('sampleId')}: {type(text).__name__}: {text}", file=sys.stderr, flush=True)
                        continue
                    out.write({
                        "id": key(r), "sampleId": r["sampleId"], "stage": r["stage"], "try": r.get("try", 0), "cycle": a.cycle,
                        "model": name, "backend": engine.backend, "prompt": r["prompt"], "question": r["question"],
                        "output": text, "timing": {"startedAt": started.isoformat().replace("+00:00", "Z"), "ms": ms},
                    })
                done += len(batch)
                progress(done, total, shard=shard, failed=failures)
    finally:
        out.close()
    return 1 if failures and failures == len(todo) else 0


if __name__ == "__main__":
    sys.exit(main())
