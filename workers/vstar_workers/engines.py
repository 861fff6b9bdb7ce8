"""The generate worker's engines for the LVLM families (Qwen2-VL, Qwen2.5-VL):

- `transformers`: batched `generate` with LEFT padding, base model + optional PEFT adapter;
- `vllm`: vLLM's offline engine (`vllm.LLM`), frames as `multi_modal_data` images, the
  adapter as a `LoRARequest`; only where vLLM is installed on the target.

An engine's `run(requests)` returns one text or one exception per request, in order, so a
bad clip costs its own record only. The tiny family's engine is `tinyvlm.generate`.
"""
from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from .common import load_frames, resolve_media

VLLM_MISSING = "engine vllm needs vLLM installed on the target (pip install vllm); use --engine transformers"


class ClipFrames:
    """Each request's frames (ffmpeg runs in 2 threads: they are processes, not Python work)."""

    def __init__(self, a):
        self.a = a
        self.pool = ThreadPoolExecutor(2)

    def load(self, r: dict):
        try:
            return load_frames(resolve_media(r["video"], self.a.video_root), self.a.frames, r.get("start"), r.get("end"), self.a.frame_size)
        except Exception as e:  # reported with the request's id by the caller
            return e

    def __call__(self, reqs: list[dict]) -> list:
        return list(self.pool.map(self.load, reqs))


def _apart(reqs: list[dict], frames: list) -> tuple[list[int], list]:
    ok = [i for i, f in enumerate(frames) if not isinstance(f, Exception)]
    return ok, [frames[i] for i in ok]


class TransformersEngine:
    backend = "transformers"

    def __init__(self, a):
        import torch
        from .model import load_model, load_processor, pick_device

        self.a, self.torch = a, torch
        self.device = pick_device(a.device)
        self.processor = load_processor(a.model)
        model = load_model(a.model, self.device, a.dtype)
        if a.adapter:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, a.adapter)
            layers = sum(1 for _, m in model.named_modules() if hasattr(m, "lora_A") and len(m.lora_A) > 0)
            print(f"vstar-generate: adapter {a.adapter} applied to {layers} layers", file=sys.stderr, flush=True)
        self.model = model.eval()
        self.pad = self.processor.tokenizer.pad_token_id
        self.frames = ClipFrames(a)

    def inputs(self, reqs: list[dict], frames: list[list]):
        from .model import encode_prompts

        return encode_prompts(self.processor, [r["prompt"] for r in reqs], frames).to(self.device)

    def run(self, reqs: list[dict]) -> list:
        out = self.frames(reqs)
        ok, frames = _apart(reqs, out)
        if not ok:
            return out
        a = self.a
        inputs = self.inputs([reqs[i] for i in ok], frames)
        # top_k=0: only --temperature and --top-p shape sampling (Qwen2-VL's generation_config says top_k 1)
        sampling = dict(do_sample=True, temperature=a.temperature, top_p=a.top_p, top_k=0) if a.temperature > 0 else dict(do_sample=False)
        with self.torch.no_grad():
            ids = self.model.generate(**inputs, max_new_tokens=a.max_new_tokens, pad_token_id=self.pad, **sampling)
        texts = self.processor.batch_decode(ids[:, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
        for i, t in zip(ok, texts):
            out[i] = t.strip()
        return out


def require_vllm():
    try:
        import vllm
    except ImportError:
        return None
    return vllm


def lora_rank_limit(adapter: str) -> int:
    """vLLM's max_lora_rank must cover the adapter's r and be one of the sizes it supports."""
    with open(os.path.join(adapter, "adapter_config.json"), encoding="utf-8") as f:
        r = int(json.load(f).get("r", 16))
    return next((s for s in (8, 16, 32, 64, 128, 256, 320, 512) if s >= r), r)


class VllmEngine:
    backend = "vllm"

    def __init__(self, a, vllm):
        from vllm.lora.request import LoRARequest

        self.a = a
        # Frames are at most frame_size x frame_size: saying so keeps vLLM's start-up memory
        # profile from reserving its worst case (a 16k-token image) for every frame.
        kw: dict = dict(model=a.model, limit_mm_per_prompt={"image": a.frames}, seed=a.seed or 0, dtype=a.dtype,
                        mm_processor_kwargs={"min_pixels": 28 * 28, "max_pixels": a.frame_size * a.frame_size})
        self.lora = None
        if a.adapter:
            kw.update(enable_lora=True, max_lora_rank=lora_rank_limit(a.adapter))
            self.lora = LoRARequest(os.path.basename(os.path.normpath(a.adapter)) or "adapter", 1, os.path.abspath(a.adapter))
        self.llm = vllm.LLM(**kw)
        self.params = vllm.SamplingParams(temperature=a.temperature, top_p=a.top_p if a.temperature > 0 else 1.0,
                                          max_tokens=a.max_new_tokens, seed=a.seed)
        self.tokenizer = self.llm.get_tokenizer()
        self.frames = ClipFrames(a)

    def run(self, reqs: list[dict]) -> list:
        from .model import user_messages

        out = self.frames(reqs)
        ok, frames = _apart(reqs, out)
        if not ok:
            return out
        prompts = [{"prompt": self.tokenizer.apply_chat_template(user_messages(reqs[i]["prompt"], len(f)), add_generation_prompt=True, tokenize=False),
                    "multi_modal_data": {"image": f}} for i, f in zip(ok, frames)]
        results = self.llm.generate(prompts, self.params, lora_request=self.lora, use_tqdm=False)
        for i, res in zip(ok, results):
            out[i] = res.outputs[0].text.strip()
        return out
