"""Flat outputs of task rows: one line/row per task."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterable, Optional, TextIO

from pipeline.export.sheet import neutralise, write_table
from pipeline.schema import Target, Task
from pipeline.util.atomic import atomic_path, write_text_atomic

FORMATS = ("jsonl", "csv", "xlsx", "md")

COLUMNS = [
    ("seq", "序号", 6),
    ("number", "编号", 7),
    ("goal", "目标名称", 22),
    ("content", "工作内容", 60),
    ("leaders", "分管领导", 14),
    ("lead_units", "牵头单位", 20),
    ("responsible_units", "责任单位", 22),
    ("targets", "量化指标", 30),
    ("source", "出处", 26),
]
# a draft table (`govtasks decompose`): the report does not name leaders or units; suggestions do
DRAFT_COLUMNS = [c for c in COLUMNS if c[0] not in ("leaders", "lead_units", "responsible_units")]
DRAFT_COLUMNS[4:4] = [("suggested_leaders", "建议分管领导（置信度）", 16), ("suggested_lead_units", "建议牵头单位（置信度，依据）", 30)]


def target_text(t: Target) -> str:
    value = f"{t.value[0]}–{t.value[1]}" if isinstance(t.value, list) else ("" if t.value is None else f"{t.value}")
    q = f"（{t.qualifier}）" if t.qualifier else ""
    return f"{value}{t.unit}{q}"


def flat_row(task: Task) -> dict:
    return {
        "seq": task.seq,
        "number": task.number or "",
        "goal": " / ".join(g if g else "（缺失）" for g in task.goal_path),
        "content": task.content,
        "leaders": "、".join(task.leaders),
        "lead_units": "、".join(task.lead_units),
        "responsible_units": "、".join(task.responsible_units),
        "targets": "；".join(target_text(t) for t in task.targets),
        "source": task.source.cite(),
        "suggested_leaders": "、".join(f"{x.value}（{x.confidence:.2f}）" for x in getattr(task, "suggested_leaders", [])),
        "suggested_lead_units": "\n".join(f"{x.value}（{x.confidence:.2f}，依据 {'、'.join(f'{e.doc_id}#{e.seq}' for e in x.evidence)}）" for x in getattr(task, "suggested_lead_units", [])),
    }


def tasks_dataframe(tasks: Iterable[Task]):
    """A pandas DataFrame, one row per task; list fields stay lists, targets as dicts."""
    import pandas as pd  # heavy: pandas, loaded only when a DataFrame is asked for

    rows = []
    for t in tasks:
        d = t.model_dump(mode="json")
        d["goal"] = " / ".join(g or "" for g in t.goal_path)
        d["source"] = t.source.cite()
        rows.append(d)
    columns = ["doc_id", "seq", "number", "goal", "goal_path", "content", "leaders", "lead_units", "responsible_units", "targets", "source"]
    return pd.DataFrame(rows, columns=columns)


def write_jsonl(tasks: Iterable[Task], out: TextIO) -> None:
    for t in tasks:
        out.write(json.dumps(t.model_dump(mode="json"), ensure_ascii=False) + "\n")


def write_csv(tasks: Iterable[Task], out: TextIO, columns=COLUMNS) -> None:
    writer = csv.writer(out)
    writer.writerow([label for _, label, _ in columns])
    for t in tasks:
        row = flat_row(t)
        writer.writerow([neutralise(row[key]) for key, _, _ in columns])


def _md_cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", "<br>")


def write_md(tasks: list[Task], out: TextIO, title: Optional[str] = None, columns=COLUMNS) -> None:
    if title:
        out.write(f"# {title}\n\n")
    out.write("| " + " | ".join(label for _, label, _ in columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    for t in tasks:
        row = flat_row(t)
        out.write("| " + " | ".join(_md_cell(row[key]) for key, _, _ in columns) + " |\n")


def write_xlsx(tasks: list[Task], path: Path, title: Optional[str] = None, columns=COLUMNS) -> None:
    """A sheet staff open in Excel/WPS: header row, widths, wrapped text, frozen header, filter."""
    from openpyxl import Workbook  # heavy: openpyxl, loaded only for xlsx output

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解"
    rows = [[flat_row(t)[key] for key, _, _ in columns] for t in tasks]
    write_table(ws, [(label, width) for _, label, width in columns], rows, title)
    wb.save(path)


def write_tasks(tasks: list[Task], fmt: str, out_path: Optional[Path], stdout: TextIO, title: Optional[str] = None, columns=COLUMNS) -> None:
    """Write in `fmt` to out_path (atomically), or to stdout for text formats."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt}")
    if fmt == "xlsx":
        if out_path is None:
            raise ValueError("xlsx output needs -o FILE")
        with atomic_path(out_path) as tmp:
            write_xlsx(tasks, tmp, title, columns)
        return
    buf = io.StringIO()
    {"jsonl": write_jsonl, "csv": lambda ts, o: write_csv(ts, o, columns), "md": lambda ts, o: write_md(ts, o, title, columns)}[fmt](tasks, buf)
    if out_path is None:
        stdout.write(buf.getvalue())
    else:
        write_text_atomic(out_path, buf.getvalue(), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
