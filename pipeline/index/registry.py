"""The entity registry: units, leaders, districts, goals and years known to the index, and the
surface forms a question may name them by (matched by pipeline/ask/entities.py).

Everything is built from the indexed rows themselves, so a new district's table brings its
own names. A unit is known under its printed name and its aliases: the district prefix and a
leading 区 dropped (区商务局 = 商务局 = 武进区商务局 = 钟楼区商务局), the parenthetical dropped
(财政局（国资办） is also 财政局), and the district name put in front (钟楼资规分局 → 资规分局,
钟楼区资规分局). Units sharing an alias core are one entity across districts; a district named in
the question then narrows it to that district's unit."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Optional

from pipeline.schema import DocAbout, Task

_PAREN = re.compile(r"（[^）]*）")


def district_short(district: str) -> str:
    """武进区 → 武进; 常州市钟楼区 → 钟楼."""
    d = re.sub(r"^.*?市", "", district) if "市" in district[:-1] else district
    return re.sub(r"(区|县|市|旗)$", "", d) or d


def unit_core(name: str, district_names: tuple[str, ...] = ()) -> str:
    """The alias core of a unit name: no district prefix, no leading 区 (but 区委 stays), no parenthetical."""
    s = _PAREN.sub("", name).strip()
    for d in sorted(district_names, key=len, reverse=True):
        if d and s.startswith(d) and len(s) > len(d) + 1:
            s = s[len(d):]
            break
    if s.startswith("区") and not s.startswith("区委") and len(s) > 2:
        s = s[1:]
    return s


@dataclass
class Mention:
    kind: str  # unit | leader | district | goal | year
    surface: str
    start: int
    end: int
    key: str  # unit core, leader name, district short name, goal label, year


@dataclass
class Registry:
    """Names known to the index. doc_district maps doc_id → district short name (or None)."""

    doc_district: dict[str, Optional[str]]
    doc_year: dict[str, Optional[int]]
    units: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # core → {(doc_id, printed name)}
    leaders: dict[str, set[str]] = field(default_factory=dict)  # name → {doc_id}
    goals: dict[str, set[str]] = field(default_factory=dict)  # label → {doc_id}
    surfaces: dict[str, tuple[str, str]] = field(default_factory=dict)  # surface → (kind, key)

    @classmethod
    def build(cls, tasks: list[Task], documents: Mapping[str, DocAbout | dict]) -> "Registry":
        about = {d: DocAbout.of(m) for d, m in documents.items()}
        doc_district = {d: (district_short(m.district) if m.district else None) for d, m in about.items()}
        doc_year = {d: m.year for d, m in about.items()}
        reg = cls(doc_district, doc_year)
        districts = tuple(sorted({v for v in doc_district.values() if v}))
        full_districts = tuple(sorted({m.district for m in about.values() if m.district}))
        units: dict[str, set] = defaultdict(set)
        leaders: dict[str, set] = defaultdict(set)
        goals: dict[str, set] = defaultdict(set)
        collective: dict[str, set] = defaultdict(set)
        for t in tasks:
            for u in (*t.lead_units, *t.responsible_units):
                if u.startswith(("各", "相关", "有关")):
                    collective[u].add((t.doc_id, u))  # 各镇、街道: known only as printed, no aliases
                    continue
                units[unit_core(u, full_districts + districts)].add((t.doc_id, u))
            for name in t.leaders:
                leaders[name].add(t.doc_id)
            for g in t.goal_path:
                if g:
                    goals[g].add(t.doc_id)
        reg.units, reg.leaders, reg.goals = dict(units), dict(leaders), dict(goals)
        # surfaces, longest wins when matching; goals first so 建设美丽钟楼 is not read as a district
        for d in full_districts:
            reg.surfaces[d] = ("district", district_short(d))
        for d in districts:
            reg.surfaces[d] = ("district", d)
            reg.surfaces[d + "区"] = ("district", d)
        for core, members in reg.units.items():
            forms = {core, "区" + core}
            for doc_id, printed in members:
                forms.add(printed)
                forms.add(_PAREN.sub("", printed))
                forms.update(p for p in re.findall(r"（([^）]+)）", printed) if len(p) >= 3)  # 财政局（国资办） → 国资办
                d = doc_district.get(doc_id)
                if d:
                    forms.update({d + core, d + "区" + core})
            for f in forms:
                if len(f) >= 2 and f not in districts:
                    reg.surfaces.setdefault(f, ("unit", core))
        for printed, members in collective.items():
            if len(printed) >= 4 and printed not in reg.units:
                reg.units[printed] = members
                reg.surfaces.setdefault(printed, ("unit", printed))
        for name in reg.leaders:
            reg.surfaces[name] = ("leader", name)
        for g in reg.goals:
            if len(g) >= 4:
                reg.surfaces[g] = ("goal", g)
        return reg

    # ---- names --------------------------------------------------------------------------
    def district_names(self) -> list[str]:
        """District names as a question may write them (钟楼区, 钟楼), longest first."""
        return sorted((s for s, (kind, _) in self.surfaces.items() if kind == "district"), key=len, reverse=True)

    def units_in(self, core: str, doc_ids: Optional[set[str]] = None) -> set[tuple[str, str]]:
        return {(d, u) for d, u in self.units.get(core, set()) if doc_ids is None or d in doc_ids}

    def docs_of_district(self, short: str) -> set[str]:
        return {d for d, v in self.doc_district.items() if v == short}
