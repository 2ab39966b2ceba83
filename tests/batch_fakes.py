"""A fast stand-in for the embedding model in batch tests: deterministic hashed character-bigram
vectors, counting what it embeds — in process (FakeEmbedder) or behind an OpenAI-compatible
/v1/embeddings endpoint for `govtasks batch` subprocesses (EmbeddingServer, GOVTASKS_EMBEDDINGS_URL)."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

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
