"""The Chinese font the charts are drawn with, found once and cached.

Font search (``cjk_font``), first hit wins; a candidate counts only if its cmap
really has glyphs for every character of ``PROBE`` ("任务单位完成"):

1. ``$GOVTASKS_CJK_FONT`` — a font file (.ttf/.otf/.ttc, registered with
   matplotlib's font manager) or an installed family name.  If it is missing or
   lacks Chinese glyphs a ``UserWarning`` is issued and the search continues.
2. The families in ``PREFERRED_FAMILIES``, in order.
3. Any face ``fc-list :lang=zh`` reports (when fc-list exists), then any face
   in ``font_manager.fontManager.ttflist``.

The result is cached per value of the environment variable.  Chart functions
raise ``NoCJKFont`` when nothing is found instead of drawing boxes.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import warnings
from pathlib import Path

from matplotlib import font_manager, ft2font

from pipeline.errors import GovTasksError
from pipeline.settings import settings, variable

ENV_VAR = variable("cjk_font")  # GOVTASKS_CJK_FONT
PROBE = "任务单位完成"
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC",
    "Droid Sans Fallback", "AR PL UMing CN",
)
FC_REGULAR = 80         # fontconfig's weight of a Regular face


class NoCJKFont(GovTasksError):
    """No installed font can draw Chinese text."""

    def __init__(self) -> None:
        super().__init__("未找到含中文字形的字体 — 请安装 fonts-noto-cjk（apt），"
                         f"或将 {ENV_VAR} 设为一个 .ttf/.otf/.ttc 字体文件")


def _covers(path: str, index: int = 0, text: str = PROBE) -> bool:
    """True when face *index* of the font file has a real glyph for every char.

    The glyphs must also be distinct: placeholder fonts such as the "Last Resort"
    font bundled with matplotlib map a whole Unicode block to one box glyph.
    """
    try:
        try:
            font = ft2font.FT2Font(path, face_index=index)
        except TypeError:  # matplotlib < 3.10 has no face_index
            font = ft2font.FT2Font(path)
        glyphs = [font.get_char_index(ord(ch)) for ch in text]
    except (OSError, RuntimeError, ValueError):
        return False
    return 0 not in glyphs and len(set(glyphs)) == len(set(text))


def _simplified(family: str) -> bool:
    """Family name of a Simplified-Chinese face (preferred over JP/KR/TC/HK)."""
    return any(tag in family for tag in ("SC", "CN", "GB", "Hans"))


def _family_usable(family: str) -> bool:
    """Installed (exact name, as matplotlib knows it) and has Chinese glyphs."""
    try:
        found = font_manager.findfont(font_manager.FontProperties(family=family),
                                      fallback_to_default=False)
    except ValueError:
        return False
    return _covers(str(found), getattr(found, "face_index", 0))


def _family_in_file(path: str, index: int | None = None) -> str | None:
    """Register *path* with matplotlib if needed; family name of a covering face.

    In a .ttc collection a Simplified-Chinese face (…SC/CN/GB/Hans) is preferred.
    """
    key = os.path.realpath(path)
    entries = [e for e in font_manager.fontManager.ttflist if os.path.realpath(e.fname) == key]
    if not entries:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            return None
        entries = [e for e in font_manager.fontManager.ttflist if os.path.realpath(e.fname) == key]
    entries.sort(key=lambda e: (not _simplified(e.name), getattr(e, "index", 0), e.name))
    for e in entries:
        face = getattr(e, "index", 0)
        if (index is None or face == index) and _covers(e.fname, face):
            return e.name
    return None


def _fc_list_zh() -> list[tuple[str, int]]:
    """(file, face index) of fontconfig's Chinese faces, Simplified-Chinese ones first."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\t%{family}\t%{weight}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = set()
    for line in out.splitlines():
        file, index, family, weight = (line.split("\t") + ["", "", ""])[:4]
        if file and Path(file).suffix.lower() in {".ttf", ".otf", ".ttc"}:
            # regular faces first: registering only a Bold file (NotoSansCJK-Bold.ttc sorts before
            # -Regular) makes matplotlib draw every label bold and warn that weight 400 is missing
            w = abs(_number(weight, 80) - FC_REGULAR)
            faces.add((not _simplified(family), w, file, int(index) if index.isdigit() else 0))
    return [(file, index) for _, _, file, index in sorted(faces)]


def _number(text: str, default: float) -> float:
    try:
        return float(text.split()[0].strip("[]"))
    except (ValueError, IndexError):
        return default


def _from_env(value: str) -> str | None:
    if os.path.isfile(value):
        return _family_in_file(value)
    return value if _family_usable(value) else None


@functools.lru_cache(maxsize=8)
def _find_cjk_family(env_value: str | None) -> str | None:
    if env_value:
        family = _from_env(env_value)
        if family:
            return family
        warnings.warn(f"{ENV_VAR}={env_value!r} is not an installed font with Chinese glyphs; "
                      "falling back to the system font search", UserWarning, stacklevel=3)
    for family in PREFERRED_FAMILIES:
        if _family_usable(family):
            return family
    for file, index in _fc_list_zh():
        family = _family_in_file(file, index)
        if family:
            return family
    for e in sorted(font_manager.fontManager.ttflist,
                    key=lambda e: (not _simplified(e.name), e.name, e.fname)):
        if _covers(e.fname, getattr(e, "index", 0)):
            return e.name
    return None


def cjk_font() -> font_manager.FontProperties | None:
    """A font (by family name, registered with matplotlib) that draws Chinese, or None."""
    family = _find_cjk_family(settings().cjk_font)
    return font_manager.FontProperties(family=family) if family else None
