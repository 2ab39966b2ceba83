"""benchmarks/bench_draft.py runs on corpus/ and its LLM figures hold: one narrative call per goal
of a report, every goal written by the (scripted) LLM, none on the cached re-run."""

import json
import subprocess
import sys

from conftest import ROOT


def test_bench_draft_runs_and_counts_one_call_per_goal():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_draft.py"), "--json", "--units", "2"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["units"] == 2 and set(out["summary_all_units_ms"]) == {"md", "xlsx", "docx"}
    assert set(out["per_unit_median_ms"]) >= {"template_docx", "ledger_write", "ledger_import", "report_docx_charts"}
    for e in out["llm_narrative"]:
        assert e["cold"]["calls"] == e["goals"] == e["cold"]["llm_goals"] > 0
        assert e["cached"]["calls"] == 0 and e["cached"]["cache_hits"] == e["goals"] and e["cached"]["llm_goals"] == e["goals"]
        assert e["cold"]["prompt_tokens"] > 0
