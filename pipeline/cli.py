"""The `govtasks` command. Thin: parses arguments, calls one stage, prints.

Errors in the input become one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from pipeline.errors import GovTasksError
from pipeline.schema import DocAbout
from pipeline.settings import settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="GovTasks: decomposition tables and work reports → typed, cited task rows.")


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _run(fn, *args, **kwargs):
    """Call a stage; turn bad-input errors into one clean line."""
    try:
        return fn(*args, **kwargs)
    except GovTasksError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": "))
    except Exception as exc:  # a bug: still one line, with a way to get the traceback
        if settings().debug:
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}) — rerun with GOVTASKS_DEBUG=1 for details and report it", code=70)


@app.callback()
def _check_settings() -> None:
    # Before any command: an environment variable with a bad value is one line, not a traceback.
    _run(settings)


@app.command()
def extract(
    path: Path = typer.Argument(..., help="Decomposition table: .txt .csv .docx .xlsx .pdf (.doc/.wps/.et with LibreOffice)."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format (default: from -o's suffix, else jsonl)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here instead of stdout (needed for xlsx)."),
    district: Optional[str] = typer.Option(None, help="Issuing district (e.g. 武进区) when the document does not state it."),
    year: Optional[int] = typer.Option(None, help="Year of the report when the document does not state it."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Override the document id (default: <district pinyin>_<year>)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print warnings."),
):
    """Table → task rows (JSONL is the task-row contract)."""
    from pipeline.export.flat import write_tasks
    from pipeline.extract import extract as run_extract

    fmt = format.value if format else (out.suffix.lstrip(".").lower() if out and out.suffix.lstrip(".").lower() in Format.__members__ else "jsonl")
    if fmt == "xlsx" and out is None:
        _fail("xlsx output needs -o FILE.xlsx")
    result = _run(run_extract, path, district=district, year=year, doc_id=doc_id, display=str(path))
    if not quiet:
        for w in result.warnings:
            typer.echo(f"warning: {w}", err=True)
    _run(write_tasks, result.tasks, fmt, out, sys.stdout, title=result.meta.title)
    if out is not None and not quiet:
        typer.echo(f"{len(result.tasks)} rows from {path} ({result.meta.doc_id}) → {out}", err=True)


@app.command()
def index(
    paths: list[Path] = typer.Argument(..., help="Tables and reports (files or folders) to add to the index."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder (default: $GOVTASKS_HOME/store or ~/.local/share/govtasks/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Use a Chroma server (http://host:port) instead of the embedded store; also GOVTASKS_CHROMA_URL."),
    district: Optional[str] = typer.Option(None, help="District for tables that do not state it."),
    year: Optional[int] = typer.Option(None, help="Year for documents that do not state it."),
):
    """Add tables and reports to the index (unchanged files cost nothing; a bad file is reported and skipped)."""
    from pipeline.errors import GovTasksError
    from pipeline.index.store import Store
    from pipeline.readers import supported_suffixes

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in supported_suffixes())
        else:
            files.append(p)
    st = Store(store, chroma_url=chroma_url)
    failed = 0
    for f in files:
        try:
            r = st.add(f, district=district, year=year)
        except GovTasksError as exc:
            failed += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        typer.echo(f"{r.status:<9} {r.kind:<6} {r.doc_id:<24} {r.rows:>4} rows  {r.embedded:>4} embedded  {f}")
    if failed:
        typer.echo(f"{failed} of {len(files)} files failed; the others are indexed in {st.root}", err=True)
        raise typer.Exit(1)


@app.command()
def link(
    report: Optional[Path] = typer.Argument(None, help="Report text (.txt one paragraph per line, .docx, .pdf)."),
    tasks: Optional[Path] = typer.Option(None, "--tasks", help="JSONL: task rows, or {\"id\", \"content\"} lines."),
    across: bool = typer.Option(False, "--across", help="Instead: link the indexed tasks across documents (same subject in another table)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder for --across."),
    doc: Optional[str] = typer.Option(None, "--doc", help="With --across: only this document's tasks (doc_id)."),
    top: int = typer.Option(3, "--top", help="With --across: at most this many matches per task."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per task."),
    threshold: Optional[float] = typer.Option(None, help="Abstain below this score (default: the calibrated one)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model (reworded tasks need it)."),
):
    """Link each task to the report paragraph it came from (null when none supports it), or with
    --across, to the tasks of the other indexed tables on the same subject."""
    import json

    if across:
        return _link_across(store, doc, top, threshold, json_out)
    if report is None or tasks is None:
        _fail("give a REPORT and --tasks TASKS.jsonl (or --across to link indexed tasks across documents)")
    from pipeline.index.embed import default_embedder
    from pipeline.link.paragraphs import THRESHOLD, ReportIndex, link_tasks, read_tasks_file
    from pipeline.reports.paragraphs import read_report

    pairs = _run(read_tasks_file, tasks)
    parsed = _run(read_report, report)
    if not parsed.paragraphs:
        _fail(f"{report}: no paragraphs in the report — give the report text (one paragraph per line in .txt)")
    embedder = _run(default_embedder) if embeddings else None
    index = _run(ReportIndex.build, parsed, embedder)
    links = _run(link_tasks, index, pairs, embedder, THRESHOLD if threshold is None else threshold)
    for lk in links:
        if json_out:
            typer.echo(json.dumps({"id": lk.id, "line": lk.line, "score": lk.score, "excerpt": lk.excerpt, "paragraph": lk.paragraph, "page": lk.page, "spans": lk.spans}, ensure_ascii=False))
        else:
            where = f"line {lk.line}" if lk.line is not None else (f"paragraph {lk.paragraph}" if lk.paragraph is not None else "not in the report")
            typer.echo(f"{lk.id}\t{where}\t{lk.score:.3f}\t{lk.excerpt or ''}")


def _link_across(store: Optional[Path], doc: Optional[str], top: int, threshold: Optional[float], json_out: bool) -> None:
    import json

    from pipeline.link.across import ACROSS_THRESHOLD, from_store
    from pipeline.errors import InputError
    from pipeline.index.store import Store

    st = Store(store)
    docs = _run(st.documents)
    tables = sorted(d for d, m in docs.items() if m.kind == "table")
    if len(tables) < 2:
        _fail(str(InputError(str(st.root), f"--across needs at least two indexed tables (found {len(tables)})", "index more tables with `govtasks index`")))
    if doc and doc not in tables:
        _fail(str(InputError(doc, "no such table in the index", f"choose one of: {', '.join(tables)}")))
    linker = _run(from_store, st)
    for cl in _run(linker.link_all, top, ACROSS_THRESHOLD if threshold is None else threshold, doc):
        t = cl.task
        if json_out:
            typer.echo(json.dumps({"id": f"{t.doc_id}#{t.seq}", "doc_id": t.doc_id, "seq": t.seq, "source": t.source.cite(), "matches": [{"id": f"{m.task.doc_id}#{m.task.seq}", "doc_id": m.task.doc_id, "seq": m.task.seq, "score": m.score, "source": m.task.source.cite(), "clause": m.clause} for m in cl.matches]}, ensure_ascii=False))
        else:
            found = "；".join(f"{m.task.doc_id} #{m.task.seq} ({m.score:.2f}, {m.task.source.cite()}) {m.clause}" for m in cl.matches) or "—"
            typer.echo(f"{t.doc_id} #{t.seq} ({t.source.cite()}) {t.content[:30]}…\t→ {found}")


@app.command()
def ask(
    question: Optional[str] = typer.Argument(None, help="The question, e.g. 商务局牵头哪些任务？"),
    questions: Optional[Path] = typer.Option(None, "--questions", help="JSONL file of {\"id\", \"question\"} lines; one answer per line."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder (default: $GOVTASKS_HOME/store or ~/.local/share/govtasks/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per question: id, question, answer, tasks, paragraphs (+ citations, value)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model for related rows and paragraphs."),
    use_llm: bool = typer.Option(True, "--llm/--no-llm", help="Let the configured LLM (OPENAI_BASE_URL/OPENAI_API_KEY) read the question and word the answer from the retrieved rows; checked against the registry and the rows, with the rules as fallback."),
):
    """Answer questions about assignments from the index, with the rows and citations."""
    import json

    from pipeline.ask import Asker, read_questions
    from pipeline.index.store import Store
    from pipeline.llm.client import default_llm

    if (question is None) == (questions is None):
        _fail('give one question, or --questions FILE.jsonl (e.g. govtasks ask "商务局牵头哪些任务？")')
    items = _run(read_questions, questions) if questions else [(None, question)]
    llm = default_llm() if use_llm else None
    asker = _run(Asker, Store(store, chroma_url=chroma_url), dense=embeddings, llm=llm)
    failed = 0
    for qid, q in items:
        try:
            ans = asker.ask(q, qid)
        except GovTasksError as exc:
            if questions is None:
                _fail(str(exc))
            failed += 1
            typer.echo(json.dumps({"id": qid, "question": q, "error": str(exc)}, ensure_ascii=False) if json_out else f"error: {qid}: {exc}")
            continue
        if json_out:
            typer.echo(json.dumps(ans.model_dump(mode="json"), ensure_ascii=False))
        else:
            typer.echo(_render_answer(ans))
        for note in ans.notes:
            typer.echo(f"warning: {note}", err=True)
    if llm is not None:
        typer.echo(llm.stats.summary(), err=True)
    if failed:
        typer.echo(f"{failed} of {len(items)} questions could not be answered (see the error lines)", err=True)
        raise typer.Exit(1)


def _render_answer(ans) -> str:
    lines = [f"问：{ans.question}", f"答：{ans.answer}"]
    for t in ans.tasks:
        content = t.content.replace("\n", " ")
        lines.append(f"  - {t.doc_id} #{t.seq} | {'、'.join(t.leaders) or '—'} | {'、'.join(t.lead_units) or '—'} | {content[:60]}{'…' if len(content) > 60 else ''} | {t.source.cite()}")
    for r in ans.related:
        lines.append(f"  ? 相关但不直接对应：{r.doc_id} #{r.seq} {r.source}")
    for p in ans.paragraphs:
        where = f"line {p.line}" if p.line else f"paragraph {p.index}"
        lines.append(f"  ¶ {p.doc_id} {where}: {p.text[:60]}…")
    return "\n".join(lines) + "\n"


@app.command()
def targets(
    report: Path = typer.Argument(..., help="Report text (.txt one paragraph per line, .docx, .pdf)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per target: text, metric, direction, benchmark, value, unit, qualifier (+ line)."),
):
    """The report's 主要预期目标 (main expected targets), read by rules."""
    import json

    from pipeline.reports.main_targets import main_targets
    from pipeline.reports.paragraphs import read_report

    parsed = _run(read_report, report)
    for t in _run(main_targets, parsed):
        if json_out:
            typer.echo(json.dumps(t.model_dump(mode="json"), ensure_ascii=False))
        else:
            value = "—" if t.value is None else (f"{t.value[0]}—{t.value[1]}" if isinstance(t.value, list) else f"{t.value}")
            against = f"（{t.benchmark}）" if t.benchmark else ""
            typer.echo(f"{t.metric}\t{t.direction}{against}\t{value}{t.unit}{t.qualifier}\tline {t.line}\t{t.text}")


@app.command()
def decompose(
    report: Path = typer.Argument(..., help="Report text (.txt one paragraph per line, .docx, .pdf)."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format (default: from -o's suffix, else jsonl)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here instead of stdout (needed for xlsx)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index whose earlier tables the lead units are learned from."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    tasks: Optional[Path] = typer.Option(None, "--tasks", help="Learn lead units from these earlier rows (a table or task-row .jsonl) instead of the index."),
    district: Optional[str] = typer.Option(None, help="The report's district (e.g. 钟楼区): leaders are suggested from its earlier rows only."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model for the suggestions."),
    use_llm: bool = typer.Option(True, "--llm/--no-llm", help="Let the configured LLM refine the split and pick among the suggested units (validated; the rules' rows stand otherwise)."),
):
    """A draft decomposition table from a free-text report: the year's work plan split into task
    rows with goal_path, targets, their paragraph, and suggested lead units/leaders with evidence."""
    from pipeline.decompose import decompose as run_decompose
    from pipeline.export.flat import DRAFT_COLUMNS, write_tasks
    from pipeline.index.embed import default_embedder
    from pipeline.llm.client import default_llm
    from pipeline.index.registry import district_short
    from pipeline.reports.paragraphs import read_report
    from pipeline.review.suggest import UnitSuggester, reference_from_store

    fmt = (format.value if format else None) or (out.suffix.lstrip(".").lower() if out and out.suffix else "jsonl")
    if fmt not in ("jsonl", "csv", "xlsx", "md"):
        _fail(f"{out}: unknown output format '{fmt}' — use --format jsonl|csv|xlsx|md")
    if fmt == "xlsx" and out is None:
        _fail("xlsx output needs -o FILE.xlsx")
    parsed = _run(read_report, report)
    embedder = _run(default_embedder) if embeddings else None
    if tasks is not None:
        from pipeline.extract import task_rows

        rows, their_district = _run(task_rows, tasks)
        vectors = _run(embedder.passages, [t.content for t in rows]) if embedder is not None else None
        districts = {t.doc_id: district_short(their_district) if their_district else None for t in rows}
    else:
        from pipeline.index.store import Store

        rows, vectors, districts = _run(reference_from_store, Store(store, chroma_url=chroma_url), embedder)
    suggester = UnitSuggester(rows, vectors, embedder, districts)
    llm = default_llm() if use_llm else None
    progress = (lambda n, total: typer.echo(f"LLM: chunk {n}/{total} done", err=True)) if llm is not None else None
    draft = _run(run_decompose, parsed, suggester=suggester, llm=llm, district=district_short(district) if district else None, progress=progress)
    _run(write_tasks, draft.rows, fmt, out, sys.stdout, title=f"{parsed.title or parsed.doc_id} 目标任务分解表（草稿）", columns=DRAFT_COLUMNS)
    kept = sum(s.kept for s in draft.segments)
    typer.echo(f"{len(draft.rows)} draft rows from {len(draft.segments)} sentences of the work plan ({kept} kept by the rules); unit suggestions learned from {len(suggester)} earlier rows", err=True)
    for note in draft.notes:
        typer.echo(f"warning: {note}", err=True)
    if llm is not None:
        typer.echo(llm.stats.summary(), err=True)
    if out is not None:
        typer.echo(f"written to {out}", err=True)


@app.command()
def check(
    table: Path = typer.Argument(..., help="Decomposition table (.txt .docx .xlsx .pdf …) or its task rows (.jsonl)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index whose other tables the checks also learn from."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per flag."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model for the unit suggestions."),
):
    """Review flags for a table: lead units unlikely for their row, a column slipped by one row,
    missing leaders or units, names seen nowhere else. For a person to confirm; nothing is changed."""
    import json

    from pipeline.review.check import check as run_check
    from pipeline.extract import task_rows
    from pipeline.index.embed import default_embedder
    from pipeline.index.store import Store, task_text
    from pipeline.index.registry import district_short
    from pipeline.review.suggest import reference_from_store

    lost: list = []
    rows, district = _run(task_rows, table, lost=lost)
    embedder = _run(default_embedder) if embeddings else None
    others, other_vectors, districts = _run(reference_from_store, Store(store, chroma_url=chroma_url), embedder)
    vectors = _run(embedder.passages, [task_text(t) for t in rows]) if embedder is not None else None
    if district:
        districts = {**districts, **{t.doc_id: district_short(district) for t in rows}}
    flags = _run(run_check, rows, others, vectors, other_vectors, embedder, districts, lost_goals=lost if table.suffix.lower() != ".jsonl" else None)
    for f in flags:
        if json_out:
            typer.echo(json.dumps(f.model_dump(mode="json"), ensure_ascii=False))
        else:
            hint = f" → {f.suggestion}?" if f.suggestion else ""
            ev = "; ".join(f"{e.doc_id}#{e.seq}" for e in f.evidence[:3])
            typer.echo(f"#{f.seq}\t{f.kind}\t{f.value or '—'}{hint}\t{f.reason}{' [evidence: ' + ev + ']' if ev else ''}\t{f.source}")
    n_other = len({t.doc_id for t in others} - {t.doc_id for t in rows})
    typer.echo(f"{len(flags)} flags on {len(rows)} rows (learned from this table and {n_other} other indexed table(s)); nothing was changed", err=True)


class DraftFormat(str, Enum):
    md = "md"
    docx = "docx"
    xlsx = "xlsx"


class DraftBy(str, Enum):
    unit = "unit"
    leader = "leader"
    goal = "goal"
    district = "district"


def _draft_rows(store: Optional[Path], chroma_url: Optional[str], tasks: Optional[Path], district: Optional[str]):
    """Rows to draft from: a table / task-row .jsonl (--tasks), else the index."""
    if tasks is not None:
        from pipeline.extract import task_rows

        rows, stated = task_rows(tasks)
        named = stated or district
        return rows, {doc: DocAbout(district=named) for doc in {t.doc_id for t in rows}}
    from pipeline.index.store import Store

    st = Store(store, chroma_url=chroma_url)
    return st.tasks(), st.documents()


@app.command()
def draft(
    unit: Optional[list[str]] = typer.Option(None, "--unit", help="A unit (商务局, 区商务局, 钟楼区商务局 …): its tasks as lead or responsible unit. Repeatable."),
    leader: Optional[list[str]] = typer.Option(None, "--leader", help="A leader (分管领导): the tasks under them. Repeatable."),
    goal: Optional[list[str]] = typer.Option(None, "--goal", help="A goal (目标名称, or part of it). Repeatable."),
    district: Optional[str] = typer.Option(None, "--district", help="Only this district's rows (e.g. 钟楼区); alone: the whole district."),
    each_district: bool = typer.Option(False, "--each-district", help="A name found in several districts (住建局): one document per district, named <out>_<district>.<ext> (without it: an error listing the districts)."),
    by: Optional[DraftBy] = typer.Option(None, "--by", help="A summary of every unit / leader / goal / district (one section or sheet each)."),
    period: Optional[str] = typer.Option(None, "--period", help="A progress report for this period (2026Q1, 2026H1, 2026M03, 2026); .xlsx gives the ledger to fill."),
    progress: Optional[Path] = typer.Option(None, "--progress", help="Fill the report from a filled ledger (.xlsx) or its import (.json)."),
    format: Optional[DraftFormat] = typer.Option(None, "--format", "-f", help="md | docx | xlsx (default: from -o's suffix, else md)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here (docx/xlsx need it; md goes to stdout without it)."),
    charts: Optional[Path] = typer.Option(None, "--charts", help="Folder for the report's chart PNGs (default: <out>_charts/ next to -o)."),
    with_charts: bool = typer.Option(True, "--charts-on/--no-charts", help="Draw the charts (tasks per unit, targets by goal, status by unit) into the report."),
    template_dir: Optional[Path] = typer.Option(None, "--template-dir", help="Folder with your own summary.md.j2 / progress.md.j2 (the bundled ones are in pipeline/draft/templates)."),
    style: Optional[Path] = typer.Option(None, "--style", help="A docx_style.json of your own: fonts (with fallbacks), sizes, margins."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder to draft from (default: $GOVTASKS_HOME/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    tasks: Optional[Path] = typer.Option(None, "--tasks", help="Draft from this table or task-row .jsonl instead of the index."),
    use_llm: bool = typer.Option(True, "--llm/--no-llm", help="Let the configured LLM write each goal's outline paragraph (checked: every sentence cites its rows; the rules' text otherwise)."),
):
    """Summaries (per unit, leader, goal, district) and progress reports / ledgers in Word, Excel or Markdown."""
    from pipeline.draft import DraftRequest
    from pipeline.draft import draft as run_draft
    from pipeline.llm.client import default_llm

    fmt = format.value if format else (out.suffix.lstrip(".").lower() if out is not None and out.suffix.lstrip(".").lower() in DraftFormat.__members__ else "md")
    rows, documents = _run(_draft_rows, store, chroma_url, tasks, district)
    req = DraftRequest(unit=unit or [], leader=leader or [], goal=goal or [], district=district, by=by.value if by else None, period=period, progress=progress, fmt=fmt, out=out, charts=charts, with_charts=with_charts, template_dir=template_dir, style=style, each_district=each_district)
    llm = default_llm() if use_llm and period else None
    result = _run(run_draft, rows, documents, req, llm)
    if result.text is not None:
        sys.stdout.write(result.text)
    for note in result.notes:
        typer.echo(f"提示：{note}", err=True)
    what = {"summary": "目标任务汇总", "report": f"{period} 进展情况报告", "ledger": f"{period} 推进台账（各单位填黄色列后发回，办公室用 `govtasks progress import` 导入）"}[result.kind]
    for part in result.parts or [result]:
        n = sum(len(s.tasks) for s in part.selections)
        names = "、".join(s.label for s in part.selections[:5]) + (f" 等{len(part.selections)}个" if len(part.selections) > 5 else "")
        typer.echo(f"{what}：{names}，任务{n}项" + (f" → {part.out}" if part.out else ""), err=True)
        for caption, path in part.charts:
            typer.echo(f"图表：{caption} → {path}", err=True)
    if llm is not None:
        typer.echo(llm.stats.summary(), err=True)


@app.command()
def render(
    files: list[Path] = typer.Argument(..., help="Drafts to render: .docx / .xlsx (or a .pdf)."),
    out: Path = typer.Option(Path("out/render"), "-o", "--out", help="Folder for <name>.pdf and <name>-<page>.png."),
    dpi: int = typer.Option(110, "--dpi", min=30, max=600, help="PNG resolution."),
    pages: Optional[str] = typer.Option(None, "--pages", help="Only these pages as PNG, e.g. 1 or 1,3 (the PDF has all)."),
    check: bool = typer.Option(True, "--check/--no-check", help="Report text that runs off the page or is clipped in a table cell (exit 1)."),
):
    """Print drafts as an office printer would: LibreOffice → PDF, each page → PNG; checks the layout."""
    from pipeline.draft.render import overflows
    from pipeline.draft.render import render as run_render

    wanted = None
    if pages:
        try:
            wanted = [int(p) for p in pages.replace("，", ",").split(",") if p.strip()]
        except ValueError:
            _fail(f"--pages：无法识别“{pages}” — 请写成 1 或 1,3")
    failed = 0
    for f in files:
        try:
            r = run_render(f, out, dpi=dpi, pages=wanted)
        except GovTasksError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        typer.echo(f"{f} → {r.pdf}（{r.pages}页）", err=True)
        for png in r.pngs:
            typer.echo(str(png))
        if check:
            problems = overflows(r.pdf)
            for problem in problems[:10]:
                typer.echo(f"版面问题：{f}：{problem}", err=True)
            failed += bool(problems)
    raise typer.Exit(1 if failed else 0)


progress_app = typer.Typer(no_args_is_help=True, help="Progress tracking: read filled ledgers back.")
app.add_typer(progress_app, name="progress")


@progress_app.command("import")
def progress_import(
    ledger: Path = typer.Argument(..., help="The filled ledger (from `govtasks draft --period … --format xlsx`); .xls/.et/.ods saved back by Excel/WPS are converted with LibreOffice."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Where to save the import (default: <ledger>.progress.json next to it)."),
    json_out: bool = typer.Option(False, "--json", help="Print the record as JSON."),
):
    """Status (完成/推进中/滞后/未填报) and completion per task from a filled ledger; all or nothing."""
    from pipeline.draft.ledger import import_ledger, write_record
    from pipeline.draft.narrative import pct

    record = _run(import_ledger, ledger)
    target = out or ledger.with_name(ledger.stem + ".progress.json")
    _run(write_record, record, target)
    if json_out:
        typer.echo(record.model_dump_json(indent=2))
    else:
        for p in record.tasks:
            typer.echo(f"{p.key}\t{p.status}\t{pct(p.completion)}\t{p.content[:40]}" + (f"\t注：{'；'.join(p.notes)}" if p.notes else ""))
    s = record.summary
    counts = "、".join(f"{k}{v}" for k, v in s.counts.items() if v)
    typer.echo(f"{record.selection} {record.period}：共{s.total}项任务（{counts}）；任务完成率{pct(s.completion_rate)}，已填报任务按序推进{pct(s.on_schedule_rate)}" + (f"，量化指标平均完成{pct(s.mean_target_completion)}" if s.mean_target_completion is not None else "") + f" → {target}", err=True)


@app.command("eval")
def evaluate(
    report: Path = typer.Option(None, help="Where to write the Markdown report (default: eval/REPORT.md)."),
    formats: bool = typer.Option(True, "--formats/--no-formats", help="Also score the seed tables rebuilt as .docx/.xlsx/.pdf."),
    questions: bool = typer.Option(True, "--questions/--no-questions", help="Also index corpus/ and score `ask` on eval/questions."),
    links: bool = typer.Option(True, "--links/--no-links", help="Also score linking on eval/link (needs ../shared/reports)."),
    suggest: bool = typer.Option(True, "--suggest/--no-suggest", help="Also score lead-unit suggestions across the two seed districts and `check` on slipped columns."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
):
    """Run every eval set against the hand-labeled gold data; print and write one report."""
    import json

    from pipeline.evaluate.gold import eval_dir
    from pipeline.evaluate.scorecard import render_markdown, run_all

    run = _run(run_all, with_formats=formats, with_questions=questions, with_links=links, with_suggest=suggest)
    text = render_markdown(run)
    target = report or (eval_dir() / "REPORT.md")
    target.write_text(text, encoding="utf-8")
    if json_out:
        def link_dict(ls):
            return None if ls is None else {"top1": round(ls.top1_rate, 4), "abstention": round(ls.abstain_rate, 4), "excerpt_f1": round(ls.excerpt_mean, 4), "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in ls.by_kind.items()}, "errors": ls.errors}

        linking, linking_heldout, linking_fresh = link_dict(run.linking), link_dict(run.linking_heldout), link_dict(run.linking_fresh)
        qs = {q.name: {"headline": q.headline(), "by_type": q.table(), "misses": q.failures()} for q in run.questions} or None
        cross = {half: sc.as_dict() for half, sc in run.crosslink.items()} or None
        main = {m.name: m.as_dict() for m in run.main_targets} or None
        typer.echo(json.dumps({"extraction": [s.as_dict() for s in run.extraction], "formats": [s.as_dict() for s in run.formats], "layouts": [s.as_dict() for s in run.layouts], "questions": qs, "crosslink": cross, "main_targets": main, "linking": linking, "linking_heldout": linking_heldout, "linking_fresh": linking_fresh, "suggest": [x.as_dict() for x in run.suggest] or None, "suggest_lexical": [x.as_dict() for x in run.suggest_lexical] or None, "check_shifts": [x.as_dict() for x in run.shifts] or None, "skipped": run.skipped}, ensure_ascii=False, indent=2))
    else:
        typer.echo(text)
        typer.echo(f"report written to {target}", err=True)


if __name__ == "__main__":
    app()
