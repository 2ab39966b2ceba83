"""The progress report as an office would print it: the generated .docx converted to PDF by
LibreOffice and page 1 rendered to PNG by pdftoppm (both installed by .ci/run). The PNG is kept
as a CI artifact; its path is printed."""

import shutil
import subprocess

import pytest
from conftest import WUJIN

from pipeline.draft import DraftRequest, draft
from pipeline.draft.ledger import COL, HEADER_ROW, SHEET
from pipeline.draft.ledger_import import import_ledger, write_record
from pipeline.extract import extract

DOCS = {"wujin_2026": {"district": "武进区"}}


def _filled_ledger(tmp_path, share, note=None):
    """武进区商务局's 2026Q1 ledger with each target's achieved value = share(row) × target, and
    optionally a progress note on the first task."""
    from openpyxl import load_workbook

    tasks = extract(WUJIN).tasks
    ledger = tmp_path / "ledger.xlsx"
    draft(tasks, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", fmt="xlsx", out=ledger))
    wb = load_workbook(ledger)
    ws = wb[SHEET]
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(r, COL["value"]).value is not None:
            ws.cell(r, COL["achieved"]).value = float(ws.cell(r, COL["value"]).value) * share(r)
    if note:
        ws.cell(HEADER_ROW + 1, COL["progress"]).value = note
    wb.save(ledger)
    return tasks, ledger


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None, reason="LibreOffice and poppler-utils not installed (.ci/run installs them)")
def test_filled_report_docx_to_pdf_and_png(tmp_path, artifact):
    from pypdf import PdfReader

    tasks, ledger = _filled_ledger(tmp_path, lambda row: 0.3)  # 30% of each target by Q1
    record = write_record(import_ledger(ledger), tmp_path / "p.json")
    report = tmp_path / "progress_report.docx"
    res = draft(tasks, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", progress=record, fmt="docx", out=report))
    assert len(res.charts) == 3

    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "progress_report.pdf"
    reader = PdfReader(pdf)
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)  # A4 portrait
    text = "".join(p.extract_text() for p in reader.pages)
    squeezed = "".join(text.split())
    assert "武进区商务局2026年政府工作报告目标任务第一季度推进情况" in squeezed
    for t in [t for t in tasks if "商务局" in "".join(t.lead_units)][:3]:
        assert "".join(t.content.split())[:20] in squeezed
    assert len(first.images) >= 1  # the first chart sits on page 1
    fonts = {str(f.get_object().get("/BaseFont")) for p in reader.pages[:1] for f in (p["/Resources"].get("/Font") or {}).values()}
    assert any("CJK" in f or "Song" in f or "Hei" in f or "Fang" in f or "Kai" in f for f in fonts), fonts  # Chinese set in a CJK face, not boxes

    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True, capture_output=True, timeout=60)
    png = next(tmp_path.glob("page*.png"))
    import matplotlib.image as mpimg

    pixels = mpimg.imread(png)
    h, w = pixels.shape[:2]
    assert abs(h / w - 297 / 210) < 0.02
    assert pixels[..., :3].std() > 0.05  # not a blank page
    kept = artifact(png, "progress_report_page1.png")
    artifact(pdf, "progress_report.pdf")
    assert kept.is_file()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_a_ledger_saved_back_as_xls_imports_the_same(tmp_path):
    """Staff on WPS or old Excel save the ledger as .xls/.et: it is converted and imported alike."""
    _, ledger = _filled_ledger(tmp_path, lambda row: 0.1 if row % 2 else 1.2, note="已推进。")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "xls:MS Excel 97", "--outdir", str(tmp_path / "x"), str(ledger)], check=True, capture_output=True, timeout=180)
    xls = tmp_path / "x" / "ledger.xls"
    direct, converted = import_ledger(ledger), import_ledger(xls)
    assert [(p.key, p.status, p.completion, p.progress) for p in converted.tasks] == [(p.key, p.status, p.completion, p.progress) for p in direct.tasks]
    assert converted.summary == direct.summary and {p.status for p in direct.tasks} >= {"完成", "滞后"}
    assert converted.ledger == str(xls)


# ---- every kind of draft, printed and checked: nothing off the page, out of the text block or
# clipped in a cell; 28 characters a line in the report; the ledger's body at ≥ 9 pt ----------
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
MM = 72 / 25.4
PORTRAIT_BLOCK = (28 * MM, 37 * MM, 26 * MM, 35 * MM)  # left, top, right, bottom margins (GB/T 9704)

KINDS = {
    "summary_unit": (dict(unit=["商务局"]), "docx"),
    "summary_unit_xlsx": (dict(unit=["商务局"]), "xlsx"),
    "summary_leader": (dict(leader=["潘俊"]), "docx"),
    "summary_goal": (dict(goal=["提振消费市场"]), "docx"),
    "summary_district": (dict(district="武进区"), "docx"),
    "report_blank": (dict(unit=["商务局"], period="2026Q1"), "docx"),
    "ledger": (dict(unit=["商务局"], period="2026Q1"), "xlsx"),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each kind drafted from the 武进 table and rendered by the project's own command path."""
    from pipeline.draft.render import render

    tmp = tmp_path_factory.mktemp("render")
    tasks = extract(WUJIN).tasks
    out = {}
    for name, (select, fmt) in KINDS.items():
        path = tmp / f"{name}.{fmt}"
        draft(tasks, DOCS, DraftRequest(**select, fmt=fmt, out=path))
        out[name] = render(path, tmp / "pdf", dpi=80, pages=[1])
    filled_tasks, ledger = _filled_ledger(tmp, lambda row: 0.3 if row % 2 else 1.1, note="已组织首店经济推介活动，签约项目2个。")
    record = write_record(import_ledger(ledger), tmp / "filled.json")
    path = tmp / "report_filled.docx"
    draft(filled_tasks, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", progress=record, fmt="docx", out=path))
    out["report_filled"] = render(path, tmp / "pdf", dpi=80, pages=[1])
    filled_pdf = render(ledger, tmp / "pdf" / "filled_ledger", dpi=80, pages=[1])
    out["ledger_filled"] = filled_pdf
    return out


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", [*KINDS, "report_filled", "ledger_filled"])
def test_every_draft_prints_without_overflow(rendered, name, artifact):
    from pipeline.draft.render import overflows

    r = rendered[name]
    portrait = name.startswith("report")
    problems = overflows(r.pdf, PORTRAIT_BLOCK if portrait else None)
    assert problems == [], [str(p) for p in problems]
    assert r.pages >= 1 and len(r.pngs) == 1
    artifact(r.pngs[0], f"render_{name}_page1.png")


@pytest.mark.slow
@needs_soffice
def test_overflow_check_finds_clipped_and_off_page_text(tmp_path):
    """The check is not vacuous: a sheet row too short for its text and a docx line pushed past
    the right margin are both reported."""
    from docx import Document
    from docx.shared import Cm
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    from pipeline.draft.render import overflows, render

    wb = Workbook()
    ws = wb.active
    thin = Side(style="thin")
    for r in (1, 2):
        c = ws.cell(r, 1, "很长的工作内容" * 12)
        c.alignment, c.border = Alignment(wrap_text=True, vertical="top"), Border(thin, thin, thin, thin)
    ws.column_dimensions["A"].width = 20
    ws.row_dimensions[1].height = 14  # one line for many
    wb.save(tmp_path / "clipped.xlsx")
    assert any(p.where == "cell" for p in overflows(render(tmp_path / "clipped.xlsx", tmp_path).pdf))

    doc = Document()
    doc.sections[0].right_margin = Cm(0.2)
    doc.add_paragraph("超出版心的正文" * 30)
    doc.save(tmp_path / "wide.docx")
    assert any(p.where == "text block" for p in overflows(render(tmp_path / "wide.docx", tmp_path).pdf, PORTRAIT_BLOCK))


@pytest.mark.slow
@needs_soffice
def test_report_lines_hold_28_characters_and_the_ledger_prints_at_9pt(rendered):
    import pdfplumber

    with pdfplumber.open(str(rendered["report_filled"].pdf)) as pdf:
        widths = []
        for page in pdf.pages:
            body = [c for c in page.chars if abs(c["size"] - 16) < 0.6 and c["text"].strip()]
            lines: dict[int, list] = {}
            for c in body:
                lines.setdefault(round(c["top"]), []).append(c)
            widths += [(max(c["x1"] for c in cs) - min(c["x0"] for c in cs)) / 16 for cs in lines.values()]
            full = [cs for cs in lines.values() if sum(1 for c in cs if "\u4e00" <= c["text"] <= "\u9fff") >= 27]
            for cs in full:  # a full line of Chinese text holds 28 characters, not 27
                assert len([c for c in cs if c["text"].strip()]) >= 27
        assert widths and max(widths) <= 28.4, max(widths)
        assert sum(1 for w in widths if w > 27.2) >= 5  # lines do reach 28 em (not 27 a line)
    with pdfplumber.open(str(rendered["ledger"].pdf)) as pdf:
        sizes = sorted(c["size"] for p in pdf.pages for c in p.chars if c["text"].strip())
        body = sizes[len(sizes) // 10:]  # the footer's 9 pt and the 填报说明 aside
        assert body[0] >= 9.0, body[0]
