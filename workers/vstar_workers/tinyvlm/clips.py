"""Clip pixels for the tiny model: the project's synthetic sample clips (made by the
TypeScript core, so the same renderer as the demo) and FRAMES frames per clip at the
centres of FRAMES equal parts of the clip (as src/core/frames does), scaled to SIZE x
SIZE with ffmpeg's area filter (as the TypeScript backend does)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .model import FRAMES, SIZE


def repo_root() -> Path:
    p = Path(__file__).resolve()
    for d in p.parents:
        if (d / "package.json").exists() and (d / "src" / "core").is_dir():
            return d
    raise RuntimeError("the tiny model's training needs the Video-STaR Studio repository (src/core) and node")


def make_sample(out: str, count: int, seed: int) -> list[dict]:
    """Runs the core's makeSampleDataset (node + tsx) and returns its records."""
    root = repo_root()
    js = "const {makeSampleDataset} = require('./src/core/sample/dataset.ts');" \
         "makeSampleDataset({out: process.argv[1], count: Number(process.argv[2]), seed: Number(process.argv[3])})" \
         ".catch(e => { console.error(e.message); process.exit(1); })"
    subprocess.run(["node", "--import", "tsx", "-e", js, os.path.abspath(out), str(count), str(seed)], cwd=root, check=True)
    with open(os.path.join(out, "annotations.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _probe_duration(path: str) -> float:
    r = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", f"file:{path}"],
                       capture_output=True, text=True, check=True)
    return float(r.stdout.strip())


_DURATION = re.compile(r"^Input #(\d+),.*?^\s+Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", re.M | re.S)


def _probe_durations(paths: list[str]) -> list[float]:
    """Durations of many clips from ONE ffmpeg run that only opens them (its banner says
    `Duration: HH:MM:SS.cc` per input): a process per clip (ffprobe) costs ~14x the CPU.
    A clip the banner does not give (unreadable, or no duration) is asked of ffprobe."""
    args = ["ffmpeg", "-hide_banner", "-nostdin"]
    for p in paths:
        args += ["-i", f"file:{p}"]
    err = subprocess.run(args, capture_output=True, text=True).stderr  # exits 1: no output named
    found: dict[int, float] = {}
    for block in re.split(r"(?m)^(?=Input #)", err):
        m = _DURATION.match(block)
        if m:
            found[int(m[1])] = int(m[2]) * 3600 + int(m[3]) * 60 + float(m[4])
    return [found[i] if i in found else _probe_duration(p) for i, p in enumerate(paths)]


def _cache_dir() -> Path:
    return Path(os.environ.get("VSTAR_FRAMES_CACHE") or Path.home() / ".cache" / "vstar" / "tinyvlm-frames")


def _cache_key(path: str, start: float | None, end: float | None) -> str:
    st = os.stat(path)
    raw = json.dumps([os.path.abspath(path), st.st_mtime_ns, st.st_size, start, end, FRAMES, SIZE])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def clip_frames(paths: list[str], start: list[float | None] | None = None, end: list[float | None] | None = None,
                batch: int = 16, workers: int = 2, cache: bool = True) -> np.ndarray:
    """[len(paths), FRAMES, SIZE, SIZE, 3] uint8, one ffmpeg run per `batch` clips. Frames are
    cached by file, size, mtime and range (VSTAR_FRAMES_CACHE, default ~/.cache/vstar), so the
    demo's later cycles do not decode the same clips again."""
    out = np.zeros((len(paths), FRAMES, SIZE, SIZE, 3), dtype=np.uint8)
    keys = [_cache_key(p, start[i] if start else None, end[i] if end else None) for i, p in enumerate(paths)] if cache else []
    todo = []
    for i in range(len(paths)):
        f = _cache_dir() / f"{keys[i]}.rgb" if cache else None
        if f is not None and f.exists() and f.stat().st_size == out[i].nbytes:
            out[i] = np.frombuffer(f.read_bytes(), dtype=np.uint8).reshape(out[i].shape)
        else:
            todo.append(i)
    if todo:
        got = _extract([paths[i] for i in todo], [start[i] for i in todo] if start else None, [end[i] for i in todo] if end else None,
                       batch, workers)
        for k, i in enumerate(todo):
            out[i] = got[k]
            if cache:
                d = _cache_dir()
                d.mkdir(parents=True, exist_ok=True)
                tmp = d / f".{keys[i]}.{os.getpid()}.tmp"
                tmp.write_bytes(got[k].tobytes())
                os.replace(tmp, d / f"{keys[i]}.rgb")
    return out


def _extract(paths: list[str], start: list[float | None] | None, end: list[float | None] | None,
             batch: int, workers: int) -> np.ndarray:
    out = np.zeros((len(paths), FRAMES, SIZE, SIZE, 3), dtype=np.uint8)
    tmp = tempfile.mkdtemp(prefix="vstar-tinyvlm-")

    def run(lo: int) -> None:
        idx = list(range(lo, min(lo + batch, len(paths))))
        args = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
        outs = []
        unknown = [i for i in idx if not (end and end[i])]
        durations = dict(zip(unknown, _probe_durations([paths[i] for i in unknown]) if unknown else []))
        for k, i in enumerate(idx):
            s = (start[i] if start else None) or 0.0
            e = (end[i] if end else None) or durations[i]
            for j in range(FRAMES):
                t = s + (j + 0.5) * max(0.0, e - s) / FRAMES
                args += ["-ss", f"{t:.3f}", "-i", f"file:{paths[i]}"]
                o = os.path.join(tmp, f"{i}_{j}.rgb")
                n = k * FRAMES + j
                args += ["-map", f"{n}:v:0", "-frames:v", "1", "-vf", f"scale={SIZE}:{SIZE}:flags=area",
                         "-f", "rawvideo", "-pix_fmt", "rgb24", o]
                outs.append((i, j, o))
        subprocess.run(args, check=True)
        for i, j, o in outs:
            out[i, j] = np.frombuffer(Path(o).read_bytes(), dtype=np.uint8).reshape(SIZE, SIZE, 3)

    try:
        with ThreadPoolExecutor(workers) as ex:
            list(ex.map(run, range(0, len(paths), batch)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
