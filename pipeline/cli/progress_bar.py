"""The batch's progress bar in a terminal (rich): files done/total, current file, rows, errors.
Imported by the batch command only; plain lines (output.batch_line) when stdout is not a terminal."""

from __future__ import annotations

from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.batch.manifest import RunLine


class BatchProgress:
    """A rich progress bar (files done/total, current file, rows, errors) while a batch runs in a terminal."""

    def __init__(self):
        self.rows = self.errors = 0
        self.bar = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rows]} rows · {task.fields[errors]} errors · {task.fields[current]}"), TimeElapsedColumn())
        self.task = self.bar.add_task("batch", total=None, rows=0, errors=0, current="")

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc):
        self.bar.stop()
        return False

    def __call__(self, ln: RunLine, done: int, total: int) -> None:
        self.rows += ln.rows if ln.status in ("added", "replaced", "unchanged") else 0
        self.errors += ln.status == "error"
        self.bar.update(self.task, completed=done, total=total, rows=self.rows, errors=self.errors, current=Path(ln.file).name[:40])
