"""The word vocabulary, the tokenizer (mirrored in src/core/generate/tinyvlm/vocab.ts) and
the templated rationales the model learns to write."""
from __future__ import annotations

import re

PAD, UNK, BOS, EOS = 0, 1, 2, 3
SPECIAL = ["<pad>", "<unk>", "<bos>", "<eos>"]
MAX_QUESTION = 16
MAX_HINT = 4
MAX_LEN = 32

SHAPES = ["circle", "square", "triangle"]
COLORS = ["red", "green", "blue", "yellow"]
DIRECTIONS = ["left", "right", "up", "down"]

# Every word a template or a training question uses, plus the label values; fixed order so
# the same script always gives the same ids.
_TEXT = """
i see a an the on plain background its outline looks like so shape is color colour most of pixels are
it keeps moving from frame to frame direction moves reaches wall and turns back answer yes no
same heading never
what which does video show can be seen in this clip way move bounce off is visible happen
describe how fast where when
"""
WORDS = SPECIAL + sorted(set(_TEXT.split()) | set(SHAPES) | set(COLORS) | set(DIRECTIONS) | {"."})
INDEX = {w: i for i, w in enumerate(WORDS)}

_WORD = re.compile(r"[a-z]+|\.")


def words(text: str) -> list[str]:
    """Lower-cased words and full stops; the same rule as the TypeScript tokenizer."""
    return _WORD.findall(text.lower())


def encode(text: str) -> list[int]:
    return [INDEX.get(w, UNK) for w in words(text)]


def fixed(ids: list[int], n: int) -> list[int]:
    """First n ids, padded with PAD (the question and hint inputs have fixed widths)."""
    return (ids[:n] + [PAD] * n)[:n]


def decode(ids: list[int]) -> str:
    out = []
    for i in ids:
        if i == EOS:
            break
        if i >= len(SPECIAL):
            out.append(WORDS[i])
    return " ".join(out)


def rationale(field: str, labels: dict, answer: str) -> str:
    """The target rationale for one question; `answer` is the value it concludes with."""
    shape, color = labels["shape"], labels["color"]
    if field == "shape":
        return f"i see a {color} {answer} on a plain background . its outline looks like a {answer} . so the shape is a {answer} ."
    if field == "color":
        return f"i see a {answer} {shape} on a plain background . most of its pixels are {answer} . so the color is {answer} ."
    if field == "direction":
        return f"the {color} {shape} keeps moving {answer} from frame to frame . so the direction is {answer} ."
    if field == "bounces":
        if answer == "yes":
            return f"the {color} {shape} reaches a wall and turns back . so the answer is yes ."
        return f"the {color} {shape} keeps the same heading and never turns back . so the answer is no ."
    raise ValueError(f"no rationale template for {field}")


QUESTIONS = {
    "shape": ["What is the shape in the video?", "Which shape does the video show?", "What shape can be seen in this clip?"],
    "color": ["What is the color in the video?", "Which color does the video show?", "What color can be seen in this clip?"],
    "direction": [
        "Which way does the {color} {shape} move?",
        "What is the direction in the video?",
        "Which direction does the video show?",
    ],
    "bounces": ["Does the {shape} bounce off a wall?", "Does the video show bounces?", "Is bounces visible in the video?"],
}


def answer_of(field: str, labels: dict) -> str:
    v = labels[field]
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)
