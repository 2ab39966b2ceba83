"""Questions about assignments → entities + intent → filters + selection → a cited answer.

Deterministic first: who leads what, counts and target numbers are read off the rows by rules,
so the same question always gets the same, checkable answer. The steps:

1. Entities from the registry built from the index (units with aliases, leaders, districts,
   goals, years); a unit-looking or person-looking name the index does not know means "not
   found" rather than a guess.
2. Intent: a list (the default), a count (多少项), a target number (多少/目标是), who leads or
   who is in charge (哪个单位/哪位领导), each optionally across districts (两个区/分别/相差).
3. Filters from the entities; the rest of the question is the topic. A topic selects the rows
   whose text contains its anchor: the rarest of the topic's words (with a few synonyms such
   as AI/人工智能), widened to the phrase it forms with its neighbour when that word alone is
   common (安全 + 生产 → 安全生产). Term frequencies come from the whole index, so a topic only
   another district has gives "not found", not a near miss.
4. Target numbers: every target of the filtered rows is scored by the IDF-weighted character
   bigrams of the topic it covers (in its own clause and in its row); below MIN_TARGET_COVER
   nothing is claimed.
5. The answer: one sentence, the rows (lists in document order; lookups best first), citations
   (doc, seq, source lines), and related report paragraphs when reports are indexed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from pipeline.errors import InputError
from pipeline.registry import Mention, Registry
from pydantic import BaseModel, Field

from pipeline.schema import Answer, Citation, ParagraphRef, Target, Task

MIN_TARGET_COVER = 0.55  # share of the topic's bigram weight a target (clause + row) must cover
COMMON_SHARE = 0.03  # a topic word in more than this share of rows (and > 5 rows) is too common alone

SYNONYMS = {"人工智能": ("AI",), "AI": ("人工智能",), "地区生产总值": ("GDP",), "GDP": ("地区生产总值",)}

# question scaffolding: not part of any topic
_STOP = set(
    "哪些 哪个 哪位 哪家 哪项 什么 多少 几 几项 项 任务 工作 事项 有 有没有 是 是否 的 了 吗 呢 么 相关 方面 涉及 关于 有关 提到 提及 "
    "和 与 及 以及 或 或者 分别 两个 两 区 个 由 单位 牵头 负责 分管 领导 区领导 责任 目标 是多少 要 在 达到 完成 情况 内容 "
    "共有 一共 总共 共 哪 下 中 里 其中 请问 请 列出 所有 全部 这些 各 对 为 把 被 给 等 具体 主要 事 做 开展 都 还 也 怎么 "
    "如何 多 少 相差 差 比较 对比 谁 同志 主管 联系 数 条 件 分解表 分解 表 清单 台账 目标任务 任务数 多少项 几个 那些 "
    "点名 提及 包括 包含 说到 写到 列入 今年 各是 各为 "
    "部门 方面的 之间 各自 分别是 更 高 大 小 低 哪里 哪儿 么样 怎样 力争 到 达 稳定 实现 计划 预期 全年 年".split()
)
_COUNT = re.compile(r"多少项(?!目)|几项(?!目)|多少个任务|多少条|多少件|任务数|几个任务|共有多少|一共多少|总共多少|有多少个?任务")
_NUMBER = re.compile(r"多少|几(?:[台部家个万亿户人次条所座处套间公里亩]|%)|目标[是为]?\s*[？?]?\s*$|达到|是几")
_UNIT_HINT = re.compile(r"多少\s*([台部家个户人次所座处套间亩吨元]|万人|万亩|公里|亿元|万元)")
_WHO_LEADER = re.compile(r"哪位.{0,3}领导|谁分管|哪位.{0,2}分管|分管领导是谁|由谁|哪些领导|哪位")
_WHO_UNIT = re.compile(r"哪个单位|哪些单位|哪家单位|谁牵头|牵头单位是|哪个部门|哪些部门")
_COMPARE = re.compile(r"两个区|两区|各区|两地|分别|各是|各为|各自|哪个区|哪个多|哪个少|哪个高|哪个大|哪个低|相差|差多少|对比|比较")
_DIFF = re.compile(r"相差|差多少|差几")
_MORE = re.compile(r"哪个.{0,16}?(?:多|高|大)|谁.{0,4}(?:多|高)")
_LESS = re.compile(r"哪个.{0,16}?(?:少|低|小)|谁.{0,4}(?:少|低)")
_BIGRAM_STRIP = re.compile(r"[\s“”\"'‘’「」《》（）()、，。；：？！?!,.;:·—\-]")


def _norm(text: str) -> str:
    return _BIGRAM_STRIP.sub("", text).upper()


def _bigrams(text: str) -> list[str]:
    """Character bigrams within each comma-separated part (none across a removed word)."""
    out = []
    for part in text.split("，"):
        s = _norm(part)
        out += [s[i : i + 2] for i in range(len(s) - 1)]
    return out


def _clause(content: str, text: str, stops: str = "，。；;,\n") -> str:
    """The clause of the row (between ，。；) holding a target's text: 实施智能微电网、源网荷储一体化项目 7 个."""
    at = content.find(text)
    if at < 0:
        return text
    start = max(content.rfind(c, 0, at) for c in stops) + 1
    ends = [e for e in (content.find(c, at + len(text)) for c in stops) if e >= 0]
    return content[start : min(ends) if ends else len(content)]


@dataclass
class Parsed:
    question: str
    mentions: list[Mention]
    districts: list[str]
    units: list[str]
    leaders: list[str]
    goals: list[str]
    years: list[int]
    role: str  # lead | responsible
    intent: str  # list | count | number | who_leader | who_unit
    compare: bool
    residual: str  # the topic words, joined
    loose: str  # the question with names and scaffolding masked (for bigram matching)
    words: list[list[str]] = field(default_factory=list)  # topic words, in segments of adjacent words
    unit_hint: Optional[str] = None
    unknown: Optional[str] = None  # an unknown unit or person named in the question


class LLMAnswer(BaseModel):
    """What the LLM returns for prompts/ask_answer.j2."""

    answer: str = Field(min_length=2)
    citations: list[str] = Field(min_length=1)


LLM_MAX_ROWS = 30  # rows shown to the LLM; the rules' facts carry the full count
_CITE_MARK = re.compile(r"\[([A-Za-z0-9_\-]+#\d+)\]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


class Asker:
    """Answers questions over one store. Loads rows, registry and indexes once. With an LLM,
    the answer sentence is written by the LLM from the selected rows only, and checked."""

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
        if dense:  # open the vector index now, so a broken one is reported before any answer
            store.collection("table").count()
        self.registry = Registry.build(self.tasks, docs)
        self.searcher = Searcher(store, "table", items=self.tasks)
        self.paragraph_searcher = Searcher(store, "report") if any(m["kind"] == "report" for m in docs.values()) else None
        self._content = [_norm(t.content) for t in self.tasks]
        self._n = len(self.tasks)
        # document frequency of bigrams (for weighting) over every row's text
        self._bigram_df = Counter(b for c in self._content for b in {c[i : i + 2] for i in range(len(c) - 1)})

    # ---- understanding ------------------------------------------------------------------
    def parse(self, question: str) -> Parsed:
        from pipeline.index.lexical import tokenize  # noqa: F401  (registers the jieba logger level)
        import jieba

        q = question.strip()
        if not q or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", q):
            raise InputError("question", "the question is empty", 'ask e.g. "商务局牵头哪些任务？"')
        reg = self.registry
        mentions = reg.mentions(q)
        # a district named inside a unit's name (武进区工信局, 钟楼资规分局) narrows to that district too
        named = [m.key for m in mentions if m.kind == "district"]
        named += [reg.surfaces[d][1] for m in mentions if m.kind == "unit" for d in reg.district_names() if m.surface.startswith(d)]
        districts = list(dict.fromkeys(named))
        units = list(dict.fromkeys(m.key for m in mentions if m.kind == "unit"))
        leaders = list(dict.fromkeys(m.key for m in mentions if m.kind == "leader"))
        goals = list(dict.fromkeys(m.key for m in mentions if m.kind == "goal"))
        years = sorted({int(m.key) for m in mentions if m.kind == "year"})
        role = "responsible" if re.search(r"责任单位|参与|配合", q) else "lead"
        compare = bool(_COMPARE.search(q)) or len(districts) >= 2
        if _COUNT.search(q) or (_MORE.search(q) or _LESS.search(q)) and "任务" in q and "目标" not in q:
            intent = "count"
        elif _WHO_LEADER.search(q):
            intent = "who_leader"
        elif _WHO_UNIT.search(q):
            intent = "who_unit"
        elif (_NUMBER.search(q) or _MORE.search(q) or _LESS.search(q)) and not re.search(r"哪些|什么任务|有什么", q):
            intent = "number"
        else:
            intent = "list"
        masked = list(q)
        for m in mentions:
            for i in range(m.start, m.end):
                masked[i] = "，"
        residual = "".join(masked)
        for rx in (_COMPARE, _COUNT, _WHO_LEADER, _WHO_UNIT, _UNIT_HINT):
            residual = rx.sub(lambda m: "，" * len(m.group(0)), residual)
        segments: list[list[str]] = []
        current: list[str] = []
        loose_parts: list[str] = []
        for tok in jieba.lcut(residual):
            t = tok.strip()
            keep = bool(t) and t not in _STOP and not re.fullmatch(r"[\W_]+", t)
            loose_parts.append(t if keep else "，")
            if not t or t in _STOP or re.fullmatch(r"[\W_\d]+", t) or len(t) < 2 and not re.fullmatch(r"[A-Za-z]", t):
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(t)
        if current:
            segments.append(current)
        topic = "".join(w for seg in segments for w in seg)
        loose = re.sub(r"，+", "，", "".join(loose_parts)).strip("，")
        hint = _UNIT_HINT.search(q)
        unknown = next((u for u in (reg.unknown_unit(q, mentions), reg.unknown_person(q, mentions)) if u and not self._df(u)), None)
        p = Parsed(q, mentions, districts, units, leaders, goals, years, role, intent, compare, topic, loose, segments, hint.group(1) if hint else None, unknown)
        if not (districts or units or leaders or goals or years or segments or unknown):
            raise InputError("question", f"nothing in “{q}” names a unit, leader, district, goal or topic the index knows", "name one, e.g. 商务局牵头哪些任务？ or 哪些任务涉及人工智能？")
        return p

    def _df(self, term: str) -> int:
        forms = (_norm(term), *(_norm(s) for s in SYNONYMS.get(term, ())))
        return sum(any(f in c for f in forms) for c in self._content)

    def _split_compound(self, word: str) -> list[str]:
        """A long jieba word that the dictionary also knows in parts (物业管理 → 物业 / 管理)."""
        import jieba

        if len(word) < 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", word) or not self._df(word):
            return [word]  # a compound no row contains stays whole (轨道交通 is not 轨道)
        parts = [w for w in jieba.cut_for_search(word) if len(w) >= 2 and w != word]
        if "".join(parts) == word:
            return parts
        return [word]

    def anchor(self, segments: list[list[str]]) -> tuple[list[str], bool]:
        """The topic's anchor terms (all must occur in a row) and whether the question has a topic.

        Words in more than COMMON rows are generic (服务, 管理, 改造, 经济): they are dropped when the
        topic has specific words (物业管理服务 → 物业; 首店经济 → 首店; 直播电商 → 直播 + 电商). A topic
        of generic words only is read as the phrase the rarest one forms with its neighbours
        (安全 + 生产 → 安全生产). Words no row contains are ignored next to ones that occur; a
        topic made only of them has no anchor (nothing can match)."""
        segs = [[part for w in seg for part in self._split_compound(w)] for seg in segments]
        words = [(w, si, wi) for si, seg in enumerate(segs) for wi, w in enumerate(seg)]
        if not words:
            return [], False
        common = max(5, COMMON_SHARE * self._n)
        present = [(self._df(w), w, si, wi) for w, si, wi in words]
        present = [x for x in present if x[0] > 0]
        if not present:
            return [], True
        specific = [x for x in present if x[0] <= common]
        if specific:  # the rarest specific word, with the specific words next to it when the phrase occurs
            df, word, si, wi = min(specific, key=lambda x: (x[0], -len(x[1])))
            # neighbours as distinctive as the anchor itself join it (直播 + 电商); commoner ones do not (政府 + 债务)
            seg, ok = segs[si], {w for d2, w, s2, _ in specific if s2 == si and d2 <= df}
            a, b = wi, wi + 1
            while a > 0 and seg[a - 1] in ok:
                a -= 1
            while b < len(seg) and seg[b] in ok:
                b += 1
            spans = sorted(((x, y) for x in range(a, wi + 1) for y in range(wi + 1, b + 1)), key=lambda r: r[0] - r[1])
            return [next(("".join(seg[x:y]) for x, y in spans if self._df("".join(seg[x:y])) > 0), word)], True
        df, word, si, wi = min(present, key=lambda x: (x[0], -len(x[1])))
        seg = segs[si]
        phrases = ["".join(seg[a:b]) for a in range(max(0, wi - 2), wi + 1) for b in range(wi + 1, min(len(seg), wi + 3) + 1) if b - a >= 2]
        better = [(self._df(ph), ph) for ph in phrases]
        better = [x for x in better if x[0] > 0]
        if better:
            word = min(better, key=lambda x: (x[0], -len(x[1])))[1]
        return [word], True

    # ---- selecting ---------------------------------------------------------------------------
    def _scope_docs(self, p: Parsed) -> set[str]:
        docs = set(self.registry.doc_district)
        if p.districts:
            docs = {d for d in docs if self.registry.doc_district.get(d) in p.districts}
        if p.years:
            docs = {d for d in docs if self.registry.doc_year.get(d) in p.years}
        return docs

    def _filtered(self, p: Parsed, docs: set[str]) -> list[int]:
        reg = self.registry
        unit_names = [{u for _, u in reg.units_in(core, docs)} for core in p.units]
        out = []
        for i, t in enumerate(self.tasks):
            if t.doc_id not in docs:
                continue
            pool = t.responsible_units if p.role == "responsible" else t.lead_units
            if any(not (names & set(pool)) for names in unit_names):
                continue
            if any(name not in t.leaders for name in p.leaders):
                continue
            if any(g not in t.goal_path for g in p.goals):
                continue
            out.append(i)
        return out

    def _topic_rows(self, rows: list[int], terms: list[str]) -> list[int]:
        forms = [(_norm(t), *(_norm(s) for s in SYNONYMS.get(t, ()))) for t in terms]
        return [i for i in rows if all(any(f in self._content[i] for f in alts) for alts in forms)]

    def _cover(self, grams: list[str], text: str) -> float:
        weights = {g: math.log((self._n + 1) / (self._bigram_df[g] + 0.5)) for g in set(grams) if self._bigram_df[g] > 0}
        total = sum(weights.values())
        if not total:
            return 0.0
        s = _norm(text)
        return sum(w for g, w in weights.items() if g in s) / total

    def _best_targets(self, p: Parsed, rows: list[int]) -> list[tuple[float, int, Target]]:
        grams = _bigrams(p.loose)
        scored = []
        for i in rows:
            row_cover = self._cover(grams, self.tasks[i].content)
            for tg in self.tasks[i].targets:
                if tg.value is None:
                    continue
                clause = _clause(self.tasks[i].content, tg.text)
                local = _clause(clause, tg.text, "、，。；;,\n")  # 其中自主更新类4个, not 启动15个城中村改造项目
                score = 0.45 * row_cover + 0.45 * self._cover(grams, clause) + 0.10 * self._cover(grams, local)
                if p.unit_hint and tg.unit.startswith(p.unit_hint):
                    score += 0.15
                scored.append((score, i, tg))
        return sorted(scored, key=lambda x: (-x[0], x[1]))

    # ---- answering ----------------------------------------------------------------------------
    def ask(self, question: str, qid: Optional[str] = None) -> Answer:
        ans = self._ask_rules(question, qid)
        if self.llm is not None and ans.found and ans.tasks:
            self._write_with_llm(ans)
        return ans

    def _write_with_llm(self, ans: Answer) -> None:
        """Let the LLM write the sentence from the rows the rules chose; keep the rules' text
        when it fails or cites anything else."""
        from pipeline.llm import LLMError
        from pipeline.prompts import render

        shown = ans.tasks[:LLM_MAX_ROWS]
        allowed = {f"{t.doc_id}#{t.seq}": t for t in shown}
        rows = [
            {"doc_id": t.doc_id, "seq": t.seq, "goal": " / ".join(g for g in t.goal_path if g), "content": t.content.replace("\n", " "), "leaders": "、".join(t.leaders), "lead_units": "、".join(t.lead_units), "responsible_units": "、".join(t.responsible_units), "targets": "；".join(tg.text for tg in t.targets)}
            for t in shown
        ]
        messages = render("ask_answer", question=ans.question, facts=ans.answer, rows=rows, total=len(ans.tasks))
        evidence = ans.answer + " ".join(r["content"] + r["targets"] for r in rows) + " ".join(str(t.seq) for t in shown)

        def check(out: LLMAnswer) -> list[str]:
            problems = [f"“{c}” is not one of the rows given" for c in out.citations if c not in allowed]
            problems += [f"[{c}] in the text is not one of the rows given" for c in _CITE_MARK.findall(out.answer) if c not in allowed]
            text = _CITE_MARK.sub("", out.answer)
            problems += [f"the number {n} appears in no row given" for n in _DIGITS.findall(text) if n not in evidence]
            return problems

        try:
            out = self.llm.structured(messages, LLMAnswer, validate=check)
        except LLMError as exc:
            ans.notes.append(f"LLM not used: {exc}")
            return
        ans.answer = out.answer
        ans.answered_by = "llm"
        ans.citations = [self._cite_task(allowed[c]) for c in dict.fromkeys(out.citations)]

    def _cite_task(self, t: Task) -> Citation:
        return Citation(doc_id=t.doc_id, seq=t.seq, number=t.number, source=t.source.cite())

    def _ask_rules(self, question: str, qid: Optional[str] = None) -> Answer:
        p = self.parse(question)
        entities = {"districts": p.districts, "units": p.units, "leaders": p.leaders, "goals": p.goals, "years": [str(y) for y in p.years]}
        base = dict(id=qid, question=p.question, entities=entities)
        if p.unknown:
            return self._not_found(p, base, f"索引中没有“{p.unknown}”（不是已知的单位或分管领导），未找到相关任务。")
        docs = self._scope_docs(p)
        if not docs:
            scope = "、".join(p.districts + [f"{y}年" for y in p.years])
            return self._not_found(p, base, f"索引中没有{scope}的分解表，未找到相关任务。")
        rows = self._filtered(p, docs)
        terms, has_topic = self.anchor(p.words)
        anchor = "、".join(terms) or None
        if terms:
            entities["topic"] = terms
        elif has_topic:
            entities["topic"] = ["".join(w for seg in p.words for w in seg)]
        if p.intent == "number":
            return self._number(p, base, rows, docs)
        scoped = rows
        rows = [] if has_topic and not terms else self._topic_rows(rows, terms)
        if not rows:
            ans = self._not_found(p, base, f"未找到{self._scope_text(p, anchor or entities.get('topic', [''])[0])}的任务。")
            if scoped and has_topic:  # the closest rows in scope, offered as related (not as the answer)
                ids = {id(self.tasks[i]): i for i in scoped}
                hits = self.searcher.search(p.question, k=3, where=lambda t: id(t) in ids, dense=self.dense)
                ans.related = [self._cite(ids[id(h.item)]) for h in hits if id(h.item) in ids and h.bm25_rank is not None]
            return ans
        groups = self._by_district(p, rows)
        cites = [self._cite(i) for i in rows]
        tasks = [self.tasks[i] for i in rows]
        scope = self._scope_text(p, anchor)
        by: dict[str, dict] = {}
        value = unit = None
        if p.intent == "count":
            parts = [f"{d}{len(g)}项" for d, g in groups.items()]
            if p.compare and len(groups) >= 2:
                counts = [len(g) for g in groups.values()]
                value, unit = max(counts) - min(counts), "项"
                text = f"{scope}的任务：{'，'.join(parts)}，相差{value}项。"
            else:
                value, unit = len(rows), "项"
                text = f"{scope}的任务共{len(rows)}项" + (f"（{'，'.join(parts)}）" if len(groups) > 1 else "") + "。"
            by = {d: {"count": len(g)} for d, g in groups.items()}
        elif p.intent in ("who_leader", "who_unit"):
            parts = []
            for d, g in groups.items():
                names = list(dict.fromkeys(n for i in g for n in (self.tasks[i].leaders if p.intent == "who_leader" else self.tasks[i].lead_units)))
                by[d] = {"names": names, "seq": [self.tasks[i].seq for i in g]}
                parts.append(f"{d}：{'、'.join(names) or '（未写明）'}（{self._seq_list(g)}）")
            role = "分管领导" if p.intent == "who_leader" else "牵头单位"
            text = f"{scope}的任务{role}——" + "；".join(parts) + "。"
        else:
            parts = [f"{d}{len(g)}项" for d, g in groups.items()]
            text = f"{scope}的任务共{len(rows)}项" + (f"（{'，'.join(parts)}）" if len(groups) > 1 else "") + "：" + "；".join(f"{self._label(i)}{self._short(i)}" for i in rows[:12]) + ("……" if len(rows) > 12 else "") + "。"
            by = {d: {"count": len(g)} for d, g in groups.items()}
        intent = ("compare_" if p.compare else "") + p.intent
        return Answer(**base, answer=text, tasks=tasks, paragraphs=self._paragraphs(p), intent=intent, value=value, unit=unit, by_district=by, citations=cites)

    def _number(self, p: Parsed, base: dict, rows: list[int], docs: set[str]) -> Answer:
        scored = [s for s in self._best_targets(p, rows) if s[0] >= MIN_TARGET_COVER]
        if not scored:
            near = list(dict.fromkeys(i for _, i, _ in self._best_targets(p, rows)))[:3]
            ans = self._not_found(p, base, f"未找到{self._scope_text(p, p.residual)}的目标数值。")
            ans.related = [self._cite(i) for i in near]
            return ans
        best_by: dict[str, tuple[float, int, Target]] = {}
        for s in scored:
            d = self._district_name(self.tasks[s[1]].doc_id)
            best_by.setdefault(d, s)
        top = scored[0]
        if not p.compare:  # one district unless another is (nearly) as good a match
            best_by = {d: s for d, s in best_by.items() if s[0] >= top[0] - 0.1}
        chosen = list(best_by.values())
        order = list(dict.fromkeys([i for _, i, _ in chosen] + [i for _, i, _ in scored]))[:5]
        parts = [f"{d}：{self._target_text(tg)}（{self._label(i)}）" for d, (_, i, tg) in best_by.items()]
        value = unit = None
        if len(chosen) == 1:
            value, unit = chosen[0][2].value, chosen[0][2].unit
            what = re.sub(r"(的?目标[是为]?|的)$", "", re.sub(r"[，\s？?！!。]+", "", p.loose))
            text = f"{self._scope_text(p, what)}的目标：{self._target_text(chosen[0][2])}（{self._label(chosen[0][1])}）。"
        else:
            text = "；".join(parts) + "。"
            units = {tg.unit for _, _, tg in chosen}
            values = [(tg.value, d) for d, (_, _, tg) in best_by.items() if isinstance(tg.value, (int, float))]
            if (_MORE.search(p.question) or _LESS.search(p.question)) and len(values) == len(chosen):
                if len(units) == 1:
                    pick = max(values) if _MORE.search(p.question) else min(values)
                    text += f"{pick[1]}{'更多' if _MORE.search(p.question) else '更少'}。"
                else:
                    text += f"计量单位不同（{'/'.join(sorted(units))}），不宜直接比较。"
            elif len(units) > 1:
                text += f"注意计量单位不同（{'/'.join(sorted(units))}）。"
        by = {d: {"value": tg.value, "unit": tg.unit, "qualifier": tg.qualifier, "text": tg.text, "seq": self.tasks[i].seq} for d, (_, i, tg) in best_by.items()}
        intent = ("compare_" if p.compare else "") + "number"
        return Answer(**base, answer=text, tasks=[self.tasks[i] for i in order], paragraphs=self._paragraphs(p), intent=intent, value=value, unit=unit, by_district=by, citations=[self._cite(i) for _, i, _ in chosen])

    # ---- helpers -------------------------------------------------------------------------------
    def _not_found(self, p: Parsed, base: dict, text: str) -> Answer:
        return Answer(**base, answer=text, found=False, intent=("compare_" if p.compare else "") + p.intent)

    def _district_name(self, doc_id: str) -> str:
        d = self.registry.doc_district.get(doc_id)
        return f"{d}区" if d else doc_id

    def _by_district(self, p: Parsed, rows: list[int]) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i in rows:
            groups[self._district_name(self.tasks[i].doc_id)].append(i)
        return dict(groups)

    def _scope_text(self, p: Parsed, topic: Optional[str]) -> str:
        parts = []
        if p.years:
            parts.append("、".join(f"{y}年" for y in p.years))
        if p.districts:
            parts.append("、".join(f"{d}区" for d in p.districts))
        if p.leaders:
            parts.append("、".join(p.leaders) + "分管")
        if p.units:
            parts.append("、".join(p.units) + ("作为责任单位" if p.role == "responsible" else "牵头"))
        if p.goals:
            parts.append("“" + "”“".join(p.goals) + "”目标下")
        if topic:
            parts.append(f"涉及“{topic}”")
        return "".join(parts) or "全部"

    def _label(self, i: int) -> str:
        t = self.tasks[i]
        return f"[{t.doc_id} #{t.seq} {t.source.cite()}]"

    def _seq_list(self, rows: Iterable[int]) -> str:
        return "、".join(f"#{self.tasks[i].seq}" for i in rows)

    def _short(self, i: int, n: int = 28) -> str:
        c = self.tasks[i].content.replace("\n", "")
        return c if len(c) <= n else c[:n] + "…"

    @staticmethod
    def _target_text(tg: Target) -> str:
        if isinstance(tg.value, list):
            v = f"{tg.value[0]}—{tg.value[1]}"
        else:
            v = f"{tg.value}"
        qual = tg.qualifier.split("、") if tg.qualifier else []
        pre = "".join(q for q in qual if q in ("力争", "超", "超过", "不低于", "确保"))
        post = "".join(q for q in qual if q not in ("力争", "超", "超过", "不低于", "确保"))
        return f"{pre}{v}{tg.unit}{post}（原文：{tg.text}）"

    def _cite(self, i: int) -> Citation:
        t = self.tasks[i]
        return Citation(doc_id=t.doc_id, seq=t.seq, number=t.number, source=t.source.cite())

    def _paragraphs(self, p: Parsed, k: int = 3) -> list[ParagraphRef]:
        if self.paragraph_searcher is None or not p.residual:
            return []
        hits = self.paragraph_searcher.search(p.residual, k=k, dense=self.dense)
        return [ParagraphRef(doc_id=h.item.doc_id, line=h.item.line, text=h.item.text, score=h.score, page=h.item.page, index=h.item.index) for h in hits if h.bm25_rank is not None]


def read_questions(path) -> list[tuple[Optional[str], str]]:
    """A questions file: JSONL lines {"id", "question"} (other fields ignored)."""
    import json
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file", "give a JSONL file with {\"id\", \"question\"} lines")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not valid JSON ({exc.msg})", 'write one {"id": "q1", "question": "…"} per line')
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            raise InputError(f"{path}:{n}", "a line without a \"question\" string", 'write one {"id": "q1", "question": "…"} per line')
        out.append((None if obj.get("id") is None else str(obj["id"]), obj["question"]))
    if not out:
        raise InputError(str(path), "the file holds no questions", 'write one {"id": "q1", "question": "…"} per line')
    return out
