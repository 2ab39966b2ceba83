"""The entity registry: units, leaders, districts, goals and years known to the index, and
the mentions of them in a question.

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
from typing import Optional

from pipeline.extract.names import UNIT_SUFFIXES, is_person_name
from pipeline.schema import Task

_PAREN = re.compile(r"（[^）]*）")
# a unit-looking phrase in a question: a few Han characters ending like an organisation name
_UNIT_LIKE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:分局|局|委员会|委|办公室|办|中心|集团|公司|街道)")
_QUESTION_HEAD = re.compile(r"^(?:哪些|哪个|什么|是否|请问|有关|关于|由|的|在|和|与|及|是|有|给)+")
_PERSON_BEFORE_VERB = re.compile(r"([\u4e00-\u9fff]{2,3})(?=(?:同志)?(?:分管|负责|主管|联系))")
_NOT_PEOPLE = ("领导", "区长", "副区长", "单位", "部门", "任务", "工作", "哪位", "谁")


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
    def build(cls, tasks: list[Task], documents: dict[str, dict]) -> "Registry":
        doc_district = {d: (district_short(m["district"]) if m.get("district") else None) for d, m in documents.items()}
        doc_year = {d: m.get("year") for d, m in documents.items()}
        reg = cls(doc_district, doc_year)
        districts = tuple(sorted({v for v in doc_district.values() if v}))
        full_districts = tuple(sorted({m["district"] for m in documents.values() if m.get("district")}))
        units: dict[str, set] = defaultdict(set)
        leaders: dict[str, set] = defaultdict(set)
        goals: dict[str, set] = defaultdict(set)
        for t in tasks:
            for u in (*t.lead_units, *t.responsible_units):
                if u.startswith(("各", "相关", "有关")):
                    continue  # collective entries (各镇、街道) are not one unit
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
        for name in reg.leaders:
            reg.surfaces[name] = ("leader", name)
        for g in reg.goals:
            if len(g) >= 4:
                reg.surfaces[g] = ("goal", g)
        return reg

    # ---- reading a question --------------------------------------------------------------
    def mentions(self, question: str) -> list[Mention]:
        """Known names in the question, longest first, not overlapping; plus years (2026年)."""
        found: list[Mention] = []
        taken = [False] * len(question)
        for surface in sorted(self.surfaces, key=len, reverse=True):
            start = question.find(surface)
            while start >= 0:
                end = start + len(surface)
                if not any(taken[start:end]):
                    kind, key = self.surfaces[surface]
                    found.append(Mention(kind, surface, start, end, key))
                    for i in range(start, end):
                        taken[i] = True
                start = question.find(surface, end)
        for m in re.finditer(r"(20\d\d)\s*年", question):
            if not any(taken[m.start() : m.end()]):
                found.append(Mention("year", m.group(0), m.start(), m.end(), m.group(1)))
        return sorted(found, key=lambda m: m.start)

    def unknown_unit(self, question: str, mentions: list[Mention]) -> Optional[str]:
        """A unit-looking phrase that names no unit of the index (区气象局, 统计局), if any."""
        masked = list(question)
        for m in mentions:
            for i in range(m.start, m.end):
                masked[i] = " "
        for chunk in re.split(r"[\s，。？?！!、：:“”\"'（）()]+", "".join(masked)):
            for m in _UNIT_LIKE.finditer(chunk):
                phrase = _QUESTION_HEAD.sub("", m.group(0))
                phrase = re.sub(r"^.*(?:牵头|负责|分管|任务|工作)", "", phrase)
                if len(phrase) >= 3 and phrase.endswith(UNIT_SUFFIXES) and not self._is_known_fragment(phrase):
                    return phrase
        return None

    def _is_known_fragment(self, phrase: str) -> bool:
        return any(phrase in s or s.endswith(phrase) for s, (kind, _) in self.surfaces.items() if kind == "unit")

    def unknown_person(self, question: str, mentions: list[Mention]) -> Optional[str]:
        """A person's name before 分管/负责 that is no leader of the index (李明分管…)."""
        known = {m.surface for m in mentions if m.kind == "leader"}
        for m in _PERSON_BEFORE_VERB.finditer(question):
            for name in (m.group(1), m.group(1)[-2:]):
                if name in known or any(w in name for w in _NOT_PEOPLE):
                    break
                if is_person_name(name) and not any(name in k for k in known):
                    if any(mm.start <= m.start(1) < mm.end for mm in mentions):
                        break
                    return name
        return None

    def district_names(self) -> list[str]:
        """District names as a question may write them (钟楼区, 钟楼), longest first."""
        return sorted((s for s, (kind, _) in self.surfaces.items() if kind == "district"), key=len, reverse=True)

    def units_in(self, core: str, doc_ids: Optional[set[str]] = None) -> set[tuple[str, str]]:
        return {(d, u) for d, u in self.units.get(core, set()) if doc_ids is None or d in doc_ids}

    def docs_of_district(self, short: str) -> set[str]:
        return {d for d, v in self.doc_district.items() if v == short}
