"""Excel tables laid out as clerks lay them out (built here with openpyxl): a two-row header
with group labels, names listed with ， because an entry holds 、, goal rows drawn as one box
by borders instead of merged, and a note across the whole table under it."""

from openpyxl import Workbook
from openpyxl.styles import Border, Side

from pipeline.extract import extract

THIN = Side(style="thin")


def _sheet(path, rows, merges=(), boxes=None):
    """rows: lists of values from A1; merges: "A1:B2" ranges; boxes: {column: [(first, last)]}
    draws those rows of that column as one box (rules left, right, above the first and below
    the last only); every other cell gets all four rules."""
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v).border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    for col, spans in (boxes or {}).items():
        for first, last in spans:
            for r in range(first, last + 1):
                ws.cell(r, col).border = Border(left=THIN, right=THIN, top=THIN if r == first else None, bottom=THIN if r == last else None)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_two_row_header_with_group_labels(tmp_path):
    rows = [
        ["测试区2026年目标任务分解表", None, None, None, None],
        ["序号", "目标名称", "工作任务", "责任分工", None],
        [None, None, None, "分管区领导", "牵头单位"],
        [1, "扩大有效投资", "新开工项目30个。", "王斐", "发改局"],
        [2, "扩大有效投资", "完成技改投资50亿元。", "王婷", "工信局"],
    ]
    p = _sheet(tmp_path / "t.xlsx", rows, merges=["A1:E1", "A2:A3", "B2:B3", "C2:C3", "D2:E2"])
    result = extract(p)
    tasks = result.tasks
    assert [(t.content, t.leaders, t.lead_units, t.goal_path) for t in tasks] == [
        ("新开工项目30个。", ["王斐"], ["发改局"], ["扩大有效投资"]),
        ("完成技改投资50亿元。", ["王婷"], ["工信局"], ["扩大有效投资"]),
    ]
    # the title merged across A1:E1 is read once, not once per cell it spans
    assert result.meta.title == "测试区2026年目标任务分解表"


def test_units_listed_with_commas_when_an_entry_holds_a_list_mark(tmp_path):
    rows = [["序号", "目标名称", "工作内容", "分管领导", "牵头单位", "责任单位"],
            [1, "扩大有效投资", "新开工项目30个。", "王斐", "发改局，住建局", "相关单位，各镇、开发区"],
            [2, "扩大有效投资", "办好民生实事，群众满意。", "王婷", "民政局", "各镇、开发区、街道"]]
    tasks = extract(_sheet(tmp_path / "t.xlsx", rows)).tasks
    assert tasks[0].lead_units == ["发改局", "住建局"]
    assert tasks[0].responsible_units == ["相关单位", "各镇、开发区"]
    assert tasks[1].responsible_units == ["各镇、开发区、街道"]


def test_goal_written_once_and_its_rows_drawn_as_one_box(tmp_path):
    rows = [["序号", "目标名称", "工作内容", "分管领导", "牵头单位"],
            [1, "扩大有效投资", "新开工项目30个。", "王斐", "发改局"],
            [2, None, "完成技改投资50亿元。", "王婷", "工信局"],
            [3, "提振消费", "举办促消费活动20场。", "王斐", "商务局"],
            [4, None, "新增首店30家。", "王斐", "商务局"],
            [5, None, "培育夜间经济集聚区2个。", "王斐", "商务局"]]
    boxed = _sheet(tmp_path / "boxed.xlsx", rows, boxes={2: [(2, 3), (4, 6)]})
    assert [t.goal_path for t in extract(boxed).tasks] == [["扩大有效投资"]] * 2 + [["提振消费"]] * 3
    # the same blanks, each cell ruled on all four sides: its own empty cell, the label is not carried
    ruled = _sheet(tmp_path / "ruled.xlsx", rows)
    assert [t.goal_path[0] for t in extract(ruled).tasks] == ["扩大有效投资", None, "提振消费", None, None]


def test_a_note_across_the_table_is_not_a_task(tmp_path):
    rows = [["序号", "目标名称", "工作内容", "分管领导", "牵头单位"],
            [1, "扩大有效投资", "新开工项目30个。", "王斐", "发改局"],
            ["注：牵头单位有多个的，排在首位的为主牵头单位。", None, None, None, None]]
    tasks = extract(_sheet(tmp_path / "t.xlsx", rows, merges=["A3:E3"])).tasks
    assert [t.content for t in tasks] == ["新开工项目30个。"]
