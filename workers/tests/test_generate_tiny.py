"""The tiny family through the generate job: the committed starting model (models/tiny) on
real sample clips (the core's renderer, ffmpeg frames), the same decoding as the in-process
ONNX backend (runner.ts / text.ts, checked against the TypeScript itself)."""
from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

import pytest
import torch

from vstar_workers import generate
from vstar_workers.tinyvlm.clips import clip_frames, make_sample, repo_root
from vstar_workers.tinyvlm.export import load
from vstar_workers.tinyvlm.generate import pretty_answer, sample_tokens
from vstar_workers.tinyvlm.vocab import MAX_HINT, MAX_QUESTION, decode, encode, fixed

from test_generate import KEYS

MODEL = repo_root() / "models" / "tiny"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiny-sample")
    records = make_sample(str(out), 3, 7)
    reqs = []
    for r in records:
        labels = r["labels"]
        q = f"Which way does the {labels['color']} {labels['shape']} move?"
        reqs.append({"sampleId": r["id"], "stage": "answer", "try": 0, "prompt": q, "question": q, "video": r["video"], "start": 0, "end": 3})
        reqs.append({"sampleId": r["id"], "stage": "rationalize", "try": 0, "prompt": f"{q} The answer is {labels['direction']}.",
                     "question": q, "hint": labels["direction"], "video": r["video"], "start": 0, "end": 3})
    reqs.append({"sampleId": "gone", "stage": "answer", "try": 0, "prompt": "x", "question": "x", "video": "missing.mp4"})
    path = out / "requests.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reqs))
    return out, path, reqs


def run(sample, tmp_path, name: str, *extra: str) -> list[dict]:
    root, req, _ = sample
    out = tmp_path / f"{name}.jsonl"
    assert generate.main(["--model", str(MODEL), "--requests", str(req), "--out", str(out), "--cycle", "1",
                          "--video-root", str(root), "--model-name", "tiny-c0", *extra]) == 0
    return [json.loads(l) for l in out.read_text().splitlines()]


def test_greedy_answers_and_rationalizations_equal_the_models_own_decode(sample, tmp_path, capsys):
    root, _, reqs = sample
    recs = run(sample, tmp_path, "greedy", "--batch-size", "4")
    assert "missing.mp4: no such video" in capsys.readouterr().err, "the bad clip is reported"
    good = [r for r in reqs if r["sampleId"] != "gone"]
    assert [(r["sampleId"], r["stage"]) for r in recs] == [(r["sampleId"], r["stage"]) for r in good], "every good request, in order"
    model = load(str(MODEL)).eval()
    frames = torch.from_numpy(clip_frames([os.path.join(root, r["video"]) for r in good], [0] * len(good), [3] * len(good))).float()
    q = torch.tensor([fixed(encode(r["question"]), MAX_QUESTION) for r in good])
    hint = torch.tensor([fixed(encode(r.get("hint", "")), MAX_HINT) for r in good])
    expected = [pretty_answer(decode(ids)) for ids in model.greedy(frames, q, hint)]
    for r, want in zip(recs, expected):
        assert list(r) == KEYS and r["backend"] == "tiny" and r["model"] == "tiny-c0" and r["cycle"] == 1
        assert r["output"] == want and r["output"].endswith(".") and r["output"][0].isupper()
    # The starting model rationalizes: given the direction as hint, it concludes with it.
    for r, req in zip(recs, good):
        if req["stage"] == "rationalize":
            assert req["hint"] in r["output"].split(".")[-2], r["output"]


def test_clip_durations_from_one_ffmpeg_run_equal_ffprobes(sample):
    from vstar_workers.tinyvlm.clips import _probe_duration, _probe_durations

    root, _, reqs = sample
    paths = [os.path.join(root, r["video"]) for r in reqs[:-1:2]]
    assert _probe_durations(paths) == [_probe_duration(p) for p in paths] == [3.0] * len(paths)
    with pytest.raises(subprocess.CalledProcessError):
        _probe_durations([*paths, os.path.join(root, "missing.mp4")])


def test_sampling_with_a_seed_is_repeatable_whatever_the_batch(sample, tmp_path):
    a = run(sample, tmp_path, "s1", "--temperature", "1.5", "--seed", "5", "--batch-size", "2")
    b = run(sample, tmp_path, "s2", "--temperature", "1.5", "--seed", "5", "--batch-size", "7")
    c = run(sample, tmp_path, "s3", "--temperature", "1.5", "--seed", "6", "--batch-size", "2")
    assert [r["output"] for r in a] == [r["output"] for r in b]
    assert [r["output"] for r in a] != [r["output"] for r in c]


def test_sampling_and_pretty_text_match_the_typescript_runner():
    """sample_tokens and pretty_answer against runner.ts's sampleToken and text.ts's prettyAnswer."""
    rnd = random.Random(3)
    cases = [{"logits": [rnd.gauss(0, 2) for _ in range(9)], "t": rnd.choice([0, 0.5, 1, 2]), "u": rnd.random(),
              "p": rnd.choice([1, 0.9, 0.5, 0.2])} for _ in range(300)]
    cases += [{"logits": [0, 0, 5, 1, 0], "t": 1, "u": u, "p": p} for u in (0, 0.3, 0.5, 0.99, 0.999) for p in (1, 0.5)]
    texts = ["i see a red circle . so the shape is a circle .", "  so . . the . ", "", "left", "a . b"]
    js = ("const {sampleToken}=require('./src/core/generate/tinyvlm/runner.ts');const {prettyAnswer}=require('./src/core/generate/tinyvlm/text.ts');"
          "const i=JSON.parse(process.argv[1]);console.log(JSON.stringify({tok:i.cases.map(c=>sampleToken(new Float32Array(c.logits),0,c.logits.length,c.t,c.u,c.p)),"
          "text:i.texts.map(prettyAnswer)}))")
    ts = json.loads(subprocess.run(["node", "--import", "tsx", "-e", js, json.dumps({"cases": cases, "texts": texts})],
                                   cwd=repo_root(), capture_output=True, text=True, check=True).stdout)
    mine = [int(sample_tokens(torch.tensor([c["logits"]], dtype=torch.float32), c["t"], [c["u"]], c["p"])[0]) for c in cases]
    assert mine == ts["tok"]
    assert [pretty_answer(t) for t in texts] == ts["text"]
    assert len(set(mine)) > 5, "the cases reach many tokens"


def test_tiny_family_flags_that_cannot_work_exit_2_with_a_reason(sample, tmp_path, capsys):
    _, req, _ = sample
    base = ["--model", str(MODEL), "--requests", str(req), "--out", str(tmp_path / "o.jsonl"), "--cycle", "1"]
    assert generate.main([*base, "--engine", "vllm"]) == 2
    assert "--engine vllm is for the LVLM families" in capsys.readouterr().err
    assert generate.main([*base, "--adapter", str(tmp_path)]) == 2
    assert "no adapters" in capsys.readouterr().err
    assert generate.main([*base, "--family", "auto", "--model", str(tmp_path)]) == 2
    assert "not a model folder" in capsys.readouterr().err
    assert not Path(tmp_path / "o.jsonl").exists()
