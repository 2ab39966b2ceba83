"""benchmarks/bench_retrieval.py runs end to end and `ask` beats the plain baselines on every
question set (quality only: timings are the benchmark's business)."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_bench_retrieval_runs_and_ours_is_better():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_retrieval.py"), "--no-links", "--json"], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    ours, base = out["ours"], out["baseline"]
    assert out["questions"] >= 250 and base["chunks"] > 0 and set(out["sets"]) >= {"questions", "heldout", "blind"}
    assert ours["recall@k"] > base["recall@k"] + 0.2 and ours["mrr"] > base["mrr"] + 0.2
    assert ours["not_found"] >= 0.9 and base["not_found"] == 0.0  # top-k similarity never says "not found"
    for name, d in out["sets"].items():  # the issue #12 bar: better than a plain dense top-k on every figure
        mine, dense = d["ours"], d["dense"]
        assert mine["list_recall"] > dense["list_recall"] and mine["list_precision"] > dense["list_precision"], (name, d)
        assert mine["no_answer"] > dense["no_answer"] and mine["wrong_numbers"] == 0, (name, d)
        # lookups: level with dense top-5 on final and sealed, ahead or level elsewhere (README: "no such
        # target" for a reworded metric where dense top-5 still holds the row)
        assert mine["lookup_hit5"] >= dense["lookup_hit5"], (name, d)
