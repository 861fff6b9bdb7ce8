"""One self-training cycle's plumbing on a tiny random Qwen2-VL (its text is noise; every
file, flag and weight is real): generate -> an export built from the attempts -> LoRA
finetune -> generate with the adapter -> finetune again continuing from it."""
from __future__ import annotations

import argparse
import json

import torch
from safetensors.torch import load_file

from vstar_workers import finetune, generate
from vstar_workers.engines import TransformersEngine

from test_generate import KEYS, write_requests

GEN = ["--frames", "2", "--frame-size", "56", "--max-new-tokens", "8", "--batch-size", "2"]
FT = ["--frames", "2", "--frame-size", "56", "--lora-r", "4", "--lora-alpha", "8", "--lora-dropout", "0", "--target-modules", "q_proj,v_proj"]


def engine(model, clips, adapter=None) -> TransformersEngine:
    return TransformersEngine(argparse.Namespace(model=str(model), adapter=adapter and str(adapter), device="cpu", dtype="float32",
                                                 video_root=str(clips), frames=2, frame_size=56))


def test_one_cycle_generate_finetune_generate_with_the_adapter(tiny_model, clips, tmp_path, capsys):
    req = tmp_path / "requests.jsonl"
    write_requests(clips, req)
    requests = {r["sampleId"]: r for r in map(json.loads, req.read_text().splitlines())}
    common = ["--model", str(tiny_model), "--requests", str(req), "--video-root", str(clips), *GEN]
    assert generate.main([*common, "--cycle", "1", "--out", str(tmp_path / "c1.jsonl")]) == 0
    attempts = [json.loads(l) for l in (tmp_path / "c1.jsonl").read_text().splitlines()]
    assert len(attempts) == 3 and all(a["model"] == tiny_model.name for a in attempts)

    # The cycle's export as the core writes it (metadata JSONL: src/core/export/types.ts ExportSample).
    export = tmp_path / "c1.metadata.jsonl"
    rows = [{"id": a["id"], "sampleId": a["sampleId"], "video": requests[a["sampleId"]]["video"], "question": a["question"],
             "answer": a["output"], "stage": a["stage"], "cycle": a["cycle"], "model": a["model"], "verdict": {"pass": True, "checks": []}}
            for a in attempts if a["output"]]
    assert rows, "the noise model wrote something to train on"
    export.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ft = tmp_path / "ft1"
    assert finetune.main(["--model", str(tiny_model), "--data", str(export), "--video-root", str(clips), "--out", str(ft),
                          "--max-steps", "2", "--lr", "0.05", "--batch-size", "2", "--epochs", "4", *FT]) == 0
    m1 = json.loads((ft / "metrics.json").read_text())
    assert m1["steps"] == 2 and m1["batch_size"] == 2 and m1["init_adapter"] is None
    adapter = ft / "adapter"

    capsys.readouterr()
    assert generate.main([*common, "--cycle", "2", "--out", str(tmp_path / "c2.jsonl"), "--adapter", str(adapter), "--model-name", "c1-lora"]) == 0
    assert f"adapter {adapter} applied to 4 layers" in capsys.readouterr().err
    c2 = [json.loads(l) for l in (tmp_path / "c2.jsonl").read_text().splitlines()]
    assert [(r["cycle"], r["model"], r["id"]) for r in c2] == [(2, "c1-lora", f"c2/{a['stage']}/{a['try']}/{a['sampleId']}") for a in attempts]
    assert all(list(r) == KEYS for r in c2)

    # The worker's own loading applies the adapter: LoRA layers present, different logits.
    base, tuned = engine(tiny_model, clips), engine(tiny_model, clips, adapter)
    assert sum(1 for n, _ in tuned.model.named_modules() if n.endswith("lora_A")) == 4, "q_proj and v_proj of 2 layers"
    r = requests["s1"]
    frames = tuned.frames([r])
    with torch.no_grad():
        lb = base.model(**base.inputs([r], frames)).logits
        lt = tuned.model(**tuned.inputs([r], frames)).logits
    assert not torch.allclose(lb, lt, atol=1e-6)

    # Cycle 2's finetune continues from cycle 1's adapter: with lr 0 it writes it back unchanged
    # (a fresh LoRA would start with lora_B = 0), and its weights are trainable (else no optimizer).
    ft2 = tmp_path / "ft2"
    assert finetune.main(["--model", str(tiny_model), "--data", str(export), "--video-root", str(clips), "--out", str(ft2),
                          "--max-steps", "1", "--lr", "0", "--init-adapter", str(adapter), *FT]) == 0
    w1, w2 = load_file(str(adapter / "adapter_model.safetensors")), load_file(str(ft2 / "adapter" / "adapter_model.safetensors"))
    assert sorted(w1) == sorted(w2) and all(torch.equal(w1[k], w2[k]) for k in w1)
    assert any(k.endswith("lora_B.weight") and w1[k].abs().sum() > 0 for k in w1)
    assert json.loads((ft2 / "metrics.json").read_text())["init_adapter"] == str(adapter)
