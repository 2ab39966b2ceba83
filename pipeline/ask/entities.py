"""Names in a question, found by matching the question against the registry — never by
stripping words off it.

- **Exact forms** (every printed name and alias the registry knows: 区商务局, 商务局, 武进区商务局,
  钟楼资规分局, leaders, districts, goal labels) are found in one pass of an Aho–Corasick automaton
  (pyahocorasick), leftmost-longest, without overlaps.
- **Abbreviations.** A Chinese short form keeps characters of the full name in order: 市监局 for
  市场监管局, 文商旅中心 for 区文商旅发展促进中心, 钟楼金控集团 for the printed 钟金控集团. A unit-looking
  phrase the automaton did not cover is matched to the unit whose name it is a subsequence of (or
  that is a subsequence of it) with the same organisational ending (rapidfuzz's LCSseq); a tie
  between units of different names is no match.
- **Stems.** 城管 / 住建 / 发改 (a unit's name without 局/中心/集团) name the unit when the question
  uses them as an agent — before a role verb (城管牵头…, 住建那边…) or after a district — or when no
  row's text contains them; otherwise (教育方面…) they stay words of the subject.
- **Leaders** by name, and by surname + title (王区长) when one leader has that surname.
- **Unknown names** are reported, not guessed: a unit-looking phrase that matches no unit, a person's
  name before 分管/负责 that is no leader, a district or city (from the division gazetteer) that no
  indexed document belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from pipeline.ask.frame import frame_words, is_verb
from pipeline.extract.names import UNIT_SUFFIXES, is_person_name
from pipeline.index.lexical import jieba_tokenizer
from pipeline.index.registry import Mention, Registry
from pipeline.text.places import places

# organisational endings a stem is cut from, longest first
_ORG_ENDINGS = ("委员会", "办公室", "分局", "中心", "集团", "公司", "大队", "局", "委", "办")
# a word right after a stem that makes it an agent (城管牵头…, 住建那边…)
_AGENT_AFTER = re.compile(r"^(?:区)?(?:的)?(?:牵头|负责|承担|参与|配合|分管|主抓|主管|那边|这边|那里|这里|单位|部门|方面牵头|来牵头|作为)")
# organisational endings that make a token a unit's name (weak ones only in tokens of 3+ characters)
_STRONG_ENDINGS = ("局", "委", "办", "中心", "集团", "公司", "大队", "委员会", "办公室")
_WEAK_ENDINGS = ("镇", "乡", "部", "街道")
_PHRASE_HEAD = re.compile(r"^(?:请问|请|麻烦|帮我|查一下|查查|列一下|看看|哪些|哪个|哪家|什么|是否|有关|关于|由|的|在|和|与|及|是|有|给|让|跟|对|把|被)+")
_PERSON_BEFORE_VERB = re.compile(r"([\u4e00-\u9fff]{2,3})(?=(?:同志|副区长|区长)?(?:分管|负责|主管|联系|主抓))")
_TITLE = re.compile(r"([\u4e00-\u9fff])(?:副区长|区长|主任|书记)")
_NOT_PEOPLE = ("领导", "区长", "单位", "部门", "任务", "工作", "哪位", "谁", "哪个", "这个", "那个", "都")


@dataclass(frozen=True)
class Unknown:
    kind: str  # unit | person | district | ambiguous (a title that fits several leaders)
    name: str
    candidates: tuple[str, ...] = ()


def _ending(name: str) -> str:
    return next((e for e in sorted(UNIT_SUFFIXES, key=len, reverse=True) if name.endswith(e)), "")


def _stem(core: str) -> str:
    for e in _ORG_ENDINGS:
        if core.endswith(e) and len(core) - len(e) >= 2:
            return core[: -len(e)]
    return ""


def _is_subsequence(short: str, long: str) -> bool:
    from rapidfuzz.distance import LCSseq  # heavy: loaded on first use

    return LCSseq.similarity(short, long) == len(short)


class EntityMatcher:
    """Built once per registry; `find(question)` gives the mentions and any unknown name."""

    def __init__(self, registry: Registry, row_text_contains: Callable[[str], bool]):
        import ahocorasick  # heavy: loaded on first use

        self.registry = registry
        self._contains = row_text_contains
        self._auto = ahocorasick.Automaton()
        for surface, (kind, key) in registry.surfaces.items():
            if len(surface) >= 2:
                self._auto.add_word(surface, (surface, kind, key))
        stems: dict[str, set[str]] = {}
        for core in registry.units:
            s = _stem(core)
            if s and s not in registry.surfaces:
                stems.setdefault(s, set()).add(core)
        self.stems = {s: next(iter(c)) for s, c in stems.items() if len(c) == 1}
        for s, core in self.stems.items():
            self._auto.add_word(s, (s, "unit_stem", core))
        self._auto.make_automaton()
        self.surnames: dict[str, list[str]] = {}
        for name in sorted(registry.leaders):
            self.surnames.setdefault(name[0], []).append(name)
        # every printed unit name with its alias core, for abbreviation matching
        self._units = [(printed, core) for core, members in registry.units.items() for _, printed in members]

    # ---- exact and stem forms --------------------------------------------------------------
    def _exact(self, q: str) -> list[Mention]:
        hits = sorted(((end - len(surface) + 1, end + 1, surface, kind, key) for end, (surface, kind, key) in self._auto.iter(q)), key=lambda h: (h[0], -(h[1] - h[0])))
        chosen: list[tuple] = []
        taken = [False] * len(q)
        # longest first, then leftmost: 建设美丽钟楼 (a goal) before 钟楼 (a district)
        for h in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
            if not any(taken[h[0] : h[1]]):
                chosen.append(h)
                for i in range(h[0], h[1]):
                    taken[i] = True
        out = []
        for start, end, surface, kind, key in sorted(chosen):
            if kind == "unit_stem":
                if not self._stem_is_agent(q, start, end, out):
                    continue
                kind = "unit"
            out.append(Mention(kind, surface, start, end, key))
        return out

    def _stem_is_agent(self, q: str, start: int, end: int, before: list[Mention]) -> bool:
        """城管牵头…, 住建那边…, 武进发改…: an agent. 教育方面…, 生态环境保护…: a subject word."""
        after = q[end:]
        if _AGENT_AFTER.match(after) or any(m.kind == "district" and m.end == start for m in before):
            return True
        if re.match(r"[\u4e00-\u9fff]", after[:1]) and not after.startswith("的"):
            return False  # glued to more text: part of a longer word
        return not self._contains(q[start:end])

    # ---- abbreviations ----------------------------------------------------------------------
    def abbreviation(self, phrase: str) -> Optional[str]:
        """The unit core a short or long form names (市监局 → 市场监管局), or None."""
        end = _ending(phrase)
        if not end or len(phrase) < 3:
            return None
        cores: set[str] = set()
        for printed, core in self._units:
            if _ending(printed) != end and _ending(core) != end:
                continue
            for name in {printed, core, re.sub(r"（[^）]*）", "", printed)}:
                if len(name) >= 3 and (_is_subsequence(phrase, name) or _is_subsequence(name, phrase)) and phrase[0] in name + core:
                    cores.add(core)
        return next(iter(cores)) if len(cores) == 1 else None

    def closest_units(self, phrase: str, n: int = 3) -> tuple[str, ...]:
        """Known unit names nearest to an unknown one (for the "not found" message)."""
        from rapidfuzz import fuzz, process  # heavy: loaded on first use

        names = sorted({printed for printed, _ in self._units})
        return tuple(name for name, score, _ in process.extract(phrase, names, scorer=fuzz.ratio, limit=n) if score >= 50)

    # ---- the whole question -------------------------------------------------------------------
    def find(self, q: str) -> tuple[list[Mention], Optional[Unknown]]:
        mentions = self._exact(q)
        titled, unknown = self._titles(q, mentions)
        mentions += titled
        for start, end, phrase in self._unit_phrases(q, mentions):
            core = self.abbreviation(phrase)
            if core is not None:
                mentions.append(Mention("unit", phrase, start, end, core))
            elif unknown is None:
                unknown = Unknown("unit", phrase, self.closest_units(phrase))
        mentions.sort(key=lambda m: m.start)
        unknown = unknown or self._unknown_person(q, mentions) or self._unknown_place(q, mentions)
        for m in re.finditer(r"(20\d\d)\s*年", q):
            if not any(x.start <= m.start() < x.end for x in mentions):
                mentions.append(Mention("year", m.group(0), m.start(), m.end(), m.group(1)))
        return sorted(mentions, key=lambda m: m.start), unknown

    def _titles(self, q: str, mentions: list[Mention]) -> tuple[list[Mention], Optional[Unknown]]:
        """王区长 → the one leader surnamed 王; several → an ambiguous name (ask for the full name)."""
        out, ambiguous = [], None
        for m in _TITLE.finditer(q):
            names = self.surnames.get(m.group(1), [])
            if not names or any(x.start <= m.start() < x.end for x in mentions):
                continue
            if len(names) == 1:
                out.append(Mention("leader", m.group(0), m.start(), m.end(), names[0]))
            elif ambiguous is None:
                ambiguous = Unknown("ambiguous", m.group(0), tuple(names))
        return out, ambiguous

    def _unit_phrases(self, q: str, mentions: list[Mention]):
        """Unit-looking phrases outside the known mentions, as (start, end, phrase): a jieba token
        with an organisational ending (局/委/办/中心/集团/公司/大队; 镇/乡/部/街道 only as a
        token of three or more characters, not the common nouns 城镇/干部), with the open
        tokens right before it (气象 + 局, 文商旅 + 中心). Phrases the rows' text contains, whole or
        from one of their open tokens on (组建 + 文旅集团), are words of the subject, not names."""
        masked = list(q)
        for m in mentions:
            for i in range(m.start, m.end):
                masked[i] = " "
        text = "".join(masked)
        tokens, pos = [], 0
        for tok in jieba_tokenizer().lcut(text):
            tokens.append((pos, tok))
            pos += len(tok)
        stop = frame_words()
        for k, (start, tok) in enumerate(tokens):
            strong = tok.endswith(_STRONG_ENDINGS)
            weak = tok.endswith(_WEAK_ENDINGS) and len(tok) >= 3
            if not (strong or weak) or tok in stop or is_verb(tok):
                continue  # 举办, 督办: a verb ending in 办 is no organisation
            first = k
            while first > 0 and len(q[tokens[first - 1][0] : start + len(tok)]) <= 9:
                prev = tokens[first - 1][1]
                if not re.fullmatch(r"[\u4e00-\u9fff]+", prev) or prev in stop or _PHRASE_HEAD.fullmatch(prev):
                    break
                first -= 1
            begin = tokens[first][0]
            phrase = q[begin : start + len(tok)]
            if len(phrase) < 2 or phrase in stop:
                continue
            # the phrase, or a part of it from an open token on (组建文旅集团: the rows write 文旅集团,
            # what the task sets up), written in the rows: the subject's words; the ending alone only
            # when the phrase is nothing more
            starts = range(first, k) if first < k else (k,)
            if any(self._contains(q[tokens[f][0] : start + len(tok)]) for f in starts):
                continue
            yield begin, start + len(tok), phrase

    def _unknown_person(self, q: str, mentions: list[Mention]) -> Optional[Unknown]:
        known = {m.surface for m in mentions if m.kind == "leader"}
        for m in _PERSON_BEFORE_VERB.finditer(q):
            for name in (m.group(1), m.group(1)[-2:]):
                if name in known or any(w in name for w in _NOT_PEOPLE):
                    break
                if any(x.start <= m.start(1) + len(m.group(1)) - len(name) < x.end for x in mentions):
                    break
                if is_person_name(name) and not self._contains(name):
                    return Unknown("person", name)
        return None

    def _unknown_place(self, q: str, mentions: list[Mention]) -> Optional[Unknown]:
        """A district or county (from the division gazetteer) named in the question that no
        indexed document belongs to: 天宁区城管局…, 新北区今年…. Cities are not checked (常州市武进区
        names a known district inside its city)."""
        known = {d for d in self.registry.doc_district.values() if d}
        named = {m.key for m in mentions if m.kind == "district"}
        for place in sorted(places(q)):
            core = place[:-1] if place.endswith(("区", "县")) else ""
            if core and core not in known and core not in named and not self._contains(place):
                return Unknown("district", place)
        return None
