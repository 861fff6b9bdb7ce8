"""What every worker shares: progress lines, JSONL I/O that survives crashes, frames."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

PROGRESS_MARKER = "VSTAR_PROGRESS"


def progress(done: int, total: int, **extra: Any) -> None:
    """One progress line on stdout: `VSTAR_PROGRESS {"done": d, "total": t, ...}` (see README)."""
    print(f"{PROGRESS_MARKER} {json.dumps({'done': done, 'total': total, **extra}, ensure_ascii=False)}", flush=True)


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Records of a JSONL file; a torn last line (a crash mid-append) is ignored."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            if i >= len(lines) - 2:  # last line without its newline: torn, skip
                continue
            raise ValueError(f"{path}:{i + 1}: not JSON")


class JsonlAppender:
    """Appends one JSON line at a time and fsyncs it, so a killed job loses at most the line in flight."""

    def __init__(self, path: str | Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.f = open(path, "a", encoding="utf-8")
        if self.f.tell() > 0:  # finish a torn last line so the next record starts on its own line
            with open(path, "rb") as r:
                r.seek(-1, os.SEEK_END)
                if r.read(1) != b"\n":
                    self.f.write("\n")

    def write(self, record: dict) -> None:
        self.f.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.f.flush()
        os.fsync(self.f.fileno())

    def close(self) -> None:
        self.f.close()


def write_json_atomic(path: str | Path, value: Any) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def resolve_media(path: str, root: str | None) -> str:
    return path if os.path.isabs(path) or not root else os.path.join(root, path)


def load_frames(video: str, n: int, start: float | None = None, end: float | None = None, size: int = 336) -> list:
    """N frames of a clip as PIL images.

    `video` may be a folder of pre-extracted JPEG/PNG frames (N evenly spaced are taken),
    or a video file: ffmpeg (run with an argv, never a shell) samples N frames evenly over
    [start, end] (the whole file by default), scaled so the longer side is `size`.
    """
    from PIL import Image

    p = Path(video)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() in (".jpg", ".jpeg", ".png"))
        if not files:
            raise ValueError(f"{video}: no .jpg/.png frames in the folder")
        pick = [files[round(i * (len(files) - 1) / max(1, n - 1))] for i in range(min(n, len(files)))]
        return [Image.open(f).convert("RGB") for f in pick]
    if not p.exists():
        raise FileNotFoundError(f"{video}: no such video")
    t0 = start or 0.0
    dur = (end - t0) if end is not None else _duration(video) - t0
    if dur <= 0:
        raise ValueError(f"{video}: empty time range [{start}, {end}]")
    out = Path(tempfile.mkdtemp(prefix="vstar-frames-"))
    try:
        fps = n / dur
        scale = f"scale='if(gt(iw,ih),{size},-2)':'if(gt(iw,ih),-2,{size})'"
        cmd = ["ffmpeg", "-nostdin", "-v", "error", "-ss", f"{t0:.3f}", "-t", f"{dur:.3f}", "-i", video,
               "-vf", f"fps={fps:.6f},{scale}", "-frames:v", str(n), "-q:v", "3", str(out / "%04d.jpg")]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"ffmpeg failed on {video}: {r.stderr.strip()}")
        frames = [Image.open(f).convert("RGB") for f in sorted(out.glob("*.jpg"))]
        if not frames:
            raise RuntimeError(f"ffmpeg produced no frames from {video}")
        return frames
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _duration(video: str) -> float:
    r = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", video],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ffprobe failed on {video}: {r.stderr.strip()}")
    return float(json.loads(r.stdout)["format"]["duration"])


def shard_args(shard: int | None, num_shards: int | None) -> tuple[int, int]:
    """Shard from flags, else from the runner's env (VSTAR_SHARD / SLURM_ARRAY_TASK_ID)."""
    env = os.environ
    s = shard if shard is not None else int(env.get("VSTAR_SHARD", env.get("SLURM_ARRAY_TASK_ID", "0")))
    n = num_shards if num_shards is not None else int(env.get("VSTAR_NUM_SHARDS", env.get("SLURM_ARRAY_TASK_COUNT", "1")))
    if not (0 <= s < n):
        sys.exit(f"error: shard {s} is not within 0..{n - 1}")
    return s, n
