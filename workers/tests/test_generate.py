import json

from vstar_workers import evaluate, generate
from vstar_workers.common import load_frames

KEYS = ["id", "sampleId", "stage", "try", "cycle", "model", "backend", "prompt", "question", "output", "timing"]


def write_requests(clips, path):
    reqs = [
        {"sampleId": "s1", "stage": "answer", "try": 0, "prompt": "what activity is shown?", "question": "what activity is shown?", "video": "a.mp4"},
        {"sampleId": "s2", "stage": "rationalize", "try": 1, "prompt": "question: what is shown? answer: dancing.", "question": "what is shown?", "video": "b.mp4", "start": 0.2, "end": 0.8},
        {"sampleId": "s3", "stage": "answer", "try": 0, "prompt": "what activity is shown?", "question": "what activity is shown?", "video": str(clips / "frames")},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in reqs))


def test_generate_one_shard_writes_attempt_records_and_resumes(tiny_model, clips, tmp_path):
    req = tmp_path / "requests.jsonl"
    write_requests(clips, req)
    out = tmp_path / "attempts-{shard}.jsonl"
    args = ["--model", str(tiny_model), "--requests", str(req), "--out", str(out), "--cycle", "2", "--shard", "0", "--num-shards", "2",
            "--video-root", str(clips), "--frames", "2", "--frame-size", "56", "--max-new-tokens", "6", "--model-name", "tiny"]
    assert generate.main(args) == 0
    path = tmp_path / "attempts-0.jsonl"
    recs = [json.loads(l) for l in path.read_text().splitlines()]
    assert [r["sampleId"] for r in recs] == ["s1", "s3"], "shard 0 of 2 takes requests 0 and 2"
    for r in recs:
        assert list(r) == KEYS
        assert r["cycle"] == 2 and r["model"] == "tiny" and r["backend"] == "transformers"
        assert r["id"] == f"c2/{r['stage']}/{r['try']}/{r['sampleId']}"
        assert isinstance(r["output"], str) and r["timing"]["ms"] >= 0
    assert generate.main(args) == 0
    assert len(path.read_text().splitlines()) == 2, "a rerun skips what is done"


def test_frames_from_video_range_and_from_a_frame_folder(clips):
    assert len(load_frames(str(clips / "a.mp4"), 3, 0.0, 0.9, size=32)) == 3
    frames = load_frames(str(clips / "frames"), 2)
    assert len(frames) == 2 and frames[0].size == (64, 48)


def test_evaluate_scores_latest_answer_attempt_per_heldout_sample(tmp_path):
    attempts = [
        {"id": "c1/answer/0/a", "sampleId": "a", "stage": "answer", "try": 0, "model": "m"},
        {"id": "c1/answer/1/a", "sampleId": "a", "stage": "answer", "try": 1, "model": "m"},
        {"id": "c1/answer/0/b", "sampleId": "b", "stage": "answer", "try": 0, "model": "m"},
        {"id": "c1/rationalize/0/b", "sampleId": "b", "stage": "rationalize", "try": 0, "model": "m"},
    ]
    verdicts = [{"attemptId": "c1/answer/0/a", "pass": False}, {"attemptId": "c1/answer/1/a", "pass": True},
                {"attemptId": "c1/answer/0/b", "pass": False}, {"attemptId": "c1/rationalize/0/b", "pass": True}]
    samples = [{"id": i, "split": s} for i, s in [("a", "test"), ("b", "test"), ("c", "test"), ("d", "train")]]
    files = {}
    for name, rows in [("att", attempts), ("ver", verdicts), ("smp", samples)]:
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"torn')
    out = tmp_path / "metrics.json"
    assert evaluate.main(["--attempts", str(files["att"]), "--verdicts", str(files["ver"]), "--samples", str(files["smp"]), "--out", str(out)]) == 0
    m = json.loads(out.read_text())
    assert (m["total"], m["correct"], m["missing"]) == (3, 1, ["c"])
    assert abs(m["accuracy"] - 1 / 3) < 1e-9


def test_shard_comes_from_flags_else_the_runners_env(monkeypatch):
    from vstar_workers.common import shard_args

    monkeypatch.delenv("SLURM_ARRAY_TASK_ID", raising=False)
    monkeypatch.setenv("VSTAR_SHARD", "2")
    monkeypatch.setenv("VSTAR_NUM_SHARDS", "3")
    assert shard_args(None, None) == (2, 3)
    assert shard_args(0, 1) == (0, 1)
    monkeypatch.delenv("VSTAR_SHARD")
    monkeypatch.delenv("VSTAR_NUM_SHARDS")
    monkeypatch.setenv("SLURM_ARRAY_TASK_ID", "1")
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "2")
    assert shard_args(None, None) == (1, 2)


def test_batched_generation_left_pads_and_equals_one_at_a_time(tiny_model, clips, tmp_path):
    """3 requests in batches of 2 (prompts of different lengths, so padding is real) give
    each request the greedy text it gets alone."""
    req = tmp_path / "requests.jsonl"
    write_requests(clips, req)
    common = ["--model", str(tiny_model), "--requests", str(req), "--cycle", "1", "--video-root", str(clips),
              "--frames", "2", "--frame-size", "56", "--max-new-tokens", "8"]
    assert generate.main([*common, "--out", str(tmp_path / "b2.jsonl"), "--batch-size", "2"]) == 0
    assert generate.main([*common, "--out", str(tmp_path / "b1.jsonl"), "--batch-size", "1"]) == 0
    b2 = [json.loads(l) for l in (tmp_path / "b2.jsonl").read_text().splitlines()]
    b1 = {r["id"]: r for r in map(json.loads, (tmp_path / "b1.jsonl").read_text().splitlines())}
    assert [r["sampleId"] for r in b2] == ["s1", "s2", "s3"]
    for r in b2:
        assert list(r) == KEYS and r["backend"] == "transformers" and r["model"] == tiny_model.name
        assert r["output"] == b1[r["id"]]["output"], r["id"]
    assert any(r["output"] for r in b2), "the model wrote something"


def test_engine_vllm_without_vllm_exits_2_saying_what_to_do(tiny_model, clips, tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "vllm", None)  # `import vllm` raises ImportError, installed or not
    req = tmp_path / "requests.jsonl"
    write_requests(clips, req)
    out = tmp_path / "o.jsonl"
    assert generate.main(["--model", str(tiny_model), "--requests", str(req), "--out", str(out), "--cycle", "1", "--engine", "vllm"]) == 2
    assert "engine vllm needs vLLM installed on the target (pip install vllm); use --engine transformers" in capsys.readouterr().err
    assert not out.exists()


class FakeVllm:
    """Records what VllmEngine hands vLLM's documented offline API (LLM, SamplingParams,
    LLM.generate with multi_modal_data and a LoRARequest); vLLM itself needs a GPU host."""

    def __init__(self):
        self.calls = []
        fake = self

        class LLM:
            def __init__(self, **kw):
                self.kw = kw
                fake.calls.append(("LLM", kw))

            def get_tokenizer(self):
                from vstar_workers.model import load_processor

                return load_processor(self.kw["model"]).tokenizer

            def generate(self, prompts, params, lora_request=None, use_tqdm=True):
                fake.calls.append(("generate", prompts, params, lora_request))
                out = type("Completion", (), {"text": " noise "})
                return [type("RequestOutput", (), {"outputs": [out]}) for _ in prompts]

        self.LLM = LLM
        self.SamplingParams = lambda **kw: ("SamplingParams", kw)


def test_vllm_engine_maps_flags_onto_the_offline_api(tiny_model, clips, tmp_path, monkeypatch):
    import sys
    import types

    from vstar_workers import engines

    fake = FakeVllm()
    lora = types.ModuleType("vllm.lora.request")
    lora.LoRARequest = lambda name, id_, path: ("LoRARequest", name, id_, path)
    monkeypatch.setitem(sys.modules, "vllm.lora", types.ModuleType("vllm.lora"))
    monkeypatch.setitem(sys.modules, "vllm.lora.request", lora)
    monkeypatch.setattr(engines, "require_vllm", lambda: fake)
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text(json.dumps({"r": 12}))
    req = tmp_path / "requests.jsonl"
    write_requests(clips, req)
    out = tmp_path / "o.jsonl"
    assert generate.main(["--model", str(tiny_model), "--requests", str(req), "--out", str(out), "--cycle", "3", "--engine", "vllm",
                          "--video-root", str(clips), "--frames", "2", "--frame-size", "56", "--batch-size", "2", "--adapter", str(adapter),
                          "--temperature", "0.7", "--top-p", "0.9", "--seed", "4", "--max-new-tokens", "20"]) == 0
    (_, kw), *gens = fake.calls
    assert kw["model"] == str(tiny_model) and kw["limit_mm_per_prompt"] == {"image": 2} and kw["enable_lora"] is True
    assert kw["mm_processor_kwargs"]["max_pixels"] == 56 * 56 and kw["seed"] == 4
    assert kw["max_lora_rank"] == 16, "r 12 rounds up to a rank vLLM supports"
    assert [len(g[1]) for g in gens] == [2, 1], "--batch-size requests per generate call"
    _, prompts, params, lora_req = gens[0]
    assert params == ("SamplingParams", {"temperature": 0.7, "top_p": 0.9, "max_tokens": 20, "seed": 4})
    assert lora_req == ("LoRARequest", "adapter", 1, str(adapter))
    assert prompts[0]["prompt"].count("<|image_pad|>") == 2 and prompts[0]["prompt"].endswith("what activity is shown?<|im_end|>\n<|im_start|>assistant\n")
    assert len(prompts[0]["multi_modal_data"]["image"]) == 2
    recs = [json.loads(l) for l in out.read_text().splitlines()]
    assert [(r["backend"], r["output"], r["model"]) for r in recs] == [("vllm", "noise", "adapter")] * 3


def test_transformers_sampling_is_seeded_and_not_greedy(tiny_model, clips, tmp_path):
    req = tmp_path / "requests.jsonl"
    write_requests(clips, req)
    common = ["--model", str(tiny_model), "--requests", str(req), "--cycle", "1", "--video-root", str(clips),
              "--frames", "2", "--frame-size", "56", "--max-new-tokens", "12", "--batch-size", "3"]
    texts = {}
    for name, extra in [("s1", ["--temperature", "1.5", "--seed", "9"]), ("s2", ["--temperature", "1.5", "--seed", "9"]),
                        ("s3", ["--temperature", "1.5", "--seed", "10"])]:
        assert generate.main([*common, "--out", str(tmp_path / f"{name}.jsonl"), *extra]) == 0
        texts[name] = [json.loads(l)["output"] for l in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
    assert texts["s1"] == texts["s2"], "a seed repeats"
    assert texts["s1"] != texts["s3"], "another seed samples other tokens (greedy would not)"
