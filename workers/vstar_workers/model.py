"""Loading an LVLM and turning (frames, question[, answer]) into model inputs.

Qwen2-VL / Qwen2.5-VL first: `AutoProcessor` when it loads (it needs torchvision for the
video half); otherwise `FramesProcessor`, which does what Qwen2VLProcessor does for images
with the model's own tokenizer and image processor. A clip is always given as N sampled
frames, each an image in the user turn.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class FramesProcessor:
    tokenizer: Any
    image_processor: Any
    image_token: str = "<|image_pad|>"

    def apply_chat_template(self, messages, add_generation_prompt=False, tokenize=False):
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=add_generation_prompt, tokenize=tokenize)

    def __call__(self, text: list[str], images=None, return_tensors="pt", padding=False):
        out: dict[str, Any] = {}
        if images:
            img = self.image_processor(images=images, return_tensors=return_tensors)
            out.update(img)
            merge = getattr(self.image_processor, "merge_size", 2) ** 2
            counts = [int(g.prod()) // merge for g in img["image_grid_thw"]]
            expanded, k = [], 0
            for t in text:  # each image placeholder becomes as many pads as that image has tokens
                parts = t.split(self.image_token)
                s = parts[0]
                for p in parts[1:]:
                    s += self.image_token * counts[k] + p
                    k += 1
                expanded.append(s)
            text = expanded
        out.update(self.tokenizer(text, return_tensors=return_tensors, padding=padding))
        # M-RoPE needs to know which tokens are image tokens (transformers >= 5 asks for it)
        image_id = self.tokenizer.convert_tokens_to_ids(self.image_token)
        out["mm_token_type_ids"] = (out["input_ids"] == image_id).long()
        from transformers import BatchFeature

        return BatchFeature(data=out)

    def batch_decode(self, ids, skip_special_tokens=True):
        return self.tokenizer.batch_decode(ids, skip_special_tokens=skip_special_tokens)

    @property
    def pad_token_id(self):
        return self.tokenizer.pad_token_id


def load_processor(path: str):
    from transformers import AutoImageProcessor, AutoProcessor, AutoTokenizer

    try:
        proc = AutoProcessor.from_pretrained(path)
        if hasattr(proc, "image_processor") and hasattr(proc, "tokenizer"):
            return proc
    except Exception as e:  # missing torchvision / video processor, or a tokenizer-only folder
        print(f"vstar: AutoProcessor unavailable ({type(e).__name__}); using frames-as-images processor", file=sys.stderr)
    try:
        image_processor = AutoImageProcessor.from_pretrained(path)
    except ImportError:
        image_processor = _pil_image_processor(path)
    return FramesProcessor(AutoTokenizer.from_pretrained(path), image_processor)


def _pil_image_processor(path: str):
    """The PIL twin of the configured image processor (e.g. Qwen2VLImageProcessorPil), no torchvision."""
    import json
    import transformers

    with open(os.path.join(path, "preprocessor_config.json"), encoding="utf-8") as f:
        name = json.load(f).get("image_processor_type", "Qwen2VLImageProcessor")
    base = name[:-3] if name.endswith("Pil") else name.removesuffix("Fast")
    cls = getattr(transformers, base + "Pil", None)
    if cls is None:
        raise ImportError(f"{name} needs torchvision and has no PIL variant; install torchvision")
    return cls.from_pretrained(path)


def pick_device(requested: str = "auto") -> str:
    """cuda when torch sees a GPU (it honours CUDA_VISIBLE_DEVICES, which Slurm's --gres sets)."""
    import torch

    if requested != "auto":
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def load_model(path: str, device: str, dtype: str = "auto"):
    import torch
    from transformers import AutoModelForImageTextToText

    torch_dtype = {"auto": (torch.bfloat16 if device.startswith("cuda") else torch.float32),
                   "float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[dtype]
    model = AutoModelForImageTextToText.from_pretrained(path, dtype=torch_dtype)
    return model.to(device)


def user_messages(question: str, n_frames: int) -> list[dict]:
    return [{"role": "user", "content": [{"type": "image"} for _ in range(n_frames)] + [{"type": "text", "text": question}]}]


def chat_text(processor, question: str, n_frames: int) -> str:
    return processor.apply_chat_template(user_messages(question, n_frames), add_generation_prompt=True, tokenize=False)


def _padded(processor, texts: list[str], frames: list[list], side: str) -> dict:
    processor.tokenizer.padding_side = side
    images = [im for f in frames for im in f]
    return processor(text=texts, images=images or None, return_tensors="pt", padding=True)


def encode_prompt(processor, question: str, frames) -> dict:
    return encode_prompts(processor, [question], [frames])


def encode_prompts(processor, questions: list[str], frames: list[list]) -> dict:
    """A batch of prompts, LEFT padded (generation continues every row from its last column)."""
    return _padded(processor, [chat_text(processor, q, len(f)) for q, f in zip(questions, frames)], frames, "left")


def encode_training(processor, question: str, answer: str, frames) -> dict:
    return encode_training_batch(processor, [question], [answer], [frames])


def encode_training_batch(processor, questions: list[str], answers: list[str], frames: list[list]) -> dict:
    """Inputs with labels, right padded: loss only on each answer's tokens (and its end-of-turn)."""
    prompts = [chat_text(processor, q, len(f)) for q, f in zip(questions, frames)]
    enc = _padded(processor, [p + a + "<|im_end|>\n" for p, a in zip(prompts, answers)], frames, "right")
    labels = enc["input_ids"].clone()
    for i, (p, f) in enumerate(zip(prompts, frames)):
        labels[i, : processor(text=[p], images=f or None, return_tensors="pt")["input_ids"].shape[1]] = -100
    labels[enc["attention_mask"] == 0] = -100
    enc["labels"] = labels
    return enc


FAMILIES = {"qwen2_vl": "qwen2-vl", "qwen2_5_vl": "qwen2.5-vl"}  # config.json model_type -> family


def is_tiny_model(model: str) -> bool:
    """A folder made by vstar_workers.tinyvlm (its vocab.json says so)."""
    try:
        with open(os.path.join(model, "vocab.json"), encoding="utf-8") as f:
            return str(json.load(f).get("format", "")).startswith("vstar-tinyvlm/")
    except (OSError, ValueError, AttributeError):
        return False


def model_family(model: str, requested: str = "auto") -> str:
    """`tiny`, `qwen2-vl` or `qwen2.5-vl`: as requested, else from the folder (ValueError says why not)."""
    if requested != "auto":
        return requested
    if is_tiny_model(model):
        return "tiny"
    cfg = os.path.join(model, "config.json")
    try:
        with open(cfg, encoding="utf-8") as f:
            kind = json.load(f).get("model_type")
    except OSError:
        raise ValueError(f"{model}: not a model folder (no config.json, and no tiny model's vocab.json)") from None
    except ValueError as e:
        raise ValueError(f"{cfg}: not JSON ({e})") from None
    if kind not in FAMILIES:
        raise ValueError(f"{cfg}: model_type {kind!r} is not a family the workers support "
                         f"({', '.join(sorted(FAMILIES))}); pass --family to override")
    return FAMILIES[kind]


def visible_gpus() -> str | None:
    return os.environ.get("CUDA_VISIBLE_DEVICES")
