"""Index build cost: the whole pipeline (`govtasks index`) against the embedder alone on the
same texts, each in its own process so peak memory (max RSS) is measured cleanly; then a
re-index of the unchanged files, which must embed nothing.

    python benchmarks/bench_index.py [--json] [--no-reports]

Inputs: corpus/ plus ../shared/reports when present (left out with a note otherwise).
Goal (issue #3): build time within 10% of the embedder's own time; re-index = 0 embeddings.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def inputs(with_reports: bool) -> list[Path]:
    files = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix == ".txt")
    reports = ROOT.parent / "shared" / "reports"
    if with_reports and reports.is_dir():
        files += sorted(p for p in reports.glob("*.txt") if p.name != "README.md")
    return files


# ---- the measured jobs (run in a child process: `bench_index.py --job NAME FILES...`) ----------
def job_embed(files: list[Path]) -> dict:
    """The embedder alone on exactly the texts the index embeds (rows' search text, paragraphs)."""
    from pipeline.errors import NoTableFound
    from pipeline.extract import extract
    from pipeline.index.embed import LocalE5
    from pipeline.index.store import task_text
    from pipeline.reports.paragraphs import read_report

    texts = []
    for f in files:  # reading is not timed here: this is the embedder's share
        try:
            texts += [task_text(t) for t in extract(f).tasks]
        except NoTableFound:
            texts += [p.text for p in read_report(f).paragraphs]
    emb = LocalE5()
    emb.passages(["预热"])  # load the model outside the timing, as the pipeline's first batch would
    start = time.perf_counter()
    emb.passages(texts)
    return {"seconds": time.perf_counter() - start, "texts": len(texts), "chars": sum(map(len, texts))}


def job_index(files: list[Path], store: Path) -> dict:
    from pipeline.index.embed import LocalE5
    from pipeline.index.store import Store

    emb = LocalE5()
    emb.passages(["预热"])
    st = Store(store, embedder=emb)
    start = time.perf_counter()
    results = [st.add(f) for f in files]
    return {"seconds": time.perf_counter() - start, "rows": sum(r.rows for r in results), "embedded": sum(r.embedded for r in results), "status": [r.status for r in results]}


def child(argv: list[str]) -> None:
    name, rest = argv[0], argv[1:]
    if name == "embed":
        out = job_embed([Path(p) for p in rest])
    else:
        out = job_index([Path(p) for p in rest[1:]], Path(rest[0]))
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def run_child(*args) -> dict:
    r = subprocess.run([sys.executable, __file__, "--job", *map(str, args)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-reports", action="store_true", help="corpus/ only")
    ap.add_argument("--job", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.job:
        child(args.job)
        return
    files = inputs(not args.no_reports)
    with tempfile.TemporaryDirectory(prefix="govtasks-bench-") as tmp:
        store = Path(tmp) / "store"
        embed = run_child("embed", *files)
        build = run_child("index", store, *files)
        again = run_child("index", store, *files)
    result = {
        "files": [f.name for f in files],
        "texts": embed["texts"],
        "embedder_s": round(embed["seconds"], 2),
        "embedder_rss_mb": round(embed["max_rss_mb"]),
        "index_s": round(build["seconds"], 2),
        "index_rss_mb": round(build["max_rss_mb"]),
        "overhead": round(build["seconds"] / embed["seconds"] - 1, 3),
        "reindex_s": round(again["seconds"], 3),
        "reindex_embedded": again["embedded"],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"inputs: {', '.join(result['files'])} ({result['texts']} texts embedded)")
    print(f"{'':28}{'seconds':>10}{'peak RSS MB':>14}")
    print(f"{'embedder alone':28}{result['embedder_s']:>10.2f}{result['embedder_rss_mb']:>14}")
    print(f"{'govtasks index (full build)':28}{result['index_s']:>10.2f}{result['index_rss_mb']:>14}")
    print(f"pipeline overhead over the embedder: {result['overhead'] * 100:+.1f}% (goal: within +10%)")
    print(f"re-index unchanged files: {result['reindex_s']:.3f} s, {result['reindex_embedded']} texts embedded (goal: 0)")


if __name__ == "__main__":
    main()
