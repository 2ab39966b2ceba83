"""A continued task's targets, old against new: matched by what they count (the metric: the
target's text without its number, unit and qualifier) and their unit, then compared by value and
qualifier. "新增公共停车泊位1500个以上" → "新增公共停车泊位2000个" is one target whose value rose and
whose 以上 was dropped; a target with no partner was added or removed."""

from __future__ import annotations

import re

from pipeline.compare.model import TargetChange
from pipeline.extract.targets import ASPIRATION, PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS
from pipeline.schema import Target
from pipeline.text.bigrams import STRIP, gram_set
from pipeline.text.numerals import DIGIT_RUN, numerals_to_digits

SAME_METRIC = 0.6  # metric bigram Dice at which two targets count the same thing whatever their units
SAME_UNIT_METRIC = 0.3  # … and the lower bar when their units agree
_PREFIX = "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))
_SUFFIX = "|".join(SUFFIX_QUALIFIERS)


def metric(t: Target) -> str:
    """新增公共停车泊位1500个以上 → 新增公共停车泊位: the number with its unit and the qualifiers
    next to it removed (省级以上 elsewhere in the text stays), and 力争."""
    unit = re.escape(t.unit) if t.unit else ""
    number = re.compile(rf"(?:{_PREFIX})?\s*{DIGIT_RUN}\s*[%％]?\s*(?:{unit})?\s*(?:{_SUFFIX})?")
    return STRIP.sub("", number.sub(" ", numerals_to_digits(t.text)).replace(ASPIRATION, ""))


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _qualifiers(t: Target) -> set[str]:
    return {q for q in t.qualifier.split("、") if q}


def _value(v):
    return [float(x) for x in v] if isinstance(v, list) else (None if v is None else float(v))


def _pairs(old: list[Target], new: list[Target]) -> list[tuple[int, int]]:
    grams_old = [gram_set(metric(t)) or {metric(t)} for t in old]
    grams_new = [gram_set(metric(t)) or {metric(t)} for t in new]
    cand = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            d = _dice(grams_old[i], grams_new[j])
            same_unit = a.unit == b.unit
            if d >= SAME_METRIC or (same_unit and d >= SAME_UNIT_METRIC):
                cand.append((d + (0.5 if same_unit else 0.0), -abs(i - j), i, j))
    used_old, used_new, pairs = set(), set(), []
    for _, _, i, j in sorted(cand, reverse=True):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    left_old = [i for i in range(len(old)) if i not in used_old]
    left_new = [j for j in range(len(new)) if j not in used_new]
    if len(left_old) == 1 and len(left_new) == 1 and old[left_old[0]].unit == new[left_new[0]].unit:
        pairs.append((left_old[0], left_new[0]))  # the one target left on each side, counted in the same unit
    return sorted(pairs)


def target_changes(old: list[Target], new: list[Target]) -> list[TargetChange]:
    """What changed between a continued task's old and new targets (nothing when they agree)."""
    pairs = _pairs(old, new)
    out: list[TargetChange] = []
    for i, j in pairs:
        a, b = old[i], new[j]
        kinds = [k for k, differs in (("value", _value(a.value) != _value(b.value)), ("qualifier", _qualifiers(a) != _qualifiers(b)), ("unit", a.unit != b.unit)) if differs]
        if kinds:
            out.append(TargetChange(kind="+".join(kinds), metric=metric(b) or metric(a), old=a, new=b))
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    out += [TargetChange(kind="removed", metric=metric(a), old=a) for i, a in enumerate(old) if i not in paired_old]
    out += [TargetChange(kind="added", metric=metric(b), new=b) for j, b in enumerate(new) if j not in paired_new]
    return out
