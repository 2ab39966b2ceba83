"""A filled progress ledger (the .xlsx of ledger.py, or saved back as .xls/.et/.ods) read back
into a ProgressRecord: `govtasks progress import`, and `--progress` for a report.

Import is all or nothing: every problem is collected with its sheet, row and column, and the
first five are reported (with how many more) before anything is written."""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Optional

from pipeline.draft.ledger import COL, COLUMNS, HEADER_ROW, HEADERS, MAGIC, META_SHEET, SHEET, VERSION, column_letter
from pipeline.draft.period import parse_period
from pipeline.draft.progress import STATUSES, ProgressRecord, TaskProgress, assess, summarize
from pipeline.errors import InputError
from pipeline.export.sheet import FORMULA_START
from pipeline.readers.legacy import convert_with_soffice
from pipeline.schema import Task
from pipeline.util.atomic import write_text_atomic

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
    text = "" if raw is None else str(raw).strip()
    # the ledger writes text that starts like a formula with a leading quote (export/sheet.neutralise)
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _listed(problems: list[str], shown: int = 5) -> str:
    """Every problem on one line: the first `shown`, then how many more."""
    head = "；".join(problems[:shown])
    return f"共{len(problems)}处问题：{head}" + (f"；另有{len(problems) - shown}处" if len(problems) > shown else "") if len(problems) > 1 else head


def import_ledger(path: Path, display: Optional[str] = None) -> ProgressRecord:
    """A filled ledger → ProgressRecord. Raises InputError naming the sheet, row and column of
    every problem (the first five, and how many more); nothing is returned half-read. The
    messages are Chinese: they go back to the office staff who sent the ledger."""
    from openpyxl import load_workbook  # heavy: openpyxl, loaded when a ledger is read

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
            problems.append(f"工作表“{SHEET}”第{HEADER_ROW}行{column_letter(c)}列：表头应为“{label}”，现为“{got}”")
    if problems:
        raise InputError(display, _listed(problems), "请勿插入、删除或改名列；请重新生成台账")

    achieved: dict[str, dict[int, float]] = {k: {} for k in tasks}
    fields: dict[str, dict[str, list[str]]] = {k: {"progress": [], "problems": [], "next_steps": [], "self_status": []} for k in tasks}
    rows_of: dict[str, list[int]] = {k: [] for k in tasks}
    used_targets: dict[str, set[int]] = {k: set() for k in tasks}

    def where(r: int, key: str) -> str:
        c = COL[key]
        return f"工作表“{SHEET}”第{r}行{column_letter(c)}列（{HEADERS[c - 1]}）"

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


__all__ = ["import_ledger", "read_progress", "write_record"]
