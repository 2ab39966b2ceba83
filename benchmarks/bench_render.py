"""Cost of printing drafts (`govtasks render`): LibreOffice .docx/.xlsx → PDF, PDFium → PNG, and
the layout check, on drafts of the bundled 武进 table — ms per document, per page and per check.

    python benchmarks/bench_render.py [--json] [--repeat N]

Needs LibreOffice (make system-deps). Each run starts a fresh soffice (as the command does), so
the figures include its start-up; medians over --repeat runs."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOCS = {"wujin_2026": {"district": "武进区"}}
KINDS = {
    "unit_report_2026Q1.docx": dict(unit=["商务局"], period="2026Q1", fmt="docx"),
    "district_report_2026Q1.docx": dict(district="武进区", period="2026Q1", fmt="docx"),
    "unit_ledger_2026Q1.xlsx": dict(unit=["商务局"], period="2026Q1", fmt="xlsx"),
    "unit_summary.docx": dict(unit=["商务局"], fmt="docx"),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if shutil.which("soffice") is None:
        sys.exit("bench_render: LibreOffice (soffice) not installed — run `make system-deps`")

    from pipeline.draft import DraftRequest, draft
    from pipeline.draft.render import overflows, page_count, to_pdf, to_pngs
    from pipeline.extract import extract

    tasks = extract(ROOT / "corpus" / "000_acba77eacf732c9e.txt").tasks
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        tmp = Path(tmp)
        for name, kw in KINDS.items():
            src = tmp / name
            draft(tasks, DOCS, DraftRequest(**kw, out=src, with_charts=kw.get("fmt") == "docx"))
            pdf_ms, png_ms, check_ms = [], [], []
            for i in range(args.repeat):
                t = time.perf_counter()
                pdf = to_pdf(src, tmp / f"r{i}")
                pdf_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                to_pngs(pdf, tmp / f"r{i}", dpi=110)
                png_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                problems = overflows(pdf)
                check_ms.append((time.perf_counter() - t) * 1000)
            pages = page_count(pdf)
            out[name] = {"pages": pages, "pdf_ms": round(statistics.median(pdf_ms)), "png_ms_per_page": round(statistics.median(png_ms) / pages, 1),
                         "check_ms_per_page": round(statistics.median(check_ms) / pages, 1), "problems": len(problems)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"{'draft':32} {'pages':>5} {'PDF ms':>8} {'PNG ms/page':>12} {'check ms/page':>14} {'problems':>8}")
    for name, r in out.items():
        print(f"{name:32} {r['pages']:>5} {r['pdf_ms']:>8} {r['png_ms_per_page']:>12} {r['check_ms_per_page']:>14} {r['problems']:>8}")


if __name__ == "__main__":
    main()
