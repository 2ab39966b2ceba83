"""`govtasks batch` in process: discovery and its skipped files, classification by content,
drafts and links, the run manifest, incremental runs (counted by a fake embedder), bad files."""

import json
import shutil

from batch_fakes import FakeEmbedder
from conftest import WUJIN, ZHONGLOU
from pipeline.batch.manifest import read_manifest
from pipeline.batch.run import run_batch
from pipeline.index.store import Store
from tests_builders import ZHONGLOU_REPORT, make_docx, simple_rows

REPORT_2027 = "溧阳市2027年政府工作报告\n各位代表：\n二、2027年工作安排\n（一）做优城市\n新增公共停车泊位1500个以上。推进老旧小区改造30个。\n"


def folder(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    shutil.copy(WUJIN, d / "wujin.txt")
    shutil.copy(WUJIN.with_suffix("").with_suffix(".meta.json"), d / "wujin.meta.json")
    shutil.copy(ZHONGLOU, d / "sub" / "zhonglou.txt")
    (d / "sub" / "zhonglou.meta.json").write_text(json.dumps({"district": "钟楼区", "year": 2026}), encoding="utf-8")
    shutil.copy(ZHONGLOU, d / "sub" / "zhonglou_copy.txt")  # same bytes: skipped
    (d / "钟楼区2026年报告.txt").write_text(ZHONGLOU_REPORT, encoding="utf-8")
    (d / "report2027.txt").write_text(REPORT_2027, encoding="utf-8")
    (d / "~$draft.docx").write_bytes(b"lock")
    (d / ".hidden.txt").write_text("x", encoding="utf-8")
    make_docx(d / "ceshi.docx", simple_rows())
    return d


def by_file(result):
    return {ln.file.rsplit("/", 1)[-1]: ln for ln in result.lines}


def test_batch_indexes_drafts_links_and_lists_every_file(tmp_path):
    d, emb = folder(tmp_path), FakeEmbedder()
    store = Store(tmp_path / "store", embedder=emb)
    result = run_batch([d], store, jobs=1)
    got = by_file(result)
    assert (got["wujin.txt"].kind, got["wujin.txt"].status, got["wujin.txt"].rows, got["wujin.txt"].district) == ("table", "added", 94, "武进区")
    assert (got["zhonglou.txt"].kind, got["zhonglou.txt"].doc_id) == ("table", "zhonglou_2026")
    assert got["zhonglou_copy.txt"].status == "skipped" and "same content as" in got["zhonglou_copy.txt"].error
    assert got["~$draft.docx"].error == "Office temporary file" and got[".hidden.txt"].error == "hidden file"
    assert (got["ceshi.docx"].kind, got["ceshi.docx"].district, got["ceshi.docx"].year) == ("table", "测试区", 2026)
    # the report of a district+year that has a table is linked to it; the one without gets a draft table
    rep = got["钟楼区2026年报告.txt"]
    assert (rep.kind, rep.district, rep.year) == ("report", "钟楼区", 2026)
    assert got["zhonglou.txt"].links >= 1 and rep.links == got["zhonglou.txt"].links
    links = [json.loads(x) for x in (store.root / "links" / "zhonglou_2026.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(links) == 85 and any(lk["line"] == 5 for lk in links)
    draft = got["report2027.jsonl"]
    assert (draft.kind, draft.status, draft.district, draft.year) == ("draft", "added", "溧阳市", 2027) and draft.rows >= 1
    assert "钟楼区2026年报告.jsonl" not in got  # no draft where a table exists
    draft_rows = store.root / "drafts" / "report2027.jsonl"
    assert json.loads(draft_rows.read_text(encoding="utf-8").splitlines()[0])["excerpt"]
    assert "report2027_draft" in store.documents() and any(t.doc_id == "report2027_draft" for t in store.tasks())
    # the run manifest: one line per file, atomically under STORE/runs/
    assert result.manifest_path.parent == store.root / "runs" and not result.failed
    lines = read_manifest(result.manifest_path)
    assert len(lines) == len(result.lines) == 9
    first = json.loads(result.manifest_path.read_text(encoding="utf-8").splitlines()[0])
    assert list(first)[:10] == ["file", "sha256", "kind", "district", "year", "rows", "links", "status", "error", "seconds"]


def test_second_run_costs_nothing_and_a_changed_file_replaces_its_rows(tmp_path):
    d = folder(tmp_path)
    run_batch([d], Store(tmp_path / "store", embedder=FakeEmbedder()), jobs=1)
    emb = FakeEmbedder()
    again = run_batch([d], Store(tmp_path / "store", embedder=emb), jobs=1)
    assert emb.count == 0 and {ln.status for ln in again.lines} == {"unchanged", "skipped"}
    assert by_file(again)["zhonglou.txt"].links >= 1  # counts still reported for unchanged files
    z = d / "sub" / "zhonglou.txt"
    z.write_text(z.read_text(encoding="utf-8").replace("新增公共停车泊位 1200 个", "新增公共停车泊位 1300 个"), encoding="utf-8")
    (d / "sub" / "zhonglou_copy.meta.json").write_text(json.dumps({"district": "钟楼区", "year": 2026}), encoding="utf-8")
    emb = FakeEmbedder()
    store = Store(tmp_path / "store", embedder=emb)
    third = by_file(run_batch([d], store, jobs=1))
    assert (third["zhonglou.txt"].status, third["zhonglou.txt"].embedded) == ("replaced", 1) and emb.count == 1
    assert third["zhonglou_copy.txt"].status != "skipped"  # no longer a copy: read, and refused (same id)
    assert third["zhonglou_copy.txt"].status == "error" and "same document id" in third["zhonglou_copy.txt"].error
    assert [t.content for t in store.tasks() if t.doc_id == "zhonglou_2026" and t.seq == 26][0].endswith("1300 个。")
    assert store.collection("table").count() == len(store.tasks())


def test_parallel_workers_give_the_same_store(tmp_path):
    d = folder(tmp_path)
    one = run_batch([d], Store(tmp_path / "s1", embedder=FakeEmbedder()), jobs=1)
    two = run_batch([d], Store(tmp_path / "s2", embedder=FakeEmbedder()), jobs=2)
    strip = lambda r: [(ln.file, ln.kind, ln.status, ln.rows, ln.links, ln.doc_id) for ln in r.lines]  # noqa: E731
    assert strip(one) == [(f.replace("/s2/", "/s1/"), *rest) for f, *rest in strip(two)]
    assert Store(tmp_path / "s1").documents().keys() == Store(tmp_path / "s2").documents().keys()


def test_bad_files_are_manifest_lines_and_the_store_keeps_what_it_had(tmp_path):
    d = folder(tmp_path)
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    run_batch([d], store, jobs=1)
    before = store.documents()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.pdf").write_bytes(bytes(range(256)) * 8)
    (bad / "notazip.docx").write_bytes(b"PK\x03\x04 not really a zip")
    # what Word writes for a password-protected .docx: an encrypted OLE compound file
    (bad / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    (bad / "nodistrict.txt").write_text("2026年政府工作报告\n各位代表：\n二、2026年工作安排\n新增公共停车泊位1200个。\n", encoding="utf-8")
    result = run_batch([bad, tmp_path / "missing"], store, jobs=1)
    got = by_file(result)
    assert all(ln.status == "error" and ln.error for ln in result.lines) and len(result.lines) == 6
    assert "district" in got["nodistrict.txt"].error and "no such folder" in got["missing"].error
    assert all("\n" not in ln.error for ln in result.lines)
    after = store.documents()
    assert after == before and store.collection("table").count() == len(store.tasks())


def test_dry_run_writes_nothing(tmp_path):
    d = folder(tmp_path)
    result = run_batch([d], Store(tmp_path / "store", embedder=FakeEmbedder()), jobs=1, dry_run=True)
    assert {ln.status for ln in result.lines} == {"pending", "skipped"} and not (tmp_path / "store").exists()
