"""LLM cost per report: calls and prompt/completion tokens for `decompose` (per report) and
`ask` (per question set), cold and on a cached re-run, against the scripted OpenAI-compatible
server of the tests (real HTTP on 127.0.0.1). The server reports no usage, so tokens are counted
by the client with tiktoken (o200k_base, offline) — what a budget would see.

    python benchmarks/bench_llm.py [--json] [--no-ask] [--no-decompose]

Inputs: ../shared/reports when present (else the small report built into tests/decompose/test_decompose.py),
earlier rows = corpus/ tables; ask = eval/questions/questions.jsonl over corpus/.
Goal (issue #4): at most one call per ~3,000 prompt tokens of work-plan text, 0 calls cached.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "decompose"))


def _reports(tmp: Path) -> list[Path]:
    shared = ROOT.parent / "shared" / "reports"
    if shared.is_dir():
        return sorted(shared.glob("2026_*.txt"))
    from test_decompose import REPORT

    p = tmp / "2027_fixture.txt"
    p.write_text(REPORT, encoding="utf-8")
    print("note: ../shared/reports absent; using the small built-in report", file=sys.stderr)
    return [p]


def bench_decompose(server, cache: Path, tmp: Path) -> list[dict]:
    from llm_server import decompose_echo

    from pipeline.decompose import decompose
    from pipeline.decompose.split import segments
    from pipeline.extract import extract
    from pipeline.llm.client import LLM, LLMConfig, LLMStats
    from pipeline.reports.paragraphs import read_report
    from pipeline.review.suggest import UnitSuggester
    from pipeline.llm.tokens import count_tokens

    earlier = [t for f in sorted((ROOT / "corpus").glob("*.txt")) for t in extract(f).tasks]
    suggester = UnitSuggester(earlier)
    server.default = lambda body: {"content": decompose_echo(body, merge=True), "usage": None}
    out = []
    for path in _reports(tmp):
        report = read_report(path)
        plan_tokens = count_tokens("".join(s.text for s in segments(report)))
        row = {"report": path.name, "plan_tokens": plan_tokens}
        for run in ("cold", "cached"):
            stats = LLMStats()
            llm = LLM(LLMConfig(base_url=server.url, api_key="k", model="bench-model", cache_dir=cache), stats)
            start = time.perf_counter()
            draft = decompose(report, suggester=suggester, llm=llm)
            d = stats.as_dict()
            row[run] = {"calls": d["calls"], "prompt_tokens": d["prompt_tokens"], "completion_tokens": d["completion_tokens"], "cache_hits": d["cache_hits"], "rows": len(draft.rows), "llm_rows": sum(r.drafted_by == "llm" for r in draft.rows), "seconds": round(time.perf_counter() - start, 2)}
        row["plan_tokens_per_call"] = round(plan_tokens / max(1, row["cold"]["calls"]))
        out.append(row)
    return out


def bench_ask(server, cache: Path, tmp: Path) -> dict:
    from pipeline.ask import Asker, read_questions
    from pipeline.index.embed import LocalE5
    from pipeline.index.store import Store
    from pipeline.llm.client import LLM, LLMConfig, LLMStats

    store = Store(tmp / "store", embedder=LocalE5())
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        store.add(f)
    questions = read_questions(ROOT / "eval" / "questions" / "questions.jsonl")

    def reply(body):
        import re

        user = body["messages"][-1]["content"]
        if "结构化查询" in body["messages"][0]["content"]:  # prompts/ask_query.v1.j2: echo the rules' reading
            rules = json.loads(user.split("规则的理解（可参考，可修正）：", 1)[1])
            keep = ("intent", "compare", "aggregate", "role", "districts", "units", "leaders", "goals", "topics", "metric", "measure", "has_target", "missing")
            reading = {k: v for k, v in rules.items() if k in keep}
            reading.setdefault("intent", "list")
            if rules.get("unknown"):
                reading["unknown"] = [rules["unknown"]]
            return {"content": json.dumps(reading, ensure_ascii=False), "usage": None}
        cited = re.findall(r"^\[([^\]#]+#\d+)\]", user, re.M)[:2]
        return {"content": json.dumps({"answer": "见所列任务行。" + "".join(f"[{c}]" for c in cited), "citations": cited, "rows": None}, ensure_ascii=False), "usage": None}

    server.default = reply
    out = {"questions": len(questions)}
    for run in ("cold", "cached"):
        stats = LLMStats()
        asker = Asker(store, dense=False, llm=LLM(LLMConfig(base_url=server.url, api_key="k", model="bench-model", cache_dir=cache), stats))
        start = time.perf_counter()
        answers = [asker.ask(q, qid) for qid, q in questions]
        d = stats.as_dict()
        out[run] = {"calls": d["calls"], "prompt_tokens": d["prompt_tokens"], "completion_tokens": d["completion_tokens"], "cache_hits": d["cache_hits"], "answered_by_llm": sum(a.answered_by == "llm" for a in answers), "understood_by_llm": sum(a.understood_by == "llm" for a in answers), "seconds": round(time.perf_counter() - start, 2)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-ask", action="store_true", help="skip the ask part (it indexes corpus/, ~20 s)")
    ap.add_argument("--no-decompose", action="store_true", help="skip the decompose part")
    args = ap.parse_args()
    from llm_server import ScriptedLLM

    server = ScriptedLLM()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-llm-") as tmp:
            tmp = Path(tmp)
            result = {"decompose": [] if args.no_decompose else bench_decompose(server, tmp / "cache", tmp)}
            if not args.no_ask:
                result["ask"] = bench_ask(server, tmp / "cache", tmp)
    finally:
        server.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print("decompose (per report)            plan tok  calls  prompt tok  compl tok  plan tok/call  rows (LLM)  | cached: calls  hits")
    for r in result["decompose"]:
        c, k = r["cold"], r["cached"]
        print(f"{r['report']:<32} {r['plan_tokens']:>9} {c['calls']:>6} {c['prompt_tokens']:>11} {c['completion_tokens']:>10} {r['plan_tokens_per_call']:>14} {c['rows']:>5} ({c['llm_rows']})  | {k['calls']:>13} {k['cache_hits']:>5}")
    if "ask" in result:
        a = result["ask"]
        c, k = a["cold"], a["cached"]
        n = max(1, a["questions"])
        print(f"ask ({a['questions']} questions): cold {c['calls']} calls ({c['calls'] / n:.2f} per question), {c['prompt_tokens']} prompt + {c['completion_tokens']} completion tokens ({c['prompt_tokens'] / n:.0f} + {c['completion_tokens'] / n:.0f} per question); {c['understood_by_llm']} read and {c['answered_by_llm']} worded by the LLM; cached {k['calls']} calls, {k['cache_hits']} hits")


if __name__ == "__main__":
    main()
