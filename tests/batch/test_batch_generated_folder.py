"""Issue #16's "Done when" batch: one generated folder of every input a January brings — the two
seed tables, the Wujin table rendered as .docx / .xlsx / .pdf / old .doc under other districts'
titles, district reports as .txt / .docx / .doc (some with a table of their district and year,
one without), the provincial reports in ../shared/reports when present, and bad files — gives
the expected manifest line for every file, the links of every table to its report (checked
against the paragraphs the report was built from), a draft table for every report without a
table, and a second run that does no work (0 embeddings, no link or draft rewritten).

The expected lines are written here from how the folder is built, not from a run."""

import json
import shutil
from pathlib import Path

import pytest

from batch_fakes import FakeEmbedder
from conftest import SHARED, WUJIN, ZHONGLOU
from tests_builders import ZHONGLOU_REPORT
from pipeline.batch.manifest import read_manifest
from pipeline.batch.run import run_batch
from pipeline.export.office import write_table_docx, write_table_xlsx
from pipeline.extract import extract
from pipeline.index.store import Store
from pipeline.readers.legacy import convert_with_soffice, soffice_binary

REPORTS = SHARED / "reports"
SOFFICE = soffice_binary() is not None
TITLE = "{}2027年《政府工作报告》目标任务分解表"
# Wujin rows (by seq) whose text a district's 2027 report carries, one paragraph each
CARRIED = {"新北区": (1, 10, 40), "天宁区": (2, 20)}


def report_docx(path: Path, lines: list[str]) -> Path:
    import docx  # heavy: python-docx, only for the Word reports built here

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def old_word(docx_path: Path, out: Path) -> Path:
    """A .doc as Word 97–2003 would leave it (via .odt: LibreOffice's docx → doc drops python-docx tables)."""
    odt = convert_with_soffice(docx_path, "odt", out.parent / "odt", docx_path.name)
    doc = convert_with_soffice(odt, "doc", out.parent / "odt", odt.name)
    return Path(shutil.move(doc, out))


def district_report(district: str, wujin: dict) -> list[str]:
    carried = [wujin[seq].content for seq in CARRIED.get(district, ())] or ["新增公共停车泊位1500个以上。", "推进老旧小区改造30个，完成既有住宅加装电梯100台。"]
    return [f"{district}2027年政府工作报告", "各位代表：", "二、2027年工作安排", "（一）做优城市", *carried]


def build(root: Path) -> tuple[Path, dict]:
    """The folder, and what each file's manifest line must say: rel path → (kind, status, district, year, rows)."""
    tasks = extract(WUJIN).tasks
    wujin = {t.seq: t for t in tasks}
    n_wujin, n_zhonglou = len(tasks), len(extract(ZHONGLOU).tasks)
    d = root / "in"
    for sub in ("seeds", "renderings", "reports", "old", "provinces", "bad", ".cache", "tmp"):
        (d / sub).mkdir(parents=True)
    expect: dict[str, tuple] = {}
    for src, name, rows, district in ((WUJIN, "wujin", n_wujin, "武进区"), (ZHONGLOU, "zhonglou", n_zhonglou, "钟楼区")):
        shutil.copy(src, d / "seeds" / f"{name}.txt")
        shutil.copy(src.with_suffix("").with_suffix(".meta.json"), d / "seeds" / f"{name}.meta.json")
        expect[f"seeds/{name}.txt"] = ("table", "added", district, 2026, rows)
    shutil.copy(WUJIN, d / "tmp" / "武进区_副本.txt")
    expect["tmp/武进区_副本.txt"] = (None, "skipped", None, None, None)  # same bytes as seeds/wujin.txt
    write_table_docx(tasks, d / "renderings" / "新北区.docx", title=TITLE.format("新北区"))
    write_table_xlsx(tasks, d / "renderings" / "天宁区.xlsx", title=TITLE.format("天宁区"))
    expect |= {"renderings/新北区.docx": ("table", "added", "新北区", 2027, n_wujin), "renderings/天宁区.xlsx": ("table", "added", "天宁区", 2027, n_wujin)}
    (d / "reports" / "钟楼区2026年政府工作报告.txt").write_text(ZHONGLOU_REPORT, encoding="utf-8")
    report_docx(d / "reports" / "新北区2027年政府工作报告.docx", district_report("新北区", wujin))
    report_docx(d / "reports" / "宜兴市2027年政府工作报告.docx", district_report("宜兴市", wujin))  # no table: a draft
    paragraphs = {k: len(district_report(k, wujin)) for k in ("新北区", "宜兴市", "天宁区")}  # one paragraph a line
    expect |= {"reports/钟楼区2026年政府工作报告.txt": ("report", "added", "钟楼区", 2026, 5), "reports/新北区2027年政府工作报告.docx": ("report", "added", "新北区", 2027, paragraphs["新北区"]), "reports/宜兴市2027年政府工作报告.docx": ("report", "added", "宜兴市", 2027, paragraphs["宜兴市"])}
    if SOFFICE:
        work = root / "work"
        work.mkdir()
        write_table_docx(tasks, work / "金坛区.docx", title=TITLE.format("金坛区"))
        shutil.move(convert_with_soffice(work / "金坛区.docx", "pdf", work, "金坛区.docx"), d / "renderings" / "金坛区.pdf")
        write_table_docx(tasks, work / "溧阳市.docx", title=TITLE.format("溧阳市"))
        old_word(work / "溧阳市.docx", d / "old" / "溧阳市.doc")
        old_word(report_docx(work / "天宁区2027年政府工作报告.docx", district_report("天宁区", wujin)), d / "old" / "天宁区2027年政府工作报告.doc")
        expect |= {"renderings/金坛区.pdf": ("table", "added", "金坛区", 2027, n_wujin), "old/溧阳市.doc": ("table", "added", "溧阳市", 2027, n_wujin), "old/天宁区2027年政府工作报告.doc": ("report", "added", "天宁区", 2027, paragraphs["天宁区"])}
    for src in sorted(REPORTS.glob("2026_*.txt")) if REPORTS.is_dir() else []:
        shutil.copy(src, d / "provinces" / src.name)
        expect[f"provinces/{src.name}"] = ("report", "added", src.stem.split("_", 1)[1], 2026, None)
    (d / "bad" / "empty.txt").write_bytes(b"")
    (d / "bad" / "binary.pdf").write_bytes(bytes(range(256)) * 8)
    (d / "bad" / "notazip.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (d / "bad" / "2027年工作报告.txt").write_text("2027年政府工作报告\n各位代表：\n二、2027年工作安排\n新增公共停车泊位1200个。\n", encoding="utf-8")
    (d / "renderings" / "~$新北区.docx").write_bytes(b"lock")
    (d / ".cache" / "old.txt").write_text("x", encoding="utf-8")
    expect |= {f"bad/{n}": (None, "error", None, None, None) for n in ("empty.txt", "binary.pdf", "notazip.docx")}
    expect |= {"bad/2027年工作报告.txt": (None, "error", None, None, None), "renderings/~$新北区.docx": (None, "skipped", None, None, None), ".cache/old.txt": (None, "skipped", None, None, None)}
    return d, expect


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    d, expect = build(root)
    store = Store(root / "store", embedder=FakeEmbedder())
    return d, expect, store, run_batch([d], store, jobs=2)


def lines_by_rel(result, d: Path) -> dict:
    out = {}
    for ln in result.lines:
        p = Path(ln.file)
        out[str(p.relative_to(d)) if p.is_relative_to(d) else f"drafts/{p.name}"] = ln
    return out


def test_every_file_has_its_expected_manifest_line(first):
    d, expect, store, result = first
    got = lines_by_rel(result, d)
    for rel, (kind, status, district, year, rows) in expect.items():
        ln = got[rel]
        assert (ln.status, ln.kind if kind else None) == (status, kind), (rel, ln)
        if status == "added":
            assert (ln.district, ln.year) == (district, year), (rel, ln)
            assert rows is None or ln.rows == rows, (rel, ln.rows, rows)
            assert ln.sha256 and ln.error is None and ln.embedded == ln.rows
        if status in ("error", "skipped"):
            assert ln.error and "\n" not in ln.error, (rel, ln)
    assert "same content as" in got["tmp/武进区_副本.txt"].error and "seeds/wujin.txt" in got["tmp/武进区_副本.txt"].error
    assert "the report does not state its district" in got["bad/2027年工作报告.txt"].error
    # every file is in the manifest once; the other lines are the drafts
    drafts = {rel for rel in got if rel.startswith("drafts/")}
    assert set(got) - drafts == set(expect)
    assert result.failed and len(read_manifest(result.manifest_path)) == len(result.lines)


def test_every_table_is_linked_to_its_report_paragraphs(first):
    d, expect, store, result = first
    got = lines_by_rel(result, d)
    docs = store.documents()
    for district, seqs in CARRIED.items():
        if district == "天宁区" and not SOFFICE:
            continue
        table_id = got[next(r for r, e in expect.items() if e[:3] == ("table", "added", district))].doc_id
        report_id = got[next(r for r, e in expect.items() if e[:3] == ("report", "added", district))].doc_id
        paragraphs = store.doc_rows(docs[report_id])
        links = {lk["id"]: lk for lk in map(json.loads, (store.root / "links" / f"{table_id}.jsonl").read_text(encoding="utf-8").splitlines())}
        assert len(links) == expect[f"renderings/{district}.docx" if district == "新北区" else "renderings/天宁区.xlsx"][4]  # one line per row
        for seq in seqs:
            lk = links[f"{table_id}-{seq}"]
            content = store.doc_rows(docs[table_id])[seq - 1]["content"]
            assert lk["doc_id"] == report_id and paragraphs[lk["paragraph"]]["text"] == content, (district, seq, lk)
        linked = [lk for lk in links.values() if lk["paragraph"] is not None]
        assert len(linked) >= len(seqs) and got[f"reports/{district}2027年政府工作报告.docx" if district == "新北区" else "old/天宁区2027年政府工作报告.doc"].links == len(linked)
    zl = {lk["id"]: lk for lk in map(json.loads, (store.root / "links" / "zhonglou_2026.jsonl").read_text(encoding="utf-8").splitlines())}
    assert zl["zhonglou_2026-26"]["line"] == 5  # 新增公共停车泊位 1200 个 — the report's fifth line
    # tables whose district and year have no report get no links file
    assert not (store.root / "links" / "wujin_2026.jsonl").exists() and not (store.root / "links" / "jintan_2027.jsonl").exists()


def test_every_report_without_a_table_gets_a_draft_table(first):
    d, expect, store, result = first
    got = lines_by_rel(result, d)
    docs = store.documents()
    without = [rel for rel, e in expect.items() if e[0] == "report" and e[1] == "added" and e[2] not in ("钟楼区", "新北区", "天宁区")]
    assert "reports/宜兴市2027年政府工作报告.docx" in without and len(without) == 1 + len(list(REPORTS.glob("2026_*.txt")) if REPORTS.is_dir() else [])
    for rel in without:
        report_id = got[rel].doc_id
        draft = got[f"drafts/{report_id}.jsonl"]
        assert (draft.kind, draft.status, draft.district, draft.year) == ("draft", "added", expect[rel][2], expect[rel][3]) and draft.rows >= 1
        paragraphs = store.doc_rows(docs[report_id])
        for row in map(json.loads, (store.root / "drafts" / f"{report_id}.jsonl").read_text(encoding="utf-8").splitlines()):
            assert row["excerpt"] and row["excerpt"].strip("。；") in paragraphs[row["paragraph"]]["text"], (rel, row["excerpt"])
        assert docs[f"{report_id}_draft"].kind == "table"
    for rel in ("reports/钟楼区2026年政府工作报告.txt", "reports/新北区2027年政府工作报告.docx"):
        assert not (store.root / "drafts" / f"{got[rel].doc_id}.jsonl").exists()


def test_a_second_run_does_no_work(first):
    d, expect, store, result = first
    outputs = sorted((store.root / "links").glob("*.jsonl")) + sorted((store.root / "drafts").glob("*.jsonl"))
    stamps = {p: p.stat().st_mtime_ns for p in outputs}
    emb = FakeEmbedder()
    again = run_batch([d], Store(store.root, embedder=emb), jobs=2)
    assert emb.count == 0
    got = lines_by_rel(again, d)
    assert set(got) == set(expect)  # no draft redone
    for rel, (kind, status, *_rest) in expect.items():
        assert got[rel].status == ("unchanged" if status == "added" else status), (rel, got[rel])
        assert status != "added" or got[rel].rows == lines_by_rel(result, d)[rel].rows
    assert {p: p.stat().st_mtime_ns for p in outputs} == stamps
    assert got["seeds/zhonglou.txt"].links == lines_by_rel(result, d)["seeds/zhonglou.txt"].links >= 1
