"""The progress ledger (推进台账): an .xlsx staff fill in each period, and reading it back.

Sheet 台账 has one row per numeric target (a task without numbers has one row); the task's
columns are merged over its rows. Staff fill 实际完成值 per target and 进展情况 / 存在问题 /
下一步打算 / 自评状态 per task; every other cell is locked (sheet protection without password,
so a typo in the task text is not silently imported). A hidden sheet _govtasks keeps the
period and the task rows themselves, so importing needs neither the index nor the table.

Print layout: 宋体 五号 throughout, the visible columns ≤ 115 character units so A4 landscape
fitted to one page wide prints the body at ≥ 9 pt, the header row repeated on every page and a
"第 N 页 共 M 页" footer. 完成率 is an Excel formula over 实际完成值 (a quantity's share of its
target; a rate or cap only at the year's end, "—" before), so the unit sees it as it types.

Import is all or nothing: every problem is collected with its sheet, row and column, and the
first five are reported (with how many more) before anything is written."""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Optional

from pipeline.draft.period import Period, parse_period
from pipeline.draft.progress import NOT_REPORTED, STATUSES, ProgressRecord, TaskProgress, assess, summarize, target_goal, target_kind, task_key
from pipeline.draft.select import Selection, goal_label
from pipeline.draft.summary import task_no
from pipeline.errors import InputError
from pipeline.export.flat import target_text
from pipeline.export.sheet import FONT, FONT_PT, fit_row_heights, print_setup
from pipeline.schema import Task
from pipeline.util.atomic import atomic_path, write_text_atomic

SHEET = "台账"
META_SHEET = "_govtasks"
MAGIC = "govtasks-ledger"
VERSION = 2  # 2: the 完成率 column
HEADER_ROW = 3
# (key, header, width, per target?, staff fill it?) — widths in Excel character units. The
# visible ones sum to ≤ 115 (tests/draft/test_ledger_print.py checks the sheet): Excel (7 px a unit) prints that at 100% on A4
# landscape, LibreOffice (which draws a unit about 7.8 pt wide) fits it to the page at ≥ 86%,
# so the body never prints below 9 pt.
COLUMNS = [
    ("no", "序号", 4, False, False),
    ("key", "任务编号", 12, True, False),
    ("goal", "目标名称", 7, False, False),
    ("content", "工作内容", 19, False, False),
    ("leaders", "分管领导", 6, False, False),
    ("lead_units", "牵头单位", 7, False, False),
    ("responsible_units", "责任单位", 7, False, False),
    ("target", "量化指标", 11, True, False),
    ("value", "目标值", 5, True, False),
    ("unit", "单位", 4, True, False),
    ("achieved", "实际完成值", 6, True, True),
    ("rate", "完成率", 6, True, False),
    ("progress", "进展情况", 12, False, True),
    ("problems", "存在问题", 8, False, True),
    ("next_steps", "下一步打算", 8, False, True),
    ("self_status", "自评状态", 5, False, True),
]
HIDDEN = ("key",)  # the task key ties a row to its task when the office imports the ledger
COL = {key: i for i, (key, *_rest) in enumerate(COLUMNS, start=1)}
HEADERS = [c[1] for c in COLUMNS]


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _value_text(t) -> str:
    return target_text(t.model_copy(update={"unit": "", "qualifier": ""})) if t.value is not None else ""


def _rate_formula(tg, period: Period, row: int) -> str:
    """完成率 as Excel computes it from 实际完成值, by the rules of progress.assess: a quantity
    achieved / target; a rate or a cap only at the year's end (before it: —)."""
    kind = target_kind(tg)
    a = f"{_letter(COL['achieved'])}{row}"
    v = target_goal(tg)
    if v and (kind == "quantity" or (kind == "rate" and period.final)):
        return f'=IF(ISNUMBER({a}),{a}/{v:g},"")'
    if kind == "cap" and period.final:
        return f'=IF(ISNUMBER({a}),IF({a}<={v:g},1,{v:g}/{a}),"")'
    return "—"


def write_ledger(sel: Selection, period: Period, path: Path, title: str, prefill: Optional[ProgressRecord] = None) -> Path:
    """The ledger for the selection's tasks; `prefill` carries entries already made (atomic write)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    entries = prefill.by_key() if prefill else {}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    n_cols = len(COLUMNS)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill_in = PatternFill("solid", fgColor="FFF2CC")
    body = Font(name=FONT, size=FONT_PT)
    ws.cell(1, 1, title).font = Font(name="黑体", bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
    ws.row_dimensions[1].height = 30
    note = (f"填报说明：请在黄色列填写{period.as_of}的情况。实际完成值填数字（累计值；增速、比重等填百分数的数值，如 5.2）；"
            f"自评状态可选 {'/'.join(STATUSES)}；其他列已锁定。填好后保存，将本文件发回区政府办，由办公室导入汇总。")
    ws.cell(2, 1, note).alignment = Alignment(wrap_text=True, vertical="center")
    ws.cell(2, 1).font = body
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n_cols)
    ws.row_dimensions[2].height = 36
    for c, (key, label, width, _, staff) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, c, label)
        cell.font = Font(name=FONT, size=FONT_PT, bold=True)
        cell.fill = fill_in if staff else PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[_letter(c)].width = width
    status_dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True, showErrorMessage=True, errorTitle="自评状态", error=f"请选择 {'/'.join(STATUSES)}")
    number_dv = DataValidation(type="decimal", operator="between", formula1="-1000000000", formula2="1000000000", allow_blank=True, showErrorMessage=True, errorTitle="实际完成值", error="请填写数字")
    ws.add_data_validation(status_dv)
    ws.add_data_validation(number_dv)
    row = HEADER_ROW + 1
    for t in sel.tasks:
        targets = [tg for tg in t.targets if tg.value is not None] or [None]
        entry = entries.get(task_key(t))
        achieved = {tp.text: tp.achieved for tp in entry.targets} if entry else {}
        task_values = {
            "no": task_no(t), "goal": " / ".join(goal_label(g) for g in t.goal_path if g), "content": t.content,
            "leaders": "、".join(t.leaders), "lead_units": "、".join(t.lead_units), "responsible_units": "、".join(t.responsible_units),
            "progress": entry.progress if entry else None, "problems": entry.problems if entry else None, "next_steps": entry.next_steps if entry else None,
            "self_status": entry.self_status if entry else None,
        }
        first = row
        for tg in targets:
            per_target = {"key": task_key(t), "target": tg.text if tg else "（无量化指标）", "value": (tg.value if not isinstance(tg.value, list) else _value_text(tg)) if tg else None, "unit": tg.unit if tg else None, "achieved": achieved.get(tg.text) if tg else None, "rate": _rate_formula(tg, period, row) if tg else "—"}
            for c, (key, _, _, per, staff) in enumerate(COLUMNS, start=1):
                value = per_target.get(key) if per else (task_values.get(key) if row == first else None)
                cell = ws.cell(row, c, value if value not in ("", None) else None)
                cell.alignment = Alignment(vertical="center", wrap_text=True, horizontal="center" if key in ("no", "value", "unit", "rate", "self_status") else None)
                cell.border = border
                cell.font = body
                if key == "rate":
                    cell.number_format = "0.0%"
                if staff and not (key == "achieved" and tg is None):
                    cell.protection = Protection(locked=False)
                    cell.fill = fill_in
            if tg is not None:
                number_dv.add(ws.cell(row, COL["achieved"]))
            row += 1
        last = row - 1
        status_dv.add(ws.cell(first, COL["self_status"]))
        if last > first:
            for key, _, _, per, _ in COLUMNS:
                if not per:
                    ws.merge_cells(start_row=first, start_column=COL[key], end_row=last, end_column=COL[key])
    for key in HIDDEN:
        ws.column_dimensions[_letter(COL[key])].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, COL["content"] + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{_letter(n_cols)}{max(row - 1, HEADER_ROW)}"
    fit_row_heights(ws, HEADER_ROW, {c: w for c, (_, _, w, _, _) in enumerate(COLUMNS, start=1)}, line_height=FONT_PT * 1.35)
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", margin_inch=0.4)
    ws.protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "autoFilter"):
        setattr(ws.protection, allowed, False)  # openpyxl: False = not protected = allowed
    meta = wb.create_sheet(META_SHEET)
    meta.append([MAGIC, VERSION])
    meta.append(["period", period.code])
    meta.append(["selection", sel.label])
    meta.append(["kind", sel.kind])
    meta.append(["task", "row"])
    for t in sel.tasks:
        meta.append([task_key(t), json.dumps(t.model_dump(mode="json"), ensure_ascii=False)])
    meta.sheet_state = "hidden"
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


# ---- reading it back ---------------------------------------------------------------------------
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _number(raw, unit: str) -> tuple[Optional[float], Optional[str]]:
    """A cell → (number, None) or (None, problem)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"“{raw!r}”不是数字"
    if isinstance(raw, (int, float)):
        return float(raw), None
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    if not text:
        return None, None
    for suffix in sorted({unit, "%", "％"} - {""}, key=len, reverse=True):
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
            break
    if _NUMBER.fullmatch(text):
        return float(text), None
    return None, f"“{str(raw)}”不是数字"


def _text(raw) -> str:
    return "" if raw is None else str(raw).strip()


def _listed(problems: list[str], shown: int = 5) -> str:
    """Every problem on one line: the first `shown`, then how many more."""
    head = "；".join(problems[:shown])
    return f"共{len(problems)}处问题：{head}" + (f"；另有{len(problems) - shown}处" if len(problems) > shown else "") if len(problems) > 1 else head


def import_ledger(path: Path, display: Optional[str] = None) -> ProgressRecord:
    """A filled ledger → ProgressRecord. Raises InputError naming the sheet, row and column of
    every problem (the first five, and how many more); nothing is returned half-read. The
    messages are Chinese: they go back to the office staff who sent the ledger."""
    from openpyxl import load_workbook

    display = display or str(path)
    hint_foreign = "请导入由本系统生成（govtasks draft --period … -f xlsx）并经单位填写的台账 .xlsx"
    if not path.is_file():
        raise InputError(display, "文件不存在", hint_foreign)
    if path.suffix.lower() in LEGACY:
        return _import_converted(path, display)
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(display, f"无法读取的 .xlsx 工作簿（{type(exc).__name__}）", hint_foreign)
    if META_SHEET not in wb.sheetnames or wb[META_SHEET].cell(1, 1).value != MAGIC:
        raise InputError(display, f"不是本系统生成的台账（缺少工作表 {META_SHEET}）", hint_foreign)
    meta = wb[META_SHEET]
    if meta.cell(1, 2).value != VERSION:
        raise InputError(display, f"台账版本为 {meta.cell(1, 2).value!r}，本程序读取第 {VERSION} 版", "请用本程序重新生成台账")
    info = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 5)}
    try:
        period = parse_period(str(info.get("period")))
    except InputError:
        raise InputError(display, f"工作表 {META_SHEET} 第2行：报告期 {info.get('period')!r} 无法识别", "请重新生成台账")
    tasks: dict[str, Task] = {}
    for r in range(6, meta.max_row + 1):
        key, blob = meta.cell(r, 1).value, meta.cell(r, 2).value
        if not key:
            continue
        try:
            tasks[key] = Task.model_validate_json(blob)
        except Exception:
            raise InputError(display, f"工作表 {META_SHEET} 第{r}行：保存的任务信息已损坏", "请重新生成台账")
    if SHEET not in wb.sheetnames:
        raise InputError(display, f"缺少工作表“{SHEET}”", "请勿重命名或删除台账的工作表")
    ws = wb[SHEET]
    problems: list[str] = []
    for c, label in enumerate(HEADERS, start=1):
        got = _text(ws.cell(HEADER_ROW, c).value)
        if got != label:
            problems.append(f"工作表“{SHEET}”第{HEADER_ROW}行{_letter(c)}列：表头应为“{label}”，现为“{got}”")
    if problems:
        raise InputError(display, _listed(problems), "请勿插入、删除或改名列；请重新生成台账")

    achieved: dict[str, dict[int, float]] = {k: {} for k in tasks}
    fields: dict[str, dict[str, list[str]]] = {k: {"progress": [], "problems": [], "next_steps": [], "self_status": []} for k in tasks}
    rows_of: dict[str, list[int]] = {k: [] for k in tasks}
    used_targets: dict[str, set[int]] = {k: set() for k in tasks}

    def where(r: int, key: str) -> str:
        c = COL[key]
        return f"工作表“{SHEET}”第{r}行{_letter(c)}列（{HEADERS[c - 1]}）"

    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        values = {key: ws.cell(r, COL[key]).value for key, *_ in COLUMNS}
        if all(v in (None, "") for v in values.values()):
            continue
        key = _text(values["key"])
        if not key:
            problems.append(f"{where(r, 'key')}：为空（任务编号用于对应任务，请勿清除）")
            continue
        if key not in tasks:
            problems.append(f"{where(r, 'key')}：“{key}”不是本台账的任务")
            continue
        task = tasks[key]
        rows_of[key].append(r)  # a task's rows need not be adjacent (a sorted sheet)
        numeric = [i for i, tg in enumerate(task.targets) if tg.value is not None]
        text = _text(values["target"])
        index = next((i for i in numeric if task.targets[i].text == text and i not in used_targets[key]), None)
        if index is None and numeric:
            free = [i for i in numeric if i not in used_targets[key]]
            if text and text != "（无量化指标）":
                problems.append(f"{where(r, 'target')}：“{text}”不是该任务的量化指标")
                continue
            index = free[0] if free else None
        if index is not None:
            used_targets[key].add(index)
            number, problem = _number(values["achieved"], task.targets[index].unit)
            if problem:
                problems.append(f"{where(r, 'achieved')}：{problem}，请填写数字（如 1200 或 5.2）或留空")
            elif number is not None:
                achieved[key][index] = number
        elif values["achieved"] not in (None, ""):
            problems.append(f"{where(r, 'achieved')}：该任务没有量化指标，无需填写实际完成值")
        for f in ("progress", "problems", "next_steps", "self_status"):
            v = _text(values[f])
            if v and v not in fields[key][f]:
                fields[key][f].append(v)
        status = fields[key]["self_status"]
        if status and status[-1] not in STATUSES:
            problems.append(f"{where(r, 'self_status')}：“{status[-1]}”不是 {'/'.join(STATUSES)} 之一")
            status.pop()
    missing = [k for k, rows in rows_of.items() if not rows]
    if missing:
        problems.append(f"工作表“{SHEET}”：缺少{len(missing)}项任务的行（{'、'.join(missing[:3])}{'等' if len(missing) > 3 else ''}）")
    if problems:
        raise InputError(display, _listed(problems), "请改正后重新导入；本次未导入任何内容")

    out: list[TaskProgress] = []
    for key, task in tasks.items():
        f = fields[key]
        if len(f["self_status"]) > 1:
            raise InputError(display, f"工作表“{SHEET}”第{rows_of[key][0]}–{rows_of[key][-1]}行：同一任务填了两个自评状态", "请只保留一个；本次未导入任何内容")
        values = [achieved[key].get(i) for i in range(len(task.targets))]
        rows = rows_of[key]
        at = f"{display}, sheet {SHEET} row {rows[0]}" + (f"–{rows[-1]}" if rows[-1] != rows[0] else "")
        out.append(assess(task, period, values, "\n".join(f["progress"]), "\n".join(f["problems"]), "\n".join(f["next_steps"]), f["self_status"][0] if f["self_status"] else None, at))
    return ProgressRecord(period=period.code, elapsed=period.elapsed, selection=str(info.get("selection") or ""), ledger=display, tasks=out, summary=summarize(out))


LEGACY = (".xls", ".et", ".ods")  # the ledger saved back by Excel 97 / WPS / LibreOffice in their own formats


def _import_converted(path: Path, display: str) -> ProgressRecord:
    """A ledger staff saved as .xls/.et/.ods: converted to .xlsx by LibreOffice, then imported."""
    import tempfile

    from pipeline.readers.legacy import convert_with_soffice

    with tempfile.TemporaryDirectory(prefix="govtasks-ledger-") as tmp:
        return import_ledger(convert_with_soffice(path, "xlsx", Path(tmp), display), display)


def read_progress(path: Path) -> ProgressRecord:
    """A ledger (.xlsx/.xls/.et/.ods, imported now) or a saved import (.json)."""
    if path.suffix.lower() in (".xlsx", *LEGACY):
        return import_ledger(path)
    if not path.is_file():
        raise InputError(str(path), "文件不存在", "请给出填好的台账（.xlsx），或 `govtasks progress import` 写出的 .json")
    try:
        return ProgressRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except Exception as exc:
        raise InputError(str(path), f"不是进展记录文件（{type(exc).__name__}）", "请给出 `govtasks progress import` 写出的 .json")


def write_record(record: ProgressRecord, path: Path) -> Path:
    return write_text_atomic(path, record.model_dump_json(indent=2))


__all__ = ["write_ledger", "import_ledger", "read_progress", "write_record", "NOT_REPORTED"]
