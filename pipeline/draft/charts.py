"""Bar charts with Chinese labels for progress reports and notebooks.

Figures are built with ``matplotlib.figure.Figure`` + ``FigureCanvasAgg``, so
rendering always uses Agg and never touches pyplot's global backend (safe to
import in a notebook that already uses pyplot).

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
from typing import Mapping, Sequence, Union

from matplotlib import font_manager, ft2font, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.errors import GovTasksError

ENV_VAR = "GOVTASKS_CJK_FONT"
PROBE = "任务单位完成"
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC",
    "Droid Sans Fallback", "AR PL UMing CN",
)
STATUSES = ("完成", "推进中", "滞后", "未填报")
STATUS_COLOURS = {"完成": "#2e7d32", "推进中": "#1565c0", "滞后": "#e4572e", "未填报": "#9e9e9e"}
LEAD_COLOURS = {"牵头": "#1f4e79", "参与": "#9dc3e6"}
GOAL_COLOUR = "#2f6f9f"
MAX_LABEL = 14          # longer unit/goal names are cut to 13 chars + "…"
WIDTH_IN = 16 / 2.54    # fits an A4 Word page with normal margins

PathLike = Union[str, "os.PathLike[str]"]


class NoCJKFont(GovTasksError):
    """No installed font can draw Chinese text."""

    def __init__(self) -> None:
        super().__init__("no font with Chinese glyphs found — install fonts-noto-cjk (apt) "
                         f"or set {ENV_VAR} to a .ttf/.otf/.ttc file")


# ---------------------------------------------------------------- font search

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
        out = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\t%{family}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = set()
    for line in out.splitlines():
        file, index, family = (line.split("\t") + ["", ""])[:3]
        if file and Path(file).suffix.lower() in {".ttf", ".otf", ".ttc"}:
            faces.add((not _simplified(family), file, int(index) if index.isdigit() else 0))
    return [(file, index) for _, file, index in sorted(faces)]


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
    family = _find_cjk_family(os.environ.get(ENV_VAR) or None)
    return font_manager.FontProperties(family=family) if family else None


# ---------------------------------------------------------------- data shaping

def _short(name: str, limit: int = MAX_LABEL) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _check_counts(values: Sequence[int]) -> None:
    if any(v < 0 for v in values):
        raise ValueError("counts must not be negative")


def _lead_matrix(counts: Mapping[str, tuple[int, int]], top: int = 20
                 ) -> tuple[list[str], dict[str, list[int]]]:
    """Units sorted by lead count desc, then name; at most *top* of them."""
    if not counts:
        raise ValueError("nothing to chart")
    units = sorted(counts, key=lambda u: (-counts[u][0], u))[:max(top, 1)]
    series = {"牵头": [counts[u][0] for u in units], "参与": [counts[u][1] for u in units]}
    for values in series.values():
        _check_counts(values)
    return units, series


def _status_matrix(status: Mapping[str, Mapping[str, int]]
                   ) -> tuple[list[str], dict[str, list[int]]]:
    """Units sorted by total desc, then name; one list per status in STATUSES order.

    A missing status counts 0; an unknown status is an error (it would be dropped).
    """
    if not status:
        raise ValueError("nothing to chart")
    for unit, row in status.items():
        unknown = sorted(set(row) - set(STATUSES))
        if unknown:
            raise ValueError(f"{unit}: unknown status {unknown} — expected one of {list(STATUSES)}")
    units = sorted(status, key=lambda u: (-sum(status[u].values()), u))
    series = {s: [int(status[u].get(s, 0)) for u in units] for s in STATUSES}
    for values in series.values():
        _check_counts(values)
    return units, series


def _fig_size(n_bars: int, legend: bool) -> tuple[float, float]:
    """(width, height) in inches: 16 cm wide, 0.3 in per bar plus title/axis room."""
    return WIDTH_IN, max(2.4, 1.1 + (0.3 if legend else 0) + 0.3 * n_bars)


# ---------------------------------------------------------------- drawing

def _text_colour(colour: str) -> str:
    r, g, b = to_rgb(colour)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else "black"


def _draw(labels: list[str], series: dict[str, list[int]], colours: Mapping[str, str],
          path: PathLike, title: str, xlabel: str, ylabel: str, dpi: int) -> Path:
    """Horizontal (stacked) bars, first label on top; totals at bar ends; atomic PNG write."""
    font = cjk_font()
    if font is None:
        raise NoCJKFont()
    legend = len(series) > 1
    out = Path(path)
    part = out.with_name(out.name + ".part")
    rc = {"font.family": font.get_family(), "axes.unicode_minus": False}
    with rc_context(rc):
        fig = Figure(figsize=_fig_size(len(labels), legend), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ys = range(len(labels))
        totals = [sum(col) for col in zip(*series.values())]
        xmax = max(max(totals), 1)
        left = [0] * len(labels)
        for name, values in series.items():
            bars = ax.barh(ys, values, left=left, color=colours[name], label=name, height=0.65)
            if legend:  # segment counts inside, where there is room
                inside = [str(v) if v >= 0.06 * xmax else "" for v in values]
                ax.bar_label(bars, labels=inside, label_type="center", fontsize=8,
                             color=_text_colour(colours[name]))
            left = [a + b for a, b in zip(left, values)]
        for y, total in zip(ys, totals):
            ax.text(total + 0.01 * xmax, y, str(total), va="center", ha="left", fontsize=8)
        ax.set_yticks(list(ys), [_short(u) for u in labels], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, xmax * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        fig.suptitle(title, fontsize=12, fontweight="bold")
        if legend:
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series),
                      frameon=False, fontsize=9)
        try:
            fig.savefig(part, format="png", dpi=dpi)
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
    return out


def tasks_per_unit(counts: Mapping[str, tuple[int, int]], path: PathLike,
                   title: str = "各单位牵头/参与任务数", top: int = 20, dpi: int = 200) -> Path:
    """Stacked bars per unit: tasks it leads, and tasks it only takes part in."""
    units, series = _lead_matrix(counts, top)
    return _draw(units, series, LEAD_COLOURS, path, title, "任务数", "单位", dpi)


def targets_by_goal(counts: Mapping[str, int], path: PathLike,
                    title: str = "各目标量化指标数", dpi: int = 200) -> Path:
    """One bar per goal, in the given (document) order."""
    if not counts:
        raise ValueError("nothing to chart")
    goals = list(counts)
    values = [int(counts[g]) for g in goals]
    _check_counts(values)
    return _draw(goals, {"指标数": values}, {"指标数": GOAL_COLOUR}, path, title,
                 "量化指标数", "目标", dpi)


def status_by_unit(status: Mapping[str, Mapping[str, int]], path: PathLike,
                   title: str = "各单位任务进展状态", dpi: int = 200) -> Path:
    """Stacked bars per unit of 完成 / 推进中 / 滞后 / 未填报 counts (fixed order and colours)."""
    units, series = _status_matrix(status)
    return _draw(units, series, STATUS_COLOURS, path, title, "任务数", "单位", dpi)
