"""The tiny video-language model: a real finetune step on real sample clips changes it,
and its exported ONNX graphs compute what the PyTorch model computes."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
import torch

from vstar_workers.tinyvlm.clips import clip_frames, make_sample
from vstar_workers.tinyvlm.examples import descriptive_rows, loss_of, tensors
from vstar_workers.tinyvlm.export import export, load
from vstar_workers.tinyvlm.model import FRAMES, SIZE, TinyVLM
from vstar_workers.tinyvlm.train import fit
from vstar_workers.tinyvlm.vocab import BOS, MAX_HINT, MAX_QUESTION, decode, encode, fixed, words

needs_tools = pytest.mark.skipif(not (shutil.which("node") and shutil.which("ffmpeg")), reason="needs node and ffmpeg")


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    records = make_sample(str(out), 6, 3)
    frames = clip_frames([os.path.join(out, r["video"]) for r in records], end=[3.0] * len(records))
    return records, frames, str(out)


@needs_tools
def test_clip_frames_show_the_shape(clips):
    records, frames, _ = clips
    assert frames.shape == (6, FRAMES, SIZE, SIZE, 3)
    # Every clip shows a coloured shape on a plain background in at least one frame.
    assert all(frames[i].reshape(-1, 3).std(0).max() > 5 for i in range(6))


@needs_tools
def test_one_finetune_step_changes_the_model_and_lowers_the_loss(clips, tmp_path):
    records, frames, _ = clips
    torch.manual_seed(0)
    model = TinyVLM()
    export(model, str(tmp_path))
    reloaded = load(str(tmp_path))
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), reloaded.state_dict().values()))
    rows = descriptive_rows(records, seed=1)
    batch = tensors(frames, rows)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        loss0 = loss_of(model, batch).item()
    fit(model, frames, list(rows), epochs=1, lr=1e-2, batch=len(rows), log=lambda _: None)
    changed = [k for k, v in model.state_dict().items() if not torch.equal(v, before[k])]
    assert "step.out.weight" in changed and "encoder.conv.0.weight" in changed
    with torch.no_grad():
        assert loss_of(model, batch).item() < loss0


def test_onnx_matches_pytorch(tmp_path):
    from onnx.reference import ReferenceEvaluator

    torch.manual_seed(1)
    model = TinyVLM().eval()
    export(model, str(tmp_path))
    frames = torch.rand(3, FRAMES, SIZE, SIZE, 3) * 255
    q = torch.tensor([fixed(encode(s), MAX_QUESTION) for s in ["Which way does the red circle move?", "What is the shape in the video?", "x"]])
    hint = torch.tensor([fixed(encode(s), MAX_HINT) for s in ["right", "", "circle"]])
    prev = torch.tensor([BOS, 5, 9])
    h = torch.randn(3, model.hidden)
    with torch.no_grad():
        ctx = model.encoder(frames)
        logits, h2 = model.step(ctx, q, hint, prev, h)
    enc = ReferenceEvaluator(str(tmp_path / "encoder.onnx"))
    (ctx_onnx,) = enc.run(None, {"frames": frames.numpy()})
    np.testing.assert_allclose(ctx_onnx, ctx.numpy(), atol=1e-4)
    step = ReferenceEvaluator(str(tmp_path / "model.onnx"))
    lg, st = step.run(None, {"context": ctx.numpy(), "question": q.numpy(), "hint": hint.numpy(), "prev": prev.numpy(), "state": h.numpy()})
    np.testing.assert_allclose(lg, logits.numpy(), atol=1e-4)
    np.testing.assert_allclose(st, h2.numpy(), atol=1e-4)


def test_tokenizer_round_trip():
    text = "I see a red circle on a plain background. So the shape is a circle."
    assert words(text)[:5] == ["i", "see", "a", "red", "circle"]
    assert decode(encode(text)) == "i see a red circle on a plain background . so the shape is a circle ."


@needs_tools
def test_finetune_cli_on_accepted_answers(clips, tmp_path):
    """The finetune command reads an export (metadata JSONL), trains and re-exports."""
    import json

    from vstar_workers.tinyvlm import finetune
    from vstar_workers.tinyvlm.vocab import rationale

    records, _, sample_dir = clips
    torch.manual_seed(2)
    export(TinyVLM(), str(tmp_path / "start"))
    data = tmp_path / "accepted.jsonl"
    with open(data, "w", encoding="utf-8") as f:
        for r in records:
            answer = rationale("direction", r["labels"], r["labels"]["direction"]).replace(" .", ".")
            f.write(json.dumps({"id": r["id"], "video": r["video"], "question": "Which way does it move?", "answer": answer}) + "\n")
    finetune.main(["--model", str(tmp_path / "start"), "--data", str(data), "--root", sample_dir, "--out", str(tmp_path / "c1"), "--epochs", "1"])
    for name in ("encoder.onnx", "model.onnx", "vocab.json", "weights.pt"):
        assert (tmp_path / "c1" / name).exists()
    before, after = load(str(tmp_path / "start")).state_dict(), load(str(tmp_path / "c1")).state_dict()
    assert not torch.equal(before["step.out.weight"], after["step.out.weight"])


@needs_tools
def test_the_finetune_job_entry_hands_a_tiny_model_to_its_trainer(clips, tmp_path):
    """`python -m vstar_workers.finetune` (what every target runs) finetunes a tiny model
    folder with the tiny trainer and writes the model plus metrics.json into --out."""
    import json

    from vstar_workers import finetune as job
    from vstar_workers.tinyvlm.vocab import rationale

    records, _, sample_dir = clips
    torch.manual_seed(3)
    export(TinyVLM(), str(tmp_path / "start"))
    assert job.is_tiny_model(str(tmp_path / "start")) and not job.is_tiny_model(str(tmp_path))
    data = tmp_path / "demo.metadata.jsonl"
    with open(data, "w", encoding="utf-8") as f:
        for r in records:
            for field, q in (("shape", "What is the shape in the video?"), ("color", "What is the color in the video?")):
                answer = rationale(field, r["labels"], r["labels"][field])
                f.write(json.dumps({"id": f"{r['id']}#{field}", "video": r["video"], "question": q, "answer": answer}) + "\n")
    # The loop passes its LoRA settings and the previous adapter whatever the family: the tiny
    # model has no adapters, so they are accepted and ignored (it continues from --model).
    lora = ["--lora-r", "8", "--lora-alpha", "16", "--lora-dropout", "0.1", "--target-modules", "q_proj", "--init-adapter", str(tmp_path / "none")]
    assert job.main(["--model", str(tmp_path / "start"), "--data", str(data), "--video-root", sample_dir, "--out", str(tmp_path / "out"),
                     "--epochs", "2", "--batch-size", "5", *lora]) == 0
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["examples"] == 2 * len(records) and metrics["epochs"] == 2 and len(metrics["losses"]) == 2 and metrics["batch"] == 5
    assert metrics["lastLoss"] < metrics["firstLoss"]
    assert not torch.equal(load(str(tmp_path / "start")).state_dict()["step.out.weight"], load(str(tmp_path / "out")).state_dict()["step.out.weight"])


def test_plot_draws_the_summary_as_a_png(tmp_path):
    import json

    from vstar_workers.tinyvlm import plot

    acc = lambda d: {"overall": 0.5 + d, "byLabelType": {"class": 0.4 + d, "yes_no": 0.9}, "byField": {"direction": 0.25 + 2 * d, "shape": 0.7}}
    summary = {"cycles": [{"cycle": c, "accuracy": acc(0.1 * c)} for c in range(4)]}
    (tmp_path / "s.json").write_text(json.dumps(summary))
    plot.main(["--summary", str(tmp_path / "s.json"), "--out", str(tmp_path / "a.png"), "--compare", str(tmp_path / "s.json")])
    png = (tmp_path / "a.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert [(c, round(v, 6)) for c, v in plot.series(summary)["field direction"]] == [(0, 0.25), (1, 0.45), (2, 0.65), (3, 0.85)]
    assert not list(tmp_path.glob("*.tmp.png"))
