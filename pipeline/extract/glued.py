"""Names that ran together: a PDF cell holding several names one per line, read as one line
("王斐王婷", "商务局文体广旅局"), is split back into the names it is made of.

A cell of names is split by what its pieces are, not by geometry: a run that is exactly two or
more names printed on their own elsewhere in the same table, or, for units, names of the usual
district departments (gov_units.txt: 住建局, 市场监管局, 妇联, with 区 in front or not), is those names; a run that no other row shows alone is split when it reads as names in exactly one
way — people surname first, two or three characters each; units of three characters or more ending
like an organisation, the reading with the most known pieces winning. A name the table
also prints whole (区委宣传部) is never split."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from pipeline.extract.names import is_person_name

MAX_PARTS = 6
_ORG_ENDINGS = ("局", "办", "委", "部", "中心", "集团", "公司", "街道", "镇", "乡", "区", "大队", "联")


def _segmentations(token: str, ok, limit: int = MAX_PARTS) -> list[list[str]]:
    """Every way to cut `token` into 2+ pieces that `ok` accepts (few: names are short)."""

    @lru_cache(maxsize=None)
    def cuts(i: int) -> tuple[tuple[str, ...], ...]:
        if i == len(token):
            return ((),)
        out = []
        for j in range(i + 2, min(len(token), i + 12) + 1):
            piece = token[i:j]
            if piece[0] not in "、，,（(）)" and ok(piece):
                out += [(piece, *rest) for rest in cuts(j) if len(rest) < limit]
        return tuple(out)

    return [list(c) for c in cuts(0) if len(c) >= 2]


@lru_cache(maxsize=1)
def government_units() -> frozenset[str]:
    """The department names of gov_units.txt (data)."""
    text = resources.files("pipeline.extract").joinpath("gov_units.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _is_known_unit(piece: str, known: set[str]) -> bool:
    if piece in known:
        return True
    for prefix in ("区委", "县委", "区", "县", ""):  # 区住建局, 区委宣传部: the department with its level
        if piece.startswith(prefix) and len(piece) - len(prefix) >= 2:
            core = piece[len(prefix) :]
            if core in government_units() or prefix and core in known:
                return True
    return False


def split_glued(names: list[str], known: set[str], people: bool) -> list[str]:
    """`names` of one cell, each glued run split into the names it is made of. `known`: every
    name the table prints (the run itself among them)."""
    out: list[str] = []
    for name in names:
        if not _may_be_glued(name, people) or name.startswith(("各", "相关", "有关")):
            out.append(name)  # a person's name, or a collective entry (各镇、开发区、街道)
            continue
        others = known - {name}
        by_known = _segmentations(name, (lambda p: p in others) if people else (lambda p: _is_known_unit(p, others)))
        if len(by_known) == 1:
            out += by_known[0]
            continue
        if name not in others and len(name) >= 4:
            shaped = _segmentations(name, (lambda p: is_person_name(p) and len(p) in (2, 3)) if people else (lambda p: _is_known_unit(p, others) or _unit_shaped(p)))
            best = _best(shaped, others, people)
            if best:
                out += best
                continue
        out.append(name)
    return out


def _may_be_glued(name: str, people: bool) -> bool:
    """Worth trying: not one person's name; a unit name with an organisational ending inside it."""
    if people:
        return len(name) >= 4 and not is_person_name(name)
    inner = name[:-1]
    return len(name) >= 5 and any(e in inner[2:] for e in _ORG_ENDINGS)


def _unit_shaped(piece: str) -> bool:
    """Three characters or more ending like an organisation (its parenthetical aside)."""
    core = re.sub(r"（[^）]*）$", "", piece)
    return len(core) >= 3 and core.endswith(_ORG_ENDINGS) and "（" not in core and "）" not in core


def _best(cuts: list[list[str]], known: set[str], people: bool):
    """The one reading to take: the only one; or, for units, the one with the most pieces the
    table or the department list knows, when no other reading has as many."""
    if len(cuts) == 1:
        return cuts[0]
    if people or not cuts:
        return None
    scored = sorted(((sum(_is_known_unit(p, known) for p in c), len(c)), c) for c in cuts)
    top, second = scored[-1], scored[-2]
    return top[1] if top[0] > second[0] else None
