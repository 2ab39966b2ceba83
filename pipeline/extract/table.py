"""Grids → Records with every cell resolved: header detection, repeated headers skipped,
rows split by a page break joined, merged-cell inheritance, the goal hierarchy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.errors import NoTableFound
from pipeline.extract.columns import align, goal_levels
from pipeline.extract.header import header_roles, role_of, squash
from pipeline.extract.names import looks_complete
from pipeline.extract.records import NUMBER_PREFIX, Record
from pipeline.readers.base import Cell, RawDocument
from pipeline.text.numerals import parse_cn_number

TERMINAL = tuple("。；;！!？?")
_NOTE = re.compile(r"^\s*(?:注|备注|附注|说明|填报说明)\s*[：:0-9１-９一二三、.]")
PEOPLE_AND_UNITS = ("leader", "lead_unit", "resp_unit")


@dataclass
class Resolved:
    """A record after inheritance: plain strings, goal path decided."""

    record: Record
    goal_path: list[Optional[str]]
    leader: str
    lead_unit: str
    resp_unit: str


@dataclass
class LostSpan:
    """Outer goals whose labels were never printed: the printed goal numbers run `after` → `before`."""

    after: int
    before: int
    records: list[Record]
    changed: bool  # whether the rows' outer goal was set to None (else only reported)


@dataclass
class TableResult:
    rows: list[Resolved] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lost: list[LostSpan] = field(default_factory=list)


def _records(doc: RawDocument, result: TableResult) -> tuple[list[Record], int]:
    records: list[Record] = []
    roles: Optional[list[Optional[str]]] = None
    levels = 0
    last_header: Optional[str] = None
    for grid in doc.grids:
        header_seen = False
        after_header = False
        page_break = False
        section = False
        for row in grid.rows:
            texts = row.texts()
            page_break = page_break or row.page_break_before
            found = header_roles(texts)
            if found is not None:
                printed = "|".join(t.strip() for t in texts if t.strip())
                section = section or (last_header is not None and printed != last_header)
                roles, header_seen, last_header = found, True, printed
                levels = max(levels, goal_levels(found))
                after_header = True
                continue
            if after_header and (sub := _sub_header(texts, roles)) is not None:
                roles = sub  # a two-row header: 责任分工 over 分管领导 | 牵头单位, 目标名称 over 一级 | 二级
                levels = max(levels, goal_levels(sub))
                last_header = (last_header or "") + "|" + "|".join(t.strip() for t in texts if t.strip())
                continue
            after_header = False
            if roles is None:
                # a title merged across the sheet is one line, not its text once per cell it spans
                line = " ".join(c.text for c in row.cells if c.text.strip() and not c.merged_left)
                if line and line not in result.title_lines:
                    result.title_lines.append(line)
                continue
            if not header_seen and len(row.cells) != len(roles):
                continue  # a different table without its own header: not ours
            if all(c.blank and not c.merged_above for c in row.cells):
                continue
            if len(row.cells) > 1 and all(c.merged_left for c in row.cells[1:]) and _NOTE.match(row.cells[0].text):
                continue  # a note across the whole table ("注：牵头单位有多个的…"), not a task
            if page_break:
                # the first row of a page: a blank cell may be a merged cell continuing from the
                # page before (PDF draws it as a fresh empty cell), so the layout does not say
                row = row.model_copy(update={"page_break_before": True, "cells": [c.replace(merged_above=None) if c.blank and c.merged_above is False else c for c in row.cells]})
                page_break = False
            rec = align(row, roles, levels, grid.aligned)
            rec.new_section, section = section, False
            records.append(rec)
    if roles is None:
        raise NoTableFound(
            doc.path,
            "no table header found (looked for 工作内容/工作标准/任务内容 with 牵头单位/分管领导/目标名称)",
            "check this is a decomposition table; the header row must name its columns",
        )
    for rec in records:  # headers seen later may have added goal levels
        if len(rec.goals) < levels:
            rec.goals = [Cell(text="") for _ in range(levels - len(rec.goals))] + rec.goals
    return records, levels


def _sub_header(texts: list[str], roles: list[Optional[str]]) -> Optional[list[Optional[str]]]:
    """The second row of a two-row header, merged into the first: every cell it prints names a
    column (分管领导, 牵头单位, 一级目标…) and the task column is blank there. Its roles win
    where it names one; elsewhere the first row's stand."""
    if len(texts) != len(roles):
        return None
    printed = [(i, t) for i, t in enumerate(texts) if t.strip()]
    if not printed or any(roles[i] == "content" for i, _ in printed):
        return None
    sub = [role_of(t) if t.strip() else None for t in texts]
    if any(sub[i] is None for i, _ in printed):
        return None
    merged = [s or r for r, s in zip(roles, sub)]
    return merged if "content" in merged else None


def _continues_previous(prev: Optional[Record], rec: Record, numbered: bool) -> bool:
    """Is `rec` the rest of `prev`, cut by a page break? Only the first row of a page can be;
    the row before must stop mid-sentence, and the rest carries no goal or 序号."""
    if prev is None or not rec.page_break_before or not (rec.seq.blank or _seq_rest(prev, rec)):
        return False
    if not all(g.blank for g in rec.goals) and (rec.content.blank or prev.content.text.rstrip().endswith(TERMINAL)):
        return False  # a goal label on the page's first row belongs to a split row only when its task text is cut too
    if rec.content.blank:  # only a leader or unit cell spilled over: no row is without a task
        return any(not rec.role_cell(r).blank for r in PEOPLE_AND_UNITS)
    if prev.content.text.rstrip().endswith(TERMINAL):
        return False
    # numbered tables: the rest carries no task number; unnumbered ones end every task with a
    # full stop, so an unfinished sentence is the sign (the split may cut every cell)
    return not (numbered and NUMBER_PREFIX.match(rec.content.text))


def _seq_rest(prev: Record, rec: Record) -> bool:
    """The 序号 cell cut by the page break too: "(22" / ")"."""
    rest = rec.seq.text.strip()
    return bool(rest) and not NUMBER_PREFIX.fullmatch(rest + " ") and bool(NUMBER_PREFIX.fullmatch(prev.seq.text.strip() + rest + " "))


def _join_page_splits(records: list[Record]) -> list[Record]:
    """A row a page break split in two becomes one row again: each cell's rest is appended."""
    numbered = sum(1 for r in records if NUMBER_PREFIX.match(r.content.text)) > len(records) / 2
    out: list[Record] = []
    for rec in records:
        prev = out[-1] if out else None
        if _continues_previous(prev, rec, numbered):
            prev.content = Cell(text=prev.content.text + rec.content.text)
            if not rec.seq.blank:
                prev.seq = Cell(text=prev.seq.text.strip() + rec.seq.text.strip())
            for lvl, rest in enumerate(rec.goals):
                if not rest.blank:  # the merged goal cell's label was cut by the page break too: 布局人工智能新赛 / 道
                    origin = next((r for r in reversed(out) if lvl < len(r.goals) and not r.goals[lvl].blank), None)
                    if origin is not None:
                        origin.goals[lvl] = Cell(text=origin.goals[lvl].text + rest.text, merged_above=origin.goals[lvl].merged_above)
            for role in PEOPLE_AND_UNITS:
                rest = rec.role_cell(role)
                if not rest.blank:
                    cell = prev.role_cell(role)
                    # a name cut by the page break continues; a complete one ends its line
                    last = cell.text.rstrip().splitlines()[-1] if not cell.blank else ""
                    joiner = "\n" if looks_complete(last) else ""
                    setattr(prev, role, Cell(text=f"{cell.text}{joiner}{rest.text}" if not cell.blank else rest.text, merged_above=cell.merged_above))
            continue
        out.append(rec)
    return out


def _inherit_policy(records: list[Record], role: str) -> bool:
    """For blank cells whose layout does not say (plain text, the top row of a PDF page): does
    this column merge cells vertically? Yes when the layout shows merges elsewhere in it, or
    when blanks outnumber values written out again on the next row."""
    blanks = repeats = 0
    prev = None
    for rec in records:
        cell = rec.role_cell(role)
        if cell.merged_above:
            return True
        if cell.blank:
            if cell.merged_above is None:
                blanks += 1
        else:
            if prev is not None and squash(cell.text) == prev:
                repeats += 1
            prev = squash(cell.text)
    return blanks > repeats


def _resolve_cell(cell: Cell, previous: str, inherit_unknown: bool) -> str:
    if not cell.blank:
        return cell.text
    if cell.merged_above or (cell.merged_above is None and inherit_unknown):
        return previous
    return ""


def _goal_paths(records: list[Record], levels: int) -> list[list[Optional[str]]]:
    """Goal labels carry down their column until a new label appears; a new outer goal
    clears the inner levels. A blank cell that is its own cell (not merged) means the label
    is lost at that level (None). An outer goal under which no inner label ever appears, or
    a row whose outer label spans the inner column, is a one-level goal."""
    if levels == 0:
        return [[] for _ in records]
    current: list[Optional[str]] = [None] * levels
    raw: list[tuple[list[Optional[str]], int, bool]] = []
    block = 0
    for rec in records:
        outer = rec.goals[0]
        if not outer.blank and squash(outer.text) != current[0]:
            block += 1
            current = [squash(outer.text)] + [None] * (levels - 1)
        elif outer.blank and outer.merged_above is False and current[0] is not None:
            block += 1  # the outer label ends here and the next one is lost; inner labels go on by their own cells
            current = [None] * levels
        for lvl in range(1, levels):
            cell = rec.goals[lvl]
            if cell.merged_left:
                continue
            if not cell.blank:
                current[lvl] = squash(cell.text)
            elif cell.merged_above is False:
                current[lvl] = None
        single = levels > 1 and all(c.merged_left for c in rec.goals[1:])
        raw.append((list(current), block, single))
    has_inner = {b for path, b, single in raw if not single and any(p is not None for p in path[1:])}
    return [path[:1] if (single or b not in has_inner) else path for path, b, single in raw]


_GOAL_NUMBER = re.compile(r"^\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．]?\s*$")


def _goal_number(rec: Record) -> Optional[int]:
    m = _GOAL_NUMBER.match(rec.seq.text or "")
    if not m:
        return None
    v = m.group(1)
    return int(v) if v.isdigit() else parse_cn_number(v)


def _lost_goals(records: list[Record], paths: list[list[Optional[str]]], levels: int) -> list[LostSpan]:
    """When the printed outer goal numbers skip (3 → 6), the lost goals start at the first page
    whose repeated header is printed differently from the one before (a new section of the
    table) and whose first row prints no goal label; from there to the next printed outer goal the
    outer label is lost (None) and an inner label holds only from where it is printed. Without
    such a page the skip is reported for the rows between the two goals, and nothing is changed.
    Applies only when the 序号 column numbers the outer goals (on every row that starts one)."""
    if levels == 0:
        return []
    numbered = [(i, n) for i, rec in enumerate(records) if (n := _goal_number(rec)) is not None]
    if len(numbered) < 2 or any(records[i].goals[0].blank for i, _ in numbered):
        return []
    starts = [i for i, rec in enumerate(records) if not rec.goals[0].blank]
    if len(starts) > len(numbered) + 1:  # labels without numbers: the column does not number the goals
        return []
    out = []
    for (a, m), (b, n) in zip(numbered, numbered[1:]):
        if n <= m + 1:
            continue
        first = next((k for k in range(a + 1, b) if records[k].new_section and all(g.blank for g in records[k].goals)), None)
        if first is None:  # the layout does not say where the lost goals begin: report, change nothing
            out.append(LostSpan(m, n, records[a:b], changed=False))
            continue
        inner: list[Optional[str]] = [None] * levels
        for k in range(first, b):
            for lvl in range(1, levels):
                cell = records[k].goals[lvl]
                if not cell.blank and not cell.merged_left:
                    inner[lvl] = squash(cell.text)
            paths[k] = [None] + inner[1 : len(paths[k])] if len(paths[k]) > 1 else [None]
        out.append(LostSpan(m, n, records[first:b], changed=True))
    return out


def resolve(doc: RawDocument) -> TableResult:
    result = TableResult(title_lines=list(doc.preamble))
    records, levels = _records(doc, result)
    records = _join_page_splits(records)
    if not records:
        raise NoTableFound(doc.path, "the table header was found but no task rows under it", "check the file holds the filled-in table")
    policy = {role: _inherit_policy(records, role) for role in PEOPLE_AND_UNITS}
    paths = _goal_paths(records, levels)
    result.lost = _lost_goals(records, paths, levels)
    prev = {role: "" for role in PEOPLE_AND_UNITS}
    for rec, path in zip(records, paths):
        values = {}
        for role in PEOPLE_AND_UNITS:
            values[role] = _resolve_cell(rec.role_cell(role), prev[role], policy[role])
            prev[role] = values[role]
        if rec.content.blank:
            result.warnings.append(f"{rec.source.cite()}: row without task text skipped")
            continue
        result.rows.append(Resolved(record=rec, goal_path=path, leader=values["leader"], lead_unit=values["lead_unit"], resp_unit=values["resp_unit"]))
    return result

