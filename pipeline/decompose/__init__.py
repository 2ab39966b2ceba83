"""A draft decomposition table from a free-text report (`govtasks decompose`).

    from pipeline.decompose import decompose
    draft = decompose(read_report("2027年政府工作报告.txt"), suggester=from_store(Store()))
    draft.rows[0].goal_path, draft.rows[0].suggested_lead_units[0].evidence

Rules first: the work-plan part split into task statements (split.py), each with goal_path from
its headings, targets from its text, its paragraph and excerpt, and lead units / leaders
suggested from the nearest earlier rows (pipeline/review/suggest.py). With an LLM, refine.py lets it
merge, trim or drop the rules' statements and choose among the suggested units, one call per
~3,000 tokens of plan text, validated against the text it cites; the rules' rows stand wherever
the LLM's answer does not validate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from pipeline.decompose.rows import rules_rows
from pipeline.decompose.split import Segment, segments
from pipeline.schema import DraftTask, Report


@dataclass
class Draft:
    report: Report
    rows: list[DraftTask]
    segments: list[Segment]
    notes: list[str] = field(default_factory=list)
    llm_stats: Optional[dict] = None


def decompose(report: Report, suggester=None, llm=None, district: Optional[str] = None, progress=None) -> Draft:
    """report → Draft. suggester: a pipeline.review.suggest.UnitSuggester over earlier tables (None: no
    suggestions); llm: a pipeline.llm.client.LLM (None: the rules' draft); district: the report's
    district short name, so leaders are suggested from that district's earlier rows only."""
    segs = segments(report)
    notes: list[str] = []
    scores = None
    if suggester is not None and len(suggester):
        scores = suggester.scores([s.text for s in segs])
    elif suggester is not None:
        notes.append("no earlier decomposition rows to learn lead units from: run `govtasks index` on last year's tables")

    def suggest(ids: list[int]) -> dict:
        if scores is None:
            return {}
        return suggester.suggest(np.max(scores[ids], axis=0), district=district)

    if llm is not None:
        from pipeline.decompose.refine import refine  # heavy: refine loads jinja2 (llm.prompts, ~60 ms); only a run with an LLM needs it

        rows = refine(report, segs, suggest, llm, notes, progress=progress)
    else:
        rows = rules_rows(report, segs, suggest)
    for i, row in enumerate(rows, start=1):
        row.seq, row.number = i, f"({i})"
    return Draft(report=report, rows=rows, segments=segs, notes=notes, llm_stats=llm.stats.as_dict() if llm is not None else None)
