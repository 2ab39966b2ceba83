"""Document metadata: a stable doc_id, the issuing district and the year.

Taken from the title or text where the document states them; else from --district/--year
or a sidecar file `<stem>.meta.json` next to the document. Never guessed silently: when the
district stays unknown, a warning says so and doc_id falls back to the file name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from pipeline.errors import InputError
from pipeline.schema import DocMeta, Sidecar
from pipeline.text.places import division_ending_at

_YEAR = re.compile(r"(20\d{2})\s*年")
# "常州市钟楼区2026年…", "钟楼区人民政府", "武进区《2026年政府工作报告》"
_DISTRICT = re.compile(r"((?:(?!年)[\u4e00-\u9fff]){2,3}?(?:区|县|市|旗))(?=\s*(?:人民政府|政府|20\d{2}|《|“|关于|目标|主要))")
_NOT_DISTRICTS = {"全区", "各区", "本区", "城区", "开发区", "高新区", "园区", "社区", "片区", "辖区", "示范区", "全市", "各市", "本市", "全县", "各县", "本县", "经开区", "新区", "市区", "景区", "街区", "主城区", "老城区", "省市"}


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def read_sidecar(path: Path) -> dict:
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(side), f"sidecar metadata is not valid JSON ({exc})", 'write it as {"district": "武进区", "year": 2026}')
    if not isinstance(data, dict):
        raise InputError(str(side), "sidecar metadata must be a JSON object", 'write it as {"district": "武进区", "year": 2026}')

    try:
        return Sidecar.model_validate(data).model_dump(exclude_none=True)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"]) or "(top)"
        raise InputError(str(side), f"sidecar field “{field}”: {err['msg']} (got {err.get('input')!r})"[:200], 'write it as {"district": "武进区", "year": 2026, "doc_id": "wujin_2026"}')


_ISSUER_BEFORE = re.compile(r"\s*(?:人民政府|政府|20\d{2}|《|“|关于|目标|主要|$)")


def named_issuer(line: str) -> Optional[str]:
    """The division a line names as its issuer, by the gazetteer: a full name (the innermost of a
    run: 常州市钟楼区 → 钟楼区) right before 政府, a year, a title mark or the end of the line."""
    for m in _ISSUER_BEFORE.finditer(line):
        if m.start() >= 2 and (name := division_ending_at(line, m.start())):
            return name
    return None


def stated_district(lines: list[str]) -> Optional[str]:
    for line in lines:
        if name := named_issuer(line):
            return name
        for m in _DISTRICT.finditer(line):
            name = m.group(1)
            # "常州市钟楼区" → the innermost unit is the district
            if name.endswith(("区", "县")):
                rest = re.split(r"[省市州]", name)[-1]
                name = rest if len(rest) >= 3 else name
            if name not in _NOT_DISTRICTS and not name.endswith(("开发区", "高新区")):
                return name
    return None


def stated_year(lines: list[str]) -> Optional[int]:
    for line in lines:
        m = _YEAR.search(line)
        if m:
            return int(m.group(1))
    return None


def pick_title(lines: list[str]) -> Optional[str]:
    for line in lines:
        if any(k in line for k in ("分解", "责任", "任务")) and len(line) <= 60:
            return line.strip()
    return lines[0].strip() if lines else None


# Official romanizations that differ from plain toneless pinyin so that two names stay apart:
# 陕西 is spelled Shaanxi (山西 is Shanxi), as on maps and in the national standard.
ROMANIZED = {"陕西": "shaanxi"}


def pinyin(text: str) -> str:
    """Chinese spelled in toneless pinyin, with the official romanizations above."""
    from pypinyin import lazy_pinyin  # heavy (~0.5 s): loaded only for a Chinese name

    for name, latin in ROMANIZED.items():
        text = text.replace(name, latin)
    return "".join(lazy_pinyin(text))


def slug(text: str) -> str:
    """An ASCII id from a name; Chinese is spelled in pinyin (2026_广东省 → 2026_guangdongsheng)."""
    if re.search(r"[\u4e00-\u9fff]", text):
        text = pinyin(text)
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_") or "doc"


def district_slug(district: str) -> str:
    return slug(pinyin(re.sub(r"(区|县|市|旗)$", "", district)))


def build_meta(path: Path, display: str, title_lines: list[str], district: Optional[str] = None, year: Optional[int] = None, doc_id: Optional[str] = None) -> tuple[DocMeta, list[str]]:
    """Returns the metadata and warnings for the user."""
    warnings: list[str] = []
    side = read_sidecar(path)
    title = pick_title(title_lines)
    head = title_lines[:12]
    d_stated, y_stated = stated_district(head), stated_year(head)

    def choose(flag, side_value, stated, name):
        if flag:
            if stated and str(stated) != str(flag):
                warnings.append(f"{display}: --{name} {flag} differs from the document, which states {stated}; using {flag}")
            return flag, "flag"
        if stated:
            return stated, "title"
        if side_value:
            return side_value, "sidecar"
        return None, None

    d, d_from = choose(district, side.get("district"), d_stated, "district")
    y, y_from = choose(year, side.get("year"), y_stated, "year")
    if y is not None:
        try:
            y = int(y)
        except (TypeError, ValueError):
            raise InputError(display, f"year '{y}' is not a number", "pass --year 2026")
    if d is None:
        warnings.append(f"{display}: the document does not state its district; pass --district or add {sidecar_path(Path(display)).name}")
    if y is None:
        warnings.append(f"{display}: the document does not state its year; pass --year or add {sidecar_path(Path(display)).name}")
    if doc_id is None:
        doc_id = side.get("doc_id") or (f"{district_slug(d)}_{y}" if d and y else slug(path.stem))
    meta = DocMeta(doc_id=doc_id, path=display, title=side.get("title") or title, district=d, year=y, district_from=d_from, year_from=y_from)
    return meta, warnings
