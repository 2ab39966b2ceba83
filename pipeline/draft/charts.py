"""Bar charts with Chinese labels for progress reports and notebooks.

Figures are built with ``matplotlib.figure.Figure`` + ``FigureCanvasAgg``, so
rendering always uses Agg and never touches pyplot's global backend (safe to
import in a notebook that already uses pyplot).

Labels are drawn in the font ``chart_font.cjk_font`` finds; chart functions
raise ``NoCJKFont`` when there is none instead of drawing boxes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, Sequence, Union

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.draft.chart_font import NoCJKFont, cjk_font
from pipeline.util.atomic import atomic_path

STATUSES = ("完成", "推进中", "滞后", "未填报")
STATUS_COLOURS = {"完成": "#2e7d32", "推进中": "#1565c0", "滞后": "#e4572e", "未填报": "#9e9e9e"}
LEAD_COLOURS = {"牵头": "#1f4e79", "参与": "#9dc3e6"}
GOAL_COLOUR = "#2f6f9f"
LINE_CHARS = 13         # a bar label wraps after this many characters …
MAX_LINES = 2           # … onto at most two lines (longer names end in "…")
TOP = 15                # bars shown at most: a chart must fit half an A4 page with its caption
WIDTH_IN = 15 / 2.54    # the width the report places it at (15 cm), so 9 pt is printed 9 pt
BAR_PITCH_IN = 0.22     # per bar of one label line; a second line adds LINE_IN
LINE_IN = 0.16

PathLike = Union[str, "os.PathLike[str]"]


# ---------------------------------------------------------------- data shaping

def label_lines(name: str, width: int = LINE_CHARS, lines: int = MAX_LINES) -> list[str]:
    """A bar label in lines of at most `width` characters (breaking after a 、/（ rather than in
    a word where one is near), at most `lines` of them, the last ending in … if cut."""
    out, rest = [], name
    while rest and len(out) < lines:
        if len(rest) <= width:
            out.append(rest)
            rest = ""
            break
        cut = width
        for i in range(width, width // 2, -1):  # break after punctuation or before an opening bracket
            if rest[i - 1] in "、，；/" or rest[i] in "（(":
                cut = i
                break
        out.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        out[-1] = out[-1][: width - 1] + "…"
    return out


def _short(name: str) -> str:
    return "\n".join(label_lines(name))


def _check_counts(values: Sequence[int]) -> None:
    if any(v < 0 for v in values):
        raise ValueError("counts must not be negative")


def lead_matrix(counts: Mapping[str, tuple[int, int]], top: int = TOP
                 ) -> tuple[list[str], dict[str, list[int]]]:
    """Units sorted by lead count desc, then total, then name; at most *top* of them."""
    if not counts:
        raise ValueError("nothing to chart")
    units = sorted(counts, key=lambda u: (-counts[u][0], -counts[u][1], u))[:max(top, 1)]
    series = {"牵头": [counts[u][0] for u in units], "参与": [counts[u][1] for u in units]}
    for values in series.values():
        _check_counts(values)
    return units, series


def shown(n: int, top: int = TOP) -> int:
    """How many of `n` names a chart with at most `top` bars shows."""
    return min(n, max(top, 1))


def _status_matrix(status: Mapping[str, Mapping[str, int]], top: int | None = None
                   ) -> tuple[list[str], dict[str, list[int]]]:
    """Units sorted by total desc, then name (at most *top*); one list per status in STATUSES order.

    A missing status counts 0; an unknown status is an error (it would be dropped).
    """
    if not status:
        raise ValueError("nothing to chart")
    for unit, row in status.items():
        unknown = sorted(set(row) - set(STATUSES))
        if unknown:
            raise ValueError(f"{unit}: unknown status {unknown} — expected one of {list(STATUSES)}")
    units = sorted(status, key=lambda u: (-sum(status[u].values()), u))[:top]
    series = {s: [int(status[u].get(s, 0)) for u in units] for s in STATUSES}
    for values in series.values():
        _check_counts(values)
    return units, series


def _fig_size(labels: Sequence[str], legend: bool, title: bool = False) -> tuple[float, float]:
    """(width, height) in inches: 15 cm wide; per bar a pitch for its label's lines, plus room
    for the axis, the legend and a title."""
    # bars are evenly spaced, so one two-line label widens every pitch
    lines = max((len(label_lines(lb)) for lb in labels), default=1)
    bars = len(labels) * (BAR_PITCH_IN + LINE_IN * (lines - 1))
    return WIDTH_IN, max(1.6, 0.65 + (0.3 if legend else 0) + (0.35 if title else 0) + bars)


# ---------------------------------------------------------------- drawing

def _text_colour(colour: str) -> str:
    r, g, b = to_rgb(colour)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else "black"


def _draw(labels: list[str], series: dict[str, list[int]], colours: Mapping[str, str],
          path: PathLike, title: str, xlabel: str, dpi: int) -> Path:
    """Horizontal (stacked) bars, first label on top; atomic PNG write.

    Each number is printed once: the total at the bar's end, and inside a bar the segment counts
    only when it has two or more segments. A series with no counts at all (no 参与 anywhere) is
    left out, legend entry included; the legend is drawn only when two or more series remain.
    `title` may be empty: in a report the caption under the picture names it."""
    font = cjk_font()
    if font is None:
        raise NoCJKFont()
    series = {k: v for k, v in series.items() if any(v)} or dict(list(series.items())[:1])
    legend = len(series) > 1
    out = Path(path)
    rc = {"font.family": font.get_family(), "font.weight": "normal", "axes.unicode_minus": False}
    with rc_context(rc):
        fig = Figure(figsize=_fig_size(labels, legend, bool(title)), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ys = range(len(labels))
        totals = [sum(col) for col in zip(*series.values())]
        segments = [sum(1 for v in col if v) for col in zip(*series.values())]
        xmax = max(max(totals), 1)
        left = [0] * len(labels)
        for name, values in series.items():
            bars = ax.barh(ys, values, left=left, color=colours[name], label=name, height=0.62)
            inside = [str(v) if v and n > 1 and v >= 0.06 * xmax else "" for v, n in zip(values, segments)]
            if any(inside):
                ax.bar_label(bars, labels=inside, label_type="center", fontsize=8,
                             color=_text_colour(colours[name]))
            left = [a + b for a, b in zip(left, values)]
        for y, total in zip(ys, totals):
            ax.text(total + 0.01 * xmax, y, str(total), va="center", ha="left", fontsize=8)
        ax.set_yticks(list(ys), [_short(u) for u in labels], fontsize=9)
        ax.invert_yaxis()
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_xlim(0, xmax * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel(xlabel, fontsize=9)
        if title:
            fig.suptitle(title, fontsize=11)
        if legend:
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series),
                      frameon=False, fontsize=8)
        with atomic_path(out) as part:
            fig.savefig(part, format="png", dpi=dpi)
    return out


def tasks_per_unit(counts: Mapping[str, tuple[int, int]], path: PathLike,
                   title: str = "各单位牵头/参与任务数", top: int = TOP, dpi: int = 200) -> Path:
    """Stacked bars per unit: tasks it leads, and tasks it only takes part in (the *top* units
    by lead count; say so in the caption when there are more — see ``shown``)."""
    units, series = lead_matrix(counts, top)
    return _draw(units, series, LEAD_COLOURS, path, title, "任务数", dpi)


def targets_by_goal(counts: Mapping[str, int], path: PathLike,
                    title: str = "各目标量化指标数", dpi: int = 200) -> Path:
    """One bar per goal, in the given (document) order; every goal is shown."""
    if not counts:
        raise ValueError("nothing to chart")
    goals = list(counts)
    values = [int(counts[g]) for g in goals]
    _check_counts(values)
    return _draw(goals, {"指标数": values}, {"指标数": GOAL_COLOUR}, path, title, "量化指标数", dpi)


def status_by_unit(status: Mapping[str, Mapping[str, int]], path: PathLike,
                   title: str = "各单位任务进展状态", top: int = TOP, dpi: int = 200) -> Path:
    """Stacked bars per unit of 完成 / 推进中 / 滞后 / 未填报 counts (fixed order and colours);
    the *top* units by task count."""
    units, series = _status_matrix(status, top)
    return _draw(units, series, STATUS_COLOURS, path, title, "任务数", dpi)
