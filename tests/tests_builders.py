"""Small documents built in code for reader tests. The only binary fixtures in the repo are the
reader goldens' inputs under tests/data/readers/inputs/, made from these by
tests/data/readers/make_inputs.py."""

from __future__ import annotations

from pathlib import Path

HEADER = ["序号", "目标名称", "工作内容", "分管领导", "牵头单位", "责任单位"]


def simple_rows() -> list[list[str]]:
    """Four task rows; goal and leader merged downward where blank (None = merged)."""
    return [
        ["1", "扩大有效投资", "新增公共停车泊位1500个以上。", "王  斐", "城管局", "各镇、开发区、街道"],
        ["2", None, "实施老旧电梯更新454台以上。\n同步开展安全评估。", None, "住建局\n市场监管局", "各镇、街道"],
        ["3", "提升民生福祉", "新增城镇就业2.2万人以上。", "叶  青\n王  婷", "人社局", ""],
        ["4", None, "完成公积金扩面4.3万人以上。", "裴晓冬", "公积金管理中心", None],
    ]


# simple_rows() as text saved from a Word table: each cell starts on a TAB line, a line without a
# TAB continues the cell, a blank line separates its paragraphs (or names); Word's row numbers
# are not saved, so 序号 is empty.
WORD_TEXT = "附件\n\n测试区2026年目标任务分解表\n\n" + "".join(f"\t{h}\n" for h in HEADER) + """
\t
\t扩大有效投资
\t新增公共停车泊位1500个以上。
\t王  斐
\t城管局
\t各镇、开发区、街道

\t
\t
\t实施老旧电梯更新454台以上。

同步开展安全评估。
\t王  斐
\t住建局

市场监管局
\t各镇、街道

\t
\t提升民生福祉
\t新增城镇就业2.2万人以上。
\t叶  青

王  婷
\t人社局
\t相关单位

\t
\t
\t完成公积金扩面4.3万人以上。
\t裴晓冬
\t公积金管理中心
\t相关单位
"""


def make_docx(path: Path, rows: list[list], *, title: str = "测试区2026年《政府工作报告》目标任务分解表", repeat_header_at: int | None = None, header: list[str] = HEADER) -> Path:
    """A Word table: None cells are merged with the cell above (vMerge); a cell with "\\n"
    holds several paragraphs; the header can be physically repeated before row index
    `repeat_header_at` (as when a table was pasted page by page)."""
    import docx

    d = docx.Document()
    d.add_paragraph(title)
    d.add_paragraph("各单位：现将目标任务分解如下。")
    body = list(rows)
    if repeat_header_at is not None:
        body.insert(repeat_header_at, list(header))
    table = d.add_table(rows=1 + len(body), cols=len(header))
    table.style = "Table Grid"
    for c, h in enumerate(header):
        table.cell(0, c).text = h
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            if value is None:
                continue
            paras = value.split("\n")
            cell.text = paras[0]
            for extra in paras[1:]:
                cell.add_paragraph(extra)
    for c in range(len(header)):  # merge each None with the nearest filled cell above
        r = 1
        while r <= len(body):
            if body[r - 1][c] is None:
                top = r - 1
                while r <= len(body) and body[r - 1][c] is None:
                    r += 1
                keep = table.cell(top, c).text
                merged = table.cell(top, c).merge(table.cell(r - 1, c))
                merged.text = keep
            else:
                r += 1
    d.save(path)
    return path


def make_xlsx(path: Path, rows: list[list], *, title: str | None = "测试区2026年目标任务分解表", extra_sheet: bool = True) -> Path:
    """An Excel sheet with a merged title row above the header and merged ranges for None cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    top = 1
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
        top = 2
    for c, h in enumerate(HEADER, start=1):
        ws.cell(top, c, h)
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value or None)
    for c in range(len(HEADER)):
        i = 0
        while i < len(rows):
            if rows[i][c] is None:
                start = i - 1
                while i < len(rows) and rows[i][c] is None:
                    i += 1
                ws.merge_cells(start_row=top + 1 + start, start_column=c + 1, end_row=top + i, end_column=c + 1)
            else:
                i += 1
    if extra_sheet:
        notes = wb.create_sheet("说明")
        notes.cell(1, 1, "本表由区政府办公室汇总。")
    wb.save(path)
    return path


EXPECTED = [
    {"goal_path": ["扩大有效投资"], "leaders": ["王斐"], "lead_units": ["城管局"], "responsible_units": ["各镇、开发区、街道"], "targets": [(1500, "个")]},
    {"goal_path": ["扩大有效投资"], "leaders": ["王斐"], "lead_units": ["住建局", "市场监管局"], "responsible_units": ["各镇、街道"], "targets": [(454, "台")]},
    {"goal_path": ["提升民生福祉"], "leaders": ["叶青", "王婷"], "lead_units": ["人社局"], "responsible_units": [], "targets": [(2.2, "万人")]},
    {"goal_path": ["提升民生福祉"], "leaders": ["裴晓冬"], "lead_units": ["公积金管理中心"], "responsible_units": [], "targets": [(4.3, "万人")]},
]


def check_expected(tasks, overrides: dict | None = None) -> None:
    assert len(tasks) == len(EXPECTED)
    for i, (t, e) in enumerate(zip(tasks, EXPECTED)):
        e = {**e, **(overrides or {}).get(i, {})}
        assert t.goal_path == e["goal_path"], (t.seq, t.goal_path)
        assert t.leaders == e["leaders"], (t.seq, t.leaders)
        assert t.lead_units == e["lead_units"], (t.seq, t.lead_units)
        assert t.responsible_units == e["responsible_units"], (t.seq, t.responsible_units)
        assert [(x.value, x.unit) for x in t.targets] == e["targets"], (t.seq, t.targets)
