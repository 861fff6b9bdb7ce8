"""Batch generation over one shard of a cycle's requests, writing attempt records.

Input (`--requests`, JSONL, written by the core): one line per generation request
  {"sampleId", "stage": "answer"|"rationalize", "try": 0, "prompt", "question",
   "video", "start"?, "end"?}
Shard i of n takes requests i, i+n, i+2n… Output (`--out`, JSONL, appended + fsynced):
the core's AttemptRecord
  {"id", "sampleId", "stage", "try", "cycle", "model", "backend", "prompt", "question",
   "output", "timing": {"startedAt", "ms"}}
Rerunning skips requests whose attempt id is already in the output (resumable).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from .common import JsonlAppender, load_frames, progress, read_jsonl, resolve_media, shard_args


def attempt_id(cycle: int, sample_id: str, stage: str, try_no: int) -> str:
    return f"c{cycle}/{stage}/{try_no}/{sample_id}"  # same as the core's attemptId()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="vstar-generate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="local HF model folder (or a base model + --adapter)")
    ap.add_argument("--adapter", help="LoRA adapter folder from finetune.py")
    ap.add_argument("--model-name", help="lineage name written to records (default: the model folder's name)")
    ap.add_argument("--requests", required=True)
    ap.add_argument("--out", required=True, help="attempts JSONL; {shard} is replaced by the shard index")
    ap.add_argument("--cycle", type=int, required=True)
    ap.add_argument("--shard", type=int)
    ap.add_argument("--num-shards", type=int)
    ap.add_argument("--video-root", help="folder relative video paths resolve against")
    ap.add_argument("--frames", type=int, default=8)
    ap.add_argument("--frame-size", type=int, default=336)
    ap.add_argument("--max-new-tokens", type=int, default=256)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="auto")
    a = ap.parse_args(argv)
    shard, n = shard_args(a.shard, a.num_shards)

    import torch
    from .model import encode_prompt, load_model, load_processor, pick_device

    requests = [r for i, r in enumerate(read_jsonl(a.requests)) if i % n == shard]
    out_path = a.out.replace("{shard}", str(shard))
    done_ids = {r.get("id") for r in read_jsonl(out_path)} if os.path.exists(out_path) else set()
    todo = [r for r in requests if attempt_id(a.cycle, r["sampleId"], r["stage"], r.get("try", 0)) not in done_ids]
    total = len(requests)
    progress(total - len(todo), total, shard=shard, phase="load")

    device = pick_device(a.device)
    processor = load_processor(a.model)
    model = load_model(a.model, device, a.dtype)
    if a.adapter:
        from peft import PeftModel
        model = PeftModel.from_pretrained(model, a.adapter)
    model.eval()
    name = a.model_name or os.path.basename(os.path.normpath(a.adapter or a.model))
    pad = getattr(processor, "pad_token_id", None) or getattr(getattr(processor, "tokenizer", None), "pad_token_id", None)

    out = JsonlAppender(out_path)
    failures = 0
    try:
        for k, r in enumerate(todo):
            started = dt.datetime.now(dt.timezone.utc)
            t0 = time.perf_counter()
            try:
                frames = load_frames(resolve_media(r["video"], a.video_root), a.frames, r.get("start"), r.get("end"), a.frame_size)
                inputs = encode_prompt(processor, r["prompt"], frames).to(device)
                with torch.no_grad():
                    ids = model.generate(**inputs, max_new_tokens=a.max_new_tokens, do_sample=False, pad_token_id=pad)
                text = processor.batch_decode(ids[:, inputs["input_ids"].shape[1]:], skip_special_tokens=True)[0].strip()
            except Exception as e:  # one bad clip must not stop the shard; it is reported and skipped
                failures += 1
                print(f"vstar-generate: {r.get('sampleId')}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
                continue
            out.write({
                "id": attempt_id(a.cycle, r["sampleId"], r["stage"], r.get("try", 0)),
                "sampleId": r["sampleId"], "stage": r["stage"], "try": r.get("try", 0), "cycle": a.cycle,
                "model": name, "backend": "transformers", "prompt": r["prompt"], "question": r["question"],
                "output": text,
                "timing": {"startedAt": started.isoformat().replace("+00:00", "Z"), "ms": round((time.perf_counter() - t0) * 1000, 1)},
            })
            progress(total - len(todo) + k + 1, total, shard=shard, failed=failures)
    finally:
        out.close()
    return 1 if failures and failures == len(todo) else 0


if __name__ == "__main__":
    sys.exit(main())
