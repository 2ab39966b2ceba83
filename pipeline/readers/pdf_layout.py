"""The geometry of a PDF page, read by PDFium (pypdfium2, C++): every character with its box
and font size, and every straight horizontal or vertical stroke of the page's paths as an
edge — the two things table finding needs, in pdfplumber's object shapes (top-left origin,
points), so pdfplumber's TableFinder builds the cells from them.

pdfminer's pure-Python interpreter was nine tenths of a PDF table's extraction time; with
PDFium a seed-sized table takes 110–190 ms instead of 620–790 ms (benchmarks/bench_extract.py). Coordinates are the page's own (a rotated
page is turned upright); form XObjects are walked with their matrices composed.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import pypdfium2 as pdfium  # type hints only: never imported at run time

# PDFium is loaded on first use (a .txt extraction never pays for loading the library)
raw = None


def _raw():
    global raw
    if raw is None:
        import pypdfium2.raw  # heavy (PDFium): loaded on first use

        raw = pypdfium2.raw
    return raw


# an axis-aligned stroke deviates from straight by less than this (points)
_STRAIGHT = 0.5
_FORM_DEPTH = 8


@dataclass
class PageLayout:
    """One page: what pdfplumber's TableFinder reads (`edges`, `bbox`) and the characters."""

    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


class _Frame:
    """PDF user space → upright page coordinates with the origin at the top left."""

    def __init__(self, page: pdfium.PdfPage):
        left, bottom, right, top = page.get_mediabox()
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.rotation = page.get_rotation() % 360
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) on the upright page."""
        dx, dy = x - self.left, self.top - y  # unrotated, origin top left
        if self.rotation == 90:  # shown turned clockwise: the top edge is now the right edge
            return y - self.bottom, dx
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return dy, self.right - x
        return dx, dy

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a user-space rectangle on the upright page."""
        if not self.rotation:  # the common case, once per character: no turning, no sorting
            return x0 - self.left, self.top - y1, x1 - self.left, self.top - y0
        (ax, at), (bx, bt) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


def _chars(textpage: pdfium.PdfTextPage, frame: _Frame) -> list[dict]:
    out: list[dict] = []
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code < 33 or 0xD800 <= code <= 0xDFFF:
            continue  # spaces and line ends (printed, or inferred by PDFium) carry no text
        text = chr(code)
        if not text.strip():
            continue
        # the loose box spans the advance width and the font's ascent..descent, like pdfminer's
        if not raw.FPDFText_GetLooseCharBox(textpage, i, rect):
            if not raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top):
                continue
            x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        else:
            x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        bx0, btop, bx1, bbottom = frame.box(x0, y0, x1, y1)
        out.append({"text": text, "x0": bx0, "x1": bx1, "top": btop, "bottom": bbottom, "size": raw.FPDFText_GetFontSize(textpage, i)})
    return out


def _matrix(obj) -> tuple[float, float, float, float, float, float]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    """The matrix of `inner` applied first, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_objects(page: pdfium.PdfPage) -> Iterator[tuple[object, tuple]]:
    """Every path object of the page with its matrix to user space, forms included."""
    stack = [(raw.FPDFPage_GetObject(page, i), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0) for i in range(raw.FPDFPage_CountObjects(page))]
    while stack:
        obj, outer, depth = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield obj, _compose(_matrix(obj), outer)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
            m = _compose(_matrix(obj), outer)
            stack += [(raw.FPDFFormObj_GetObject(obj, k), m, depth + 1) for k in range(raw.FPDFFormObj_CountObjects(obj))]


def _edge(p: tuple[float, float], q: tuple[float, float]) -> dict | None:
    (x0, t0), (x1, t1) = p, q
    if abs(t0 - t1) <= _STRAIGHT and abs(x0 - x1) > _STRAIGHT:
        x0, x1 = sorted((x0, x1))
        top = (t0 + t1) / 2
        return {"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top, "doctop": top, "width": x1 - x0, "height": 0.0}
    if abs(x0 - x1) <= _STRAIGHT and abs(t0 - t1) > _STRAIGHT:
        top, bottom = sorted((t0, t1))
        x = (x0 + x1) / 2
        return {"object_type": "line", "orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top, "width": 0.0, "height": bottom - top}
    return None


def _edges(page: pdfium.PdfPage, frame: _Frame) -> list[dict]:
    """Straight strokes of every path (lines, rectangle sides, closed polygons' sides): a table's
    rules whether drawn as lines or as thin filled rectangles."""
    out: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, (a, b, c, d, e, f) in _path_objects(page):
        start = prev = None
        for k in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            if not raw.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            ux, uy = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            here = frame.point(ux, uy)
            if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO or prev is None:
                start = prev = here
                continue
            edge = _edge(prev, here)
            if edge is not None:
                out.append(edge)
            prev = here
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                edge = _edge(prev, start)
                if edge is not None:
                    out.append(edge)
                prev = start
    return out


def page_layout(page: pdfium.PdfPage) -> PageLayout:
    _raw()
    frame = _Frame(page)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, frame)
    finally:
        textpage.close()
    return PageLayout(width=frame.width, height=frame.height, chars=chars, edges=_edges(page, frame))


def text_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters into printed lines (top to bottom, each left to right): a character belongs
    to the line whose top is within half its size."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda k: (round(k["top"]), k["x0"])):
        if lines and abs(lines[-1][0]["top"] - ch["top"]) < max(ch["size"] * 0.5, 2):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for line in lines:
        line.sort(key=lambda k: k["x0"])
    return lines
