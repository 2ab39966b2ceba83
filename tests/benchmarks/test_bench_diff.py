"""benchmarks/bench_diff.py runs on the seed tables and its figures hold: the variant's 91
continued rows, none across the two districts, a lexical diff well under a second."""

import json
import subprocess
import sys

from conftest import ROOT


def test_bench_diff_runs_and_its_figures_hold():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_diff.py"), "--json", "--runs", "2", "--embed-runs", "0"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["rows"] == {"wujin": 94, "zhonglou": 85, "variant": 94}
    assert out["continued"] == {"wujin_vs_zhonglou_lexical": 0, "wujin_vs_variant_lexical": 91}
    assert out["ms"]["wujin_vs_zhonglou_lexical"] < 1000
