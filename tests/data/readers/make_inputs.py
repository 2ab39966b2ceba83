"""Writes the reader golden tests' INPUT files into tests/data/readers/inputs/ (run deliberately,
once: `python tests/data/readers/make_inputs.py`; the files are committed and the test only reads
them). python-docx and openpyxl stamp the time into .docx/.xlsx, so a re-run changes those bytes
even when their content is the same; the PDF is made from a .docx by LibreOffice (skipped with a
note when it is not installed, keeping the committed PDF). After re-making an input, rewrite its
golden with `pytest tests/readers/test_reader_goldens.py --regen-golden` and review the diff."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
sys.path.insert(0, str(HERE.parents[1]))  # tests/, for tests_builders
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for pipeline

import docx  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from pipeline.readers.legacy import convert_with_soffice, soffice_binary  # noqa: E402
from tests_builders import HEADER, WORD_TEXT, make_docx, simple_rows  # noqa: E402

TITLE = "测试区2026年《政府工作报告》目标任务分解表"

# Text pulled out of a PDF: one row per line, TAB-separated, the header repeated after a page
# break, a wrapped line without TABs continuing the row above.
ROWS_TEXT = TITLE + "\r\n" + "\t".join(HEADER) + "\r\n" + """1\t扩大有效投资\t新增公共停车泊位1500个以上。\t王斐\t城管局\t各镇、开发区、街道\r
2\t扩大有效投资\t实施老旧电梯更新454台以上，同步开展\t王斐\t住建局、市场监管局\t各镇、街道\r
安全评估。\r
""" + "\t".join(HEADER) + "\r\n" + """3\t提升民生福祉\t新增城镇就业2.2万人以上。\t叶青\t人社局\t相关单位\r
4\t提升民生福祉\t完成公积金扩面4.3万人以上。\t裴晓冬\t公积金管理中心\t\r
"""

CSV_TEXT = ",".join(HEADER) + "\n" + """1,扩大有效投资,新增公共停车泊位1500个以上。,王斐,城管局,"各镇、开发区、街道"
2,扩大有效投资,"实施老旧电梯更新454台以上。
同步开展安全评估。",王斐,"住建局
市场监管局",各镇、街道
3,提升民生福祉,"新增城镇就业2.2万人以上，培训""新职业""人才5000人次。",叶青、王婷,人社局,
"""

REPORT_PARAGRAPHS = [
    "2026年测试区人民政府工作报告",
    "各位代表：",
    "一、2025年工作回顾",
    "过去一年，全区地区生产总值增长5.5%，一般公共预算收入完成120亿元。",
    "二、2026年工作安排",
    "（一）扩大有效投资。新开工重大项目30个以上，完成技改投资50亿元。",
    "（二）提升民生福祉。新增城镇就业2.2万人以上；新增公共停车泊位1500个。",
    "各位代表，新的一年，让我们团结一心，奋勇争先！",
]


def write_text_tables() -> None:
    (INPUTS / "table_cells_gb18030.txt").write_bytes(WORD_TEXT.encode("gb18030"))  # text saved from Word
    (INPUTS / "table_rows_bom_crlf.txt").write_bytes(ROWS_TEXT.encode("utf-8-sig"))
    (INPUTS / "table_bom.csv").write_bytes(CSV_TEXT.encode("utf-8-sig"))
    (INPUTS / "report.txt").write_text("\n".join(REPORT_PARAGRAPHS) + "\n", encoding="utf-8")


def write_docx() -> Path:
    """Merged cells (vMerge), two paragraphs in a cell, the header repeated before row 3."""
    return make_docx(INPUTS / "table_merged.docx", simple_rows(), title=TITLE, repeat_header_at=2)


def write_report_docx() -> None:
    d = docx.Document()
    for text in REPORT_PARAGRAPHS:
        d.add_paragraph(text)
    d.save(INPUTS / "report.docx")


def write_xlsx() -> None:
    """A merged title row, a two-row header with group labels (责任分工 over three columns), a
    goal merged down over its rows, and a second sheet with a note."""
    rows = [
        [TITLE, None, None, None, None, None],
        ["序号", "目标名称", "工作内容", "责任分工", None, None],
        [None, None, None, "分管区领导", "牵头单位", "责任单位"],
        [1, "扩大有效投资", "新开工重大项目30个以上。", "王斐", "发改局", "各镇、开发区、街道"],
        [2, None, "完成技改投资50亿元。", "王婷", "工信局", None],
        [3, "提升民生福祉", "新增城镇就业2.2万人以上。", "叶青", "人社局", "相关单位"],
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "B4:B5", "F4:F5"):
        ws.merge_cells(cells)
    wb.create_sheet("说明").cell(1, 1, "本表由区政府办公室汇总。")
    wb.save(INPUTS / "table_two_row_header.xlsx")


def write_pdf() -> None:
    """The Word table printed to PDF by LibreOffice (merged cells drawn as one box)."""
    if soffice_binary() is None:
        print("LibreOffice not installed: table_from_docx.pdf kept as committed")
        return
    with tempfile.TemporaryDirectory(prefix="govtasks-golden-") as tmp:
        src = make_docx(Path(tmp) / "table_from_docx.docx", simple_rows(), title=TITLE)
        pdf = convert_with_soffice(src, "pdf", Path(tmp), src.name)
        (INPUTS / "table_from_docx.pdf").write_bytes(pdf.read_bytes())


def main() -> None:
    INPUTS.mkdir(exist_ok=True)
    write_text_tables()
    write_docx()
    write_report_docx()
    write_xlsx()
    write_pdf()
    for path in sorted(INPUTS.iterdir()):
        print(f"{path.stat().st_size:>7,}  {path.relative_to(HERE)}")


if __name__ == "__main__":
    main()
