"""The Diff written out: Markdown (one table per kind of change) and .xlsx (one sheet per kind,
header, filter, widths — pipeline/export/sheet.py — with formula-looking text neutralised)."""

from __future__ import annotations

from pathlib import Path

from pipeline.compare.model import Diff
from pipeline.compare.rows import sections, summary_lines
from pipeline.export.sheet import neutralise, write_table
from pipeline.util.atomic import atomic_path

def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", "<br>")


def to_markdown(d: Diff) -> str:
    out = [f"# 目标任务年度对比：{d.old.doc_id} → {d.new.doc_id}", ""]
    out += [f"- {line}" for line in summary_lines(d)]
    for title, columns, rows in sections(d):
        out += ["", f"## {title}（{len(rows)}）", ""]
        if not rows:
            out.append("无。")
            continue
        out.append("| " + " | ".join(c for c, _ in columns) + " |")
        out.append("|" + "---|" * len(columns))
        out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out) + "\n"



def write_xlsx(d: Diff, path: Path) -> None:
    from openpyxl import Workbook  # heavy: openpyxl, loaded only for .xlsx output

    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    write_table(ws, [("项目", 100)], [[neutralise(line)] for line in summary_lines(d)], title=f"目标任务年度对比：{d.old.doc_id} → {d.new.doc_id}")
    for title, columns, rows in sections(d):
        write_table(wb.create_sheet(title), columns, [[neutralise(v) for v in row] for row in rows], title=title)
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
