"""Every reader on small committed inputs (tests/data/readers/inputs/, made once by
tests/data/readers/make_inputs.py), compared exactly with a golden JSON file in
tests/data/readers/golden/: for a table, what read_document gives (the raw grids: each cell's
text and merge facts, each row's source) and what extract makes of it (metadata, warnings, task
rows); for a report, what read_lines gives. A change in a reader or in the extractor shows as a
golden diff. After a deliberate change, rewrite the goldens with
`pytest tests/readers/test_reader_goldens.py --regen-golden` (or GOVTASKS_REGEN_GOLDEN=1) and
review the diff; such a run fails test_regen_switch_is_off, so it cannot pass for a normal one."""

import json
from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.readers import RawDocument, TextLines, read_document, read_lines

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data" / "readers"
INPUTS = DATA / "inputs"
GOLDEN = DATA / "golden"

# input file → what is read from it: "table" (read_document + extract) or "report" (read_lines)
CASES = {
    "table_cells_gb18030.txt": "table",  # text saved from Word, GB18030
    "table_rows_bom_crlf.txt": "table",  # text pulled from a PDF, UTF-8 with BOM, CRLF, repeated header
    "table_bom.csv": "table",  # UTF-8 with BOM, quoted multi-line cells
    "table_merged.docx": "table",  # merged cells, two paragraphs in a cell, repeated header
    "table_two_row_header.xlsx": "table",  # merged title and ranges, two-row header, second sheet
    "table_from_docx.pdf": "table",  # the Word table printed by LibreOffice
    "report.txt": "report",
    "report.docx": "report",
}
REGEN = "pytest tests/readers/test_reader_goldens.py --regen-golden"


def grids_json(doc: RawDocument) -> dict:
    """The raw document as plain data: every cell's text and merge facts, every row's source."""
    return {
        "kind": doc.kind,
        "path": doc.path,
        "preamble": doc.preamble,
        "grids": [
            {
                "name": g.name,
                "aligned": g.aligned,
                "rows": [
                    {
                        "source": row.source.model_dump(mode="json"),
                        "page_break_before": row.page_break_before,
                        "cells": [{"text": c.text, "merged_above": c.merged_above, "merged_left": c.merged_left} for c in row.cells],
                    }
                    for row in g.rows
                ],
            }
            for g in doc.grids
        ],
    }


def lines_json(text: TextLines) -> dict:
    return {"lines": [[n, line] for n, line in text.lines], "page_of": None if text.page_of is None else {str(k): v for k, v in sorted(text.page_of.items())}}


def golden_of(name: str) -> dict:
    """What the readers (and, for a table, the extractor) give for one input. Files are named by
    their base name only, so no absolute path gets into the golden."""
    path = INPUTS / name
    if CASES[name] == "report":
        return {"input": name, "read_lines": lines_json(read_lines(path, display=name))}
    result = extract(path, display=name)
    return {
        "input": name,
        "read_document": grids_json(read_document(path, display=name)),
        "extract": {
            "kind": result.kind,
            "meta": result.meta.model_dump(mode="json"),
            "warnings": result.warnings,
            "lost_goals": [g.model_dump(mode="json") for g in result.lost_goals],
            "tasks": [t.model_dump(mode="json") for t in result.tasks],
        },
    }


def as_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_input_reads_exactly_as_its_golden_file(name, regen_golden):
    text = as_text(golden_of(name))
    golden = GOLDEN / f"{name}.json"
    if regen_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing — run {REGEN} and review it"
    assert text == golden.read_text(encoding="utf-8"), f"{name} reads differently from {golden.relative_to(ROOT)}; if the change is meant, run {REGEN} and review the diff"


def test_every_input_has_a_case_and_a_golden_and_every_golden_an_input():
    assert {p.name for p in INPUTS.iterdir()} == set(CASES)
    assert {p.name for p in GOLDEN.glob("*.json")} == {f"{name}.json" for name in CASES}


def test_regen_switch_is_off(regen_golden):
    """A normal run compares; only an explicit --regen-golden / GOVTASKS_REGEN_GOLDEN=1 rewrites,
    and nothing a normal run goes through turns it on: not `make test` (which .ci/run calls), not
    CI's script, not pytest's addopts."""
    assert not regen_golden
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for name in ("Makefile", ".ci/run", "pyproject.toml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "--regen-golden" not in text and "GOVTASKS_REGEN_GOLDEN" not in text, f"{name} turns the golden rewrite on"
