"""Extraction cost: ms per document for each seed in each format (after one warm-up run, each
document and format timed in a fresh worker process of its own, as `govtasks extract` runs),
and the cold start of `govtasks extract` as a whole process.

    python benchmarks/bench_extract.py [--runs 20] [--json]

The .docx/.xlsx/.pdf versions are the seed tables rebuilt from the gold rows (the PDF via
LibreOffice; skipped without it). Building them is not timed, and it happens in this process,
not in the workers: a process that has just built Word and PDF files (a quarter of a million
live objects) extracts the same .txt about 1.5× slower, which is the builder's cost, not the
extractor's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.formats import build_fixtures  # noqa: E402
from pipeline.evaluate.gold import all_gold  # noqa: E402
from pipeline.extract import extract  # noqa: E402

GOALS_MS = {"txt": 10, "pdf": 300}  # issue #13


def time_runs(fn, runs: int) -> list[float]:
    fn()  # warm-up: imports, caches
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def cold_start(path: Path, runs: int) -> list[float]:
    exe = shutil.which("govtasks")
    cmd = [exe, "extract", str(path)] if exe else [sys.executable, "-m", "pipeline.cli", "extract", str(path)]
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _in_worker(path: Path, runs: int) -> tuple[list[float], int]:
    """Time `extract(path)` `runs` times in a fresh Python process: (ms per run, rows)."""
    out = subprocess.run([sys.executable, __file__, "--worker", str(path), "--runs", str(runs)], check=True, capture_output=True, text=True, cwd=ROOT)
    data = json.loads(out.stdout)
    return data["ms"], data["rows"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)  # internal: time one file, print JSON
    args = ap.parse_args()
    if args.worker is not None:
        ms = time_runs(lambda: extract(args.worker), args.runs)
        print(json.dumps({"ms": ms, "rows": len(extract(args.worker).tasks)}))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for gold in all_gold():
            files = {"txt": gold.path}
            files.update(build_fixtures(gold, Path(tmp) / gold.doc_id))
            for fmt, path in files.items():
                if path is None:
                    rows.append({"doc": gold.doc_id, "format": fmt, "skipped": "LibreOffice not installed"})
                    continue
                runs = args.runs if fmt != "pdf" else max(3, args.runs // 4)
                ms, n = _in_worker(path, runs)
                rows.append({"doc": gold.doc_id, "format": fmt, "rows": n, "runs": runs, "median_ms": round(statistics.median(ms), 1), "p95_ms": round(p95(ms), 1), "goal_ms": GOALS_MS.get(fmt)})
        cold = cold_start(all_gold()[0].path, 5)
    result = {"extract": rows, "cold_start_ms": {"median": round(statistics.median(cold), 0), "max": round(max(cold), 0), "goal": 1000}}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{'document':<16}{'format':<8}{'rows':>6}{'median ms':>12}{'p95 ms':>10}{'goal ms':>10}")
    for r in rows:
        if "skipped" in r:
            print(f"{r['doc']:<16}{r['format']:<8}  skipped: {r['skipped']}")
            continue
        goal = "" if r["goal_ms"] is None else str(r["goal_ms"])
        print(f"{r['doc']:<16}{r['format']:<8}{r['rows']:>6}{r['median_ms']:>12}{r['p95_ms']:>10}{goal:>10}")
    c = result["cold_start_ms"]
    print(f"\ncold start `govtasks extract` (whole process, 5 runs): median {c['median']:.0f} ms, max {c['max']:.0f} ms (goal < 1000 ms)")


if __name__ == "__main__":
    main()
