#!/usr/bin/env python3
"""Builds the tiny sentence-embedding model the tests load with onnxruntime-node.

Writes <out>/model.onnx and <out>/vocab.json (default out: test/fixtures/embedder):

    .venv/bin/python scripts/build-tiny-embedder.py [out]

Needs numpy and `onnx` (pinned in workers/pyproject.toml, extra `embedder`); no torch and
no download. The output is deterministic (seeded), so re-running rewrites the same bytes.

The model is the folder format `vstar verify --semantic-model` reads (see
src/core/verify/semantic/model.ts):
  inputs  input_ids int64 [batch, seq], attention_mask int64 [batch, seq]
  output  embeddings float32 [batch, dim], L2-normalized (zero when no word is known)
  graph   token embedding (Gather) -> masked mean pooling -> L2 normalization
A second folder, <out>/bert, holds the same vectors in the shape BERT-style exports have:
inputs input_ids, attention_mask, token_type_ids; output last_hidden_state [batch, seq, dim]
(pooled by the loader), and a WordPiece vocab.txt with [CLS]/[SEP] (zero vectors).
Word vectors are built from a hand-written table of synonym clusters: each cluster gets a
random direction and a word is the normalized sum of its clusters' directions plus a little
noise, so "a man rides a bike" lands near "a person cycling" and far from "pasta". Filler
words get near-zero vectors so they barely move the mean; unknown words ([UNK]) are zero.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DIM = 32
SEED = 1234

# cluster name -> words that mean it (a word may sit in several clusters)
CLUSTERS = {
    "person": "man men woman women person people guy guys boy boys girl girls kid kids child children someone somebody player players athlete athletes human adult",
    "ride": "ride rides riding rode ridden rider riders cycling cyclist cyclists biking pedaling pedalling",
    "bike": "bike bikes bicycle bicycles cycling cyclist cyclists biking cycle bmx pedaling pedalling",
    "horse": "horse horses pony equestrian",
    "swim": "swim swims swimming swam swimmer swimmers",
    "water": "water pool sea ocean lake river swimming swimmer swimmers diving wave waves surf surfing",
    "dive": "dive dives diving dived diver divers plunge somersault",
    "run": "run runs running ran runner runners jog jogs jogging sprint sprinting race",
    "walk": "walk walks walking walked stroll strolling hike hiking",
    "jump": "jump jumps jumping jumped leap leaps leaping hop hopping",
    "cook": "cook cooks cooking cooked chef bake baking fry frying boil stir",
    "food": "food pasta meal dinner lunch breakfast soup pizza bread cake egg eggs vegetables salad",
    "kitchen": "kitchen stove oven pan pot",
    "eat": "eat eats eating ate eaten chew chewing bite",
    "drink": "drink drinks drinking drank sip sipping coffee tea beer",
    "music": "music musician song songs instrument guitar piano violin drum drums sing sings singing sang singer",
    "guitar": "guitar guitarist strum strumming",
    "piano": "piano pianist keyboard",
    "play": "play plays playing played",
    "sing": "sing sings singing sang singer vocals",
    "dance": "dance dances dancing danced dancer dancers ballet",
    "ball": "ball balls soccer football basketball tennis baseball volleyball",
    "soccer": "soccer football goal kick kicks kicking kicked",
    "basketball": "basketball hoop dunk dribble dribbling",
    "throw": "throw throws throwing threw pitch pitching toss tossing",
    "car": "car cars vehicle truck automobile",
    "drive": "drive drives driving drove driver steering",
    "dog": "dog dogs puppy puppies",
    "cat": "cat cats kitten kittens",
    "animal": "animal animals pet pets dog dogs cat cats horse horses",
    "climb": "climb climbs climbing climbed climber",
    "mountain": "mountain mountains rock cliff wall",
    "snow": "snow ski skis skiing skier snowboard snowboarding ice",
    "ski": "ski skis skiing skier slope",
    "skate": "skateboard skateboarding skater skating skate",
    "read": "read reads reading book books page",
    "write": "write writes writing wrote pen paper",
    "paint": "paint paints painting painted painter brush canvas",
    "clean": "clean cleans cleaning cleaned wash washes washing washed wipe mop vacuum",
    "hair": "hair haircut barber comb brushing",
    "cut": "cut cuts cutting chop chopping slice slicing knife",
    "talk": "talk talks talking talked speak speaks speaking conversation chat",
    "phone": "phone phones call calling smartphone",
    "laugh": "laugh laughs laughing smile smiling happy",
    "cry": "cry cries crying sad tears",
    "sit": "sit sits sitting sat seated chair",
    "stand": "stand stands standing stood",
    "outdoor": "outdoor outdoors outside park street field garden",
    "indoor": "indoor indoors inside room house home",
    "sunny": "sunny sun sunshine bright clear",
    "rain": "rain rains raining rainy storm wet umbrella",
    "cloud": "cloud clouds cloudy overcast grey gray",
    "fast": "fast quickly quick rapid rapidly speed",
    "slow": "slow slowly gentle gently",
    "left": "left leftward",
    "right": "right rightward",
}

FILLER = (
    "a an the is are was were be been being in on at of to and or with his her their its this that "
    "it he she they them there here while into onto from by for very some who which as up down"
).split()


def build_vectors():
    rng = np.random.default_rng(SEED)
    names = sorted(CLUSTERS)
    directions = {n: v / np.linalg.norm(v) for n, v in zip(names, rng.standard_normal((len(names), DIM)))}
    members = {}
    for name in names:
        for word in CLUSTERS[name].split():
            members.setdefault(word, []).append(name)
    words = sorted(members)
    vocab = {"[PAD]": 0, "[UNK]": 1}
    rows = [np.zeros(DIM), np.zeros(DIM)]
    for word in words:
        v = sum(directions[n] for n in members[word])
        v = v / np.linalg.norm(v) + 0.05 * rng.standard_normal(DIM)
        vocab[word] = len(rows)
        rows.append(v / np.linalg.norm(v))
    for word in FILLER:
        if word in vocab:
            continue
        vocab[word] = len(rows)
        rows.append(0.02 * rng.standard_normal(DIM))
    return vocab, np.asarray(rows, dtype=np.float32)


def build_model(table):
    i64 = lambda name, values: numpy_helper.from_array(np.asarray(values, dtype=np.int64), name)
    f32 = lambda name, value: numpy_helper.from_array(np.asarray(value, dtype=np.float32), name)
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["tok"], axis=0),  # [B, S, D]
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),  # [B, S]
        helper.make_node("Unsqueeze", ["maskf", "axis_last"], ["mask3"]),  # [B, S, 1]
        helper.make_node("Mul", ["tok", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis_seq"], ["summed"], keepdims=0),  # [B, D]
        helper.make_node("ReduceSum", ["maskf", "axis_seq"], ["count"], keepdims=1),  # [B, 1]
        helper.make_node("Max", ["count", "one"], ["count1"]),
        helper.make_node("Div", ["summed", "count1"], ["mean"]),
        helper.make_node("Mul", ["mean", "mean"], ["sq"]),
        helper.make_node("ReduceSum", ["sq", "axis_seq"], ["sqsum"], keepdims=1),  # [B, 1]
        helper.make_node("Sqrt", ["sqsum"], ["norm"]),
        helper.make_node("Max", ["norm", "eps"], ["norm1"]),
        helper.make_node("Div", ["mean", "norm1"], ["embeddings"]),
    ]
    graph = helper.make_graph(
        nodes,
        "vstar-tiny-embedder",
        inputs=[
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        outputs=[helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", DIM])],
        initializer=[
            numpy_helper.from_array(table, "table"),
            i64("axis_last", [-1]),
            i64("axis_seq", [1]),
            f32("one", [1.0]),
            f32("eps", [1e-9]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="vstar-build-tiny-embedder")
    model.ir_version = 8  # readable by older runtimes too
    onnx.checker.check_model(model)
    return model


def build_bert_model(table):
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["tok"], axis=0),  # [B, S, D]
        helper.make_node("Gather", ["types", "token_type_ids"], ["typ"], axis=0),  # [B, S, D]
        helper.make_node("Add", ["tok", "typ"], ["sum"]),
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["maskf", "axis_last"], ["mask3"]),
        helper.make_node("Mul", ["sum", "mask3"], ["last_hidden_state"]),
    ]
    ids = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "seq"])
    graph = helper.make_graph(
        nodes,
        "vstar-tiny-embedder-bert",
        inputs=[ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
        outputs=[helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", DIM])],
        initializer=[
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(np.zeros((2, DIM), dtype=np.float32), "types"),
            numpy_helper.from_array(np.asarray([-1], dtype=np.int64), "axis_last"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="vstar-build-tiny-embedder")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "embedder")
    os.makedirs(out, exist_ok=True)
    vocab, table = build_vectors()
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(build_model(table).SerializeToString())
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, indent=0, sort_keys=False)
        f.write("\n")
    bert = os.path.join(out, "bert")
    os.makedirs(bert, exist_ok=True)
    tokens = sorted(vocab, key=vocab.get) + ["[CLS]", "[SEP]"]
    bert_table = np.concatenate([table, np.zeros((2, DIM), dtype=np.float32)])
    with open(os.path.join(bert, "model.onnx"), "wb") as f:
        f.write(build_bert_model(bert_table).SerializeToString())
    with open(os.path.join(bert, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(tokens) + "\n")
    print(f"build-tiny-embedder: {len(vocab)} tokens x {DIM} dims -> {out}")


if __name__ == "__main__":
    main()
