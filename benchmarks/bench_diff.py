"""`govtasks diff` cost: ms per diff of the two seed tables (Wujin 94 rows × Zhonglou 85 rows,
rows already extracted), lexical only and with the local E5 embeddings (every row embedded
each time, as the command does), plus the Wujin table against its next-year variant
(tests/tests_builders.next_year_variant). Medians after one warm-up run.

    python benchmarks/bench_diff.py [--runs 5] [--embed-runs 2] [--json]   # --embed-runs 0: lexical only
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pipeline.compare.diff import diff_rows  # noqa: E402
from pipeline.compare.model import DocRef  # noqa: E402
from pipeline.extract import extract  # noqa: E402
from pipeline.index.embed import LocalE5  # noqa: E402
from tests_builders import next_year_variant  # noqa: E402

WUJIN = ROOT / "corpus" / "000_acba77eacf732c9e.txt"
ZHONGLOU = ROOT / "corpus" / "002_1fb599930edc1250.txt"


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up: imports, the model
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(out), 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--embed-runs", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    docs = {}
    for name, path in (("wujin", WUJIN), ("zhonglou", ZHONGLOU)):
        r = extract(path)
        docs[name] = (DocRef(doc_id=r.meta.doc_id, path=str(path), rows=len(r.tasks)), r.tasks)
    variant, _ = next_year_variant(docs["wujin"][1])
    docs["variant"] = (DocRef(doc_id="wujin_2027", path="variant", rows=len(variant)), variant)
    e5 = LocalE5()
    out = {"rows": {k: v[0].rows for k, v in docs.items()}, "runs": args.runs, "embed_runs": args.embed_runs, "ms": {}, "continued": {}}
    for pair in (("wujin", "zhonglou"), ("wujin", "variant")):
        (a, ra), (b, rb) = docs[pair[0]], docs[pair[1]]
        key = f"{pair[0]}_vs_{pair[1]}"
        out["ms"][f"{key}_lexical"] = median_ms(lambda: diff_rows(a, ra, b, rb), args.runs)
        out["continued"][f"{key}_lexical"] = diff_rows(a, ra, b, rb).summary.continued
        if args.embed_runs > 0:
            out["ms"][f"{key}_embeddings"] = median_ms(lambda: diff_rows(a, ra, b, rb, e5), args.embed_runs)
            out["continued"][f"{key}_embeddings"] = diff_rows(a, ra, b, rb, e5).summary.continued
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"rows: {out['rows']}")
    for k, v in out["ms"].items():
        print(f"{k:<36} {v:>9.1f} ms   continued {out['continued'][k]}")


if __name__ == "__main__":
    main()
