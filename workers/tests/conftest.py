import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A tiny random Qwen2-VL built from a config (no download), shared by the session."""
    from vstar_workers.tiny import build_tiny_qwen2vl

    return build_tiny_qwen2vl(tmp_path_factory.mktemp("tiny-qwen2vl"))


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> Path:
    """Two real 1 s clips made by ffmpeg, and one folder of pre-extracted JPEG frames."""
    d = tmp_path_factory.mktemp("clips")
    for name, src in [("a.mp4", "testsrc=size=64x48:rate=8"), ("b.mp4", "mandelbrot=size=64x48:rate=8")]:
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", src, "-t", "1", "-pix_fmt", "yuv420p", str(d / name)], check=True)
    (d / "frames").mkdir()
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(d / "a.mp4"), "-vf", "fps=4", str(d / "frames" / "%03d.jpg")], check=True)
    return d


@pytest.fixture()
def llava_data(clips, tmp_path) -> Path:
    data = [
        {"id": "s1", "video": "a.mp4", "conversations": [{"from": "human", "value": "<video>\nwhat activity is shown?"}, {"from": "gpt", "value": "a person playing guitar"}]},
        {"id": "s2", "video": "b.mp4", "conversations": [{"from": "human", "value": "<video>\nwhat activity is shown?"}, {"from": "gpt", "value": "a person dancing"}]},
    ]
    p = clips / f"train-{tmp_path.name}.llava.json"
    p.write_text(json.dumps(data))
    return p
