"""The outline paragraph of each goal in a progress report: sentences, each citing the rows it
rests on. The deterministic text is always built; with an LLM configured, the LLM may write
the paragraph instead from the same rows and progress notes (prompts/draft_narrative.v1.j2), and
its answer is used only if every sentence cites rows of that goal and every number in it
appears in those rows or their progress. Otherwise the deterministic text stays, with a note."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import Field

from pipeline.draft.period import Period
from pipeline.draft.progress import NOT_REPORTED, STATUSES, TaskProgress, task_key
from pipeline.draft.summary import metric_of
from pipeline.draft.template_env import environment
from pipeline.export.flat import target_text
from pipeline.llm.checks import numbers_not_in
from pipeline.llm.client import LLMError
from pipeline.schema import Strict, Task
from pipeline.text.numerals import pct


class Sentence(Strict):
    text: str = Field(min_length=2)
    rows: list[str] = Field(min_length=1, description="task keys doc_id#seq the sentence rests on")


class Narrative(Strict):
    """What the LLM returns for prompts/draft_narrative.v1.j2 (and what the rules build)."""

    sentences: list[Sentence] = Field(min_length=1)


def _num(x: float) -> str:
    return f"{x:g}"


def _phrases(template_dir: Optional[Path] = None):
    """The sentence macros of templates/narrative.j2 (or the user's copy)."""
    return environment(template_dir).get_template("narrative.j2").module


def rules_narrative(goal: str, tasks: list[Task], progress: dict[str, TaskProgress], period: Period, template_dir: Optional[Path] = None) -> Narrative:
    """Counts per status, then one sentence per numeric target with an achieved value."""
    say = _phrases(template_dir)
    keys = [task_key(t) for t in tasks]
    n_targets = sum(1 for t in tasks for tg in t.targets if tg.value is not None)
    sentences = [Sentence(text=str(say.count(goal, len(tasks), n_targets)).strip(), rows=keys)]
    if not any(progress.get(k) for k in keys):
        sentences.append(Sentence(text=str(say.pending(period.as_of)).strip(), rows=keys))
        return Narrative(sentences=sentences)
    by_status: dict[str, list[str]] = {}
    for k in keys:
        p = progress.get(k)
        by_status.setdefault(p.status if p else NOT_REPORTED, []).append(k)
    order = [s for s in (*STATUSES, NOT_REPORTED) if by_status.get(s)]
    sentences.append(Sentence(text=str(say.statuses(period.as_of, [f"{s}{len(by_status[s])}项" for s in order])).strip(), rows=[k for s in order for k in by_status[s]]))
    for t in tasks:
        p = progress.get(task_key(t))
        if not p:
            continue
        for tp in p.targets:
            if tp.achieved is None or tp.value is None:
                continue
            verdict = "已完成" if tp.met else ("进度滞后" if tp.on_schedule is False else "按序推进")
            if tp.counts:
                text = say.target(tp.metric, _num(tp.achieved), _num(tp.value), tp.unit, pct(tp.rate), verdict)
            else:  # a rate before the year's end: on course or not, no completion share
                on_course = getattr(say, "target_on_course", None) or _phrases().target_on_course  # an older user copy lacks it
                text = on_course(tp.metric, _num(tp.achieved), _num(tp.value), tp.unit, verdict)
            sentences.append(Sentence(text=str(text).strip(), rows=[p.key]))
    return Narrative(sentences=sentences)


def llm_narrative(llm, goal: str, tasks: list[Task], progress: dict[str, TaskProgress], period: Period) -> Narrative:
    """The LLM's paragraph for one goal, checked; raises LLMError when it never validates."""
    from pipeline.llm.prompts import render  # heavy: llm.prompts loads jinja2; only when an LLM writes the paragraph

    rows = []
    for t in tasks:
        p = progress.get(task_key(t))
        rows.append({
            "key": task_key(t), "content": t.content.replace("\n", " "), "lead_units": "、".join(t.lead_units),
            "targets": "；".join(f"{metric_of(tg, t.content)} {target_text(tg)}" for tg in t.targets if tg.value is not None),
            "achieved": "；".join(f"{tp.metric} {_num(tp.achieved)}{tp.unit}" + (f"（完成率{pct(tp.rate)}）" if tp.counts else "（全年目标，本期不计完成率）") for tp in (p.targets if p else []) if tp.achieved is not None),
            "status": p.status if p else NOT_REPORTED, "progress": (p.progress if p else "").replace("\n", " "), "problems": (p.problems if p else "").replace("\n", " "),
        })
    rendered = render("draft_narrative", version=1, goal=goal, period=period.label, as_of=period.as_of, year=period.year, rows=rows)
    allowed = {r["key"]: r for r in rows}

    def check(out: Narrative) -> list[str]:
        problems = []
        for i, s in enumerate(out.sentences, start=1):
            bad = [k for k in s.rows if k not in allowed]
            if bad:
                problems.append(f"sentence {i} cites {bad[0]}, which is not one of the rows given")
                continue
            evidence = " ".join(" ".join(str(v) for v in allowed[k].values()) for k in s.rows) + f" {period.year} {period.end_month} {len(rows)}"
            problems += [f"sentence {i}: the number {n} is in none of the rows it cites" for n in numbers_not_in(s.text, evidence)]
        return problems

    return llm.structured(rendered.messages, Narrative, validate=check, prompt=rendered.prompt.id)


def goal_narrative(goal: str, tasks: list[Task], progress: dict[str, TaskProgress], period: Period, llm=None, template_dir: Optional[Path] = None) -> tuple[Narrative, str, Optional[str]]:
    """(narrative, "llm" | "rules", note when the LLM was tried and not used)."""
    if llm is not None:
        try:
            return llm_narrative(llm, goal, tasks, progress, period), "llm", None
        except LLMError as exc:
            return rules_narrative(goal, tasks, progress, period, template_dir), "rules", f"“{goal}”: LLM not used ({exc})"
    return rules_narrative(goal, tasks, progress, period, template_dir), "rules", None
