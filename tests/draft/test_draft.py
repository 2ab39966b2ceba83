"""Drafts: summaries and progress reports reopened with python-docx / openpyxl and checked
against the rows; the ledger round trip (draft → fill → import → status figures); bad input."""

import json
import re

import pytest
from openpyxl.utils import get_column_letter
from conftest import WUJIN, run_cli

from pipeline.draft import DraftRequest, draft
from pipeline.draft.period import parse_period
from pipeline.draft.ledger import COL
from pipeline.draft.progress import task_key
from pipeline.draft.select import Selector, goal_label
from pipeline.errors import InputError
from pipeline.extract import extract
from pipeline.schema import Source, Target, Task

DOCS = {"wujin_2026": {"district": "武进区"}}


@pytest.fixture(scope="module")
def wujin():
    return extract(WUJIN).tasks


def _unit_rows(tasks, core="商务局"):
    """The rows naming the unit, read straight off the table's columns (not via the selector)."""
    strip = lambda u: re.sub(r"^(武进区|区)", "", re.sub(r"（[^）]*）", "", u))  # noqa: E731
    lead = [t for t in tasks if any(strip(u) == core for u in t.lead_units)]
    resp = [t for t in tasks if t not in lead and any(strip(u) == core for u in t.responsible_units)]
    return lead, resp


def _docx_text(path):
    import docx

    d = docx.Document(path)
    paras = [p.text for p in d.paragraphs]
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    return d, paras, cells


# ---- selection -----------------------------------------------------------------------------
def test_unit_aliases_resolve_to_the_same_rows(wujin):
    sel = Selector(wujin, DOCS)
    a, b, c = (sel.select("unit", n) for n in ("商务局", "区商务局", "武进区商务局"))
    assert [t.seq for t in a.tasks] == [t.seq for t in b.tasks] == [t.seq for t in c.tasks]
    lead, resp = _unit_rows(wujin)
    assert [t.seq for t in a.tasks] == sorted(t.seq for t in lead + resp)
    assert {a.role_of(t) for t in lead} == {"lead"}


def test_unknown_names_suggest_the_closest(wujin):
    sel = Selector(wujin, DOCS)
    with pytest.raises(InputError) as e:
        sel.select("unit", "商务委")
    assert "商务局" in str(e.value) and "最接近的" in str(e.value)
    with pytest.raises(InputError) as e:
        sel.select("leader", "潘")
    assert "潘俊" in str(e.value)
    with pytest.raises(InputError) as e:
        sel.select("unit", "商务局", "钟楼区")
    assert "钟楼区" in str(e.value)


def test_an_empty_selection_is_an_error():
    rows = [Task(doc_id="d_2026", seq=1, content="甲", lead_units=["商务局"], source=Source(path="x.txt", line_start=1)), Task(doc_id="e_2026", seq=1, content="乙", lead_units=["财政局"], source=Source(path="y.txt", line_start=1))]
    sel = Selector(rows, {"d_2026": {"district": "甲区"}, "e_2026": {"district": "乙区"}})
    with pytest.raises(InputError, match="单位“商务局”在乙区没有任务行"):
        sel.select("unit", "商务局", "乙区")
    with pytest.raises(InputError, match="没有可起草的任务行"):
        Selector([], {})


# ---- summaries ---------------------------------------------------------------------------
def test_summary_md_xlsx_docx_hold_every_row_of_the_unit_once(wujin, tmp_path):
    lead, resp = _unit_rows(wujin)
    mine = sorted(lead + resp, key=lambda t: t.seq)
    targets = [(t.seq, tg.value) for t in mine for tg in t.targets if tg.value is not None]

    md = draft(wujin, DOCS, DraftRequest(unit=["商务局"], fmt="md")).text
    assert f"共涉及任务{len(mine)}项，其中牵头{len(lead)}项、参与{len(resp)}项；量化指标{len(targets)}个" in md
    for t in mine:
        assert md.count(t.content.replace("\n", "<br>")) == 1

    from openpyxl import load_workbook

    draft(wujin, DOCS, DraftRequest(unit=["商务局"], fmt="xlsx", out=tmp_path / "s.xlsx"))
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames[0] == "汇总" and "量化指标" in wb.sheetnames
    ws = wb[wb.sheetnames[1]]
    header = [c.value for c in ws[3]]
    assert header[:4] == ["序号", "角色", "目标名称", "工作内容"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=4) if row[0].value is not None]
    assert [int(r[0]) for r in body] == [t.seq for t in mine]
    assert [r[3] for r in body] == [t.content for t in mine]
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert max(widths, key=widths.get) == "D" and ws.cell(4, 4).alignment.wrap_text
    tws = wb["量化指标"]
    got = [(int(r[5].value), float(r[2].value)) for r in tws.iter_rows(min_row=3) if r[0].value]
    assert got == [(s, float(v)) for s, v in targets]

    draft(wujin, DOCS, DraftRequest(unit=["商务局"], fmt="docx", out=tmp_path / "s.docx"))
    _, paras, cells = _docx_text(tmp_path / "s.docx")
    assert paras[0] == "武进区商务局目标任务汇总"
    contents = [row[3] for row in cells if row[0].isdigit() and len(row) == 8]
    assert contents == [t.content for t in mine]
    values = [(int(row[4]), float(row[1])) for row in cells if len(row) == 5 and row[4].isdigit()]
    assert values == [(s, float(v)) for s, v in targets]


def test_summary_by_leader_has_one_sheet_per_leader(wujin, tmp_path):
    from openpyxl import load_workbook

    leaders = list(dict.fromkeys(n for t in wujin for n in t.leaders))
    draft(wujin, DOCS, DraftRequest(by="leader", fmt="xlsx", out=tmp_path / "l.xlsx"))
    wb = load_workbook(tmp_path / "l.xlsx")
    assert wb.sheetnames[1:-1] == leaders
    for name in leaders:
        rows = [r for r in wb[name].iter_rows(min_row=4, values_only=True) if r[0] is not None]
        assert [int(r[0]) for r in rows] == [t.seq for t in wujin if name in t.leaders]


# ---- progress reports ---------------------------------------------------------------------
def test_progress_template_docx_has_each_task_once_with_placeholders(wujin, tmp_path):
    lead, resp = _unit_rows(wujin)
    mine = sorted(lead + resp, key=lambda t: t.seq)
    res = draft(wujin, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", fmt="docx", out=tmp_path / "r.docx"))
    d, paras, cells = _docx_text(tmp_path / "r.docx")
    # a title too long for one line breaks between words, never inside one ("第一季 / 度")
    assert paras[0] == "附件" and paras[1] == "武进区商务局2026年政府工作报告\n目标任务第一季度推进情况"
    for t in mine:
        assert sum(1 for p in paras if p.endswith(t.content.replace("\n", " "))) == 1
    for section in ("进展情况：", "存在问题：", "下一步打算："):
        assert sum(1 for p in paras if p.startswith(section)) == len(mine)
    # a blank template promises no calculation Word cannot do: no 完成率 line until the ledger is in
    assert not [p for p in paras if p.startswith("完成率：") or "自动计算" in p]
    assert sum(1 for p in paras if "【请填写截至2026年3月底的工作进展" in p) == len(mine)
    # the full 进展情况 structure, in order, then the 落款 and the contact line
    tops = [p for p in paras if re.match(r"^[一二三四]、", p)]
    assert tops == ["一、总体情况", "二、分项推进情况", "三、存在问题", "四、下步打算"]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", paras[-2])
    assert paras[-3] == "武进区商务局" and paras[-1].startswith("（联系人：")
    # no internal text: no file paths, no task keys, one numbering scheme (the table's row: 任务N)
    body = "\n".join(paras + [c for row in cells for c in row])
    assert "出处" not in body and "corpus/" not in body and ".txt" not in body and "wujin_2026" not in body
    infos = [p for p in paras if p.startswith("任务") and "牵头单位：" in p]
    assert [int(re.match(r"任务(\d+)", p).group(1)) for p in infos] == [t.seq for t in mine]
    headings = [p for p in paras if re.match(r"^\d+\. ", p)]
    assert [int(h.split(".")[0]) for h in headings] == list(range(1, len(mine) + 1))
    assert not [h for h in headings if re.match(r"^\d+\. [（(]\d+[)）]", h)]
    target_rows = [row for row in cells if len(row) == 5 and row[0] != "指标"]
    assert [r[1] for r in target_rows] == [f"{tg.value}{tg.unit}" + (f"（{tg.qualifier}）" if tg.qualifier else "") for t in mine for tg in t.targets if tg.value is not None]
    sec = d.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    # no unit of this selection only takes part (every named unit leads): the caption says 牵头 only
    assert [c for c, _ in res.charts] == ["图1 各单位牵头任务数", "图2 各目标量化指标数"]
    assert len(d.inline_shapes) == 2


def test_district_chart_caption_says_how_many_units_are_not_shown(wujin, tmp_path):
    from pipeline.draft.charts import TOP
    from pipeline.draft.progress_report import tasks_per_unit_data

    res = draft(wujin, DOCS, DraftRequest(district="武进区", period="2026Q1", fmt="docx", out=tmp_path / "d.docx"))
    units = tasks_per_unit_data(wujin)
    assert len(units) > TOP
    caption = res.charts[0][0]
    assert caption in (f"图1 各单位牵头任务数（{len(units)}个单位中任务最多的{TOP}个）", f"图1 各单位牵头/参与任务数（{len(units)}个单位中任务最多的{TOP}个）")
    assert len(caption) <= 28  # one line of the page
    _, paras, _ = _docx_text(tmp_path / "d.docx")
    assert res.charts[0][0] in paras  # the caption is in the document, right under its picture


def _fill(path, entries):
    """Fill a ledger as staff would: per task key, achieved values (by target text) and notes."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["台账"]
    first = {}
    for r in range(4, ws.max_row + 1):
        key = ws.cell(r, COL["key"]).value
        first.setdefault(key, r)
        e = entries.get(key, {})
        if ws.cell(r, COL["target"]).value in e.get("achieved", {}):
            ws.cell(r, COL["achieved"]).value = e["achieved"][ws.cell(r, COL["target"]).value]
    for key, e in entries.items():
        r = first[key]
        for col, field in (("progress", "progress"), ("problems", "problems"), ("next_steps", "next_steps"), ("self_status", "status")):
            if field in e:
                ws.cell(r, COL[col]).value = e[field]
    wb.save(path)


def test_ledger_round_trip_status_and_completion(wujin, tmp_path):
    """Draft the ledger, fill it, import it: statuses and rates follow the rules (Q1 = 0.25 of the year)."""
    ledger = tmp_path / "ledger.xlsx"
    r = run_cli("draft", "--tasks", WUJIN, "--district", "武进区", "--unit", "商务局", "--period", "2026Q1", "-o", ledger)
    assert r.returncode == 0, r.stderr
    by_seq = {t.seq: t for t in wujin}
    k = lambda seq: task_key(by_seq[seq])  # noqa: E731
    tx = lambda seq, i: by_seq[seq].targets[i].text  # noqa: E731
    _fill(ledger, {
        k(3): {"achieved": {tx(3, 0): 40}, "progress": "已组织促消费活动40场。", "status": "推进中"},  # numbers overrule: 完成
        k(5): {"achieved": {tx(5, 0): 1, tx(5, 1): 2, tx(5, 2): 6, tx(5, 3): "30个"}},  # all ≥ 0.20 of the year: 推进中
        k(10): {"achieved": {tx(10, 0): 8}},  # a rate below its 10%: 滞后
        k(12): {"achieved": {tx(12, 0): 5, tx(12, 1): 12}},  # 5 of 50 is behind the quarter: 滞后
        k(1): {"progress": "首店经济推进中。", "status": "完成"},
        k(2): {"progress": "直播电商基地已开工。"},
        k(11): {"status": "滞后", "problems": "项目落地慢。"},
        k(40): {"status": "推进中", "next_steps": "组建护航办。"},
    })
    r = run_cli("progress", "import", ledger, "--json")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    status = {p["seq"]: p["status"] for p in rec["tasks"]}
    assert status == {1: "完成", 2: "推进中", 3: "完成", 5: "推进中", 10: "滞后", 11: "滞后", 12: "滞后", 39: "未填报", 40: "推进中"}
    comp = {p["seq"]: p["completion"] for p in rec["tasks"]}
    # a growth rate in Q1 says whether the year is on course, not what share of it is done: task 10
    # (only a rate) has no completion rate yet, task 12's counts its quantity only (5 of 50)
    assert comp[3] == 1.0 and comp[10] is None and comp[12] == 0.1 and comp[1] == 1.0 and comp[2] is None
    assert comp[5] == pytest.approx((1 / 3 + 2 / 5 + 6 / 24 + 30 / 119) / 4, abs=1e-4)
    assert any("不一致" in n for n in next(p for p in rec["tasks"] if p["seq"] == 3)["notes"])
    s = rec["summary"]
    assert s["counts"] == {"完成": 2, "推进中": 3, "滞后": 3, "未填报": 1}
    assert s["completion_rate"] == round(2 / 9, 4) and s["on_schedule_rate"] == round(5 / 8, 4)
    assert s["mean_target_completion"] == pytest.approx((1.0 + comp[5] + 0.1) / 3, abs=1e-4)
    saved = tmp_path / "ledger.progress.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["summary"] == s

    # the report filled from it: statuses, achieved values and notes in place of the placeholders
    out = tmp_path / "filled.docx"
    res = draft(wujin, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", progress=saved, fmt="docx", out=out))
    _, paras, cells = _docx_text(out)
    assert any("完成2项、推进中3项、滞后3项，未填报1项；任务完成率22%" in p for p in paras)
    assert "进展情况：已组织促消费活动40场。" in paras
    assert ["组织促消费活动", "35场（超）", "40场", "114%", "已完成"] in cells
    no_note = [p for p in rec["tasks"] if not p["progress"]]
    # a reported task without a progress note says so; the request to fill stays only where nothing was reported
    unreported = [p for p in no_note if p["status"] == "未填报"]
    assert sum(1 for p in paras if "【请填写截至2026年3月底" in p) == len(unreported) == 1
    assert sum(1 for p in paras if p == "进展情况：（本期未填写进展情况）") == len(no_note) - len(unreported) == 5
    # one completion line per reported task, one bracket each, the status inside it
    lines = [p for p in paras if p.startswith("完成率：")]
    assert len(lines) == 8 and not [p for p in lines if "）（" in p]
    assert "完成率：—（增速、控制类指标以全年数据为准；状态：滞后）" in lines  # task 10: only a growth rate, in Q1
    assert "完成率：—（无量化指标；状态：完成，取自评）" in lines  # task 1
    assert len(res.charts) == 3 and res.charts[2][0].startswith("图3 各牵头单位任务进展状态")
    # 三、存在问题 / 四、下步打算 gather what units wrote, each sentence citing its task
    i3, i4 = paras.index("三、存在问题"), paras.index("四、下步打算")
    assert paras[i3 + 1 : i4] == ["项目落地慢〔任务11〕。"]
    assert paras[i4 + 1] == "组建护航办〔任务40〕。"
    # and the next ledger carries the entries forward
    nxt = tmp_path / "next.xlsx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], period="2026Q2", progress=saved, fmt="xlsx", out=nxt))
    from openpyxl import load_workbook

    ws = load_workbook(nxt)["台账"]
    assert [ws.cell(r, COL["achieved"]).value for r in range(4, ws.max_row + 1) if ws.cell(r, COL["target"]).value == tx(3, 0)] == [40]


def test_ledger_structure_locks_all_but_the_fill_in_columns(wujin, tmp_path):
    from openpyxl import load_workbook

    ledger = tmp_path / "l.xlsx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], period="2026H1", fmt="xlsx", out=ledger))
    wb = load_workbook(ledger)
    assert wb.sheetnames == ["台账", "_govtasks"] and wb["_govtasks"].sheet_state == "hidden"
    ws = wb["台账"]
    assert ws.protection.sheet and ws.freeze_panes == "E4"
    lead, resp = _unit_rows(wujin)
    mine = sorted(lead + resp, key=lambda t: t.seq)
    keys = [ws.cell(r, COL["key"]).value for r in range(4, ws.max_row + 1)]
    assert list(dict.fromkeys(keys)) == [task_key(t) for t in mine]
    assert len(keys) == sum(max(1, sum(1 for tg in t.targets if tg.value is not None)) for t in mine)
    with_target = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, COL["value"]).value is not None)
    without = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, COL["target"]).value == "（无量化指标）")
    achieved, rate = ws.cell(with_target, COL["achieved"]), ws.cell(with_target, COL["rate"])
    assert achieved.protection.locked is False and ws.cell(without, COL["achieved"]).protection.locked is True
    assert rate.protection.locked is True  # the 完成率 formula is not for the unit to overwrite
    assert ws.cell(with_target, COL["progress"]).protection.locked is False and ws.cell(with_target, COL["content"]).protection.locked is True
    assert ["完成" in dv.formula1 for dv in ws.data_validations.dataValidation].count(True) == 1


# ---- bad ledgers: one line naming sheet/row/column, nothing imported --------------------------
@pytest.fixture
def ledger(wujin, tmp_path):
    path = tmp_path / "l.xlsx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", fmt="xlsx", out=path))
    return path


def _import_fails(path, *needles):
    r = run_cli("progress", "import", path)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1, line
    for n in needles:
        assert n in line, line
    assert not path.with_name(path.stem + ".progress.json").exists()
    return line


def test_a_word_in_a_number_column_names_its_cell(ledger, wujin):
    from openpyxl import load_workbook

    wb = load_workbook(ledger)
    ws = wb["台账"]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, COL["value"]).value is not None)
    ws.cell(row, COL["achieved"]).value = "约一半"
    ws.cell(row + 1, COL["self_status"]).value = "差不多"
    wb.save(ledger)
    # both problems are named, in Chinese (the message goes back to the unit that filled it)
    k, o = (get_column_letter(COL[c]) for c in ("achieved", "self_status"))
    _import_fails(ledger, "共2处问题", f"工作表“台账”第{row}行{k}列（实际完成值）", "“约一半”不是数字", f"第{row + 1}行{o}列（自评状态）", "“差不多”", "本次未导入任何内容")


def test_foreign_and_damaged_workbooks(tmp_path, ledger):
    from openpyxl import Workbook, load_workbook

    foreign = tmp_path / "foreign.xlsx"
    wb = Workbook()
    wb.active.append(["序号", "工作内容"])
    wb.save(foreign)
    _import_fails(foreign, "foreign.xlsx", "不是本系统生成的台账")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    _import_fails(junk, "junk.xlsx", "无法读取的 .xlsx")
    wb = load_workbook(ledger)
    wb["台账"].cell(3, COL["achieved"]).value = "完成值"
    wb.save(ledger)
    _import_fails(ledger, f"第3行{get_column_letter(COL['achieved'])}列", "表头应为“实际完成值”")


def test_deleted_task_rows_and_unknown_keys(ledger):
    from openpyxl import load_workbook

    wb = load_workbook(ledger)
    ws = wb["台账"]
    ws.cell(4, COL["key"]).value = "wujin_2026#999"
    wb.save(ledger)
    _import_fails(ledger, "第4行B列（任务编号）", "“wujin_2026#999”不是本台账的任务")


def _english_words(line, *paths):
    """Words of English prose left in a message once options, `commands`, file names and format
    names are taken out (the office staff who read these read Chinese)."""
    for p in paths:
        line = line.replace(str(p), "")
    line = re.sub(r"`[^`]*`|--[a-z-]+(?: [a-z|]+)?|\b(?:error|md|docx|xlsx|json|apt|fonts-noto-cjk|GOVTASKS_[A-Z_]+)\b|\.[a-z]+\b", "", line)
    return re.findall(r"[A-Za-z]{3,}", line)


def test_cli_errors_for_unknown_unit_and_period(tmp_path):
    r = run_cli("draft", "--tasks", WUJIN, "--unit", "统计局")
    assert r.returncode == 2 and "最接近的" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert _english_words(r.stderr) == []
    r = run_cli("draft", "--tasks", WUJIN, "--unit", "商务局", "--period", "2026Q5", "-o", tmp_path / "x.docx")
    assert r.returncode == 2 and "2026Q1（季度）" in r.stderr and not (tmp_path / "x.docx").exists()
    assert _english_words(r.stderr) == []
    r = run_cli("draft", "--tasks", WUJIN, "--format", "docx")
    assert r.returncode == 2 and "需要用 -o 指定输出文件" in r.stderr and _english_words(r.stderr) == []


@pytest.mark.parametrize("args", [
    ["--district", "乙区"],
    [],
    ["--by", "unit", "--unit", "商务局"],
    ["--progress", "p.json", "--unit", "商务局"],
    ["--unit", "商务局", "--unit", "财政局", "--period", "2026Q1", "-o", "x.docx"],
    ["--unit", " "],
])
def test_draft_errors_are_one_chinese_line(args, tmp_path):
    r = run_cli("draft", "--tasks", WUJIN, *args, cwd=tmp_path)
    line = r.stderr.strip()
    assert r.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, line
    assert re.search(r"[\u4e00-\u9fff]", line) and _english_words(line, WUJIN) == [], line


def test_draft_progress_lines_are_chinese(tmp_path):
    r = run_cli("draft", "--tasks", WUJIN, "--district", "武进区", "--unit", "商务局", "--period", "2026Q1", "-o", tmp_path / "l.xlsx")
    assert r.returncode == 0, r.stderr
    assert "推进台账" in r.stderr and "任务9项" in r.stderr and "发回" in r.stderr
    assert _english_words(r.stderr, tmp_path / "l.xlsx") == [], r.stderr


# ---- period and status rules on rows built in code -----------------------------------------
def _task(targets, seq=1):
    return Task(doc_id="t_2026", seq=seq, content="测试任务", lead_units=["商务局"], targets=targets, source=Source(path="t.txt", line_start=seq))


def test_status_rules_for_quantities_rates_and_caps():
    from pipeline.draft.progress import assess

    q1, year = parse_period("2026Q1"), parse_period("2026")
    qty = _task([Target(text="新增泊位1200个", value=1200, unit="个")])
    assert assess(qty, q1, [300]).status == "推进中"  # exactly a quarter
    assert assess(qty, q1, [239]).status == "滞后"  # under 0.20
    assert assess(qty, q1, [1200]).status == "完成"
    assert assess(qty, year, [1100]).status == "滞后"
    rate = _task([Target(text="增长5%左右", value=5, unit="%", qualifier="左右")])
    assert assess(rate, q1, [5.2]).status == "推进中" and assess(rate, year, [5.2]).status == "完成"
    assert assess(rate, q1, [4.1]).status == "滞后"
    cap = _task([Target(text="城镇调查失业率控制在5%以内", value=5, unit="%", qualifier="以内")])
    assert assess(cap, q1, [4.8]).status == "推进中" and assess(cap, year, [4.8]).status == "完成" and assess(cap, q1, [5.5]).status == "滞后"
    rng = _task([Target(text="增长5%—5.5%", value=[5, 5.5], unit="%")])
    assert assess(rng, year, [5.0]).status == "完成"
    assert assess(qty, q1, [None]).status == "未填报" and assess(qty, q1, [None], self_status="推进中").status_from == "self"
    assert parse_period("2026-03").elapsed == 0.25 and parse_period("2026H1").label == "上半年"


def test_a_growth_rate_before_the_year_end_is_on_course_not_125_percent_done():
    """12.5% against a 10% growth target in Q1: the report says on course, with no completion
    share that contradicts its status; at the year's end the same figure is 完成 and 125%."""
    from pipeline.draft.progress import ProgressRecord, assess
    from pipeline.draft.progress import summarize as summarize_progress
    from pipeline.draft.progress_report import build_report, cited
    from pipeline.draft.select import Selection

    t = _task([Target(text="规上工业增加值增长10%", value=10, unit="%")])
    for code, rate, line, verdict in (("2026Q1", "—", "完成率：—（增速、控制类指标以全年数据为准；状态：推进中）", "按序推进"), ("2026", "125%", "完成率：100%（按量化指标计算；状态：完成）", "已完成")):
        period = parse_period(code)
        p = assess(t, period, [12.5], progress="增速高于目标。")
        record = ProgressRecord(ledger="l.xlsx", selection="x", period=code, elapsed=period.elapsed, tasks=[p], summary=summarize_progress([p]))
        report = build_report(Selection("unit", "工信局", [t], {(t.doc_id, t.seq): "lead"}), period, record)
        (ts,) = report.sections
        assert (ts.targets[0].rate, ts.targets[0].verdict) == (rate, verdict)
        assert "完成率：" + ts.completion == line
        if code == "2026Q1":
            assert not [s for g in report.goals for s in g.sentences if "完成率" in s]
    assert cited("推进中3项。", ["12", "3", "10", "3"]) == "推进中3项〔任务3、10、12〕。"


# ---- LLM narrative against the scripted server ----------------------------------------------
def test_llm_narrative_is_used_only_when_every_sentence_cites_given_rows(llm_server, llm_config, wujin, tmp_path):
    from pipeline.draft.markdown import progress_md
    from pipeline.draft.progress_report import build_report
    from pipeline.llm.client import LLM

    sel = Selector(wujin, DOCS).select("unit", "商务局")
    first_goal = sel.tasks[0].goal_path[0]
    goal_tasks = [t for t in sel.tasks if t.goal_path[0] == first_goal]
    good = json.dumps({"sentences": [{"text": f"本目标共{len(goal_tasks)}项任务，均由商务局牵头。", "rows": [task_key(t) for t in goal_tasks]}]}, ensure_ascii=False)
    bad_row = json.dumps({"sentences": [{"text": "已全部完成。", "rows": ["wujin_2026#999"]}]}, ensure_ascii=False)
    bad_number = json.dumps({"sentences": [{"text": "已完成招商项目88个。", "rows": [task_key(goal_tasks[0])]}]}, ensure_ascii=False)

    def reply(body):
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
        goal_line = next(line for line in prompt.splitlines() if line.startswith("目标："))
        return good if goal_line == f"目标：{goal_label(first_goal)}" else bad_row

    llm_server.default = reply
    rep = build_report(sel, parse_period("2026Q1"), None, LLM(llm_config))
    assert rep.goals[0].narrative_by == "llm"
    labels = "、".join(str(t.seq) for t in goal_tasks)
    assert rep.goals[0].sentences == [f"本目标共{len(goal_tasks)}项任务，均由商务局牵头〔任务{labels}〕。"]
    assert all(g.narrative_by == "rules" for g in rep.goals[1:]) and len(rep.notes) == len(rep.goals) - 1
    assert "not one of the rows given" in rep.notes[0]
    assert f"〔任务{labels}〕" in progress_md(rep)

    llm_server.default = lambda body: bad_number
    llm_config.cache_dir = tmp_path / "second-cache"
    rep = build_report(sel, parse_period("2026Q1"), None, LLM(llm_config))
    assert all(g.narrative_by == "rules" for g in rep.goals)
    assert "the number 88" in rep.notes[0]


def test_an_office_restyles_with_its_own_templates(wujin, tmp_path):
    """--template-dir: a file of the same name replaces the bundled one (others stay bundled)."""
    (tmp_path / "narrative.j2").write_text('{% macro count(goal, tasks, targets) %}本组{{ tasks }}项。{% endmacro %}\n{% macro pending(as_of) %}待报。{% endmacro %}', encoding="utf-8")
    (tmp_path / "summary.md.j2").write_text("{% for s in summaries %}{{ s.label }}={{ s.total }}\n{% endfor %}", encoding="utf-8")
    md = draft(wujin, DOCS, DraftRequest(unit=["商务局"], fmt="md", template_dir=tmp_path)).text
    lead, resp = _unit_rows(wujin)
    assert md == f"武进区商务局={len(lead) + len(resp)}\n"
    report = draft(wujin, DOCS, DraftRequest(unit=["商务局"], period="2026Q1", fmt="md", template_dir=tmp_path)).text
    assert "本组3项〔任务1、2、3〕。待报〔任务1、2、3〕。" in report and report.startswith("附件")


def test_cli_draft_with_an_llm_configured_and_cached(llm_server, tmp_path):
    """With OPENAI_* set, `draft --period` asks once per goal, prints the costs, and a re-run is cached."""
    import re as _re

    def reply(body):
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
        keys = _re.findall(r"^\[([^\]]+#\d+)\]", prompt, _re.M)
        return json.dumps({"sentences": [{"text": "各项任务有序推进。", "rows": keys}]}, ensure_ascii=False)

    llm_server.default = reply
    env = {"OPENAI_BASE_URL": llm_server.url, "OPENAI_API_KEY": "k", "GOVTASKS_LLM_MODEL": "m", "GOVTASKS_HOME": str(tmp_path / "home")}
    args = ["draft", "--tasks", WUJIN, "--district", "武进区", "--unit", "商务局", "--period", "2026Q1", "-f", "md", "--no-charts"]
    first = run_cli(*args, env=env)
    assert first.returncode == 0, first.stderr
    goals = first.stdout.count("\n### （")
    assert first.stdout.count("各项任务有序推进〔任务") == goals == len(llm_server.chat_requests) == 5
    assert f"LLM: {goals} calls" in first.stderr
    again = run_cli(*args, env=env)
    assert again.stdout == first.stdout and f"0 calls, {goals} cached" in again.stderr
    plain = run_cli(*args, "--no-llm", env=env)
    assert "各项任务有序推进" not in plain.stdout and len(llm_server.chat_requests) == goals


def test_indicator_names_come_from_the_target_s_own_clause_without_its_value():
    """The names the report's tables and sentences use for a target (issue #14 item 5)."""
    from pipeline.draft.summary import metric_of
    from pipeline.extract.targets import find_targets

    def names(content):
        return [metric_of(tg, content) for tg in find_targets(content) if tg.value is not None]

    # the 3 个 is a project count: the band 超百亿元或10亿美元 is part of its name, its own value is not
    assert names("招引总投资超百亿元或10亿美元项目3个以上、超50亿元或5亿美元项目5个以上。") == ["招引总投资超百亿元或10亿美元项目", "超50亿元或5亿美元项目"]
    # a list before the number shares it
    assert names("高质量提升物业服务，新增业委会、物管会46个。") == ["新增业委会、物管会"]
    # the counted thing after the number, up to the next counted number
    assert names("推进6个省级宜居宜业和美乡村建设。") == ["推进省级宜居宜业和美乡村建设"]
    assert names("完成33个城中村188个地块环境整治任务。") == ["完成城中村", "城中村地块环境整治任务"]
    # a target with its own verb does not take the list item before it
    assert names("深化人工智能赋能先进制造、新增省先进级以上智能工厂超30个。") == ["新增省先进级以上智能工厂"]
    assert names("粮食播种面积稳定在10万亩以上。") == ["粮食播种面积"]
