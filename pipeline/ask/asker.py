"""Questions about assignments → a Query → rows → a cited answer.

1. **Understand** (query.py): names matched against the registry, the question's form, the
   subject words — or, with an LLM configured, the LLM's reading checked against the registry.
2. **Rows** (retrieve.py): hard filters from the names; the subject by retrieval with a
   calibrated cut; a subject no row contains is "not found", with the closest rows as related.
3. **Numbers** (targets.py): a target only when its own clause names the metric asked.
4. **Answer** (wording.py): one sentence, the rows (lists in document order, lookups best
   first), citations, related report paragraphs when reports are indexed. With an LLM, it may
   order the candidate rows and write the sentence; every row it keeps must be a candidate and
   every number must be in a kept row, or the rules' answer stands.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from pipeline.ask.entities import EntityMatcher
from pipeline.ask.query import Query, understand
from pipeline.ask.retrieve import RowIndex
from pipeline.ask import targets as target_rules
from pipeline.ask import wording
from pipeline.ask.llm import LLM_EXTRA_CANDIDATES
from pipeline.errors import InputError
from pipeline.index.registry import Registry
from pipeline.schema import Answer, Citation, ParagraphRef, Task

_UNKNOWN_TEXT = {"unit": "不是已知的单位", "person": "不是已知的分管领导", "district": "索引中没有该区（县）的分解表"}


class Asker:
    """Answers questions over one store; rows, registry and indexes are loaded once."""

    def __init__(self, store, dense: bool = True, llm=None):
        from pipeline.index.search import Searcher

        self.store = store
        docs = store.documents()
        if not docs:
            raise InputError(str(store.root), "the index is empty", "run `govtasks index corpus/` (or --store DIR) first")
        self.tasks: list[Task] = store.tasks()
        if not self.tasks:
            raise InputError(str(store.root), "the index holds no decomposition table rows", "index at least one table with `govtasks index TABLE`")
        self.dense = dense
        self.llm = llm
        vectors = None
        if dense:  # open the vector index now, so a broken one is reported before any answer
            store.collection("table").count()
            vectors = store.task_vectors(self.tasks)
        self.registry = Registry.build(self.tasks, docs)
        self.index = RowIndex(self.tasks, self.registry, vectors, store.embedder if vectors is not None else None)
        self.matcher = EntityMatcher(self.registry, self.index.contains)
        self.paragraph_searcher = Searcher(store, "report") if any(m.kind == "report" for m in docs.values()) else None

    # ---- understanding ----------------------------------------------------------------------------
    def understand(self, question: str) -> Query:
        q = question.strip()
        if not q or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", q):
            raise InputError("question", "the question is empty", 'ask e.g. "商务局牵头哪些任务？"')
        query = understand(q, self.matcher, self.index.contains)
        if not (query.districts or query.units or query.leaders or query.goals or query.years or query.topics or query.unknown or query.has_target or query.missing):
            raise InputError("question", f"nothing in “{q}” names a unit, leader, district, goal or subject the index knows", "name one, e.g. 商务局牵头哪些任务？ or 哪些任务涉及人工智能？")
        return query

    def ask(self, question: str, qid: Optional[str] = None) -> Answer:
        query = self.understand(question)
        notes: list[str] = []
        by = "rules"
        if self.llm is not None:
            from pipeline.ask.llm import read_query

            query, note = read_query(self.llm, question.strip(), query, self.registry)
            notes += [note] if note else []
            by = "rules" if note else "llm"
        ans, candidates = self._answer(query, question.strip(), qid)
        ans.notes = notes + ans.notes
        ans.understood_by = by
        if self.llm is not None and ans.found and ans.tasks:
            from pipeline.ask.llm import write_answer

            write_answer(self.llm, ans, self._district, [self.tasks[i] for i in candidates] if candidates else None)
        return ans

    # ---- answering -----------------------------------------------------------------------------------
    def answer(self, q: Query, question: str, qid: Optional[str] = None) -> Answer:
        """The rules' answer to a question already understood."""
        return self._answer(q, question, qid)[0]

    def _answer(self, q: Query, question: str, qid: Optional[str] = None) -> tuple[Answer, Optional[list[int]]]:
        """The answer, and for a list chosen by its subject the candidate rows an LLM may choose from."""
        entities = {"districts": q.districts, "units": q.units, "leaders": q.leaders, "goals": q.goals, "years": [str(y) for y in q.years]}
        if q.topics:
            entities["topic"] = q.topics
        base = dict(id=qid, question=question, entities=entities, query=q.model_dump(mode="json"))
        intent = ("compare_" if q.compare else "") + q.intent
        if q.unknown:
            kind = q.unknown_kind or "unit"
            if kind == "ambiguous":
                return self._not_found(base, intent, f"“{q.unknown}”可指{'、'.join(q.candidates)}，请写明是哪一位。", "ambiguous_leader"), None
            near = f"；相近的单位：{'、'.join(q.candidates)}" if q.candidates else ""
            reason = {"unit": "unknown_unit", "person": "unknown_leader", "district": "unknown_district"}[kind]
            return self._not_found(base, intent, f"索引中没有“{q.unknown}”（{_UNKNOWN_TEXT[kind]}{near}），未找到相关任务。", reason), None
        docs = self.index.scope_docs(q)
        if not docs:
            scope = "、".join([f"{d}区" for d in q.districts] + [f"{y}年" for y in q.years])
            return self._not_found(base, intent, f"索引中没有{scope}的分解表，未找到相关任务。", "no_table"), None
        if q.per_name:
            return self._per_name(q, base, intent, docs), None
        rows = self.index.filtered(q, docs)
        if not rows:
            return self._not_found(base, intent, f"未找到{wording.scope(q, unit_names=self._unit_names(q, docs))}的任务。", "no_rows"), None
        if q.intent == "number":
            return self._number(q, base, intent, rows), None
        topic = None
        if q.topics:
            match = self.index.topic(q.topics, rows, q.every_topic, q.quoted)
            entity_scoped = bool(q.units or q.leaders or q.goals or q.has_target or q.missing)
            if match.rows:
                # who leads X asks about X itself: the rows holding all of it (“爱心榕”行动, 办好“钟超”),
                # else those holding one subject whole, when there are any
                if q.intent in ("who_unit", "who_leader"):
                    rows = match.every if len(q.topics) > 1 and match.every else match.literal or match.rows
                else:
                    rows = match.rows
                topic = "、".join(q.topics)
            elif entity_scoped and not q.marked:
                pass  # words of phrasing (承担了…, 都要做…), not a subject: the names decide
            else:
                ans = self._not_found(base, intent, self._no_topic_text(q, match.missing), "no_topic" if match.missing else "no_row_about_topic")
                ans.related = [self._cite(i) for i in self.index.nearest("".join(q.topics), rows)]
                return ans, None
        candidates = None
        note = None
        if topic is not None and match.unsaid:
            note = f"没有任务直接写到“{'、'.join(match.unsaid)}”，以下是与问题整体最相关的任务。"
        if topic is not None and match.joint is False:
            note = f"没有任务同时涉及“{'”和“'.join(q.topics)}”，以下是涉及其中之一的任务。"
        if topic is not None:
            extra = [i for i in match.ranked if i not in set(rows)][: LLM_EXTRA_CANDIDATES]
            candidates = rows + extra
        ans = self._rows_answer(q, base, intent, rows, topic, docs)
        if note:
            ans.notes.append(note)
        return ans, candidates

    def _rows_answer(self, q: Query, base: dict, intent: str, rows: list[int], topic: Optional[str], docs: set[str]) -> Answer:
        tasks = [self.tasks[i] for i in rows]
        groups = self._groups(tasks)
        head = wording.scope(q, topic, self._unit_names(q, docs))
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

    def _per_name(self, q: Query, base: dict, intent: str, docs: set[str]) -> Answer:
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
            label = self._unit_names(one, docs)[0] if q.per_name == "unit" else name
            groups[label] = rows
        counts = {n: len(r) for n, r in groups.items()}
        every = sorted({i for r in groups.values() for i in r})
        role = ("作为责任单位" if q.role == "responsible" else "牵头") if q.per_name == "unit" else "分管"
        if not every:
            return self._not_found(base, intent, f"未找到{'、'.join(names)}{role}的任务。", "no_rows")
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

    def _number(self, q: Query, base: dict, intent: str, rows: list[int]) -> Answer:
        metric = q.metric or "".join(q.topics)
        if not metric:
            return self._not_found(base, intent, f"问题没有说明要查哪一项目标（{wording.scope(q)}）。", "no_metric")
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
            return self._not_found(base, intent, f"问题没有说明要查哪一项目标（“{metric}”太笼统），请写明指标名称，例如“新增公共停车泊位”。", "no_metric")
        if not hits:
            absent = [w for w in unmatched if not any(c.text == w and c.partial for c in self.index.constituents(metric))]
            what = "、".join(unmatched) if unmatched else metric
            reason = "no_topic" if absent else "no_target"
            text = f"未找到{wording.scope(q, empty='')}关于“{what}”的量化目标" + ("（索引中没有任务涉及这一内容）。" if absent else "：相关任务没有设定这一数值。")
            ans = self._not_found(base, intent, text, reason)
            ans.related = [self._cite(i) for i in self.index.nearest(metric, rows)]
            return ans
        top = hits[0]
        rivals = [h for h in hits[1:] if h.cover >= top.cover - 1e-9 and h.target.value != top.target.value and self.tasks[h.row].doc_id == self.tasks[top.row].doc_id]
        if rivals and not q.compare:  # two targets name the metric equally well: say both, state neither
            both = [top] + rivals
            text = f"{wording.scope(q, metric)}的目标有{len(both)}项同样符合，请写明是哪一项：" + "；".join(f"{wording.target_text(h.target)}（{wording.label(self.tasks[h.row])}）" for h in both) + "。"
            return Answer(**base, answer=text, tasks=[self.tasks[h.row] for h in both], paragraphs=self._paragraphs(q), intent=intent, citations=[self._cite(h.row) for h in both])
        best_by: dict[str, target_rules.TargetHit] = {}
        for h in hits:
            best_by.setdefault(self._district(self.tasks[h.row].doc_id), h)
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
        return Answer(**base, answer=text, tasks=[self.tasks[i] for i in order], paragraphs=self._paragraphs(q), intent=intent, value=value, unit=unit, by_district=by, citations=[self._cite(h.row) for h in chosen])

    # ---- helpers -----------------------------------------------------------------------------------------
    def _no_topic_text(self, q: Query, missing: list[str]) -> str:
        if missing:
            where = "所问范围内的任务都没有提到这一内容" if all(self.index.contains(w) for w in missing) else "索引中没有任务提到这一内容"
            return f"未找到{wording.scope(q, empty='')}涉及“{'、'.join(missing)}”的任务（{where}）。"
        return f"未找到{wording.scope(q, '、'.join(q.topics))}的任务。"

    def _not_found(self, base: dict, intent: str, text: str, reason: str) -> Answer:
        return Answer(**base, answer=text, found=False, intent=intent, reason=reason)

    def _unit_names(self, q: Query, docs: set[str]) -> list[str]:
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

    def _district(self, doc_id: str) -> str:
        d = self.registry.doc_district.get(doc_id)
        return f"{d}区" if d else doc_id

    def _groups(self, tasks: list[Task]) -> dict[str, list[Task]]:
        groups: dict[str, list[Task]] = defaultdict(list)
        for t in tasks:
            groups[self._district(t.doc_id)].append(t)
        return dict(groups)

    def _cite_task(self, t: Task) -> Citation:
        return Citation(doc_id=t.doc_id, seq=t.seq, number=t.number, source=t.source.cite())

    def _cite(self, i: int) -> Citation:
        return self._cite_task(self.tasks[i])

    def _paragraphs(self, q: Query, k: int = 3) -> list[ParagraphRef]:
        text = q.metric or " ".join(q.topics)
        if self.paragraph_searcher is None or not text:
            return []
        hits = self.paragraph_searcher.search(text, k=k, dense=self.dense)
        return [ParagraphRef(doc_id=h.item.doc_id, line=h.item.line, text=h.item.text, score=h.score, page=h.item.page, index=h.item.index) for h in hits if h.bm25_rank is not None]


def _round(v):
    return round(v, 4) if isinstance(v, float) else v
