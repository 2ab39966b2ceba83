"""The server-rendered page through httpx: sign-in redirects, the question box and its cited rows,
the task table's filters, sorting and paging, a task with its table lines and highlighted report
paragraph, and document text always escaped (a row holding <script> shows as text)."""

import io
import re
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from batch_fakes import FakeEmbedder
from conftest import WUJIN
from pipeline.batch.run import run_batch
from pipeline.index.store import Store
from pipeline.web.accounts import Accounts
from pipeline.web.app import create_app
from tests_builders import seed_folder

PASSWORD = "correct horse battery"
HOSTILE = "<script>alert(1)</script>推进“智改数转”<img src=x onerror=alert(2)>"
FORMULA = '=HYPERLINK("http://evil.example/","点击")'


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    d = seed_folder(root / "in")
    # a table whose row text is hostile markup
    lines = WUJIN.read_text(encoding="utf-8").replace("打造消费新业态", HOSTILE, 1).replace("构建消费新模式", FORMULA + "构建消费新模式", 1)
    (d / "hostile.txt").write_text(lines, encoding="utf-8")
    (d / "hostile.meta.json").write_text('{"district": "新北区", "year": 2026}', encoding="utf-8")
    store = Store(root / "store", embedder=FakeEmbedder())
    run_batch([d], store, jobs=1)
    accounts = Accounts(root / "users.json")
    accounts.add_user("viewer1", "viewer", PASSWORD)
    c = TestClient(create_app(store, accounts, secret="s" * 48, cookie_secure=False, dense=False), raise_server_exceptions=False)
    return c


def sign_in(c: TestClient) -> None:
    r = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"name": "viewer1", "password": PASSWORD, "csrf_token": token, "next": "/?unit=商务局"}, headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and unquote(r.headers["location"]) == "/?unit=商务局"


def test_pages_redirect_to_sign_in_and_back(page):
    page.cookies.clear()
    r = page.get("/tasks/wujin_2026-1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Ftasks%2Fwujin_2026-1"
    r = page.get("/login")
    assert r.status_code == 200 and "登录" in r.text and 'type="password"' in r.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    bad = page.post("/login", data={"name": "viewer1", "password": "wrong password!", "csrf_token": token}, headers={"accept": "text/html"}, follow_redirects=True)
    assert "账号或密码不对" in bad.text
    sign_in(page)


def test_question_box_answers_with_clickable_citations(page):
    sign_in(page)
    r = page.get("/", params={"q": "商务局牵头哪些任务？"})
    assert r.status_code == 200
    answer = r.text[r.text.index('id="answer"') :]
    assert "商务局牵头的任务共" in answer
    cited = re.findall(r'<a href="/tasks/([^"]+)">', answer[: answer.index("</ol>")])
    assert "wujin_2026-1" in cited and "zhonglou_2026-3" in cited
    empty = page.get("/", params={"q": "？？"})
    assert 'class="error"' in empty.text


def test_table_filters_sorting_and_paging(page):
    sign_in(page)
    r = page.get("/", params={"unit": "商务局", "district": "钟楼区"})
    rows = re.findall(r'<a href="/tasks/(zhonglou_2026-\d+)">', r.text)
    assert "共 10 项" in r.text and len(rows) == 10
    assert "各牵头单位任务数" in r.text and "<rect" in r.text
    all_rows = page.get("/")
    assert "第 1 / " in all_rows.text and 'href="/?sort=doc&amp;page=2"' in all_rows.text
    p2 = page.get("/", params={"page": 2})
    assert set(re.findall(r'<a href="/tasks/([^"]+)">', p2.text)).isdisjoint(re.findall(r'<a href="/tasks/([^"]+)">', all_rows.text))
    by_targets = page.get("/", params={"sort": "-targets", "has_target": "true"})
    assert "量化目标 ▼" in by_targets.text
    bad = page.get("/", params={"unit": "不存在局"})
    assert bad.status_code == 200 and "最接近" in bad.text


def test_task_view_shows_table_lines_and_highlighted_paragraph(page):
    sign_in(page)
    r = page.get("/tasks/zhonglou_2026-26")
    assert r.status_code == 200
    assert 'id="table-source"' in r.text and "新增公共停车泊位" in r.text[r.text.index('id="table-source"') :]
    marked = re.findall(r"<mark>(.*?)</mark>", r.text)
    assert marked and "新增公共停车泊位 1200 个" in "".join(marked)
    assert "第 5 行" in r.text and "（一）做优城市" in r.text  # the paragraph's place in the report
    none = page.get("/tasks/wujin_2026-1")
    assert "尚未收录同一区、同一年份的政府工作报告" in none.text
    assert page.get("/tasks/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_document_text_is_escaped_everywhere(page):
    sign_in(page)
    for r in (page.get("/", params={"district": "新北区", "text": "智改数转"}), page.get("/tasks/xinbei_2026-1")):
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), r.url
        assert "<script>alert(1)</script>" not in r.text and "<img src=x" not in r.text
    # the API gives the text as it is, as JSON (never sniffed as HTML: nosniff)
    api = page.get("/api/tasks/xinbei_2026-1")
    assert api.headers["content-type"] == "application/json" and api.headers["x-content-type-options"] == "nosniff"
    assert api.json()["task"]["content"].startswith(HOSTILE)
    html = page.get("/tasks/xinbei_2026-1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script src=\"/static/app.js\" defer></script>" in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']  # the page's only script


def test_static_files_and_print_styles(page):
    css = page.get("/static/app.css")
    assert css.status_code == 200 and "@media print" in css.text and css.headers["x-content-type-options"] == "nosniff"
    assert page.get("/static/app.js").status_code == 200
    assert page.get("/static/../users.json").status_code == 404



def test_downloaded_spreadsheets_hold_formula_looking_text_as_text(page):
    sign_in(page)
    assert page.get("/api/tasks/xinbei_2026-2").json()["task"]["content"].startswith(FORMULA)
    r = page.get("/api/drafts", params={"district": "新北区", "format": "xlsx"})
    assert r.status_code == 200
    cells = [c for ws in load_workbook(io.BytesIO(r.content)).worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.value == "'" + page.get("/api/tasks/xinbei_2026-2").json()["task"]["content"] for c in cells)
    assert not any(c.data_type == "f" and "HYPERLINK" in str(c.value) for c in cells)
