"""The one renderer: what each command prints, from the typed results the stages return. JSON
output is one object per line (UTF-8, not escaped); human output is tab-separated lines or the
answer block; notes and counts go to stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import typer
from pydantic import BaseModel

from pipeline.errors import GovTasksError
from pipeline.schema import AddResult, Answer, MainTarget, ReviewFlag
from pipeline.text.numerals import pct

if TYPE_CHECKING:  # types only: every command imports this module, and the stages load with their own command
    from pipeline.batch.manifest import BatchResult, RunLine
    from pipeline.draft import DraftResult
    from pipeline.draft.progress import ProgressRecord
    from pipeline.link.across import CrossLink
    from pipeline.link.paragraphs import Link


def line(text: str) -> None:
    typer.echo(text)


def note(text: str) -> None:
    typer.echo(text, err=True)


def warn(text: str) -> None:
    typer.echo(f"warning: {text}", err=True)


def error(text: object) -> None:
    typer.echo(f"error: {text}", err=True)


def as_json(obj: Union[BaseModel, dict, list]) -> None:
    data = obj.model_dump(mode="json") if isinstance(obj, BaseModel) else obj
    typer.echo(json.dumps(data, ensure_ascii=False))


# ---- index -----------------------------------------------------------------------------------
def added(f: Path, r: AddResult) -> None:
    typer.echo(f"{r.status:<9} {r.kind:<6} {r.doc_id:<24} {r.rows:>4} rows  {r.embedded:>4} embedded  {f}")


# ---- link --------------------------------------------------------------------------------------
def link(lk: Link, json_out: bool) -> None:
    if json_out:
        as_json({"id": lk.id, "line": lk.line, "score": lk.score, "excerpt": lk.excerpt, "paragraph": lk.paragraph, "page": lk.page, "spans": lk.spans})
        return
    where = f"line {lk.line}" if lk.line is not None else (f"paragraph {lk.paragraph}" if lk.paragraph is not None else "not in the report")
    typer.echo(f"{lk.id}\t{where}\t{lk.score:.3f}\t{lk.excerpt or ''}")


def across(cl: CrossLink, json_out: bool) -> None:
    t = cl.task
    if json_out:
        as_json({"id": f"{t.doc_id}#{t.seq}", "doc_id": t.doc_id, "seq": t.seq, "source": t.source.cite(), "matches": [{"id": f"{m.task.doc_id}#{m.task.seq}", "doc_id": m.task.doc_id, "seq": m.task.seq, "score": m.score, "source": m.task.source.cite(), "clause": m.clause} for m in cl.matches]})
        return
    found = "；".join(f"{m.task.doc_id} #{m.task.seq} ({m.score:.2f}, {m.task.source.cite()}) {m.clause}" for m in cl.matches) or "—"
    typer.echo(f"{t.doc_id} #{t.seq} ({t.source.cite()}) {t.content[:30]}…\t→ {found}")


# ---- ask ---------------------------------------------------------------------------------------
def answer(ans: Answer, json_out: bool) -> None:
    if json_out:
        as_json(ans)
    else:
        typer.echo(answer_text(ans))
    for n in ans.notes:
        warn(n)


def answer_error(qid, question: str, exc: GovTasksError, json_out: bool) -> None:
    if json_out:
        as_json({"id": qid, "question": question, "error": str(exc)})
    else:
        typer.echo(f"error: {qid}: {exc}")


def answer_text(ans: Answer) -> str:
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


# ---- targets, check ------------------------------------------------------------------------------
def main_target(t: MainTarget, json_out: bool) -> None:
    if json_out:
        as_json(t)
        return
    value = "—" if t.value is None else (f"{t.value[0]}—{t.value[1]}" if isinstance(t.value, list) else f"{t.value}")
    against = f"（{t.benchmark}）" if t.benchmark else ""
    typer.echo(f"{t.metric}\t{t.direction}{against}\t{value}{t.unit}{t.qualifier}\tline {t.line}\t{t.text}")


def flag(f: ReviewFlag, json_out: bool) -> None:
    if json_out:
        as_json(f)
        return
    hint = f" → {f.suggestion}?" if f.suggestion else ""
    ev = "; ".join(f"{e.doc_id}#{e.seq}" for e in f.evidence[:3])
    typer.echo(f"#{f.seq}\t{f.kind}\t{f.value or '—'}{hint}\t{f.reason}{' [evidence: ' + ev + ']' if ev else ''}\t{f.source}")


# ---- drafts ---------------------------------------------------------------------------------------
def draft_done(result: DraftResult, period) -> None:
    for n in result.notes:
        note(f"提示：{n}")
    what = {"summary": "目标任务汇总", "report": f"{period} 进展情况报告", "ledger": f"{period} 推进台账（各单位填黄色列后发回，办公室用 `govtasks progress import` 导入）"}[result.kind]
    for part in result.parts or [result]:
        n = sum(len(s.tasks) for s in part.selections)
        names = "、".join(s.label for s in part.selections[:5]) + (f" 等{len(part.selections)}个" if len(part.selections) > 5 else "")
        note(f"{what}：{names}，任务{n}项" + (f" → {part.out}" if part.out else ""))
        for caption, path in part.charts:
            note(f"图表：{caption} → {path}")


def progress(record: ProgressRecord, target: Path, json_out: bool) -> None:
    if json_out:
        typer.echo(record.model_dump_json(indent=2))
    else:
        for p in record.tasks:
            typer.echo(f"{p.key}\t{p.status}\t{pct(p.completion)}\t{p.content[:40]}" + (f"\t注：{'；'.join(p.notes)}" if p.notes else ""))
    s = record.summary
    counts = "、".join(f"{k}{v}" for k, v in s.counts.items() if v)
    note(f"{record.selection} {record.period}：共{s.total}项任务（{counts}）；任务完成率{pct(s.completion_rate)}，已填报任务按序推进{pct(s.on_schedule_rate)}" + (f"，量化指标平均完成{pct(s.mean_target_completion)}" if s.mean_target_completion is not None else "") + f" → {target}")


# ---- batch -------------------------------------------------------------------------------------
def batch_line(ln: RunLine, done: int, total: int) -> None:
    """A plain progress line (stdout is not a terminal)."""
    what = f"{ln.kind or '-':<6} {ln.doc_id or '-':<24} {ln.rows:>4} rows {ln.embedded:>4} embedded"
    typer.echo(f"[{done}/{total}] {ln.status:<9} {what}  {ln.file}" + (f"  — {ln.error}" if ln.error else ""))


def batch_summary(result: BatchResult) -> None:
    """The summary table (stderr) and where the run manifest is."""
    counts = result.counts()
    by_kind: dict[str, int] = {}
    for ln in result.lines:
        if ln.kind and ln.status in ("added", "replaced", "unchanged"):
            by_kind[ln.kind] = by_kind.get(ln.kind, 0) + 1
    note(f"{'status':<10} {'files':>5}")
    for status in ("added", "replaced", "unchanged", "pending", "skipped", "error"):
        if counts.get(status):
            note(f"{status:<10} {counts[status]:>5}")
    note(f"kinds: {', '.join(f'{k} {n}' for k, n in sorted(by_kind.items())) or '—'}; rows {sum(ln.rows for ln in result.lines if ln.status != 'error')}, links {sum(ln.links for ln in result.lines if ln.kind == 'table')}, embedded {sum(ln.embedded for ln in result.lines)}; {result.seconds:.1f} s")
    for ln in result.lines:
        if ln.status == "error":
            error(ln.error)
    if result.swept:
        note(f"removed {result.swept} index rows an interrupted run had left")
    if result.manifest_path:
        note(f"run manifest: {result.manifest_path}")
    if result.manifest_error:
        error(result.manifest_error)
# ---- diff -------------------------------------------------------------------------------------------
def diff_json(d: BaseModel) -> str:
    return json.dumps(d.model_dump(mode="json"), ensure_ascii=False)


def diff_summary(d, out: Optional[Path]) -> None:
    s = d.summary
    note(f"{d.old.doc_id} → {d.new.doc_id}: {s.continued} continued, {s.new_tasks} new, {s.dropped} dropped, {s.moved} moved, {s.changed_targets} with target changes, {s.goal_moves} goal moves" + (f" → {out}" if out else ""))
