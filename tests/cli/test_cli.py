import csv
import io
import json
import subprocess
import sys

from click.testing import CliRunner
from openpyxl import load_workbook
from typer.main import get_command

from conftest import ROOT, WUJIN, ZHONGLOU, run_cli
from pipeline.cli.app import COMMANDS, GROUPS, app
from pipeline.schema import Task


def test_extract_jsonl_is_the_contract():
    r = run_cli("extract", ZHONGLOU.relative_to(ROOT))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 85
    assert list(rows[25]) == ["doc_id", "seq", "number", "goal_path", "content", "leaders", "lead_units", "responsible_units", "targets", "source"]
    assert rows[25]["source"] == {"path": "corpus/002_1fb599930edc1250.txt", "line_start": 37, "line_end": 37}
    assert rows[25]["targets"] == [{"text": "新增公共停车泊位 1200 个", "value": 1200, "unit": "个", "qualifier": ""}]
    Task.model_validate(rows[0])


def test_extract_csv_md_and_xlsx(tmp_path):
    r = run_cli("extract", WUJIN, "--format", "csv")
    table = list(csv.reader(io.StringIO(r.stdout)))
    assert table[0][:4] == ["序号", "编号", "目标名称", "工作内容"] and len(table) == 95
    r = run_cli("extract", WUJIN, "-f", "md")
    assert r.stdout.startswith("# 《2026年政府工作报告》目标任务分解落实方案") and r.stdout.count("\n|") >= 95
    out = tmp_path / "rows.xlsx"
    r = run_cli("extract", WUJIN, "-o", out)
    assert r.returncode == 0 and "94 rows" in r.stderr
    ws = load_workbook(out).active
    header_row = 2  # row 1 is the title
    assert ws.cell(header_row, 4).value == "工作内容"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2")
    assert ws.column_dimensions["D"].width >= 40 and ws.cell(3, 4).alignment.wrap_text
    assert ws.max_row == 2 + 94


def test_extract_flags_and_warning_line(tmp_path):
    copy = tmp_path / "wj.txt"
    copy.write_bytes(WUJIN.read_bytes())
    r = run_cli("extract", copy)
    assert r.returncode == 0 and "warning:" in r.stderr and "--district" in r.stderr
    r = run_cli("extract", copy, "--district", "武进区", "-q")
    assert r.stderr == "" and json.loads(r.stdout.splitlines()[0])["doc_id"] == "wujin_2026"


def test_every_command_has_help_and_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from pipeline.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert command.callback.__doc__, name
        r = run_cli(name, "--help")
        assert r.returncode == 0 and "Usage" in r.stdout
        assert f"govtasks {name}" in readme, f"README does not document `govtasks {name}`"


def test_dataframe_api():
    from pipeline.extract import extract

    df = extract(WUJIN).to_dataframe()
    assert len(df) == 94 and df.loc[0, "leaders"] == ["王斐", "王婷"]
    assert df["lead_units"].explode().value_counts()["住建局"] >= 8


def test_a_command_loads_only_its_own_stages(tmp_path):
    """Commands load lazily: `extract` pays for reading and extracting, not for ask, draft, eval or
    the embedding model (the cold start benchmarks/bench_extract.py measures)."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline.cli", "extract", str(WUJIN), "-o", str(tmp_path / "rows.jsonl")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr[-500:]
    loaded = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "pipeline.extract" in loaded
    assert not {m for m in loaded if m.startswith(("pipeline.ask", "pipeline.draft", "pipeline.evaluate", "pipeline.batch", "pipeline.compare", "pipeline.index", "pipeline.review"))}


def test_every_command_is_listed_and_builds():
    group = get_command(app)
    names = group.list_commands(None)
    assert set(names) == set(COMMANDS) | set(GROUPS)
    for name in names:
        assert group.get_command(None, name) is not None, name
    assert "progress" in CliRunner().invoke(group, ["--help"]).output
