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


# ---- a next-year version of a seed table, for `govtasks diff` ------------------------------------
# Every change below is made on purpose and listed in the returned truth, keyed by the old row's
# seq; tests/compare/test_diff.py asserts the diff finds exactly these and nothing else.
NEXT_YEAR_REWORDED = {  # old seq → the row reworded (synonyms, clauses reordered), numbers kept
    1: "培育首发首店、夜间经济、宠物经济等消费热点，打造消费新业态，完善“演艺+”“赛事+”消费链条，释放太湖湾音乐节、西太湖马拉松等重点IP潜能。",
    13: "聚焦检验检测、现代物流、工业设计等重点领域，围绕先进制造业布局生产性服务业，促进服务环节与制造环节深入融合。",
    63: "加快推进滆湖水生植被种植、退圩还湖暨近岸带水生态修复工程。推进武进西太湖工业污水处理厂建设，实施扁担河等骨干河流综合整治。",
    76: "实施“数据找人”社保扩面行动，织密社会保障网络，保障社保基金安全可持续运行。",
}
NEXT_YEAR_CONTENT = {  # old seq → new content with a target changed, added or removed
    61: ("新增公共停车泊位1500个以上。", "新增公共停车泊位2000个以上。"),  # value raised
    30: ("认定高新技术企业500家以上。", "认定高新技术企业550家以上。"),  # value raised
    65: ("实施支流支浜水质提升工程10条左右", "实施支流支浜水质提升工程10条以上"),  # qualifier 左右 → 以上
    31: ("共建省级以上联合创新中心3个", "共建省级以上联合创新中心3个以上"),  # qualifier 以上 added
    52: ("提升城市空间颜值与整体品质。", "提升城市空间颜值与整体品质，打造城市美学示范街区5个。"),  # target added
    28: ("，新增上市挂牌企业5家以上。", "。"),  # target removed
}
NEXT_YEAR_DROPPED = (33, 69, 86)
NEXT_YEAR_ADDED = (
    "加快发展低空经济，建设低空起降点20个以上，拓展无人机物流配送、应急救援等应用。",
    "实施校园食品安全守护行动，实现中小学校食堂“互联网+明厨亮灶”全覆盖。",
    "建设城市生命线安全工程监测平台，完成燃气、供水、桥梁等重点设施感知设备安装。",
)
NEXT_YEAR_MOVED = {38: ("leaders", ["孙益锋"]), 72: ("lead_units", ["城管局"])}  # old seq → field, new value
NEXT_YEAR_GOAL = {11: ["布局人工智能新赛道"]}  # old seq → new goal_path


def next_year_variant(tasks: list) -> tuple[list, dict]:
    """The seed table's rows changed as next year's table would be: a few rows reworded, two goal
    blocks swapped (reordered), some dropped, some added, targets raised, a qualifier changed, a
    target added and one removed, a leader and a lead unit moved, a row under another goal.
    Returns (new rows renumbered in order, the truth: what was changed, by old seq)."""
    rows = []
    for t in tasks:
        if t.seq in NEXT_YEAR_DROPPED:
            continue
        u = t.model_copy(deep=True)
        if t.seq in NEXT_YEAR_REWORDED:
            u.content = NEXT_YEAR_REWORDED[t.seq]
        if t.seq in NEXT_YEAR_CONTENT:
            old, new = NEXT_YEAR_CONTENT[t.seq]
            assert old in u.content, (t.seq, u.content)
            u.content = u.content.replace(old, new)
        if t.seq in NEXT_YEAR_MOVED:
            field, value = NEXT_YEAR_MOVED[t.seq]
            setattr(u, field, value)
        if t.seq in NEXT_YEAR_GOAL:
            u.goal_path = NEXT_YEAR_GOAL[t.seq]
        rows.append(u)
    # reordered: the block of 坚守碧水安澜 rows moves before 高质量推动乡村振兴
    water = [r for r in rows if r.goal_path == ["坚守碧水安澜"]]
    rows = [r for r in rows if r.goal_path != ["坚守碧水安澜"]]
    at = next(k for k, r in enumerate(rows) if r.goal_path == ["高质量推动乡村振兴"])
    rows[at:at] = water
    # the row put under another goal stays next to its new goal's rows
    for seq, goal in NEXT_YEAR_GOAL.items():
        moved = next(r for r in rows if r.seq == seq and r.goal_path == goal)
        rows.remove(moved)
        rows.insert(max(k for k, r in enumerate(rows) if r.goal_path == goal) + 1, moved)
    last_goal = rows[-1].model_copy(deep=True)
    for text in NEXT_YEAR_ADDED:
        rows.append(last_goal.model_copy(update={"content": text, "number": None}, deep=True))
    from pipeline.extract.targets import find_targets

    rows = [r.model_copy(update={"doc_id": "wujin_2027", "seq": k, "targets": find_targets(r.content)}) for k, r in enumerate(rows, start=1)]
    truth = {"reworded": sorted(NEXT_YEAR_REWORDED), "targets": sorted(NEXT_YEAR_CONTENT), "dropped": list(NEXT_YEAR_DROPPED), "added": list(NEXT_YEAR_ADDED), "moved": dict(NEXT_YEAR_MOVED), "goal": dict(NEXT_YEAR_GOAL)}
    return rows, truth


def write_variant(tasks: list, path: Path) -> Path:
    """The rows as a Word or Excel table (by suffix) or task-row JSONL, read back by the extractor."""
    from pipeline.export.office import write_table_docx, write_table_xlsx

    if path.suffix == ".docx":
        write_table_docx(tasks, path, title="武进区2027年《政府工作报告》目标任务分解表")
    elif path.suffix == ".xlsx":
        write_table_xlsx(tasks, path, title="武进区2027年《政府工作报告》目标任务分解表")
    else:
        path.write_text("".join(t.model_dump_json() + "\n" for t in tasks), encoding="utf-8")
    return path


# a 钟楼区 2026 report whose fifth line carries the Zhonglou seed table's row 26 (新增公共停车泊位 1200 个)
ZHONGLOU_REPORT = "钟楼区2026年政府工作报告\n各位代表：\n二、2026年工作安排\n（一）做优城市\n优化安全出行、安居乐业、安心生活城市功能，推进中吴大道西延先导段建成通车，配合实施德胜河航道整治工程，完成振中路跨运河通道建设，新增公共停车泊位 1200 个。\n"


def district_table(path: Path, district: str, year: int = 2026) -> Path:
    """simple_rows() as a Word table whose title states its district and year (its doc_id)."""
    return make_docx(path, simple_rows(), title=f"{district}{year}年《政府工作报告》目标任务分解表")


def district_report(path: Path, district: str, year: int) -> Path:
    """A short work report of one district and year (two targets of simple_rows())."""
    path.write_text(f"{district}{year}年政府工作报告\n各位代表：\n二、{year}年工作安排\n（一）做优城市\n新增公共停车泊位1500个以上。实施老旧电梯更新454台以上。\n", encoding="utf-8")
    return path


SEEDS = [Path(__file__).resolve().parents[1] / "corpus" / f"{stem}.txt" for stem in ("000_acba77eacf732c9e", "002_1fb599930edc1250")]


def seed_folder(d: Path, reports: dict[str, str] | None = None) -> Path:
    """A batch folder: the two seed tables with their sidecars, and reports (name → text; by
    default the 钟楼区 2026 report that carries a Zhonglou row)."""
    d.mkdir(parents=True, exist_ok=True)
    for src in SEEDS:
        (d / src.name).write_bytes(src.read_bytes())
        (d / f"{src.stem}.meta.json").write_bytes(src.with_suffix(".meta.json").read_bytes())
    for name, text in ({"钟楼区2026年政府工作报告.txt": ZHONGLOU_REPORT} if reports is None else reports).items():
        (d / name).write_text(text, encoding="utf-8")
    return d
