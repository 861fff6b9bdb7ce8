"""LoRA finetuning (PEFT) of an LVLM on exported Video-STaR data.

Reads a LLaVA JSON or metadata JSONL export, samples N frames per clip (ffmpeg, or a
folder of pre-extracted frames), trains LoRA adapters with loss on the answer only, and
writes into --out:
  adapter/                 the final LoRA adapter (PEFT format)
  metrics.json             steps, losses per step, first/last loss, examples, timing
  checkpoints/step-N/      adapter + optimizer + state, every --save-every steps
Rerunning with the same --out resumes from the newest checkpoint. Uses the GPU(s) torch
sees (CUDA_VISIBLE_DEVICES, as Slurm's --gres sets it), else the CPU.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

from .common import load_frames, progress, resolve_media, write_json_atomic
from .data import load_examples
from .model import is_tiny_model  # noqa: F401 (also what callers import from here)


def latest_checkpoint(out: Path) -> Path | None:
    ckpts = [p for p in (out / "checkpoints").glob("step-*") if (p / "state.json").exists()]
    return max(ckpts, key=lambda p: int(p.name.split("-")[1]), default=None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="vstar-finetune", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="local HF model folder (Qwen2-VL / Qwen2.5-VL family)")
    ap.add_argument("--data", required=True, help="LLaVA JSON or metadata JSONL export")
    ap.add_argument("--out", required=True)
    ap.add_argument("--video-root", help="folder relative video paths resolve against (default: the data file's folder)")
    ap.add_argument("--epochs", type=int, default=None, help="passes over the data (default 1; the tiny model: 8)")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many optimizer steps (0: all epochs)")
    ap.add_argument("--lr", type=float, default=None, help="learning rate (default 1e-4; the tiny model: 2e-3)")
    ap.add_argument("--batch-size", type=int, default=None, help="examples per forward pass (default 1; the tiny model: 32)")
    ap.add_argument("--grad-accum", type=int, default=1)
    ap.add_argument("--lora-r", type=int, default=16)
    ap.add_argument("--lora-alpha", type=int, default=32)
    ap.add_argument("--lora-dropout", type=float, default=0.05)
    ap.add_argument("--target-modules", default="q_proj,k_proj,v_proj,o_proj")
    ap.add_argument("--init-adapter", help="continue from this LoRA adapter (a previous cycle's out/adapter) instead of a fresh one; "
                                          "its own r/alpha/targets apply")
    ap.add_argument("--frames", type=int, default=8)
    ap.add_argument("--frame-size", type=int, default=336)
    ap.add_argument("--save-every", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="auto")
    a = ap.parse_args(argv)
    if is_tiny_model(a.model):
        # The project's own tiny video-language model: same job, same data, its own trainer.
        # It has no adapters: it continues from --model, whatever LoRA flags or --init-adapter say.
        from .tinyvlm.finetune import BATCH, finetune as tiny_finetune
        if a.init_adapter:
            print("vstar-finetune: the tiny family has no adapters; --init-adapter ignored (it continues from --model)", flush=True)
        tiny_finetune(model=a.model, data=a.data, root=a.video_root, out=a.out, epochs=a.epochs, lr=a.lr, seed=a.seed,
                      batch=a.batch_size or BATCH)
        return 0
    a.epochs = 1 if a.epochs is None else a.epochs
    a.batch_size = a.batch_size or 1
    a.lr = 1e-4 if a.lr is None else a.lr

    import torch
    from peft import LoraConfig, PeftModel, get_peft_model, set_peft_model_state_dict
    from .model import encode_training_batch, load_model, load_processor, pick_device

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    examples = load_examples(a.data)
    if not examples:
        sys.exit(f"error: {a.data}: no training examples")
    root = a.video_root or os.path.dirname(os.path.abspath(a.data))
    per_step = a.batch_size * a.grad_accum  # examples per optimizer step
    steps_per_epoch = max(1, len(examples) // per_step)
    total = steps_per_epoch * a.epochs
    if a.max_steps:
        total = min(total, a.max_steps)

    device = pick_device(a.device)
    processor = load_processor(a.model)
    model = load_model(a.model, device, a.dtype)
    if a.init_adapter:  # the previous cycle's adapter, trainable, instead of a fresh one
        model = PeftModel.from_pretrained(model, a.init_adapter, is_trainable=True)
    else:
        lora = LoraConfig(r=a.lora_r, lora_alpha=a.lora_alpha, lora_dropout=a.lora_dropout,
                          target_modules=[m.strip() for m in a.target_modules.split(",") if m.strip()], task_type="CAUSAL_LM")
        model = get_peft_model(model, lora)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr)

    step, losses, resumed = 0, [], None
    ck = latest_checkpoint(out)
    if ck is not None:  # resume: adapter weights, optimizer, step and loss history
        from safetensors.torch import load_file
        set_peft_model_state_dict(model, load_file(str(ck / "adapter" / "adapter_model.safetensors")))
        opt.load_state_dict(torch.load(ck / "optimizer.pt", map_location=device))
        state = json.loads((ck / "state.json").read_text())
        step, losses, resumed = state["step"], state["losses"], ck.name
        print(f"vstar-finetune: resumed from {ck}", flush=True)
    progress(step, total, phase="train", resumed=resumed)

    rng = random.Random(a.seed)
    order = [i for _ in range(a.epochs) for i in rng.sample(range(len(examples)), len(examples))]
    model.train()
    t0 = time.time()
    cursor = step * per_step  # examples consumed so far, in the seeded order
    while step < total and cursor < len(order):
        opt.zero_grad()
        acc = 0.0
        for _ in range(a.grad_accum):
            exs = [examples[order[(cursor + k) % len(order)]] for k in range(a.batch_size)]
            cursor += a.batch_size
            frames = [load_frames(resolve_media(ex.video, root), a.frames, ex.start, ex.end, a.frame_size) for ex in exs]
            batch = encode_training_batch(processor, [ex.question for ex in exs], [ex.answer for ex in exs], frames).to(device)
            loss = model(**batch).loss / a.grad_accum
            loss.backward()
            acc += loss.item()
        opt.step()
        step += 1
        losses.append(round(acc, 6))
        progress(step, total, phase="train", loss=round(acc, 6), epoch=(cursor - 1) // len(examples))
        if step % a.save_every == 0 or step == total:
            save_checkpoint(model, opt, out, step, losses)

    model.save_pretrained(out / "adapter")
    metrics = {"model": a.model, "data": a.data, "examples": len(examples), "batch_size": a.batch_size, "init_adapter": a.init_adapter, "steps": step, "losses": losses,
               "first_loss": losses[0] if losses else None, "last_loss": losses[-1] if losses else None,
               "resumed_from": resumed, "seconds": round(time.time() - t0, 2), "device": device,
               "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES")}
    write_json_atomic(out / "metrics.json", metrics)
    progress(step, total, phase="done", loss=losses[-1] if losses else None)
    return 0


def save_checkpoint(model, opt, out: Path, step: int, losses: list[float]) -> None:
    """Written to a temp folder and renamed, so a kill mid-save leaves the previous one usable."""
    import torch

    final = out / "checkpoints" / f"step-{step}"
    tmp = out / "checkpoints" / f".step-{step}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp / "adapter")
    torch.save(opt.state_dict(), tmp / "optimizer.pt")
    write_json_atomic(tmp / "state.json", {"step": step, "losses": losses})
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)


if __name__ == "__main__":
    sys.exit(main())
