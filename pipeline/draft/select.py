"""Which rows a draft is about: the tasks of a unit (as lead or responsible unit), of a
leader, under a goal, or of a district — resolved through the same registry `ask` uses, so
商务局 / 区商务局 / 武进区商务局 and 资规分局 / 钟楼资规分局 are one unit. An unknown name is an
error that lists the closest known names; an empty selection is an error too."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from pipeline.errors import InputError
from pipeline.index.registry import Registry, district_short, unit_core
from pipeline.schema import DocAbout, Task

KINDS = ("unit", "leader", "goal", "district")
KIND_LABEL = {"unit": "单位", "leader": "分管领导", "goal": "目标", "district": "区"}
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])\s*")


class AmbiguousDistrict(InputError):
    """A unit / leader / goal name whose rows belong to several districts: one document per
    district, never one merged document."""

    def __init__(self, query: str, kind: str, groups: dict[str, int]):
        self.groups = groups
        choices = "、".join(f"{d}（{n}项）" for d, n in groups.items())
        named = " 或 ".join(f"--district {d}" for d in groups if not d.isascii())
        super().__init__(None, f"{KIND_LABEL[kind]}“{query}”的任务分属{len(groups)}个区：{choices}，一份文稿只写一个区", f"请加 {named or '--tasks 只给一张表'}；或加 --each-district，每个区各写一份")


@dataclass
class Selection:
    """The rows of one unit / leader / goal / district, in document order. `role` tells, for a
    unit, whether it leads the row or is one of its responsible units."""

    kind: str
    name: str
    tasks: list[Task]
    role: dict[tuple[str, int], str] = field(default_factory=dict)  # (doc_id, seq) → lead | responsible
    district: Optional[str] = None

    @property
    def label(self) -> str:
        # a unit is named with its district (武进区商务局); people and goals are not
        return f"{self.district}{self.name}" if self.district and self.kind == "unit" and not self.name.startswith(self.district) else self.name

    def role_of(self, t: Task) -> str:
        return self.role.get((t.doc_id, t.seq), "")


def goal_label(goal: str) -> str:
    """一、推动经济高质量发展 → 推动经济高质量发展 (numbering off, for matching and display)."""
    return _NUMBERING.sub("", goal).strip()


class Selector:
    """Resolves names against the rows at hand (an index or a table)."""

    def __init__(self, tasks: list[Task], documents: Mapping[str, DocAbout | dict]):
        if not tasks:
            raise InputError(None, "没有可起草的任务行", "请先用 `govtasks index` 把分解表建入索引，或用 --tasks 指定分解表")
        self.tasks = sorted(tasks, key=lambda t: (t.doc_id, t.seq))
        self.registry = Registry.build(self.tasks, documents)
        self._districts = tuple(self.registry.district_names())
        self._full = {district_short(m.district): m.district for m in map(DocAbout.of, documents.values()) if m.district}

    # ---- the names a draft can be about -----------------------------------------------------
    def names(self, kind: str) -> list[str]:
        """Every unit / leader / goal / district of the rows, in first-seen order."""
        seen: dict[str, None] = {}
        for t in self.tasks:
            if kind == "unit":
                for u in (*t.lead_units, *t.responsible_units):
                    if not u.startswith(("各", "相关", "有关")):
                        seen.setdefault(self._canonical_unit(u), None)
            elif kind == "leader":
                for name in t.leaders:
                    seen.setdefault(name, None)
            elif kind == "goal":
                if t.goal_path and t.goal_path[0]:
                    seen.setdefault(t.goal_path[0], None)
            elif kind == "district":
                d = self.registry.doc_district.get(t.doc_id)
                if d:
                    seen.setdefault(d, None)
        return list(seen)

    @property
    def districts(self) -> tuple[str, ...]:
        """District names as rows may write them (钟楼区, 钟楼), longest first."""
        return self._districts

    def _canonical_unit(self, printed: str) -> str:
        return unit_core(printed, self._districts)

    def _closest(self, query: str, candidates: list[str]) -> str:
        near = difflib.get_close_matches(query, candidates, n=5, cutoff=0.3)
        near += [c for c in candidates if (query in c or c in query) and c not in near]
        return "、".join(near[:5]) if near else "、".join(candidates[:5])

    def _unknown(self, kind: str, query: str) -> InputError:
        known = self.names(kind)
        return InputError(None, f"任务行中没有{KIND_LABEL[kind]}“{query}”（已知{len(known)}个）", f"最接近的：{self._closest(query, known)}" if known else "任务行中没有任何已知名称")

    # ---- resolving one selection ------------------------------------------------------------
    def select(self, kind: str, query: str, district: Optional[str] = None, each_district: bool = False) -> Selection:
        """The rows of one unit / leader / goal / district. A name whose rows come from several
        districts (住建局 of 武进区 and of 钟楼区) is refused with the choices — unless
        `each_district`, when the caller splits the selection with `per_district`."""
        if kind not in KINDS:
            raise ValueError(kind)
        query = query.strip()
        if not query:
            raise InputError(None, f"{KIND_LABEL[kind]}名称为空", f"请给出{KIND_LABEL[kind]}名称")
        docs = self._district_docs(district) if district else None
        sel = getattr(self, f"_select_{kind}")(query, docs)
        if district:
            sel.district = district_short(district)
        own = {self.registry.doc_district.get(t.doc_id) for t in sel.tasks}
        if sel.district is None and len(own) == 1 and None not in own:
            sel.district = own.pop()  # every row is one district's: say which
        if sel.district:
            sel.district = self._full.get(sel.district, sel.district)
        if sel.kind == "district":
            sel.name = self._full.get(sel.name, sel.name)
        if not sel.tasks:
            where = f"在{district}" if district else ""
            raise InputError(None, f"{KIND_LABEL[kind]}“{query}”{where}没有任务行", "请去掉 --district，或换一个名称")
        groups = self.districts_of(sel)
        if kind != "district" and len(groups) > 1 and not each_district:
            raise AmbiguousDistrict(query, kind, groups)
        return sel

    def _group_of(self, t: Task) -> tuple[str, bool]:
        """(the district a row belongs to, True) — or (its document id, False) when the table
        states no district."""
        d = self.registry.doc_district.get(t.doc_id)
        return (self._full.get(d, d), True) if d else (t.doc_id, False)

    def districts_of(self, sel: Selection) -> dict[str, int]:
        """The districts of a selection's rows with the number of rows of each, first-seen order."""
        out: dict[str, int] = {}
        for t in sel.tasks:
            key = self._group_of(t)[0]
            out[key] = out.get(key, 0) + 1
        return out

    def per_district(self, sel: Selection) -> list[Selection]:
        """One selection per district of `sel`'s rows (a unit's report belongs to one district)."""
        if len(self.districts_of(sel)) <= 1:
            return [sel]
        groups: dict[tuple[str, bool], list[Task]] = {}
        for t in sel.tasks:
            groups.setdefault(self._group_of(t), []).append(t)
        out = []
        for (key, is_district), tasks in groups.items():
            keys = {(t.doc_id, t.seq) for t in tasks}
            role = {k: v for k, v in sel.role.items() if k in keys}
            out.append(Selection(sel.kind, sel.name, tasks, role, key if is_district else None))
        return out

    def _district_docs(self, district: str) -> set[str]:
        docs = self.registry.docs_of_district(district_short(district))
        if not docs:
            known = self.names("district")
            raise InputError(None, f"任务行中没有“{district}”的表", f"已知的区：{'、'.join(known) or '无（各表未写明所属区）'}")
        return docs

    def _select_unit(self, query: str, docs: Optional[set[str]]) -> Selection:
        surfaces = self.registry.surfaces
        if surfaces.get(query, ("", ""))[0] == "unit":
            core = surfaces[query][1]
        else:
            core = self._canonical_unit(query)
        if core not in self.registry.units:
            raise self._unknown("unit", query)
        # a district written into the name (钟楼区商务局) narrows to that district
        named = next((d for d in self._districts if query.startswith(d) and query != d), None)
        if named:
            docs = (docs or set(self.registry.doc_district)) & self.registry.docs_of_district(district_short(named))
        role: dict[tuple[str, int], str] = {}
        chosen = []
        for t in self.tasks:
            if docs is not None and t.doc_id not in docs:
                continue
            if any(self._canonical_unit(u) == core for u in t.lead_units):
                role[(t.doc_id, t.seq)] = "lead"
            elif any(self._canonical_unit(u) == core for u in t.responsible_units):
                role[(t.doc_id, t.seq)] = "responsible"
            else:
                continue
            chosen.append(t)
        return Selection("unit", core, chosen, role, district_short(named) if named else None)

    def _select_leader(self, query: str, docs: Optional[set[str]]) -> Selection:
        if query not in self.registry.leaders:
            raise self._unknown("leader", query)
        return Selection("leader", query, [t for t in self.tasks if query in t.leaders and (docs is None or t.doc_id in docs)])

    def _select_goal(self, query: str, docs: Optional[set[str]]) -> Selection:
        want = goal_label(query)
        goals = [g for g in self.names("goal") if want and (want in goal_label(g) or goal_label(g) in want)]
        if not goals:
            raise self._unknown("goal", query)
        chosen = [t for t in self.tasks if t.goal_path and t.goal_path[0] in goals and (docs is None or t.doc_id in docs)]
        name = goal_label(goals[0]) if len({goal_label(g) for g in goals}) == 1 else want
        return Selection("goal", name, chosen)

    def _select_district(self, query: str, docs: Optional[set[str]]) -> Selection:
        mine = self._district_docs(query)
        return Selection("district", district_short(query), [t for t in self.tasks if t.doc_id in mine and (docs is None or t.doc_id in docs)])

    def every(self, kind: str, district: Optional[str] = None) -> list[Selection]:
        """One selection per unit / leader / goal / district of the rows (a summary by kind)."""
        out = []
        for name in self.names(kind):
            try:
                out += self.per_district(self.select(kind, name, district, each_district=True))
            except InputError:
                continue  # a name only present in another district
        if not out:
            raise InputError(None, (f"{district}" if district else "") + f"没有任何{KIND_LABEL[kind]}有任务行", "请用 `govtasks extract` 检查分解表的列是否读对")
        return out
