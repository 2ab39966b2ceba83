"""Cost of drafts on corpus/ (both seed tables): ms per summary and per progress report in each
format, ledger write and import, charts, and the LLM narrative's calls and tokens per report
(scripted OpenAI-compatible server on 127.0.0.1; tokens counted by the client with tiktoken).

    python benchmarks/bench_draft.py [--json] [--units N]

Every lead unit of both tables gets a progress report (--units caps how many, by task count);
per-unit timings are medians over those units."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def _fill(path: Path) -> None:
    """Half of each target and a note on every task: a ledger as staff return it."""
    from openpyxl import load_workbook

    from pipeline.draft.ledger import COL, HEADER_ROW, SHEET

    wb = load_workbook(path)
    ws = wb[SHEET]
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if isinstance(ws.cell(r, COL["value"]).value, (int, float)):
            ws.cell(r, COL["achieved"]).value = float(ws.cell(r, COL["value"]).value) / 2
        if ws.cell(r, COL["no"]).value is not None:
            ws.cell(r, COL["progress"]).value = "按计划推进。"
    wb.save(path)


def _narrative_reply(body: dict) -> dict:
    """A valid narrative: one sentence per row given, citing it, with no numbers."""
    prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
    keys = re.findall(r"^\[([^\]]+#\d+)\]", prompt, re.M)
    return {"content": json.dumps({"sentences": [{"text": "该项任务正在推进。", "rows": [k]} for k in keys]}, ensure_ascii=False), "usage": None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--units", type=int, default=0, help="at most this many units (0 = all)")
    args = ap.parse_args()

    from llm_server import ScriptedLLM

    from pipeline.draft import DraftRequest, draft
    from pipeline.draft.ledger_import import import_ledger, write_record
    from pipeline.draft.period import parse_period
    from pipeline.draft.progress_report import build_report
    from pipeline.draft.select import Selector
    from pipeline.extract import extract
    from pipeline.llm.client import LLM, LLMConfig, LLMStats

    tables = sorted((ROOT / "corpus").glob("*.txt"))
    rows, docs = [], {}
    for f in tables:
        r = extract(f)
        rows += r.tasks
        docs[r.meta.doc_id] = {"district": r.meta.district}
    selector = Selector(rows, docs)
    units = sorted((s for s in selector.every("unit") if any(r == "lead" for r in s.role.values())), key=lambda s: -len(s.tasks))
    units = units[: args.units] if args.units else units
    out: dict = {"rows": len(rows), "units": len(units)}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        summary = {}
        for fmt in ("md", "xlsx", "docx"):
            summary[fmt] = round(_ms(lambda: draft(rows, docs, DraftRequest(by="unit", fmt=fmt, out=tmp / f"all.{fmt}"))), 1)
        out["summary_all_units_ms"] = summary
        per: dict[str, list[float]] = {k: [] for k in ("template_md", "template_docx", "ledger_write", "ledger_import", "report_docx_charts", "charts_only")}
        for i, sel in enumerate(units):
            req = dict(unit=[sel.name], district=sel.district, period="2026Q1")
            per["template_md"].append(_ms(lambda: draft(rows, docs, DraftRequest(**req, fmt="md", out=tmp / f"u{i}.md", with_charts=False))))
            per["template_docx"].append(_ms(lambda: draft(rows, docs, DraftRequest(**req, fmt="docx", out=tmp / f"u{i}.docx", with_charts=False))))
            ledger = tmp / f"u{i}.xlsx"
            per["ledger_write"].append(_ms(lambda: draft(rows, docs, DraftRequest(**req, fmt="xlsx", out=ledger))))
            _fill(ledger)
            record_path = tmp / f"u{i}.json"
            per["ledger_import"].append(_ms(lambda: write_record(import_ledger(ledger), record_path)))
            t0 = time.perf_counter()
            res = draft(rows, docs, DraftRequest(**req, progress=record_path, fmt="docx", out=tmp / f"r{i}.docx", charts=tmp / f"c{i}"))
            per["report_docx_charts"].append((time.perf_counter() - t0) * 1000)
            from pipeline.draft import charts as ch
            from pipeline.draft.progress_report import status_by_unit_data, targets_by_goal_data, tasks_per_unit_data

            rec = res.record
            per["charts_only"].append(_ms(lambda: (ch.tasks_per_unit(tasks_per_unit_data(sel.tasks), tmp / "a.png"), ch.targets_by_goal(targets_by_goal_data(sel.tasks), tmp / "b.png"), ch.status_by_unit(status_by_unit_data(sel.tasks, rec), tmp / "c.png"))))
        out["per_unit_median_ms"] = {k: round(statistics.median(v), 1) for k, v in per.items() if v}

        # LLM narrative: one call per goal of the report; a cached re-run makes none
        server = ScriptedLLM()
        server.default = _narrative_reply
        llm_rows = []
        try:
            for sel in units[:5]:
                entry = {"unit": sel.label, "tasks": len(sel.tasks)}
                for run in ("cold", "cached"):
                    stats = LLMStats()
                    llm = LLM(LLMConfig(base_url=server.url, api_key="k", model="bench-model", cache_dir=tmp / "llm-cache"), stats)
                    t0 = time.perf_counter()
                    rep = build_report(sel, parse_period("2026Q1"), None, llm, selector.districts)
                    entry["goals"] = len(rep.goals)
                    entry[run] = {**stats.as_dict(), "ms": round((time.perf_counter() - t0) * 1000, 1), "llm_goals": sum(1 for g in rep.goals if g.narrative_by == "llm")}
                llm_rows.append(entry)
        finally:
            server.close()
        out["llm_narrative"] = llm_rows
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"corpus/: {out['rows']} rows, {out['units']} lead units")
    print("summary of every unit (ms): " + ", ".join(f"{k} {v}" for k, v in out["summary_all_units_ms"].items()))
    print("per unit, median ms: " + ", ".join(f"{k} {v}" for k, v in out["per_unit_median_ms"].items()))
    print(f"{'LLM narrative':<24}{'tasks':>6}{'goals':>6}{'calls':>6}{'prompt tok':>11}{'compl tok':>10}{'cached calls':>13}")
    for e in llm_rows:
        print(f"{e['unit'][:22]:<24}{e['tasks']:>6}{e['goals']:>6}{e['cold']['calls']:>6}{e['cold']['prompt_tokens']:>11}{e['cold']['completion_tokens']:>10}{e['cached']['calls']:>13}")


if __name__ == "__main__":
    main()
