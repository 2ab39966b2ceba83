"""The answer of each kind, built from the rows the Asker chose (asker.py).

- **rows** — a list (lists in document order), a count (per district; with two districts and
  相差/比…多, the difference), or who leads (分管领导 / 牵头单位 per district);
- **per_name** — each named unit's (or leader's) rows on their own, counted side by side;
- **number** — a target only when its own clause names the metric asked (targets.py): one value
  with its row, each district's value when compared, both targets when two fit equally well.
Every answer cites its rows, with the related report paragraphs when reports are indexed."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from pipeline.ask import targets as target_rules
from pipeline.ask import wording
from pipeline.ask.query import Query
from pipeline.ask.retrieve import RowIndex
from pipeline.index.registry import Registry
from pipeline.index.search import Searcher
from pipeline.schema import Answer, Citation, ParagraphRef, Task


class Answers:
    """Builds answers over one index's rows; `paragraph_searcher` finds related report paragraphs."""

    def __init__(self, tasks: list[Task], registry: Registry, index: RowIndex, paragraph_searcher: Optional[Searcher], dense: bool):
        self.tasks = tasks
        self.registry = registry
        self.index = index
        self.paragraph_searcher = paragraph_searcher
        self.dense = dense

    # ---- the answers ---------------------------------------------------------------------------------
    def rows(self, q: Query, base: dict, intent: str, rows: list[int], topic: Optional[str], docs: set[str]) -> Answer:
        tasks = [self.tasks[i] for i in rows]
        groups = self._groups(tasks)
        head = wording.scope(q, topic, self.unit_names(q, docs))
        value = unit = None
        by: dict[str, dict] = {}
        if q.intent == "count":
            counts = [len(g) for g in groups.values()]
            difference = None
            if q.compare and len(groups) >= 2 and q.aggregate != "sum":
                difference = max(counts) - min(counts)
            value, unit = (difference if difference is not None else len(tasks)), "项"
            text = wording.counting(head, groups, len(tasks), difference)
            if difference is not None and q.aggregate in ("more", "less") and len(set(counts)) > 1:
                pick = max(groups, key=lambda d: len(groups[d])) if q.aggregate == "more" else min(groups, key=lambda d: len(groups[d]))
                text = text[:-1] + f"，{pick}{'更多' if q.aggregate == 'more' else '更少'}。"
            by = {d: {"count": len(g)} for d, g in groups.items()}
        elif q.intent in ("who_leader", "who_unit"):
            per = {}
            for d, g in groups.items():
                names = list(dict.fromkeys(n for t in g for n in (t.leaders if q.intent == "who_leader" else t.lead_units)))
                per[d] = (names, g)
                by[d] = {"names": names, "seq": [t.seq for t in g]}
            text = wording.who(head, "分管领导" if q.intent == "who_leader" else "牵头单位", per)
        else:
            text = wording.listing(head, groups, tasks)
            by = {d: {"count": len(g)} for d, g in groups.items()}
        return Answer(**base, answer=text, tasks=tasks, paragraphs=self._paragraphs(q), intent=intent, value=value, unit=unit, by_district=by, citations=[self._cite_task(t) for t in tasks])

    def per_name(self, q: Query, base: dict, intent: str, docs: set[str]) -> Answer:
        """Each named unit's (or leader's) rows on their own, counted and set side by side; with
        two names and 相差/比…多几项, the difference."""
        names = q.units if q.per_name == "unit" else q.leaders
        groups: dict[str, list[int]] = {}
        for name in names:
            one = q.model_copy(update={"units": [name]} if q.per_name == "unit" else {"leaders": [name]})
            rows = self.index.filtered(one, docs)
            if rows and q.topics:  # a marked subject narrows each name's rows; unmarked words are phrasing
                match = self.index.topic(q.topics, rows, quoted=q.quoted)
                rows = match.rows if match.rows or q.marked else rows
            label = self.unit_names(one, docs)[0] if q.per_name == "unit" else name
            groups[label] = rows
        counts = {n: len(r) for n, r in groups.items()}
        every = sorted({i for r in groups.values() for i in r})
        role = ("作为责任单位" if q.role == "responsible" else "牵头") if q.per_name == "unit" else "分管"
        if not every:
            return self.not_found(base, intent, f"未找到{'、'.join(names)}{role}的任务。", "no_rows")
        tasks = [self.tasks[i] for i in every]
        parts = [f"{wording.place(q.districts, n)}{n}{role}{c}项" for n, c in counts.items()]
        value = None
        text = "，".join(parts)
        if len(counts) == 2 and q.aggregate in ("diff", "more", "less"):
            (a, ca), (b, cb) = counts.items()
            value = abs(ca - cb)
            text += f"，{a if ca > cb else b}多{value}项" if ca != cb else "，一样多"
        elif q.aggregate == "sum":
            value = sum(counts.values())
        text += "：" + "；".join(f"{n}：{self._seqs(r) or '无'}" for n, r in groups.items()) + "。"
        by = {n: {"count": c, "seq": [self.tasks[i].seq for i in groups[n]]} for n, c in counts.items()}
        return Answer(**base, answer=text, tasks=tasks, paragraphs=self._paragraphs(q), intent=intent, value=value, unit="项" if value is not None else None, by_district=by, citations=[self._cite_task(t) for t in tasks])

    def number(self, q: Query, base: dict, intent: str, rows: list[int]) -> Answer:
        metric = q.metric or "".join(q.topics)
        if not metric:
            return self.not_found(base, intent, f"问题没有说明要查哪一项目标（{wording.scope(q)}）。", "no_metric")
        if q.metric_by_district:  # 武进三大集群产值和钟楼六大产业规模: each district's own metric in its own rows
            hits, unmatched = [], []
            for d, own in q.metric_by_district.items():
                found, missing = target_rules.find(self.index, own, [i for i in rows if self.registry.doc_district.get(self.tasks[i].doc_id) == d], q.measure)
                hits += found[:1]
                unmatched += [] if found else missing or [own]
            if unmatched:
                hits = []
        else:
            hits, unmatched = target_rules.find(self.index, metric, rows, q.measure)
        if not hits and not unmatched and target_rules.is_generic(self.index, self.index.constituents(metric)):
            return self.not_found(base, intent, f"问题没有说明要查哪一项目标（“{metric}”太笼统），请写明指标名称，例如“新增公共停车泊位”。", "no_metric")
        if not hits:
            absent = [w for w in unmatched if not any(c.text == w and c.partial for c in self.index.constituents(metric))]
            what = "、".join(unmatched) if unmatched else metric
            reason = "no_topic" if absent else "no_target"
            text = f"未找到{wording.scope(q, empty='')}关于“{what}”的量化目标" + ("（索引中没有任务涉及这一内容）。" if absent else "：相关任务没有设定这一数值。")
            ans = self.not_found(base, intent, text, reason)
            ans.related = [self.cite(i) for i in self.index.nearest(metric, rows)]
            return ans
        top = hits[0]
        rivals = [h for h in hits[1:] if h.cover >= top.cover - 1e-9 and h.target.value != top.target.value and self.tasks[h.row].doc_id == self.tasks[top.row].doc_id]
        if rivals and not q.compare:  # two targets name the metric equally well: say both, state neither
            both = [top] + rivals
            text = f"{wording.scope(q, metric)}的目标有{len(both)}项同样符合，请写明是哪一项：" + "；".join(f"{wording.target_text(h.target)}（{wording.label(self.tasks[h.row])}）" for h in both) + "。"
            return Answer(**base, answer=text, tasks=[self.tasks[h.row] for h in both], paragraphs=self._paragraphs(q), intent=intent, citations=[self.cite(h.row) for h in both])
        best_by: dict[str, target_rules.TargetHit] = {}
        for h in hits:
            best_by.setdefault(self.district(self.tasks[h.row].doc_id), h)
        if not q.compare:  # one district unless another is (nearly) as good a match
            best_by = {d: h for d, h in best_by.items() if h.cover >= top.cover - 0.1}
        chosen = list(best_by.values())
        # a lookup lists the chosen rows first, then the next candidates; a comparison only its rows
        order = [h.row for h in chosen] if q.compare else list(dict.fromkeys([h.row for h in chosen] + [h.row for h in hits]))[:5]
        value = unit = None
        units = {h.target.unit for h in chosen}
        if len(chosen) == 1:
            h = chosen[0]
            value, unit = h.target.value, h.target.unit
            text = f"{wording.scope(q, metric)}的目标：{wording.target_text(h.target)}（{wording.label(self.tasks[h.row])}）。"
        else:
            text = "；".join(f"{d}：{wording.target_text(h.target)}（{wording.label(self.tasks[h.row])}）" for d, h in best_by.items()) + "。"
            numbers = [(h.target.value, d) for d, h in best_by.items() if isinstance(h.target.value, (int, float))]
            if q.aggregate and len(numbers) == len(chosen):
                if len(units) > 1:
                    text += f"计量单位不同（{'/'.join(sorted(units))}），不宜直接比较。"
                elif q.aggregate == "diff" and len(numbers) == 2:
                    value, unit = _round(abs(numbers[0][0] - numbers[1][0])), next(iter(units))
                    text += f"相差{value}{unit}。"
                elif q.aggregate in ("more", "less"):
                    pick = max(numbers) if q.aggregate == "more" else min(numbers)
                    text += f"{pick[1]}{'更多' if q.aggregate == 'more' else '更少'}。"
            elif len(units) > 1:
                text += f"注意计量单位不同（{'/'.join(sorted(units))}）。"
        if q.metric_by_district and len(chosen) > 1:
            text += "（所比的是各区不同的指标：" + "；".join(f"{d}区{m}" for d, m in q.metric_by_district.items()) + "）"
        by = {d: {"value": h.target.value, "unit": h.target.unit, "qualifier": h.target.qualifier, "text": h.target.text, "seq": self.tasks[h.row].seq} for d, h in best_by.items()}
        return Answer(**base, answer=text, tasks=[self.tasks[i] for i in order], paragraphs=self._paragraphs(q), intent=intent, value=value, unit=unit, by_district=by, citations=[self.cite(h.row) for h in chosen])

    def not_found(self, base: dict, intent: str, text: str, reason: str) -> Answer:
        return Answer(**base, answer=text, found=False, intent=intent, reason=reason)

    # ---- names, citations, paragraphs ------------------------------------------------------------------
    def unit_names(self, q: Query, docs: set[str]) -> list[str]:
        """Each asked unit as the table prints it when one name is printed in scope (区城管局), else its alias core."""
        out = []
        for core in q.units:
            printed = {u for _, u in self.registry.units_in(core, docs)}
            out.append(printed.pop() if len(printed) == 1 else core)
        return out

    def _seqs(self, rows: list[int]) -> str:
        """#4、#47 — with each district's name in front when the rows come from more than one."""
        groups = self._groups([self.tasks[i] for i in rows])
        if len(groups) <= 1:
            return wording.seq_list(self.tasks[i] for i in rows)
        return "，".join(f"{d}{wording.seq_list(g)}" for d, g in groups.items())

    def district(self, doc_id: str) -> str:
        d = self.registry.doc_district.get(doc_id)
        return f"{d}区" if d else doc_id

    def _groups(self, tasks: list[Task]) -> dict[str, list[Task]]:
        groups: dict[str, list[Task]] = defaultdict(list)
        for t in tasks:
            groups[self.district(t.doc_id)].append(t)
        return dict(groups)

    def _cite_task(self, t: Task) -> Citation:
        return Citation(doc_id=t.doc_id, seq=t.seq, number=t.number, source=t.source.cite())

    def cite(self, i: int) -> Citation:
        return self._cite_task(self.tasks[i])

    def _paragraphs(self, q: Query, k: int = 3) -> list[ParagraphRef]:
        text = q.metric or " ".join(q.topics)
        if self.paragraph_searcher is None or not text:
            return []
        hits = self.paragraph_searcher.search(text, k=k, dense=self.dense)
        return [ParagraphRef(doc_id=h.item.doc_id, line=h.item.line, text=h.item.text, score=h.score, page=h.item.page, index=h.item.index) for h in hits if h.bm25_rank is not None]


def _round(v):
    return round(v, 4) if isinstance(v, float) else v
