"""A unit's draft belongs to one district: a name found in both seed districts (住建局) is
refused with the choices, or — with --each-district — written as one document per district,
each holding only its own district's rows and leaders; `--by unit` never puts two districts'
rows on one sheet."""

import pytest
from conftest import WUJIN, ZHONGLOU, run_cli

from pipeline.draft import DraftRequest, draft
from pipeline.draft.select import AmbiguousDistrict, Selector
from pipeline.extract import extract

DOCS = {"wujin_2026": {"district": "武进区"}, "zhonglou_2026": {"district": "钟楼区"}}


@pytest.fixture(scope="module")
def both():
    return extract(WUJIN).tasks + extract(ZHONGLOU).tasks


def _mentions(tasks, core):
    return [t for t in tasks if any(u.endswith(core) for u in (*t.lead_units, *t.responsible_units))]


def test_a_unit_of_two_districts_is_refused_with_the_choices(both):
    sel = Selector(both, DOCS)
    with pytest.raises(AmbiguousDistrict) as e:
        sel.select("unit", "区住建局")
    wj = len(_mentions([t for t in both if t.doc_id == "wujin_2026"], "住建局"))
    zl = len(_mentions([t for t in both if t.doc_id == "zhonglou_2026"], "住建局"))
    assert wj and zl
    assert e.value.groups == {"武进区": wj, "钟楼区": zl}
    assert "--district 武进区" in str(e.value) and "--each-district" in str(e.value)
    # named with its district, or with --district, there is no question
    assert {t.doc_id for t in sel.select("unit", "钟楼区住建局").tasks} == {"zhonglou_2026"}
    assert {t.doc_id for t in sel.select("unit", "住建局", "武进区").tasks} == {"wujin_2026"}
    # a unit only one district has is not ambiguous
    wujin_units = "|".join(u for t in both if t.doc_id == "wujin_2026" for u in (*t.lead_units, *t.responsible_units))
    only = next(u for t in both if t.doc_id == "zhonglou_2026" for u in t.lead_units if u.startswith("区") and "（" not in u and u[1:-1] not in wujin_units)
    assert sel.select("unit", only).district == "钟楼区"


def test_each_district_writes_one_document_per_district(both, tmp_path):
    out = tmp_path / "住建局_2026Q1.docx"
    result = draft(both, DOCS, DraftRequest(unit=["区住建局"], period="2026Q1", fmt="docx", out=out, with_charts=False, each_district=True))
    assert [p.out.name for p in result.parts] == ["住建局_2026Q1_武进区.docx", "住建局_2026Q1_钟楼区.docx"]
    import docx

    leaders = {d: {n for t in both if t.doc_id == d for n in t.leaders} for d in DOCS}
    for part, doc_id, other in ((result.parts[0], "wujin_2026", "zhonglou_2026"), (result.parts[1], "zhonglou_2026", "wujin_2026")):
        (sel,) = part.selections
        assert {t.doc_id for t in sel.tasks} == {doc_id}
        text = "\n".join(p.text for p in docx.Document(part.out).paragraphs) + "\n".join(c.text for t in docx.Document(part.out).tables for r in t.rows for c in r.cells)
        foreign = leaders[other] - leaders[doc_id]
        assert not [n for n in foreign if n in text], "a leader of the other district is in the document"
        for t in sel.tasks:
            assert t.content[:20] in text
    assert not out.exists()  # never one merged document


def test_summary_by_unit_keeps_districts_apart(both):
    result = draft(both, DOCS, DraftRequest(by="unit", fmt="md"))
    for s in result.selections:
        assert len({t.doc_id for t in s.tasks}) == 1, s.label
    labels = [s.label for s in result.selections]
    assert "武进区住建局" in labels and "钟楼区住建局" in labels
    assert len(labels) == len(set(labels))


def test_cli_asks_or_writes_one_file_per_district(corpus_store, tmp_path):
    store = corpus_store.root
    r = run_cli("draft", "--store", store, "--unit", "住建局", "-o", tmp_path / "a.xlsx")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "武进区" in r.stderr and "钟楼区" in r.stderr and not (tmp_path / "a.xlsx").exists()
    r = run_cli("draft", "--store", store, "--unit", "住建局", "--each-district", "-o", tmp_path / "a.xlsx")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["a_武进区.xlsx", "a_钟楼区.xlsx"]


def test_a_numbered_table_s_report_calls_each_task_by_its_printed_number(both, tmp_path):
    """钟楼 prints (1)…(85): the report's info line says 任务26 for (26); its outline heading is a
    plain third-level 1., 2., … with no second number beside it."""
    import re

    import docx

    out = tmp_path / "r.docx"
    draft(both, DOCS, DraftRequest(unit=["住建局"], district="钟楼区", period="2026Q1", fmt="docx", out=out, with_charts=False))
    paras = [p.text for p in docx.Document(out).paragraphs]
    mine = [t for t in both if t.doc_id == "zhonglou_2026" and any(u.endswith("住建局") for u in (*t.lead_units, *t.responsible_units))]
    infos = [int(re.match(r"任务(\d+)", p).group(1)) for p in paras if re.match(r"任务\d+", p) and "牵头单位：" in p]
    assert infos == [int(re.sub(r"\D", "", t.number)) for t in mine]
    headings = [p for p in paras if re.match(r"^\d+\. ", p)]
    assert len(headings) == len(mine) and not [h for h in headings if re.search(r"^\d+\. [（(]\d+[)）]", h)]



def test_make_demo_installs_what_its_charts_need():
    """`make demo` draws charts with Chinese labels: like `make test`, it runs the system-deps
    step (fonts-noto-cjk when missing and root) before its first govtasks command."""
    import shutil
    import subprocess

    from conftest import ROOT

    if not shutil.which("make"):
        pytest.skip("make not installed")
    plan = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert "fonts-noto-cjk" in plan and "fc-list :lang=zh" in plan
    assert plan.index("fc-list :lang=zh") < plan.index("govtasks extract")
