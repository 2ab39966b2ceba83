"""Batch throughput: `govtasks batch` over a folder of >= 100 documents (copies and variants of the
seed tables and, when present, of ../shared/reports), with --jobs 1 and --jobs 2 on fresh stores,
then a second (incremental) run; against the embedder alone on exactly the texts the batch embedded.

    python benchmarks/bench_batch.py [--docs 100] [--jobs-list 1,2] [--json] [--no-reports]

The folder (built in a temp dir): table copies of corpus/000 (Wujin) and corpus/002 (Zhonglou),
each with "2026" replaced by its own year in the text (so each copy has its own bytes — a second
file with the same bytes is skipped by discovery) and a sidecar with its own district, year and
doc_id; every 25th copy rendered as .docx, every 25th (offset) as .xlsx; and, unless --no-reports,
~30% report copies (2027_江苏省.txt, 2028_江苏省.txt, …, the year replaced in the text too), each
of which the batch decomposes into a draft table (rules only: the LLM variables are removed).

Each batch runs as `python -m pipeline.cli batch DIR --store S --jobs N --manifest M` under a
child job of this script that samples the process tree's RSS (/proc, every 0.1 s: the sum over
the batch process and its workers) and reports getrusage(RUSAGE_CHILDREN).ru_maxrss (the largest
single process of the tree, not a sum). The embedder's own time: another child reads the first
store's rows (not timed) and embeds exactly those texts with the same embedder the batch used
(default_embedder(): LocalE5 unless GOVTASKS_EMBEDDINGS_URL is set), model loaded before timing.
Besides wall seconds, each job reports its CPU seconds (the batch: user+system of the batch process
and its workers; the embedder: of its process during the call) and the load average it started at:
the jobs run one after another, so on a machine shared with other work the wall times can differ by
the load alone; the CPU figures compare the work itself.

Goals (issue #16): the whole folder in under 2 minutes without an LLM on this machine; within 15%
of the embedder's own time for the same text; a second run embeds 0 texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = ("000_acba77eacf732c9e", "002_1fb599930edc1250")
DISTRICTS = ("钟楼区", "武进区", "新北区", "天宁区", "金坛区", "溧阳市", "江阴市", "宜兴市", "昆山市", "常熟市", "张家港市", "太仓市")
YEAR0 = 2027


def reports_dir() -> Path | None:
    for d in (Path("/work/shared/reports"), ROOT.parent / "shared" / "reports"):
        if d.is_dir() and any(d.glob("*.txt")):
            return d
    return None


def build_folder(out: Path, docs: int, with_reports: bool) -> dict:
    """Write `docs` documents under out/; returns what was written, by kind and format."""
    out.mkdir(parents=True, exist_ok=True)
    reps = sorted(reports_dir().glob("*.txt")) if with_reports and reports_dir() else []
    n_reports = docs * 3 // 10 if reps else 0
    n_tables = docs - n_reports
    if n_tables > 2 * (2100 - YEAR0):
        raise SystemExit(f"--docs {docs}: at most {2 * (2100 - YEAR0)} table copies (one year each per seed)")
    seeds = [(ROOT / "corpus" / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    tasks_of: dict[int, list] = {}
    made = {"table_txt": 0, "table_docx": 0, "table_xlsx": 0, "report_txt": 0}
    for i in range(n_tables):
        s, year, district = i % 2, YEAR0 + i // 2, DISTRICTS[i % len(DISTRICTS)]
        doc_id = f"bench_t{i:03d}_{year}"
        fmt = "docx" if i % 25 == 7 else "xlsx" if i % 25 == 18 else "txt"
        path = out / "tables" / f"{doc_id}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "txt":
            path.write_text(seeds[s].replace("2026", str(year)), encoding="utf-8")
        else:
            from pipeline.export.office import write_table_docx, write_table_xlsx
            from pipeline.extract import extract

            if s not in tasks_of:
                tasks_of[s] = extract(ROOT / "corpus" / f"{SEEDS[s]}.txt").tasks
            title = f"{district}{year}年《政府工作报告》目标任务分解表"
            (write_table_docx if fmt == "docx" else write_table_xlsx)(tasks_of[s], path, title=title)
        path.with_name(path.stem + ".meta.json").write_text(json.dumps({"district": district, "year": year, "doc_id": doc_id, "note": f"bench_batch copy of corpus/{SEEDS[s]}"}, ensure_ascii=False), encoding="utf-8")
        made[f"table_{fmt}"] += 1
    for j in range(n_reports):
        src, year = reps[j % len(reps)], YEAR0 + j // len(reps)
        name = re.sub(r"^20\d{2}", str(year), src.stem)
        path = out / "reports" / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(src.read_text(encoding="utf-8").replace("2026", str(year)), encoding="utf-8")
        made["report_txt"] += 1
    return made


def clean_env() -> dict:
    """No LLM: the chat endpoint variables removed (the key too, unless an embeddings endpoint is set)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVTASKS_LLM") and k not in ("OPENAI_BASE_URL", "OPENAI_MODEL")}
    if not env.get("GOVTASKS_EMBEDDINGS_URL"):
        env.pop("OPENAI_API_KEY", None)
    return env


# ---- the measured jobs (each in a child process: `bench_batch.py --job NAME ...`) -------------
def _tree_rss_mb(root_pid: int) -> float:
    """Sum of RSS over root_pid and its descendants (from /proc)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parent[int(p.name)] = int(fields[1])
            rss[int(p.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    tree, grew = {root_pid}, True
    while grew:
        more = {pid for pid, pp in parent.items() if pp in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


def job_batch(folder: str, store: str, jobs: str, manifest: str) -> dict:
    load = os.getloadavg()[0]
    cmd = [sys.executable, "-m", "pipeline.cli", "batch", folder, "--store", store, "--jobs", jobs, "--manifest", manifest]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=clean_env())
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    t.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the batch process and its (joined) workers
    lines = [json.loads(x) for x in Path(manifest).read_text(encoding="utf-8").splitlines() if x.strip()] if Path(manifest).is_file() else []
    return {
        "rc": proc.returncode,
        "stderr_tail": err[-600:],
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "load_at_start": load,
        "tree_rss_sum_peak_mb": peak[0],
        "max_single_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "lines": lines,
    }


def job_embed(store: str) -> dict:
    """The embedder alone on exactly the texts the batch embedded (the store's rows: tables, drafts, reports)."""
    from pipeline.index.embed import default_embedder
    from pipeline.index.store import Store, task_text
    from pipeline.schema import Task

    st = Store(Path(store))
    texts: list[str] = []
    for d in st.documents().values():  # reading is not timed: this is the embedder's share
        rows = st.doc_rows(d)
        texts += [task_text(Task.model_validate(r)) for r in rows] if d.kind == "table" else [r["text"] for r in rows]
    emb = default_embedder()
    emb.passages(["预热"])  # the model loaded outside the timing, as the batch's first document would
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    emb.passages(texts)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "load_at_start": load, "texts": len(texts), "embedder": emb.name, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child(argv: list[str]) -> None:
    name, rest = argv[0], argv[1:]
    out = job_batch(*rest) if name == "batch" else job_embed(*rest)
    print(json.dumps(out, ensure_ascii=False))


def run_child(*args) -> dict:
    r = subprocess.run([sys.executable, __file__, "--job", *map(str, args)], capture_output=True, text=True, check=True, cwd=ROOT, env=clean_env())
    return json.loads(r.stdout.strip().splitlines()[-1])


def summarize(run: dict) -> dict:
    lines = run["lines"]
    docs = [ln for ln in lines if ln["kind"] in ("table", "report") and ln["status"] in ("added", "replaced", "unchanged")]
    drafts = [ln for ln in lines if ln["kind"] == "draft" and ln["status"] != "error"]
    rows = sum(ln["rows"] for ln in docs + drafts)
    s = run["seconds"]
    return {
        "rc": run["rc"],
        "documents": len(docs),
        "tables": sum(1 for ln in docs if ln["kind"] == "table"),
        "reports": sum(1 for ln in docs if ln["kind"] == "report"),
        "drafts": len(drafts),
        "errors": sum(1 for ln in lines if ln["status"] == "error"),
        "skipped": sum(1 for ln in lines if ln["status"] == "skipped"),
        "rows": rows,
        "embedded": sum(ln["embedded"] for ln in lines),
        "seconds": round(s, 2),
        "cpu_seconds": round(run["cpu_seconds"], 2),
        "load_at_start": round(run["load_at_start"], 2),
        "docs_per_s": round(len(docs) / s, 3),
        "rows_per_s": round(rows / s, 2),
        "tree_rss_sum_peak_mb": round(run["tree_rss_sum_peak_mb"]),
        "max_single_rss_mb": round(run["max_single_rss_mb"]),
        "stderr_tail": run["stderr_tail"] if run["rc"] else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100, help="documents in the folder (default 100)")
    ap.add_argument("--jobs-list", default="1,2", help="comma-separated --jobs values, each on a fresh store (default 1,2)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-reports", action="store_true", help="table copies only")
    ap.add_argument("--job", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.job:
        child(args.job)
        return
    jobs_list = [int(j) for j in args.jobs_list.split(",") if j.strip()]
    with tempfile.TemporaryDirectory(prefix="govtasks-bbench-") as tmp:
        tmp = Path(tmp)
        made = build_folder(tmp / "docs", args.docs, not args.no_reports)
        load_before = os.getloadavg()
        runs = {}
        for j in jobs_list:
            runs[j] = summarize(run_child("batch", tmp / "docs", tmp / f"store-j{j}", j, tmp / f"run-j{j}.jsonl"))
        first = jobs_list[0]
        again = summarize(run_child("batch", tmp / "docs", tmp / f"store-j{first}", first, tmp / f"again-j{first}.jsonl"))
        embed = run_child("embed", tmp / f"store-j{first}")
        load_after = os.getloadavg()
        shutil.rmtree(tmp / "docs", ignore_errors=True)
    for r in runs.values():
        r["embed_share"] = round(embed["seconds"] / r["seconds"], 3) if r["seconds"] else None
        r["over_embedder"] = round(r["seconds"] / embed["seconds"] - 1, 3) if embed["seconds"] else None
        r["cpu_over_embedder"] = round(r["cpu_seconds"] / embed["cpu_seconds"] - 1, 3) if embed["cpu_seconds"] else None
    best = min(runs.values(), key=lambda r: r["seconds"])
    result = {
        "folder": made,
        "runs": {str(j): r for j, r in runs.items()},
        "embedder": {"name": embed["embedder"], "texts": embed["texts"], "seconds": round(embed["seconds"], 2), "cpu_seconds": round(embed["cpu_seconds"], 2), "load_at_start": round(embed["load_at_start"], 2), "texts_per_s": round(embed["texts"] / embed["seconds"], 2) if embed["seconds"] else None, "max_rss_mb": round(embed["max_rss_mb"])},
        "second_run": {"jobs": first, "seconds": again["seconds"], "embedded": again["embedded"], "documents": again["documents"], "rc": again["rc"]},
        "load": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in load_after], "cpus": os.cpu_count()},
        "goals": {
            "under_2_minutes": best["seconds"] < 120,
            "within_15pct_of_embedder": best["over_embedder"] is not None and best["over_embedder"] <= 0.15,
            "second_run_embeds_0": again["embedded"] == 0,
        },
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"folder: {sum(made.values())} files written ({', '.join(f'{k} {v}' for k, v in made.items() if v)}); load average {result['load']['before']} before, {result['load']['after']} after, {result['load']['cpus']} CPUs")
    print(f"{'':12}{'docs':>6}{'drafts':>7}{'rows':>7}{'embedded':>9}{'seconds':>9}{'CPU s':>8}{'load':>6}{'docs/s':>8}{'rows/s':>8}{'tree MB':>9}{'max 1 MB':>9}{'embed share':>12}{'errors':>7}")
    for j, r in runs.items():
        print(f"{'--jobs ' + str(j):12}{r['documents']:>6}{r['drafts']:>7}{r['rows']:>7}{r['embedded']:>9}{r['seconds']:>9.1f}{r['cpu_seconds']:>8.1f}{r['load_at_start']:>6.1f}{r['docs_per_s']:>8.2f}{r['rows_per_s']:>8.1f}{r['tree_rss_sum_peak_mb']:>9}{r['max_single_rss_mb']:>9}{r['embed_share']:>12.2f}{r['errors']:>7}")
    e = result["embedder"]
    print(f"{'embedder':12}{'':>6}{'':>7}{e['texts']:>7}{e['texts']:>9}{e['seconds']:>9.1f}{e['cpu_seconds']:>8.1f}{e['load_at_start']:>6.1f}{'':>8}{e['texts_per_s']:>8.1f}{'':>9}{e['max_rss_mb']:>9}   ({e['name']} alone, same texts)")
    print("CPU s: user+system seconds of the batch process and its workers (getrusage RUSAGE_CHILDREN), of the embedder's process during its call; load: 1-minute load average as the job started")
    print("tree MB: peak of the RSS summed over the batch process and its workers (sampled every 0.1 s); max 1 MB: getrusage(RUSAGE_CHILDREN).ru_maxrss, the largest single process")
    print(f"second run (--jobs {first}, same store, unchanged folder): {again['seconds']:.2f} s, {again['embedded']} texts embedded (goal: 0) — {'met' if result['goals']['second_run_embeds_0'] else 'NOT met'}")
    print(f"goal: the whole folder in under 2 minutes without an LLM on this machine — {'met' if result['goals']['under_2_minutes'] else 'NOT met'} (best {best['seconds']:.1f} s for {best['documents']} documents, embedder {e['name']})")
    print(f"goal: within 15% of the embedder's own time for the same text — {'met' if result['goals']['within_15pct_of_embedder'] else 'NOT met'} (best {best['over_embedder'] * 100:+.1f}% over the embedder's {e['seconds']:.1f} s)")
    print("  in CPU time (less sensitive to other load on the machine than wall time): " + ", ".join(f"--jobs {j} {r['cpu_over_embedder'] * 100:+.1f}%" for j, r in runs.items() if r["cpu_over_embedder"] is not None) + f" over the embedder's {e['cpu_seconds']:.1f} CPU s")
    for j, r in runs.items():
        if r["rc"]:
            print(f"--jobs {j}: exit {r['rc']}: {r['stderr_tail']}")


if __name__ == "__main__":
    main()
