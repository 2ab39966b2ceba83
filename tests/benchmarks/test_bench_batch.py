"""benchmarks/bench_batch.py runs small (6 table copies, --jobs 1) and its figures are consistent:
every document counted, rows > 0, the batch embedded what the embedder-alone job embedded, the
second run embedded nothing, the embedding share between 0 and 1. Embeddings come from the fake
OpenAI-compatible endpoint (tests/batch_fakes.py) so the run takes seconds; the real figures
(LocalE5) are in README's batch section."""

import json
import os
import subprocess
import sys

from batch_fakes import EmbeddingServer
from conftest import ROOT


def test_bench_batch_runs_and_its_figures_are_consistent():
    server = EmbeddingServer()
    try:
        r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_batch.py"), "--docs", "6", "--no-reports", "--jobs-list", "1", "--json"], capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, **server.env()})
    finally:
        server.close()
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["folder"]["report_txt"] == 0 and sum(out["folder"].values()) == 6
    run = out["runs"]["1"]
    assert run["rc"] == 0 and run["errors"] == 0 and run["skipped"] == 0
    assert run["documents"] == run["tables"] == 6 and run["reports"] == 0
    assert run["rows"] > 0 and run["embedded"] == run["rows"] == out["embedder"]["texts"]
    assert run["seconds"] > 0 and run["docs_per_s"] > 0 and run["rows_per_s"] > 0
    assert 0 < run["embed_share"] < 1
    assert run["tree_rss_sum_peak_mb"] > 0 and run["max_single_rss_mb"] > 0
    assert out["second_run"] == {**out["second_run"], "embedded": 0, "documents": 6, "rc": 0}
    assert set(out["goals"]) == {"under_2_minutes", "within_15pct_of_embedder", "second_run_embeds_0"} and out["goals"]["second_run_embeds_0"]
