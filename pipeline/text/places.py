"""Place names in a text: provinces, prefecture-level and county-level cities (full or short:
徐州市 / 徐州), districts and counties (full names only: 武进区, 忠县 — their short forms are too
often ordinary words). The gazetteer is the administrative-division table bundled with the cpca
package (read as data; nothing is downloaded).

A task that names a place its candidate paragraph does not — 支持绍兴开展… against a paragraph
that lists 杭州、宁波、温州 — is about another place, however much else the two share."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from functools import lru_cache
from pathlib import Path

_NOT_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


def _adcodes() -> list[tuple[str, str]]:
    spec = importlib.util.find_spec("cpca")  # located, not imported (importing it loads pandas)
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    if not path.is_file():
        return []
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    next(rows, None)
    return [(r[0], r[1]) for r in rows if len(r) >= 2 and r[0].isdigit()]


def short_name(name: str) -> str:
    """徐州市 → 徐州, 江苏省 → 江苏, 广西壮族自治区 → 广西; districts and counties unchanged."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], "re.Pattern | None"]:
    """surface form → canonical (short) name, and one pattern matching any surface form."""
    forms: dict[str, str] = {}
    for code, name in _adcodes():
        if len(name) < 2 or name in _NOT_NAMES:
            continue
        county = code[4:6] != "00"
        canonical = short_name(name)
        forms[name] = canonical
        if not county or name.endswith("市"):  # provinces and cities: the short form too
            if len(canonical) >= 2:
                forms.setdefault(canonical, canonical)
    if not forms:
        return {}, None
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    return forms, pattern


def places(text: str) -> set[str]:
    """The canonical names of the places a text names (longest match first)."""
    forms, pattern = _gazetteer()
    if pattern is None:
        return set()
    return {forms[m.group(0)] for m in pattern.finditer(text)}


@lru_cache(maxsize=1)
def _full_names() -> frozenset[str]:
    return frozenset(name for _, name in _adcodes() if len(name) >= 2 and name not in _NOT_NAMES)


def division_ending_at(text: str, end: int) -> "str | None":
    """The longest full name of an administrative division that ends at `end` in the text
    (…常州市钟楼区 → 钟楼区 at its end, 2026年江苏省 → 江苏省), or None."""
    names = _full_names()
    for start in range(max(0, end - 12), end - 1):
        if text[start:end] in names:
            return text[start:end]
    return None


def available() -> bool:
    return _gazetteer()[1] is not None
