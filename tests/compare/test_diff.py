"""`govtasks diff` on a next-year version of the Wujin seed table built in code (every change
made on purpose: tests_builders.next_year_variant), the identical table, the other district,
the JSON shape, the .xlsx, the CLI and its one-line errors."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import WUJIN, ZHONGLOU, run_cli
from pipeline.compare import compare, diff_files
from pipeline.compare.render import write_xlsx
from pipeline.export.sheet import neutralise
from pipeline.errors import InputError
from pipeline.extract import extract
from pipeline.text.bigrams import STRIP
from tests_builders import NEXT_YEAR_ADDED, NEXT_YEAR_CONTENT, NEXT_YEAR_DROPPED, NEXT_YEAR_GOAL, NEXT_YEAR_MOVED, NEXT_YEAR_REWORDED, next_year_variant, write_variant

EXPECTED_TARGETS = {  # old seq → the target changes the variant makes
    61: [("value", "新增公共停车泊位1500个以上", "新增公共停车泊位2000个以上")],
    30: [("value", "认定高新技术企业500家以上", "认定高新技术企业550家以上")],
    65: [("qualifier", "实施支流支浜水质提升工程10条左右", "实施支流支浜水质提升工程10条以上")],
    31: [("qualifier", "共建省级以上联合创新中心3个", "共建省级以上联合创新中心3个以上")],
    52: [("added", None, "打造城市美学示范街区5个")],
    28: [("removed", "新增上市挂牌企业5家以上", None)],
}


@pytest.fixture(scope="module")
def wujin_rows():
    return extract(WUJIN).tasks


@pytest.fixture(scope="module", params=[".docx", ".xlsx", ".jsonl"])
def variant(request, wujin_rows, tmp_path_factory):
    rows, _ = next_year_variant(wujin_rows)
    return write_variant(rows, tmp_path_factory.mktemp("variant") / f"wujin_2027{request.param}")


def _seq(key: str) -> int:
    return int(key.rsplit("#", 1)[1])


def test_variant_finds_exactly_the_changes_built(variant, wujin_rows):
    d = diff_files(WUJIN, variant)
    assert {_seq(r.key) for r in d.dropped} == set(NEXT_YEAR_DROPPED)
    assert [r.content for r in d.new_tasks] == list(NEXT_YEAR_ADDED)
    assert len(d.continued) == len(wujin_rows) - len(NEXT_YEAR_DROPPED)
    by_old = {_seq(c.old): c for c in d.continued}
    for c in d.continued:  # every continued row is paired with its own next-year row
        assert c.old_row.content.replace("，新增上市挂牌企业5家以上", "")[:4] in c.new_row.content or _seq(c.old) in NEXT_YEAR_REWORDED
    moved = {_seq(c.old): {f: m.new for f, m in c.moved.items()} for c in d.continued if c.moved}
    assert moved == {seq: {field: value} for seq, (field, value) in NEXT_YEAR_MOVED.items()}
    targets = {_seq(c.old): [(t.kind, t.old.text if t.old else None, t.new.text if t.new else None) for t in c.targets] for c in d.continued if c.targets}
    assert targets == EXPECTED_TARGETS
    assert {_seq(c.old): c.goal_moved["to"] for c in d.continued if c.goal_moved} == NEXT_YEAR_GOAL
    for seq in NEXT_YEAR_REWORDED:  # reworded and reordered rows still match, below 1
        assert 0.5 <= by_old[seq].score < 1
    untouched = [c for c in d.continued if _seq(c.old) not in {*NEXT_YEAR_REWORDED, *NEXT_YEAR_CONTENT}]
    assert untouched and all(c.score == 1 for c in untouched)
    assert set(NEXT_YEAR_CONTENT) <= set(by_old)
    s = d.summary
    assert (s.continued, s.new_tasks, s.dropped, s.moved, s.changed_targets, s.goal_moves) == (91, 3, 3, 2, 6, 1)


def test_evidence_quotes_the_shared_text(variant):
    d = diff_files(WUJIN, variant)
    c = next(c for c in d.continued if _seq(c.old) == 13)  # reworded: synonyms, clauses reordered
    assert c.evidence.shared and all(run in STRIP.sub("", c.new_row.content) and run in STRIP.sub("", c.old_row.content) for run in c.evidence.shared)
    assert "检验检测" in "".join(c.evidence.shared)
    assert c.evidence.old_clause in c.old_row.content and c.evidence.new_clause in c.new_row.content


def test_identical_table_is_all_continued(tmp_path, wujin_rows):
    copy = shutil.copy(WUJIN, tmp_path / "wujin_copy.txt")
    d = diff_files(WUJIN, copy)
    assert len(d.continued) == len(wujin_rows) and all(c.score == 1 for c in d.continued)
    assert [(_seq(c.old), _seq(c.new)) for c in d.continued] == [(t.seq, t.seq) for t in wujin_rows]
    assert not d.new_tasks and not d.dropped
    assert not any(c.moved or c.targets or c.goal_moved for c in d.continued)


def test_other_district_shares_little():
    d = diff_files(WUJIN, ZHONGLOU)
    assert len(d.continued) <= 5 and all(c.score < 0.8 for c in d.continued)
    assert len(d.new_tasks) >= 80 and len(d.dropped) >= 89


def test_json_shape(variant):
    d = json.loads(diff_files(WUJIN, variant).model_dump_json())
    assert set(d) == {"old", "new", "continued", "new_tasks", "dropped", "summary"}
    assert {"doc_id", "path", "district", "year", "rows"} <= set(d["old"])
    c = d["continued"][0]
    assert {"old", "new", "score", "evidence", "moved", "targets", "goal_moved", "old_row", "new_row"} <= set(c)
    assert c["old"].startswith("wujin_2026#") and c["new"].startswith("wujin_2027#") and c["old_row"]["source"]
    assert {"key", "source", "content", "goal_path"} <= set(d["dropped"][0])
    moved = next(x for x in d["continued"] if x["moved"])
    assert set(next(iter(moved["moved"].values()))) == {"old", "new", "added", "removed"}


def test_xlsx_reopens(tmp_path, variant):
    from openpyxl import load_workbook

    out = tmp_path / "diff.xlsx"
    write_xlsx(diff_files(WUJIN, variant), out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["概况", "新增任务", "取消任务", "领导与单位调整", "指标变动", "目标名称调整", "延续任务"]
    ws = wb["指标变动"]
    header = [c.value for c in ws[2]]
    assert header[:4] == ["原行", "新行", "指标", "变动"] and ws.auto_filter.ref
    assert ws.max_row == 2 + len(EXPECTED_TARGETS)
    assert wb["延续任务"].max_row == 2 + 91 and wb["新增任务"].column_dimensions["D"].width == 60


def test_formula_looking_text_is_neutralised():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)" and neutralise("+1") == "'+1" and neutralise("@x") == "'@x" and neutralise("-x") == "'-x"
    assert neutralise("新增") == "新增" and neutralise(3) == 3


def test_cli_markdown_json_xlsx(tmp_path, variant):
    r = run_cli("diff", WUJIN, variant)
    assert r.returncode == 0, r.stderr
    assert "## 新增任务（3）" in r.stdout and "新增公共停车泊位2000个以上" in r.stdout and "91 continued" in r.stderr
    r = run_cli("diff", WUJIN, variant, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["summary"]["continued"] == 91
    out = tmp_path / "d.xlsx"
    assert run_cli("diff", WUJIN, variant, "-o", out).returncode == 0 and out.stat().st_size > 0
    md = tmp_path / "d.md"
    assert run_cli("diff", WUJIN, variant, "-o", md).returncode == 0 and md.read_text(encoding="utf-8").startswith("# 目标任务年度对比")


@pytest.mark.parametrize(
    "args, says",
    [
        (["diff", "nope.txt", WUJIN], "nope.txt: no such file"),
        (["diff", WUJIN, WUJIN], "the same file is given twice"),
        (["diff", "--years", "2026", "2027"], "--years: needs --district"),
        (["diff", WUJIN], "two tables are needed"),
        (["diff", WUJIN, ZHONGLOU, "-o", "x.csv"], "unknown output format"),
    ],
)
def test_cli_bad_input(args, says):
    r = run_cli(*args)
    assert r.returncode == 2 and says in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_file_with_no_table(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("这是一段说明文字，没有表格。\n第二行。\n", encoding="utf-8")
    r = run_cli("diff", p, WUJIN)
    assert r.returncode == 2 and "notes.txt" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_store_years(tmp_path, wujin_rows):
    from pipeline.index.store import Store

    class Fake(Store):  # the manifest and rows of two Wujin years, without Chroma
        def documents(self):
            from pipeline.schema import Document

            return {d: Document(path=f"{d}.txt", hash="x", kind="table", rows=len(rows), embedder="none", file="-", district="武进区", year=y) for d, (y, rows) in self.docs.items()}

        def tasks(self):
            return [t for _, rows in self.docs.values() for t in rows]

    rows, _ = next_year_variant(wujin_rows)
    store = Fake(tmp_path / "store")
    store.docs = {"wujin_2026": (2026, wujin_rows), "wujin_2027": (2027, [t.model_copy(update={"doc_id": "wujin_2027", "seq": k}) for k, t in enumerate(rows, start=1)])}
    d = compare(None, None, district="武进", years=(2026, 2027), store=store)
    assert (d.summary.continued, d.summary.new_tasks, d.summary.dropped) == (91, 3, 3)
    with pytest.raises(InputError, match="no indexed table for 武进 2025"):
        compare(None, None, district="武进", years=(2025, 2027), store=store)
    with pytest.raises(InputError, match="no indexed table for 钟楼区"):
        compare(None, None, district="钟楼区", years=(2026, 2027), store=store)


PARAPHRASED = {  # old seq → the row rewritten in other words (few shared character pairs)
    77: "持续规范使用医保基金，提升“15分钟医保服务圈”服务质量。",
    83: "推动信访工作在法治轨道上运行，集中攻坚化解信访积案。",
    52: "建立城市美学顾问制度，让城市空间更美、品质更高。",
    85: "加快构建现代警务体系，加强社会治安整体防控。",
    68: "健全固体废物全流程数字化监管，推进无废城市建设走深走实。",
}


@pytest.mark.slow
def test_embeddings_match_paraphrased_rows(wujin_rows):
    """Measured: lexical alone keeps 1 of the 5 paraphrases (score 0.58; the others 0.26–0.45 fall
    to NEW/DROPPED); with E5 all 5 match their own row, and Wujin × Zhonglou still gives none."""
    from pipeline.compare.diff import diff_rows
    from pipeline.compare.model import DocRef
    from pipeline.index.embed import LocalE5

    new = [t.model_copy(update={"doc_id": "wujin_2027", "content": PARAPHRASED.get(t.seq, t.content)}) for t in wujin_rows]
    ref = DocRef(doc_id="x", path="x", rows=len(new))
    lexical = diff_rows(ref, wujin_rows, ref, new)
    assert {_seq(c.old) for c in lexical.continued} & set(PARAPHRASED) == {77}
    dense = diff_rows(ref, wujin_rows, ref, new, LocalE5())
    assert len(dense.continued) == len(wujin_rows) and all(_seq(c.old) == _seq(c.new) for c in dense.continued)
    assert not dense.new_tasks and not dense.dropped


def test_cli_district_not_in_store(tmp_path):
    r = run_cli("diff", "--district", "武进区", "--years", "2026", "2027", "--store", tmp_path / "empty")
    assert r.returncode == 2 and "no indexed table for 武进区 2026" in r.stderr and len(r.stderr.strip().splitlines()) == 1
