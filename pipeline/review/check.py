"""Review flags for a decomposition table (`govtasks check TABLE`): things a person should
confirm, each with its reason and evidence rows. Nothing is changed.

- missing_leader / missing_lead_unit: the row names no 分管领导 / 牵头单位.
- unlikely_lead_unit: the unit-suggestion model (pipeline/review/suggest.py; the row left out of its
  own evidence) is confident about other units and none of the printed ones is among its first
  five. A suggestion from nearest rows is weak evidence: these are questions, not corrections.
- shifted_column: a window of SHIFT_WINDOW rows whose printed lead units fit the next (or
  previous) row's task clearly better than their own — the signature of a PDF column that slipped by
  one row.
- rare_unit / rare_leader: a name printed once in this table and nowhere in the other indexed
  tables, one character away from (or contained in) a name used elsewhere: a typo or an alias.
- lost_goal: the table numbers its outer goals but never prints some of them (3 → 6): the rows
  whose outer goal was lost (or, where the layout does not say, the rows between) are to be
  checked; for task rows without that record, rows whose outer goal is null."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from pipeline.extract import task_rows
from pipeline.index.registry import district_short
from pipeline.index.store import task_text
from pipeline.review.suggest import UnitSuggester, reference_from_store
from pipeline.schema import Evidence, LostGoal, ReviewFlag, Task

UNLIKELY_CONFIDENCE = 0.5  # the top suggestion's share of the vote
UNLIKELY_SCORE = 0.45  # and its best evidence row's similarity
SHIFT_WINDOW = 8  # rows looked at together for a slipped column
SHIFT_MARGIN = 0.15  # how much better (mean vote share) the neighbouring row's task must fit


def _edit1(a: str, b: str) -> bool:
    """a and b differ by one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _close_name(name: str, known: set[str]) -> Optional[str]:
    for k in sorted(known):
        if k != name and (_edit1(name, k) or (len(name) >= 3 and len(k) >= 3 and (name in k or k in name))):
            return k
    return None


def _flag(t: Task, kind: str, field: str, reason: str, value: Optional[str] = None, suggestion: Optional[str] = None, evidence=()) -> ReviewFlag:
    return ReviewFlag(doc_id=t.doc_id, seq=t.seq, kind=kind, field=field, value=value, reason=reason, suggestion=suggestion, evidence=list(evidence), source=t.source.cite())


def lost_goal_flags(rows: list[Task], lost: Optional[list[LostGoal]] = None) -> list[ReviewFlag]:
    """One flag per row whose outer goal a numbering skip left unnamed."""
    flags = []
    if lost is not None:
        numbers = {t.seq: t.number for t in rows}
        for g in lost:
            text = g.message((numbers.get(g.first_seq) or "", numbers.get(g.last_seq) or ""))
            for t in rows:
                if g.first_seq <= t.seq <= g.last_seq:
                    flags.append(_flag(t, "lost_goal", "goal_path", text + ("" if g.changed else "（表中未标明缺失目标从哪一行开始，目标名称按上一行保留）"), value=t.goal_path[0] if t.goal_path else None))
        return flags
    for t in rows:  # task rows without the table's layout: an outer goal that is null
        if t.goal_path and t.goal_path[0] is None:
            flags.append(_flag(t, "lost_goal", "goal_path", "一级目标名称缺失（表中未印出），待核"))
    return flags


def check(rows: list[Task], others: Optional[list[Task]] = None, vectors: Optional[np.ndarray] = None, other_vectors: Optional[np.ndarray] = None, embedder=None, districts: Optional[dict] = None, lost_goals: Optional[list[LostGoal]] = None) -> list[ReviewFlag]:
    """Flags for `rows` (one table, in order). others: rows of other tables (e.g. the index) that
    the suggestions and the name checks also learn from; vectors: passage vectors of rows and
    others (both or neither), with `embedder` for the queries."""

    mine = {r.doc_id for r in rows}
    keep = [i for i, t in enumerate(others or []) if t.doc_id not in mine]
    others = [others[i] for i in keep]
    ref_vectors = None
    if vectors is not None and (not others or other_vectors is not None):
        ref_vectors = np.vstack([vectors] + ([np.asarray(other_vectors)[keep]] if others else []))
    reference = list(rows) + others
    sug = UnitSuggester(reference, ref_vectors, embedder, districts)
    scores = sug.scores([t.content for t in rows], exclude=[sug.position.get(i) for i in range(len(rows))])
    flags: list[ReviewFlag] = []

    suggestions = [sug.suggest(scores[i], top=5)["lead_units"] for i in range(len(rows))]
    cores = [{sug.core(u) for u in t.lead_units} for t in rows]

    # shifted columns: over a window of rows, the printed units fit the next (or previous) row's
    # task clearly better than their own
    def support(i: int, j: int) -> float:
        return sum(s.confidence for s in suggestions[j] if sug.core(s.value) in cores[i]) if 0 <= j < len(rows) else 0.0

    own = np.array([support(i, i) for i in range(len(rows))])
    in_shift: set[int] = set()
    for d in (1, -1):
        moved = np.array([support(i, i + d) for i in range(len(rows))])
        hit = np.zeros(len(rows), dtype=bool)
        for start in range(0, max(0, len(rows) - SHIFT_WINDOW) + 1):
            w = slice(start, start + SHIFT_WINDOW)
            if moved[w].mean() - own[w].mean() >= SHIFT_MARGIN and (moved[w] > own[w]).sum() >= SHIFT_WINDOW // 2:
                hit[w] = True
        runs, run = [], []
        for i in range(len(rows) + 1):
            if i < len(rows) and hit[i] and i not in in_shift:
                run.append(i)
            elif run:
                runs.append(run)
                run = []
        for run in runs:
            # the run's ends are trimmed to rows that show the slip themselves
            while run and moved[run[0]] <= own[run[0]]:
                run = run[1:]
            while run and moved[run[-1]] <= own[run[-1]]:
                run = run[:-1]
            if not run:
                continue
            a, b = rows[run[0]], rows[run[-1]]
            for r in run:
                t = rows[r]
                in_shift.add(r)
                nxt = rows[r + d] if 0 <= r + d < len(rows) else None
                flags.append(_flag(t, "shifted_column", "lead_units", f"rows {a.seq}–{b.seq}: the printed lead units fit the {'next' if d == 1 else 'previous'} row's task better than their own (mean vote share {moved[run].mean():.2f} vs {own[run].mean():.2f}) — the column may have slipped by one row", value="、".join(t.lead_units), suggestion="、".join(rows[r - d].lead_units) if 0 <= r - d < len(rows) else None, evidence=[Evidence(doc_id=nxt.doc_id, seq=nxt.seq, score=round(float(moved[r]), 3), content=nxt.content, source=nxt.source.cite())] if nxt else []))

    for i, t in enumerate(rows):
        if not t.leaders:
            flags.append(_flag(t, "missing_leader", "leaders", "no 分管领导 printed for this row (a blank cell not merged with the row above?)"))
        if not t.lead_units:
            flags.append(_flag(t, "missing_lead_unit", "lead_units", "no 牵头单位 printed for this row"))
            continue
        if i in in_shift or not suggestions[i]:
            continue
        top = suggestions[i][0]
        best_evidence = max((e.score for e in top.evidence), default=0.0)
        if not (cores[i] & {sug.core(s.value) for s in suggestions[i]}) and top.confidence >= UNLIKELY_CONFIDENCE and best_evidence >= UNLIKELY_SCORE:
            flags.append(_flag(t, "unlikely_lead_unit", "lead_units", f"rows on the same subject are led by {top.value} (share {top.confidence:.2f} of the nearest rows' vote); none of the printed units is among the five likeliest", value="、".join(t.lead_units), suggestion=top.value, evidence=top.evidence))

    # names printed once here and nowhere else, close to a known name
    unit_count = Counter(sug.core(u) for t in rows for u in t.lead_units + t.responsible_units)
    other_units = {sug.core(u) for t in others for u in t.lead_units + t.responsible_units}
    leader_count = Counter(p for t in rows for p in t.leaders)
    for t in rows:
        for field in ("lead_units", "responsible_units"):
            for u in getattr(t, field):
                c = sug.core(u)
                if unit_count[c] == 1 and c not in other_units:
                    close = _close_name(c, (set(unit_count) | other_units) - {c})
                    if close:
                        flags.append(_flag(t, "rare_unit", field, f"“{u}” is printed only here and nowhere in the other tables; “{close}” is used elsewhere — a typo or an alias?", value=u, suggestion=close))
        for p in t.leaders:
            if leader_count[p] == 1:
                close = next((k for k in sorted(leader_count) if k != p and leader_count[k] > 1 and _edit1(p, k)), None)
                if close:
                    flags.append(_flag(t, "rare_leader", "leaders", f"“{p}” leads only this row; “{close}” leads {leader_count[close]} rows — a typo?", value=p, suggestion=close))
    flags += lost_goal_flags(rows, lost_goals)
    order = {(t.doc_id, t.seq): i for i, t in enumerate(rows)}
    flags.sort(key=lambda f: (order[(f.doc_id, f.seq)], f.kind))
    return flags


@dataclass
class TableReview:
    """`govtasks check` on one table: its rows, the flags, and how many other indexed tables the
    checks learned from."""

    rows: list[Task]
    flags: list[ReviewFlag]
    other_tables: int


def review_table(table: Path, store, embedder=None) -> TableReview:
    """A table file (or its task rows, .jsonl) checked against itself and the indexed tables."""
    lost: list[LostGoal] = []
    rows, district = task_rows(table, lost=lost)
    others, other_vectors, districts = reference_from_store(store, embedder)
    vectors = embedder.passages([task_text(t) for t in rows]) if embedder is not None else None
    if district:
        districts = {**districts, **{t.doc_id: district_short(district) for t in rows}}
    flags = check(rows, others, vectors, other_vectors, embedder, districts, lost_goals=lost if table.suffix.lower() != ".jsonl" else None)
    return TableReview(rows, flags, len({t.doc_id for t in others} - {t.doc_id for t in rows}))
