"""Task rows out: JSONL (the contract), CSV, Markdown, a flat .xlsx for staff, a DataFrame,
and the circulated office layout (.docx/.xlsx with merged cells)."""

from pipeline.export.flat import FORMATS, tasks_dataframe, write_tasks

__all__ = ["FORMATS", "tasks_dataframe", "write_tasks"]
