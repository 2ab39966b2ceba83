"""benchmarks/bench_web.py runs small (4 clients, 24 requests per endpoint, fake embeddings
endpoint) against a real `govtasks serve`: every request answered 200, figures consistent. The
real figures (LocalE5, 20 clients) are in README's web section."""

import json
import os
import subprocess
import sys

from batch_fakes import EmbeddingServer
from conftest import ROOT


def test_bench_web_runs_and_every_request_succeeds():
    server = EmbeddingServer()
    try:
        r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_web.py"), "--clients", "4", "--requests", "24", "--json"], capture_output=True, text=True, timeout=240, cwd=ROOT, env={**os.environ, **server.env()})
    finally:
        server.close()
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for name in ("ask", "tasks"):
        run = out[name]
        assert run["requests"] == 24 and run["clients"] == 4 and run["errors"] == 0, run
        assert 0 < run["p50_ms"] <= run["p95_ms"] <= run["max_ms"] and run["requests_per_s"] > 0
