"""The progress report as an office would print it: the generated .docx converted to PDF by
LibreOffice and page 1 rendered to PNG by pdftoppm (both installed by .ci/run). The PNG is kept
as a CI artifact; its path is printed."""

import shutil
import subprocess

import pytest
from conftest import WUJIN

from pipeline.draft import DraftRequest, draft
from pipeline.draft.ledger import COL, HEADER_ROW, SHEET, import_ledger, write_record
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
