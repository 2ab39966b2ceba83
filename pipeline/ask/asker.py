"""Questions about assignments → a Query → rows → a cited answer.

1. **Understand** (query.py): names matched against the registry, the question's form, the
   subject words — or, with an LLM configured, the LLM's reading checked against the registry.
2. **Rows** (retrieve.py, subject.py, topic.py): hard filters from the names; the subject by
   retrieval with a calibrated cut; a subject no row contains is "not found", with the closest
   rows as related.
3. **Numbers** (targets.py): a target only when its own clause names the metric asked.
4. **Answer** (answers.py, each kind; wording.py, the sentence): one sentence, the rows (lists in
   document order, lookups best first), citations, related report paragraphs when reports are
   indexed. The Asker here runs the steps and picks the kind of answer. With an LLM, it may
   order the candidate rows and write the sentence; every row it keeps must be a candidate and
   every number must be in a kept row, or the rules' answer stands.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.ask import wording
from pipeline.ask.answers import Answers
from pipeline.ask.entities import EntityMatcher
from pipeline.ask.llm import LLM_EXTRA_CANDIDATES, read_query, write_answer
from pipeline.ask.query import Query, understand
from pipeline.ask.retrieve import RowIndex
from pipeline.errors import InputError
from pipeline.index.registry import Registry
from pipeline.index.search import Searcher
from pipeline.schema import Answer, Task

_UNKNOWN_TEXT = {"unit": "不是已知的单位", "person": "不是已知的分管领导", "district": "索引中没有该区（县）的分解表"}


class Asker:
    """Answers questions over one store; rows, registry and indexes are loaded once."""

    def __init__(self, store, dense: bool = True, llm=None):
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
        self.answers = Answers(self.tasks, self.registry, self.index, self.paragraph_searcher, dense)

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
            query, note = read_query(self.llm, question.strip(), query, self.registry)
            notes += [note] if note else []
            by = "rules" if note else "llm"
        ans, candidates = self._answer(query, question.strip(), qid)
        ans.notes = notes + ans.notes
        ans.understood_by = by
        if self.llm is not None and ans.found and ans.tasks:
            write_answer(self.llm, ans, self.answers.district, [self.tasks[i] for i in candidates] if candidates else None)
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
                return self.answers.not_found(base, intent, f"“{q.unknown}”可指{'、'.join(q.candidates)}，请写明是哪一位。", "ambiguous_leader"), None
            near = f"；相近的单位：{'、'.join(q.candidates)}" if q.candidates else ""
            reason = {"unit": "unknown_unit", "person": "unknown_leader", "district": "unknown_district"}[kind]
            return self.answers.not_found(base, intent, f"索引中没有“{q.unknown}”（{_UNKNOWN_TEXT[kind]}{near}），未找到相关任务。", reason), None
        docs = self.index.scope_docs(q)
        if not docs:
            scope = "、".join([f"{d}区" for d in q.districts] + [f"{y}年" for y in q.years])
            return self.answers.not_found(base, intent, f"索引中没有{scope}的分解表，未找到相关任务。", "no_table"), None
        if q.per_name:
            return self.answers.per_name(q, base, intent, docs), None
        rows = self.index.filtered(q, docs)
        if not rows:
            return self.answers.not_found(base, intent, f"未找到{wording.scope(q, unit_names=self.answers.unit_names(q, docs))}的任务。", "no_rows"), None
        if q.intent == "number":
            return self.answers.number(q, base, intent, rows), None
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
                ans = self.answers.not_found(base, intent, self._no_topic_text(q, match.missing), "no_topic" if match.missing else "no_row_about_topic")
                ans.related = [self.answers.cite(i) for i in self.index.nearest("".join(q.topics), rows)]
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
        ans = self.answers.rows(q, base, intent, rows, topic, docs)
        if note:
            ans.notes.append(note)
        return ans, candidates

    # ---- helpers -----------------------------------------------------------------------------------------
    def _no_topic_text(self, q: Query, missing: list[str]) -> str:
        if missing:
            where = "所问范围内的任务都没有提到这一内容" if all(self.index.contains(w) for w in missing) else "索引中没有任务提到这一内容"
            return f"未找到{wording.scope(q, empty='')}涉及“{'、'.join(missing)}”的任务（{where}）。"
        return f"未找到{wording.scope(q, '、'.join(q.topics))}的任务。"
