"""benchmarks/bench_llm.py runs and its figures hold: the cached re-run makes no call, and a report
costs about one call per 3,000 tokens of work-plan text."""

import json
import math
import subprocess
import sys

from conftest import ROOT


def test_bench_llm_decompose_costs():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_llm.py"), "--json", "--no-ask"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    for row in json.loads(r.stdout)["decompose"]:
        cold, cached = row["cold"], row["cached"]
        assert 1 <= cold["calls"] <= math.ceil(row["plan_tokens"] / 3000), row
        assert cold["prompt_tokens"] > row["plan_tokens"] and cold["llm_rows"] == cold["rows"] > 0
        assert cached["calls"] == 0 and cached["cache_hits"] == cold["calls"] and cached["rows"] == cold["rows"]
