"""Page geometry read by PDFium (pipeline/readers/pdf_layout.py) on PDFs written byte by byte
here: a ruled 3×2 table drawn as stroked lines, as thin filled rectangles, inside a form
XObject moved by its matrix, and on a page stored turned by /Rotate — the cells and their
texts must come out the same every way."""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfplumber.table import TableFinder

from pipeline.readers.base import FileInfo
from pipeline.readers.pdf import PdfReader
from pipeline.readers.pdf_layout import page_layout

W, H = 400.0, 300.0
COLS = (50.0, 150.0, 350.0)  # x of the vertical rules
ROWS = (50.0, 80.0, 110.0, 140.0)  # y of the horizontal rules, measured from the top
CELLS = [["No", "Task"], ["1", "Build 30 parks"], ["2", "Plant trees"]]


def _pdf(content: bytes, *, rotate: int = 0, form: bytes | None = None, form_matrix: str = "1 0 0 1 0 0", size: tuple[float, float] = (W, H)) -> bytes:
    """A one-page PDF with Helvetica as /F1 and, when given, a form XObject /X1."""
    width, height = size
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:g} {height:g}] /Rotate {rotate} /Contents 4 0 R "
        f"/Resources << /Font << /F1 5 0 R >> {'/XObject << /X1 6 0 R >>' if form else ''} >> >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if form is not None:
        objs.append(f"<< /Type /XObject /Subtype /Form /BBox [-1000 -1000 2000 2000] /Matrix [{form_matrix}] /Length {len(form)} >>\nstream\n".encode() + form + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _rules(style: str, dx: float = 0.0, dy: float = 0.0) -> bytes:
    """The table's rules in PDF user space (origin bottom left), shifted by (dx, dy)."""
    ops = []
    for x in COLS:
        for i, (top, bottom) in enumerate(zip(ROWS, ROWS[1:])):
            if style == "lines":
                ops.append(f"{x + dx:g} {H - top + dy:g} m {x + dx:g} {H - bottom + dy:g} l S")
            else:
                ops.append(f"{x - 0.25 + dx:g} {H - bottom + dy:g} 0.5 {bottom - top:g} re f")
    for y in ROWS:
        if style == "lines":
            ops.append(f"{COLS[0] + dx:g} {H - y + dy:g} m {COLS[-1] + dx:g} {H - y + dy:g} l S")
        else:
            ops.append(f"{COLS[0] + dx:g} {H - y - 0.25 + dy:g} {COLS[-1] - COLS[0]:g} 0.5 re f")
    return ("0.5 w\n" + "\n".join(ops)).encode()


def _texts(dx: float = 0.0, dy: float = 0.0) -> bytes:
    ops = []
    for r, row in enumerate(CELLS):
        for c, text in enumerate(row):
            ops.append(f"BT /F1 10 Tf {COLS[c] + 4 + dx:g} {H - ROWS[r] - 20 + dy:g} Td ({text}) Tj ET")
    return "\n".join(ops).encode()


def _grid(path: Path) -> list[list[str]]:
    doc = PdfReader().read(FileInfo.of(path))
    return [[c.text for c in row.cells] for row in doc.grids[0].rows]


def test_stroked_rules_and_characters_in_top_left_coordinates(tmp_path):
    p = tmp_path / "lines.pdf"
    p.write_bytes(_pdf(_rules("lines") + b"\n" + _texts()))
    pdf = pdfium.PdfDocument(str(p))
    layout = page_layout(pdf[0])
    assert (layout.width, layout.height) == (W, H)
    h = sorted({round(e["top"], 1) for e in layout.edges if e["orientation"] == "h"})
    v = sorted({round(e["x0"], 1) for e in layout.edges if e["orientation"] == "v"})
    assert h == list(ROWS) and v == list(COLS)
    b = next(ch for ch in layout.chars if ch["text"] == "B")  # "Build": baseline 20 pt under the rule at 80
    assert COLS[1] + 3 < b["x0"] < b["x1"] < COLS[1] + 12 and ROWS[1] < b["top"] < b["bottom"] < ROWS[2]
    assert abs(b["size"] - 10) < 0.01
    assert not any(ch["text"] == " " for ch in layout.chars)  # spaces are boxes of nothing: left out
    cells = TableFinder(layout).tables[0].rows
    assert len(cells) == 3 and all(len(r.cells) == 2 for r in cells)
    assert _grid(p) == [["No", "Task"], ["1", "Build30parks"], ["2", "Planttrees"]]
    pdf.close()


def test_rules_drawn_as_thin_filled_rectangles_give_the_same_cells(tmp_path):
    lines, rects = tmp_path / "lines.pdf", tmp_path / "rects.pdf"
    lines.write_bytes(_pdf(_rules("lines") + b"\n" + _texts()))
    rects.write_bytes(_pdf(_rules("rects") + b"\n" + _texts()))
    assert _grid(rects) == _grid(lines)


def test_rules_inside_a_moved_form_xobject(tmp_path):
    # the form draws everything 100 pt left and 40 pt down; its /Matrix moves it 70 and 30 back,
    # the page's cm before `Do` the other 30 and 10 — the cells land where the plain page has them
    p = tmp_path / "form.pdf"
    form = _rules("lines", dx=-100, dy=-40) + b"\n" + _texts(dx=-100, dy=-40)
    p.write_bytes(_pdf(b"q 1 0 0 1 30 10 cm /X1 Do Q", form=form, form_matrix="1 0 0 1 70 30"))
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_pdf(_rules("lines") + b"\n" + _texts()))
    assert _grid(p) == _grid(plain)


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_page_stored_turned_is_read_upright(tmp_path, rotate):
    """/Rotate turns the page when shown; a turned export stores the content turned the other
    way, so that shown it reads like the plain page. pypdf, moving the rotation into the content
    by its own rules, confirms the file shows the plain page; the reader must read it so."""
    pypdf = pytest.importorskip("pypdf")
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_pdf(_rules("lines") + b"\n" + _texts()))
    mw, mh = (H, W) if rotate in (90, 270) else (W, H)  # the stored MediaBox
    cm = {90: f"0 1 -1 0 {mw:g} 0", 180: f"-1 0 0 -1 {mw:g} {mh:g}", 270: f"0 -1 1 0 0 {mh:g}"}[rotate]
    turned = tmp_path / f"turned{rotate}.pdf"
    turned.write_bytes(_pdf(f"q {cm} cm\n".encode() + _rules("lines") + b"\n" + _texts() + b"\nQ", rotate=rotate, size=(mw, mh)))

    w = pypdf.PdfWriter(clone_from=str(turned))
    w.pages[0].transfer_rotation_to_content()
    unturned = tmp_path / "unturned.pdf"
    with open(unturned, "wb") as fh:
        w.write(fh)
    assert _grid(unturned) == _grid(plain)  # the file is what the test says it is

    pdf = pdfium.PdfDocument(str(turned))
    layout = page_layout(pdf[0])
    assert (round(layout.width), round(layout.height)) == (round(W), round(H))
    pdf.close()
    assert _grid(turned) == _grid(plain)
