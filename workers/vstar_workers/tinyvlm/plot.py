"""The demo's accuracy plot: held-out accuracy per cycle, one line per label type and per
field, from the demo's summary.json (written by `vstar demo`):

    python -m vstar_workers.tinyvlm.plot --summary DIR/summary.json --out DIR/accuracy.png

A second summary (--compare, e.g. the `--no-rationalize` run) is drawn dashed.
"""
from __future__ import annotations

import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")  # no screen: render straight to the PNG
import matplotlib.pyplot as plt  # noqa: E402


def series(summary: dict) -> dict[str, list[tuple[int, float]]]:
    out: dict[str, list[tuple[int, float]]] = {}
    for c in summary["cycles"]:
        acc = c["accuracy"]
        out.setdefault("overall", []).append((c["cycle"], acc["overall"]))
        for key, groups in (("type", acc.get("byLabelType", {})), ("field", acc.get("byField", {}))):
            for name, v in groups.items():
                out.setdefault(f"{key} {name}", []).append((c["cycle"], v))
    return out


def plot(summary: dict, out: str, compare: dict | None = None, title: str | None = None) -> None:
    fig, ax = plt.subplots(figsize=(8, 4.8), dpi=110)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    names = list(series(summary))
    for runs, style, label in ((summary, "-", ""), (compare, "--", " (no rationalization)")):
        if runs is None:
            continue
        for i, (name, pts) in enumerate(series(runs).items()):
            xs, ys = zip(*pts)
            ax.plot(xs, [100 * y for y in ys], style, marker="o", color=colours[names.index(name) % len(colours)] if name in names else colours[i % len(colours)],
                    linewidth=2.4 if name == "overall" else 1.4, label=f"{name}{label}")
    ax.set_xlabel("cycle (0 = the starting model)")
    ax.set_ylabel("held-out accuracy (%)")
    ax.set_ylim(0, 105)
    ax.set_xticks([c["cycle"] for c in summary["cycles"]])
    ax.grid(alpha=0.3)
    ax.set_title(title or "Video-STaR demo: held-out accuracy per cycle")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    tmp = f"{out}.{os.getpid()}.tmp.png"
    fig.savefig(tmp)
    plt.close(fig)
    os.replace(tmp, out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--summary", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--compare", help="a second summary.json, drawn dashed")
    ap.add_argument("--title")
    a = ap.parse_args(argv)
    with open(a.summary, encoding="utf-8") as f:
        summary = json.load(f)
    compare = None
    if a.compare:
        with open(a.compare, encoding="utf-8") as f:
            compare = json.load(f)
    plot(summary, a.out, compare, a.title)
    print(a.out)


if __name__ == "__main__":
    main()
