"""Leader and unit names: normalisation, splitting several in one cell, telling people from units."""

from __future__ import annotations

import re
from functools import lru_cache

_WS = re.compile(r"\s+")
_HAN = re.compile(r"^[\u4e00-\u9fff·]+$")

# Common surnames (single and double). Used only to tell a cell of people's names from units.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤印裴盛翟倪殷庞詹柏应"
)
_DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯")

# Endings that mark an organisation rather than a person.
UNIT_SUFFIXES = (
    "局", "办", "委", "部", "区", "街道", "镇", "乡", "集团", "中心", "队", "院", "所", "站", "会", "园", "公司",
    "处", "科", "室", "团", "联", "行", "社", "厅", "署", "馆", "校", "大学", "银行", "单位",
)
_COLLECTIVE = ("各", "相关", "有关", "全区", "各级")


def normalise(name: str) -> str:
    """"王  斐" → "王斐"; ASCII parentheses → full-width."""
    s = _WS.sub("", name or "")
    return s.replace("(", "（").replace(")", "）")


def is_person_name(token: str) -> bool:
    s = normalise(token)
    if not _HAN.match(s) or not 2 <= len(s) <= 4:
        return False
    if s.endswith(UNIT_SUFFIXES) or s.startswith(_COLLECTIVE):
        return False
    if s[:2] in _DOUBLE_SURNAMES:
        return len(s) >= 3
    return s[0] in _SURNAMES and len(s) <= 3


def looks_complete(token: str) -> bool:
    s = normalise(token)
    return s.endswith(UNIT_SUFFIXES) or s.endswith("）") or is_person_name(s)


def _split_line(line: str) -> list[str]:
    """Split one line on whitespace, but never inside a name.

    "王  斐" is one name with a spacing gap (a single character does not stand alone);
    "王行杰 江文亭" is two names. A unit wrapped across a space ("区文商旅发展 促进中心") cannot
    be told from two units ("西太湖 中以园") by text alone and stays split.
    """
    tokens = [t for t in _WS.split(line.strip()) if t]
    if len(tokens) <= 1:
        return tokens
    out: list[str] = []
    for t in tokens:
        if out and (len(t) == 1 or len(out[-1]) == 1):
            out[-1] += t
        else:
            out.append(t)
    return out


def split_names(cell: str) -> list[str]:
    """Every leader or unit in a cell, in printed order, normalised.

    Line breaks and spaces separate entries; 、 separates units unless the entry is a
    collective one ("各镇、开发区、街道" is one entry).
    """
    return list(_split_names(cell or ""))


@lru_cache(maxsize=8192)  # a table repeats its leader and unit cells row after row
def _split_names(cell: str) -> tuple[str, ...]:
    out: list[str] = []
    for line in _rejoin_broken_lines(cell.splitlines()):
        for token in (t for raw in _split_line(line) for t in _COLLECTIVE_START.split(raw) if t):
            for part in (q for listed in _split_list(token) for p in _split_enum(listed) for q in _split_after_paren(p)):
                name = normalise(part)
                if name:
                    out.append(name)
    return tuple(out)


# a collective entry glued after a unit ("先行集团相关镇、开发区、街道") starts a new entry; one that is
# complete in itself ("相关单位", "各部门") ends one ("相关单位、湖塘镇" is two entries)
_COLLECTIVE_START = re.compile(r"(?<=[局办委部队心团司镇道园区位联会])(?=(?:各|相关|有关)(?:镇|街道|单位|部门|开发区|区))|(?:(?<=相关单位)|(?<=有关单位)|(?<=相关部门)|(?<=有关部门)|(?<=各单位)|(?<=各部门))、?(?=[\u4e00-\u9fff])")


def _rejoin_broken_lines(lines: list[str]) -> list[str]:
    """A line break inside parentheses ("区应急管理局（安委" / "办）") is a wrap, not a new name."""
    out: list[str] = []
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and normalise(out[-1]).count("（") > normalise(out[-1]).count("）"):
            out[-1] += line
        else:
            out.append(line)
    return out


_AFTER_PAREN = re.compile(r"(?<=）)(?=[\u4e00-\u9fff]{2,}?(?:" + "|".join(UNIT_SUFFIXES) + r")(?:（[^）]*）)?(?:$|[\u4e00-\u9fff]))")


def _split_after_paren(token: str) -> list[str]:
    """A unit's parenthetical alias ends its name: "区委组织部（人才办）区科技局" is two units
    (two lines of a PDF cell that ran together)."""
    s = normalise(token)
    if "）" not in s[:-1]:
        return [token]
    parts = [p for p in _AFTER_PAREN.split(s) if p]
    return parts if all(looks_complete(p) for p in parts) else [token]


_LIST_SEP = re.compile(r"[，,；;]")


def _split_list(token: str) -> list[str]:
    """"相关单位，各镇、开发区" — a comma or semicolon between entries that are each a whole unit,
    collective entry or person is a list (a clerk's choice when an entry itself holds 、)."""
    if not _LIST_SEP.search(token):
        return [token]
    parts = [p for p in _LIST_SEP.split(token) if p.strip()]
    if len(parts) > 1 and all(_unit_like(p) or normalise(p).startswith(_COLLECTIVE) or is_person_name(p) for p in parts):
        return parts
    return [token]


def _split_enum(token: str) -> list[str]:
    if "、" not in token or token.startswith(_COLLECTIVE):
        return [token]
    parts = [p for p in token.split("、") if p]
    if all(_unit_like(p) for p in parts) or all(is_person_name(p) for p in parts):
        return parts
    return [token]


def _unit_like(part: str) -> bool:
    """A unit's name, its parenthetical aside: 政府办（金融）, 妇联, 团区委."""
    core = re.sub(r"（[^）]*）$", "", normalise(part))
    return len(core) >= 2 and core.endswith(UNIT_SUFFIXES) and not core.startswith(_COLLECTIVE)


def is_people_cell(cell: str) -> bool:
    names = _split_names(cell or "")
    return bool(names) and all(is_person_name(n) for n in names)
