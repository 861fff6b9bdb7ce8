"""Build a tiny, randomly initialised Qwen2-VL or Qwen2.5-VL (model + tokenizer + processor) from configs.

No weights are downloaded: the tokenizer is a word-level vocabulary built here, the
image processor is constructed from defaults, the model from a config with tiny sizes.
Tests use it to run real LoRA steps and real generation on CPU in seconds; it is also a
handy smoke-test model for a GPU host (`python -m vstar_workers.tiny OUT_DIR`).
"""
from __future__ import annotations

import argparse
import string
from pathlib import Path

SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]

# Qwen2-VL's chat layout, with image placeholders as the processor expects them.
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers, decoders
    from transformers import PreTrainedTokenizerFast

    words = ["[UNK]"] + SPECIAL + list(string.ascii_lowercase + string.digits + string.punctuation) + [
        "user", "assistant", "system", "question", "answer", "the", "a", "is", "what", "activity", "shown",
        "video", "step", "by", "explain", "can", "you", "how", "one", "arrive", "at", "this", "conclusion",
        "person", "playing", "guitar", "dancing", "running", "score", "dive", "yes", "no", "\n",
    ]
    vocab = {w: i for i, w in enumerate(dict.fromkeys(words))}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(r"<\|[a-z_]+\|>|\n", behavior="isolated"),
        pre_tokenizers.WhitespaceSplit(),
        pre_tokenizers.Split(r"[^\w<|>]|\d", behavior="isolated"),
    ])
    tok.decoder = decoders.WordPiece(prefix="##")  # joins words with spaces
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="<|endoftext|>",
                                   eos_token="<|im_end|>", additional_special_tokens=SPECIAL[1:])
    fast.chat_template = CHAT_TEMPLATE
    return fast


FAMILIES = ("qwen2_vl", "qwen2_5_vl")


def build_tiny_qwen2vl(out_dir: str | Path, seed: int = 0, family: str = "qwen2_vl") -> Path:
    """family: `qwen2_vl` (Qwen2-VL) or `qwen2_5_vl` (Qwen2.5-VL: windowed vision attention)."""
    import torch
    import transformers
    from transformers import Qwen2VLImageProcessorPil

    out = Path(out_dir)
    tokenizer = build_tokenizer()
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIAL}
    torch.manual_seed(seed)
    if family == "qwen2_vl":
        config_cls, model_cls = transformers.Qwen2VLConfig, transformers.Qwen2VLForConditionalGeneration
        vision = dict(depth=2, embed_dim=32, hidden_size=32, num_heads=2, mlp_ratio=2)
    elif family == "qwen2_5_vl":
        config_cls, model_cls = transformers.Qwen2_5_VLConfig, transformers.Qwen2_5_VLForConditionalGeneration
        vision = dict(depth=2, hidden_size=32, intermediate_size=64, num_heads=2, out_hidden_size=32,
                      fullatt_block_indexes=[1], window_size=56)
    else:
        raise ValueError(f"family must be one of {FAMILIES}")
    config = config_cls(
        text_config=dict(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
                         rope_scaling={"type": "mrope", "mrope_section": [2, 1, 1]}, tie_word_embeddings=False),
        vision_config=dict(vision, patch_size=14, spatial_merge_size=2, temporal_patch_size=2, in_channels=3),
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"],
        bos_token_id=ids["<|im_start|>"], eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"],
    )
    model = model_cls(config)
    model.generation_config.pad_token_id = ids["<|endoftext|>"]
    model.generation_config.eos_token_id = ids["<|im_end|>"]
    # small images: 56x56 -> 4x4 patches -> 4 merged tokens per frame
    image_processor = Qwen2VLImageProcessorPil(min_pixels=56 * 56, max_pixels=56 * 56)
    # Saved as tokenizer + image processor (no Qwen2VLProcessor: its video half needs
    # torchvision, absent from the CPU venv); vstar_workers.model assembles them.
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    image_processor.save_pretrained(out)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out_dir")
    ap.add_argument("--family", choices=FAMILIES, default="qwen2_vl")
    args = ap.parse_args()
    print(build_tiny_qwen2vl(args.out_dir, family=args.family))
