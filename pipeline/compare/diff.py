"""Two tables' rows → the year-over-year Diff: continued (with moves of leaders/units, target
changes and goal moves), new and dropped tasks."""

from __future__ import annotations

from typing import Optional

from pipeline.compare.match import THRESHOLD, Matcher
from pipeline.compare.model import Continued, Diff, DocRef, PeopleChange, RowRef, Summary
from pipeline.compare.targets import target_changes
from pipeline.index.embed import Embedder
from pipeline.schema import Task

PEOPLE = ("leaders", "lead_units", "responsible_units")


def people_changes(a: Task, b: Task) -> dict[str, PeopleChange]:
    """Leaders or units that differ (as sets: the same names reordered is no move)."""
    out = {}
    for field in PEOPLE:
        old, new = getattr(a, field), getattr(b, field)
        if set(old) != set(new):
            out[field] = (PeopleChange(old=old, new=new, added=[n for n in new if n not in old], removed=[n for n in old if n not in new]))
    return out


def diff_rows(old_doc: DocRef, old: list[Task], new_doc: DocRef, new: list[Task], embedder: Optional[Embedder] = None, threshold: Optional[float] = None) -> Diff:
    threshold = THRESHOLD if threshold is None else threshold
    matcher = Matcher(old, new, embedder)
    continued = []
    for p in sorted(matcher.assign(threshold), key=lambda p: p.new):
        a, b = old[p.old], new[p.new]
        goal = None if a.goal_path == b.goal_path else {"from": a.goal_path, "to": b.goal_path}
        continued.append(Continued(old=f"{a.doc_id}#{a.seq}", new=f"{b.doc_id}#{b.seq}", old_row=RowRef.of(a), new_row=RowRef.of(b), score=p.score, lexical=p.lexical, semantic=p.semantic, evidence=matcher.evidence(p.old, p.new), moved=people_changes(a, b), targets=target_changes(a.targets, b.targets), goal_moved=goal))
    matched_old = {c.old for c in continued}
    matched_new = {c.new for c in continued}
    new_tasks = [RowRef.of(t) for t in new if RowRef.of(t).key not in matched_new]
    dropped = [RowRef.of(t) for t in old if RowRef.of(t).key not in matched_old]
    summary = Summary(
        old_rows=len(old),
        new_rows=len(new),
        continued=len(continued),
        new_tasks=len(new_tasks),
        dropped=len(dropped),
        moved=sum(1 for c in continued if c.moved),
        changed_targets=sum(1 for c in continued if c.targets),
        goal_moves=sum(1 for c in continued if c.goal_moved),
        threshold=threshold,
        embeddings=embedder is not None,
        mean_score=round(sum(c.score for c in continued) / len(continued), 4) if continued else None,
    )
    return Diff(old=old_doc, new=new_doc, continued=continued, new_tasks=new_tasks, dropped=dropped, summary=summary)
