"""Documents over the API: an editor uploads tables and reports (a batch run: rows, links and
drafts made, its lines returned), deletes and re-indexes them; a viewer may only list. Uploads are
checked by content and name first: size limit, the sniffed type against the extension, no path in
a file name; a busy store is a 409."""

import io
import subprocess
import sys
import zipfile

import pytest
from fastapi.testclient import TestClient

from batch_fakes import FakeEmbedder
from conftest import ROOT, ZHONGLOU
from pipeline.index.store import Store
from pipeline.web.accounts import Accounts
from pipeline.web.app import create_app
from pipeline.web.uploads import safe_name, sniff
from tests_builders import ZHONGLOU_REPORT, make_docx, simple_rows

PASSWORD = "correct horse battery"


@pytest.fixture
def site(tmp_path):
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    accounts = Accounts(tmp_path / "users.json")
    accounts.add_user("ed", "editor", PASSWORD)
    accounts.add_user("vi", "viewer", PASSWORD)
    app = create_app(store, accounts, secret="s" * 48, cookie_secure=False, dense=False)
    return store, accounts, app


def as_user(app, name) -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    token = c.get("/login/csrf").json()["csrf_token"]
    r = c.post("/login", json={"name": name, "password": PASSWORD, "csrf_token": token})
    c.headers["x-csrf-token"] = r.json()["csrf_token"]
    return c


def docx_bytes(tmp_path) -> bytes:
    return make_docx(tmp_path / "t.docx", simple_rows()).read_bytes()


def test_an_editor_uploads_a_docx_table_and_its_rows_are_listed(site, tmp_path):
    store, accounts, app = site
    ed = as_user(app, "ed")
    r = ed.post("/api/documents", files=[("files", ("测试区分解表.docx", docx_bytes(tmp_path), "application/octet-stream"))])
    assert r.status_code == 200, r.text
    line = r.json()["lines"][0]
    assert (line["file"], line["status"], line["kind"], line["doc_id"], line["district"]) == ("测试区分解表.docx", "added", "table", "ceshi_2026", "测试区")
    assert r.json()["failed"] == 0 and r.json()["manifest"].endswith(".jsonl")
    rows = ed.get("/api/tasks", params={"district": "测试区"}).json()
    assert rows["total"] == line["rows"] > 0
    listed = ed.get("/api/documents").json()
    assert [(d["doc_id"], d["kind"], d["rows"]) for d in listed] == [("ceshi_2026", "table", line["rows"])]
    assert "/uploads/" in store.documents()["ceshi_2026"].path  # the uploaded copy is what is indexed


def test_one_upload_with_a_table_and_its_report_links_them_and_a_report_alone_gets_a_draft(site):
    store, accounts, app = site
    ed = as_user(app, "ed")
    files = [("files", ("zhonglou.txt", ZHONGLOU.read_bytes(), "text/plain")), ("files", ("钟楼区2026年政府工作报告.txt", ZHONGLOU_REPORT.encode("utf-8"), "text/plain"))]
    r = ed.post("/api/documents", files=files, data={"district": "钟楼区", "year": "2026"})
    lines = {ln["file"]: ln for ln in r.json()["lines"]}
    assert lines["zhonglou.txt"]["status"] == "added" and lines["zhonglou.txt"]["links"] >= 1
    assert ed.get("/api/tasks/zhonglou_2026-26/links").json()[0]["line"] == 5
    alone = ed.post("/api/documents", files=[("files", ("溧阳市2027年政府工作报告.txt", "溧阳市2027年政府工作报告\n各位代表：\n二、2027年工作安排\n新增公共停车泊位1500个以上。\n".encode("utf-8"), "text/plain"))]).json()
    assert {ln["kind"] for ln in alone["lines"]} == {"report", "draft"}


def test_uploads_are_checked_by_content_name_and_size(site, tmp_path, monkeypatch):
    store, accounts, app = site
    ed = as_user(app, "ed")
    files = [
        ("files", ("fake.docx", "不是 Word 文件".encode("utf-8"), "application/octet-stream")),
        ("files", ("table.pdf", docx_bytes(tmp_path), "application/pdf")),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("virus.exe", b"MZ\x90\x00", "application/octet-stream")),
        ("files", ("../../../../etc/cron.d/evil.txt", ZHONGLOU.read_bytes(), "text/plain")),
    ]
    r = ed.post("/api/documents", files=files, data={"district": "钟楼区", "year": "2026"})
    lines = {ln["file"]: ln for ln in r.json()["lines"]}
    assert "content is plain text" in lines["fake.docx"]["error"] and "content is Word" in lines["table.pdf"]["error"]
    assert lines["empty.txt"]["status"] == "refused" and "unsupported file type '.exe'" in lines["virus.exe"]["error"]
    evil = lines["../../../../etc/cron.d/evil.txt"]
    assert evil["status"] == "added" and evil["kind"] == "table"
    indexed = store.documents()[evil["doc_id"]].path
    assert indexed.startswith(str(store.root / "uploads")) and indexed.endswith("/evil.txt")
    assert r.json()["failed"] == 4
    monkeypatch.setenv("GOVTASKS_MAX_BYTES", "1000")
    big = ed.post("/api/documents", files=[("files", ("big.txt", ZHONGLOU.read_bytes(), "text/plain"))]).json()
    assert "file too large" in big["lines"][0]["error"]


def test_a_viewer_may_list_but_not_change(site, tmp_path):
    store, accounts, app = site
    vi = as_user(app, "vi")
    assert vi.get("/api/documents").status_code == 200
    for r in (vi.post("/api/documents", files=[("files", ("t.docx", docx_bytes(tmp_path), "application/octet-stream"))]), vi.delete("/api/documents/ceshi_2026"), vi.post("/api/documents/ceshi_2026/reindex")):
        assert r.status_code == 403 and "viewer" in r.json()["detail"]
    assert store.documents() == {}


def test_delete_and_reindex(site, tmp_path):
    store, accounts, app = site
    ed = as_user(app, "ed")
    files = [("files", ("zhonglou.txt", ZHONGLOU.read_bytes(), "text/plain")), ("files", ("钟楼区2026年政府工作报告.txt", ZHONGLOU_REPORT.encode("utf-8"), "text/plain"))]
    ed.post("/api/documents", files=files, data={"district": "钟楼区", "year": "2026"})
    report_id = next(d for d, m in store.documents().items() if m.kind == "report")
    again = ed.post("/api/documents/zhonglou_2026/reindex").json()
    assert [(ln["doc_id"], ln["status"]) for ln in again["lines"]] == [("zhonglou_2026", "added")]
    assert ed.get("/api/tasks/zhonglou_2026-26/links").json()[0]["line"] == 5  # linked again
    assert ed.delete(f"/api/documents/{report_id}").json() == {"removed": [report_id]}
    assert not (store.root / "links" / "zhonglou_2026.jsonl").exists() and ed.get("/api/tasks/zhonglou_2026-26/links").json() == []
    assert ed.delete("/api/documents/zhonglou_2026").status_code == 200
    assert store.documents() == {} and store.collection("table").count() == 0 and store.collection("report").count() == 0
    assert ed.delete("/api/documents/zhonglou_2026").status_code == 404


def test_an_upload_while_a_batch_holds_the_store_is_a_409(site, tmp_path, monkeypatch):
    store, accounts, app = site
    monkeypatch.setattr("pipeline.web.documents.LOCK_WAIT", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", "import sys,time; from pathlib import Path; from pipeline.index.lock import store_lock\nwith store_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(30)", str(store.root)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        r = as_user(app, "ed").post("/api/documents", files=[("files", ("t.docx", docx_bytes(tmp_path), "application/octet-stream"))])
        assert r.status_code == 409 and "store busy" in r.json()["detail"] and r.headers["retry-after"]
    finally:
        holder.kill()
        holder.wait()


def test_sniffing_and_safe_names():
    assert sniff(b"%PDF-1.7 ...") == "pdf" and sniff("钟楼区 二〇二六年".encode("gb18030")) == "text"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100) == "ole" and sniff(bytes(range(256))) == "binary"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "x")
    assert sniff(buf.getvalue()) == "zip"
    assert safe_name("..\\..\\x.docx") == "x.docx" and safe_name("../") is None and safe_name(".hidden.txt") == "hidden.txt"
    assert safe_name("a\x00b\nc.txt") == "abc.txt" and len(safe_name("长" * 300 + ".docx")) <= 120 and safe_name("长" * 300 + ".docx").endswith(".docx")
