"""Put the fields of a row into roles.

Aligned grids (docx, xlsx, csv, Word text) map cells to roles by position. Unaligned grids
(PDF text whose columns drift from line to line) anchor on the task cell — the field that
starts with "(N)" or else the longest — and place the other fields by what they contain:
a number and goal labels before it, people's names (leaders) and units after it.
"""

from __future__ import annotations

from typing import Optional

from pipeline.extract.names import is_people_cell
from pipeline.extract.records import NUMBER_PREFIX, SEQ_LIKE, Record
from pipeline.readers.base import Cell, GridRow
from pipeline.extract.header import squash

UNIT_ROLES = ("lead_unit", "resp_unit")


def goal_levels(roles: list[Optional[str]]) -> int:
    return sum(1 for r in roles if r == "goal")


_POSITIONAL = ("seq", "content", "leader", "lead_unit", "resp_unit")


def align_positional(row: GridRow, roles: list[Optional[str]], levels: int) -> Record:
    goals: list[Cell] = []
    fields: dict[str, Cell] = {}
    for cell, role in zip(row.cells, roles):
        if role == "goal":
            goals.append(cell)
        elif role in _POSITIONAL:
            if role == "content" and "content" in fields and not fields["content"].blank:
                continue
            fields[role] = cell
    # a header with fewer goal columns than the table: its labels are the inner levels
    goals = [Cell(text="", merged_above=None) for _ in range(levels - len(goals))] + goals
    return Record(source=row.source, page_break_before=row.page_break_before, goals=goals, **fields)


def _anchor(texts: list[str]) -> int:
    for i, t in enumerate(texts):
        if NUMBER_PREFIX.match(t) and len(t) > 6:
            return i
    return max(range(len(texts)), key=lambda i: len(texts[i]))


def _positional_fits(texts: list[str], roles: list[Optional[str]], anchor: int) -> bool:
    if len(texts) != len(roles) or roles[anchor] != "content":
        return False
    for t, r in zip(texts, roles):
        if not t.strip():
            continue
        if r == "leader" and not is_people_cell(t):
            return False
        if r in UNIT_ROLES and is_people_cell(t):
            return False
    return True


def _place_labels(labels: list[str], numbered: bool, levels: int) -> list[Cell]:
    """Goal labels into levels: with a goal number they start at the outer level; without one
    they are the innermost labels (an outer goal is printed with its number)."""
    goals = [Cell(text="") for _ in range(levels)]
    if labels and levels:
        if len(labels) > levels:
            labels = labels[: levels - 1] + [" ".join(labels[levels - 1 :])]
        start = 0 if numbered else levels - len(labels)
        for k, label in enumerate(labels):
            goals[start + k] = Cell(text=label)
    return goals


def align_by_content(row: GridRow, roles: list[Optional[str]], levels: int) -> Record:
    texts = [c.text for c in row.cells]
    anchor = _anchor(texts)
    rec = Record(source=row.source, page_break_before=row.page_break_before)
    rec.content = Cell(text=texts[anchor])
    before = [t for t in texts[:anchor] if t.strip()]
    after = [t for t in texts[anchor + 1 :] if t.strip()]

    labels = list(before)
    numbered = bool(labels) and bool(SEQ_LIKE.match(squash(labels[0])))
    if numbered:
        rec.seq = Cell(text=labels.pop(0))
    rec.goals = _place_labels(labels, numbered, levels)

    unit_roles = [r for r in roles if r in UNIT_ROLES] or ["lead_unit"]
    has_leader = "leader" in roles
    for t in after:
        if has_leader and rec.leader.blank and is_people_cell(t):
            rec.leader = Cell(text=t)
            continue
        for r in unit_roles:
            if rec.role_cell(r).blank:
                setattr(rec, r, Cell(text=t))
                break
        else:
            rec.content = Cell(text=rec.content.text + t)
    return rec


def align(row: GridRow, roles: list[Optional[str]], levels: int, aligned: bool) -> Record:
    if aligned:
        return align_positional(row, roles, levels)
    texts = [c.text for c in row.cells]
    anchor = _anchor(texts)
    if _positional_fits(texts, roles, anchor):
        rec = align_positional(row, roles, levels)
        # labels in drifting text: place them by the numbered-or-not rule, not by position
        labels = [g.text for g in rec.goals if not g.blank]
        if labels:
            rec.goals = _place_labels(labels, not rec.seq.blank, levels)
        return rec
    return align_by_content(row, roles, levels)
