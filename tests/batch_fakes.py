"""Fakes for batch tests. A fast stand-in for the embedding model: deterministic hashed
character-bigram vectors, counting what it embeds — in process (FakeEmbedder) or behind an
OpenAI-compatible /v1/embeddings endpoint for `govtasks batch` subprocesses (EmbeddingServer,
GOVTASKS_EMBEDDINGS_URL). A full or unwritable disk under a store (Disk), and what a store holds,
checked whole (store_state)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np

import pipeline.util.atomic as atomic

DIM = 32


def vector(text: str) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    for a, b in zip(text, text[1:] + " "):
        v[int(hashlib.md5((a + b).encode()).hexdigest()[:6], 16) % DIM] += 1.0
    return v / max(float(np.linalg.norm(v)), 1e-6)


class FakeEmbedder:
    name = "fake/bigrams"
    dim = DIM

    def __init__(self):
        self.count = 0

    def passages(self, texts):
        self.count += len(texts)
        return np.asarray([vector(t) for t in texts], dtype=np.float32).reshape(len(texts), DIM)

    queries = passages


class EmbeddingServer:
    """POST /v1/embeddings on 127.0.0.1 (a thread of the test process); counts texts embedded."""

    def __init__(self):
        owner = self
        self.count = 0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                owner.count += len(texts)
                data = [{"object": "embedding", "index": i, "embedding": vector(t).tolist()} for i, t in enumerate(texts)]
                out = json.dumps({"object": "list", "data": data, "model": body.get("model", "fake"), "usage": {"prompt_tokens": 0, "total_tokens": 0}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def env(self) -> dict:
        return {"GOVTASKS_EMBEDDINGS_URL": self.url, "GOVTASKS_EMBEDDINGS_MODEL": "fake", "OPENAI_API_KEY": ""}

    def close(self):
        self.httpd.shutdown()


class Disk:
    """Writes through pipeline.util.atomic (every file the store, the batch and the run manifest
    write) under `root` fail with OSError(`err`) once `free` of them are used (None: never); a
    failed write leaves no .part behind, as a real one would not."""

    def __init__(self, monkeypatch, root: Path, err: int, free=0):
        self.root, self.err, self.free = Path(root).absolute(), err, free
        real = atomic.atomic_path

        @contextmanager
        def failing(path, part=None):
            with real(path, part) as tmp:
                if self.full(Path(path)):
                    raise OSError(self.err, os.strerror(self.err), str(tmp))
                yield tmp

        monkeypatch.setattr(atomic, "atomic_path", failing)

    def full(self, path: Path) -> bool:
        if self.free is None or not path.absolute().is_relative_to(self.root):
            return False
        if self.free > 0:
            self.free -= 1
            return False
        return True


def store_state(store):
    """What a store holds — each document's manifest entry and rows, every Chroma id — asserting
    that Chroma holds exactly the rows of the manifest's documents and docs/ no rows file that no
    document names."""
    docs = store.documents()
    ids = {k: set(store.collection(k).get(include=[])["ids"]) for k in ("table", "report")}
    assert ids["table"] == store.expected_ids("table") and ids["report"] == store.expected_ids("report")
    assert store.collection("table").count() == len(store.tasks()) and store.collection("report").count() == len(store.paragraphs())
    files = {f.name for f in (store.root / "docs").iterdir()} if (store.root / "docs").exists() else set()
    assert files == {d.file for d in docs.values()}
    return {i: (d.model_dump(), store.doc_rows(d)) for i, d in docs.items()}, ids
