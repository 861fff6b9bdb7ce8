import json

import torch

from vstar_workers import finetune
from vstar_workers.common import load_frames
from vstar_workers.model import encode_training, load_model, load_processor

SMALL = ["--frames", "2", "--frame-size", "56", "--lr", "0.01", "--lora-r", "4", "--lora-alpha", "8", "--lora-dropout", "0"]


def test_one_real_lora_step_lowers_the_loss(tiny_model, clips):
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(0)
    processor = load_processor(str(tiny_model))
    model = get_peft_model(load_model(str(tiny_model), "cpu"), LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], lora_dropout=0.0))
    frames = load_frames(str(clips / "a.mp4"), 2, size=56)
    batch = encode_training(processor, "what activity is shown?", "a person playing guitar", frames)
    assert (batch["labels"] != -100).sum() > 0, "loss only on the answer, and the answer is there"
    assert (batch["labels"][0, : batch["input_ids"].shape[1] - 6] == -100).all(), "the prompt is masked"
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    before = model(**batch).loss
    before.backward()
    opt.step()
    opt.zero_grad()
    with torch.no_grad():
        after = model(**batch).loss
    assert after.item() < before.item()
    assert all(("lora_" in n) for n, p in model.named_parameters() if p.requires_grad), "only LoRA weights train"


def test_finetune_writes_adapter_and_metrics_and_resumes(tiny_model, llava_data, tmp_path, capsys):
    out = tmp_path / "ft"
    args = ["--model", str(tiny_model), "--data", str(llava_data), "--out", str(out), "--save-every", "1", "--epochs", "3", *SMALL]
    assert finetune.main([*args, "--max-steps", "2"]) == 0
    m1 = json.loads((out / "metrics.json").read_text())
    assert m1["steps"] == 2 and len(m1["losses"]) == 2 and m1["resumed_from"] is None
    assert (out / "adapter" / "adapter_model.safetensors").exists()
    assert (out / "checkpoints" / "step-2" / "optimizer.pt").exists()

    assert finetune.main([*args, "--max-steps", "6"]) == 0  # same --out: resumes at step 2
    m2 = json.loads((out / "metrics.json").read_text())
    assert m2["resumed_from"] == "step-2"
    assert m2["steps"] == 6 and m2["losses"][:2] == m1["losses"]
    assert m2["last_loss"] < m2["first_loss"], m2["losses"]
    lines = [l for l in capsys.readouterr().out.splitlines() if l.startswith("VSTAR_PROGRESS ")]
    last = json.loads(lines[-1].split(" ", 1)[1])
    assert last["done"] == 6 and last["total"] == 6 and last["phase"] == "done"


def test_qwen2_5_vl_trains_and_generates_too(tmp_path, clips):
    from peft import LoraConfig, get_peft_model
    from vstar_workers.model import encode_prompt
    from vstar_workers.tiny import build_tiny_qwen2vl

    path = str(build_tiny_qwen2vl(tmp_path / "tiny25", family="qwen2_5_vl"))
    processor = load_processor(path)
    base = load_model(path, "cpu")
    assert type(base).__name__ == "Qwen2_5_VLForConditionalGeneration"
    frames = load_frames(str(clips / "b.mp4"), 2, size=56)
    prompt = encode_prompt(processor, "what activity is shown?", frames)
    ids = base.generate(**prompt, max_new_tokens=3, do_sample=False)
    assert ids.shape[1] > prompt["input_ids"].shape[1]
    model = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], lora_dropout=0.0))
    batch = encode_training(processor, "what activity is shown?", "a person dancing", frames)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    before = model(**batch).loss
    before.backward()
    opt.step()
    with torch.no_grad():
        assert model(**batch).loss.item() < before.item()
