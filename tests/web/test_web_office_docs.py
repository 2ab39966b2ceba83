"""Drafts, ledgers and the year diff over the API: a summary / progress report / ledger downloaded
and reopened; a filled ledger imported by an editor (its status per unit listed, the progress
report filled from it) or refused with the cells that are wrong; a viewer may download but not
import; the diff of a district's two years."""

import io
from urllib.parse import unquote

import docx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from batch_fakes import FakeEmbedder
from conftest import WUJIN
from pipeline.draft.ledger import COL
from pipeline.index.store import Store
from pipeline.web.accounts import Accounts
from pipeline.web.app import create_app
from tests_builders import next_year_variant, write_variant

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("office")
    store = Store(root / "store", embedder=FakeEmbedder())
    store.add(WUJIN, district="武进区", year=2026)
    from pipeline.extract import extract  # the 2027 variant is built from the 2026 rows

    variant, _ = next_year_variant(extract(WUJIN).tasks)
    store.add(write_variant(variant, root / "wujin_2027.docx"))  # titled 武进区2027年…
    accounts = Accounts(root / "users.json")
    accounts.add_user("ed", "editor", PASSWORD)
    accounts.add_user("vi", "viewer", PASSWORD)
    return create_app(store, accounts, secret="s" * 48, cookie_secure=False, dense=False)


def as_user(app, name) -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    token = c.get("/login/csrf").json()["csrf_token"]
    c.headers["x-csrf-token"] = c.post("/login", json={"name": name, "password": PASSWORD, "csrf_token": token}).json()["csrf_token"]
    return c


def test_drafts_download_and_open(site):
    vi = as_user(site, "vi")
    summary = vi.get("/api/drafts", params={"unit": "商务局", "district": "武进区", "format": "xlsx"})
    assert summary.status_code == 200 and summary.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert unquote(summary.headers["content-disposition"].split("filename*=UTF-8''")[1]) == "商务局_汇总.xlsx"
    wb = load_workbook(io.BytesIO(summary.content))
    assert any("打造消费新业态" in str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    report = vi.get("/api/drafts", params={"unit": "商务局", "district": "武进区", "period": "2026Q1", "format": "docx"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs)
    assert report.status_code == 200 and "2026年第一季度" in text
    md = vi.get("/api/drafts", params={"leader": "王斐", "district": "武进区", "format": "md"})
    assert md.status_code == 200 and md.text.startswith("#") and "王斐" in md.text
    bad = vi.get("/api/drafts", params={"unit": "不存在局", "format": "md"})
    assert bad.status_code == 422 and "最接近" in bad.json()["detail"]


def fill(data: bytes, status: str) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["台账"]
    seen = set()
    for r in range(4, ws.max_row + 1):
        key = ws.cell(r, COL["key"]).value
        if key and key not in seen:  # a task's notes sit in its first row (merged over its targets)
            seen.add(key)
            ws.cell(r, COL["self_status"]).value = status
            ws.cell(r, COL["progress"]).value = "已按计划推进。"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_filled_ledger_changes_the_status(site):
    ed, vi = as_user(site, "ed"), as_user(site, "vi")
    assert vi.get("/api/ledgers").json() == []
    ledger = vi.get("/api/drafts", params={"unit": "商务局", "district": "武进区", "period": "2026Q1", "format": "xlsx"}).content
    refused = vi.post("/api/ledgers", files={"file": ("台账.xlsx", fill(ledger, "完成"), "application/octet-stream")})
    assert refused.status_code == 403
    r = ed.post("/api/ledgers", files={"file": ("武进区商务局_2026Q1_台账.xlsx", fill(ledger, "完成"), "application/octet-stream")})
    assert r.status_code == 200, r.text
    status = r.json()
    assert status["selection"] == "武进区商务局" and status["period"] == "2026Q1" and status["reported"] == status["total"] > 0
    assert vi.get("/api/ledgers").json() == [status]
    # the progress report is filled from the import now: no 【待填报】 for a reported task
    report = vi.get("/api/drafts", params={"unit": "商务局", "district": "武进区", "period": "2026Q1", "format": "md"}).text
    assert "已按计划推进" in report
    # a second import for the same unit and period replaces the first
    again = ed.post("/api/ledgers", files={"file": ("台账.xlsx", fill(ledger, "滞后"), "application/octet-stream")}).json()
    assert len(vi.get("/api/ledgers").json()) == 1 and again["counts"] != status["counts"]


def test_a_wrong_ledger_names_its_cells(site):
    ed = as_user(site, "ed")
    ledger = ed.get("/api/drafts", params={"unit": "商务局", "district": "武进区", "period": "2026Q1", "format": "xlsx"}).content
    wb = load_workbook(io.BytesIO(ledger))
    ws = wb["台账"]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, COL["target"]).value not in (None, "（无量化指标）"))
    ws.cell(row, COL["achieved"]).value = "四十场"
    buf = io.BytesIO()
    wb.save(buf)
    r = ed.post("/api/ledgers", files={"file": ("台账.xlsx", buf.getvalue(), "application/octet-stream")})
    assert r.status_code == 422 and f"第{row}行" in r.json()["detail"] and "实际完成值" in r.json()["detail"]
    assert ed.post("/api/ledgers", files={"file": ("台账.xlsx", b"not a workbook", "application/octet-stream")}).status_code == 422


def test_the_year_diff_of_a_district(site):
    vi = as_user(site, "vi")
    d = vi.get("/api/diff", params={"district": "武进区", "old": 2026, "new": 2027})
    assert d.status_code == 200, d.text
    body = d.json()
    assert body["summary"]["continued"] > 80 and body["summary"]["new_tasks"] >= 1 and body["summary"]["changed_targets"] >= 1
    assert vi.get("/api/diff", params={"district": "武进区", "old": 2026, "new": 2030}).status_code == 422
