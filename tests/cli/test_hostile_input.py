"""Hostile and oversized inputs (issue #18): each ends within 5 s and 500 MB with exit 2 and one
line naming the file, the limit and its override — built in code, run through the real CLI."""

import json
import os
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import ROOT, WUJIN
from tests_builders import make_docx, make_xlsx, simple_rows

TIME_S = 5.0
MEMORY_MB = 500


# the CLI run in-process by a wrapper that writes its own peak RSS when it exits: VmHWM of its own
# address space (getrusage's ru_maxrss would carry the forking test process's peak across exec)
_WRAPPER = (
    "import atexit, os, resource, runpy, sys\n"
    "def hwm():\n"
    "    return next(int(ln.split()[1]) for ln in open('/proc/self/status') if ln.startswith('VmHWM'))\n"
    "atexit.register(lambda: open(os.environ['GOVTASKS_RSS_FILE'], 'w').write(str(hwm())))\n"
    "sys.argv = ['govtasks', *sys.argv[1:]]\n"
    "runpy.run_module('pipeline.cli', run_name='__main__')\n"
)


def run_bounded(*args, env=None):
    """The CLI in a child process; its wall time and its own peak memory (RSS, MB)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        start = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", _WRAPPER, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {}), "GOVTASKS_RSS_FILE": rss.name}, timeout=60)
        seconds = time.perf_counter() - start
        peak_mb = int(open(rss.name).read() or 0) / 1024  # kB
    return r, seconds, peak_mb


def assert_limit_line(path, *words, command="extract", env=None):
    r, seconds, peak = run_bounded(command, path, env=env)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 2 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr[-500:]
    assert str(path) in lines[0] and all(w in lines[0] for w in words), lines[0]
    assert seconds < TIME_S, (path, seconds)
    assert peak < MEMORY_MB, (path, peak)
    return lines[0]


def _xlsx_with_sheet_xml(path, sheet_xml: str):
    """A valid workbook whose first sheet is replaced by the given XML."""
    make_xlsx(path, simple_rows(), extra_sheet=False)
    src = path.read_bytes()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(src)
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode("utf-8")
            zout.writestr(item, data)
    tmp.unlink()
    return path


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_xlsx_cell_far_from_a1_is_read_by_its_used_range(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{v}</t></is></c><c r="C{r}" t="inlineStr"><is><t>{w}</t></is></c><c r="D{r}" t="inlineStr"><is><t>王斐</t></is></c><c r="E{r}" t="inlineStr"><is><t>城管局</t></is></c></row>'
                   for r, (v, w) in enumerate([("序号", "工作内容"), ("1", "新增公共停车泊位1500个。")], start=1)).replace('<c r="D1" t="inlineStr"><is><t>王斐</t></is></c><c r="E1" t="inlineStr"><is><t>城管局</t></is></c>', '<c r="D1" t="inlineStr"><is><t>分管领导</t></is></c><c r="E1" t="inlineStr"><is><t>牵头单位</t></is></c>')
    far = f'<worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetData>{rows}<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData></worksheet>'
    p = _xlsx_with_sheet_xml(tmp_path / "far.xlsx", far)
    r, seconds, peak = run_bounded("extract", p)
    assert r.returncode == 0 and seconds < TIME_S and peak < MEMORY_MB, (r.stderr[-300:], seconds, peak)
    assert json.loads(r.stdout.splitlines()[0])["targets"][0]["value"] == 1500
    merged = far.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>')
    assert_limit_line(_xlsx_with_sheet_xml(tmp_path / "merged.xlsx", merged), "table cells", "GOVTASKS_MAX_CELLS")  # a range over the whole sheet


def test_xlsx_with_too_many_columns_of_values(tmp_path):
    cells = "".join(f'<c r="{_col(c)}1" t="inlineStr"><is><t>x</t></is></c>' for c in range(1, 200))
    p = _xlsx_with_sheet_xml(tmp_path / "wide.xlsx", f'<worksheet {NS}><sheetData><row r="1">{cells}</row></sheetData></worksheet>')
    assert_limit_line(p, "199", "table columns", "GOVTASKS_MAX_COLUMNS")


def _col(n: int) -> str:
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def test_xlsx_declaring_a_million_cells(tmp_path):
    cells = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(1, 450_001))
    p = _xlsx_with_sheet_xml(tmp_path / "million.xlsx", f'<worksheet {NS}><dimension ref="A1:A1048576"/><sheetData>{cells}</sheetData></worksheet>')
    assert_limit_line(p, "table cells", "GOVTASKS_MAX_CELLS")


@pytest.mark.parametrize("attr", ["gridSpan", "gridBefore"])
def test_docx_with_a_huge_span(tmp_path, attr):
    good = make_docx(tmp_path / "good.docx", simple_rows())
    p = tmp_path / f"{attr}.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                if attr == "gridSpan":
                    xml = xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="200000000"/>', 1)
                else:
                    xml = xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="200000000"/></w:trPr>', 1) if "<w:tr>" in xml else xml.replace("<w:tr ", '<w:tr><w:trPr><w:gridBefore w:val="200000000"/></w:trPr></w:tr><w:tr ', 1)
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    assert_limit_line(p, "over the limit", "GOVTASKS_MAX_SPAN")


def test_text_with_millions_of_tiny_cells(tmp_path):
    p = tmp_path / "cells.txt"
    p.write_text("序号\t目标名称\t工作内容\t分管领导\t牵头单位\n" + "\t\n" * 600_000, encoding="utf-8")
    assert_limit_line(p, "table cells", "GOVTASKS_MAX_CELLS")


def test_a_19_mb_table(tmp_path):
    row = "\t\t扩大有效投资\t新增公共停车泊位1500个以上，同步推进智慧停车建设。\t王斐\t城管局\t各镇\n"
    p = tmp_path / "big.txt"
    p.write_text("序号\t目标名称\t工作内容\t分管领导\t牵头单位\t责任单位\n" + row * (19_000_000 // len(row.encode("utf-8"))), encoding="utf-8")
    assert p.stat().st_size > 18_000_000
    assert_limit_line(p, "characters in the document", "GOVTASKS_MAX_CHARS")


def test_one_very_long_line(tmp_path):
    p = tmp_path / "line.txt"
    p.write_text("序号\t工作内容\t牵头单位\n" + "停车" * 700_000, encoding="utf-8")
    assert_limit_line(p, "characters in one line", "GOVTASKS_MAX_LINE")


def test_a_limit_can_be_raised(tmp_path):
    p = tmp_path / "line.txt"
    p.write_text("序号\t工作内容\t牵头单位\n" + "停车" * 60_000, encoding="utf-8")
    assert_limit_line(p, "GOVTASKS_MAX_LINE")  # 120,000 characters > 100,000
    r, _, _ = run_bounded("extract", p, env={"GOVTASKS_MAX_LINE": "200000"})
    assert "GOVTASKS_MAX_LINE" not in r.stderr  # now past the limit; whatever the table says next


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "table.txt"
    os.mkfifo(fifo)
    assert_limit_line(fifo, "not a regular file")


def test_a_sidecar_with_a_list_for_a_district(tmp_path):
    table = tmp_path / "t.txt"
    table.write_bytes(WUJIN.read_bytes())
    (tmp_path / "t.meta.json").write_text(json.dumps({"district": ["武进区"], "year": 2026}, ensure_ascii=False), encoding="utf-8")
    for command in ("extract", "index"):
        args = (command, table) if command == "extract" else (command, table, "--store", tmp_path / "store")
        r, seconds, _ = run_bounded(*args)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith(("added", "replaced", "unchanged"))]
        assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
        assert any("t.meta.json" in ln and "district" in ln for ln in lines), r.stderr
