"""The page in a real browser: Playwright (python) drives Debian's chromium (/usr/bin/chromium,
headless; `make test` installs it with apt when root) against a real `govtasks serve` on
127.0.0.1. Sign in, ask 商务局牵头哪些任务？ and see the cited rows, filter the table, open a task
and see its source, upload a .docx table and find its rows, and a viewer refused an upload.
Every step's screenshot is kept as a CI artifact (its path printed)."""

from pathlib import Path

import pytest

from conftest import ZHONGLOU, run_cli, start_serve
from tests_builders import make_docx, seed_folder, simple_rows

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (`make test` installs it with apt when root)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from batch_fakes import EmbeddingServer  # the fake embeddings endpoint: the served store's embedder

    root = tmp_path_factory.mktemp("browser")
    d = seed_folder(root / "in")
    embeddings = EmbeddingServer()
    env = {**embeddings.env(), "GOVTASKS_HOME": str(root / "home"), "GOVTASKS_PASSWORD": PASSWORD}
    users, store = root / "users.json", root / "store"
    assert run_cli("batch", d, "--store", store, "--jobs", "1", env=env).returncode == 0
    for name, role in (("editor1", "editor"), ("viewer1", "viewer")):
        assert run_cli("user", "add", name, "--role", role, "--users", users, env=env).returncode == 0
    proc, base = start_serve(store, users, env)
    yield base, root
    proc.terminate()
    proc.wait(timeout=20)
    embeddings.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright  # the browser driver: only these tests need it

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def sign_in(browser, base, name):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page, errors


def download_draft(page, tmp_path, fmt: str) -> Path:
    """商务局 of 钟楼区, 2026Q1, in `fmt`, through the page's draft form: the saved download."""
    page.fill("form.drafts input[name=unit]", "商务局")
    page.select_option("form.drafts select[name=district]", "钟楼区")
    page.fill("form.drafts input[name=period]", "2026Q1")
    page.select_option("form.drafts select[name=format]", fmt)
    with page.expect_download() as dl:
        page.click("form.drafts button[type=submit]")
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    return path


def shot(page, artifact, tmp_path, name):
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    artifact(path, f"browser_{name}.png")


def test_an_editor_asks_filters_opens_a_task_and_uploads(server, browser, artifact, tmp_path):
    base, root = server
    page, errors = sign_in(browser, base, "editor1")
    page.fill("#q", "商务局牵头哪些任务？")
    page.click(".askform button")
    page.wait_for_selector("#answer")
    assert "商务局牵头的任务共19项" in page.inner_text("#answer")
    cited = page.locator("#answer ol.citations a")
    assert cited.count() == 19
    shot(page, artifact, tmp_path, "1_ask")

    page.select_option("select[name=district]", "钟楼区")  # applies at once (static/app.js)
    page.wait_for_url("**district=%E9%92%9F%E6%A5%BC%E5%8C%BA**")
    page.fill("input[name=unit]", "商务局")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "共 10 项" in page.inner_text("section.tasks h2")
    assert page.locator("table.grid tbody tr").count() == 10
    shot(page, artifact, tmp_path, "2_filter")
    # the office screen: the table fits 1366 px without a horizontal scroll; printed, the controls go
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.emulate_media(media="print")
    assert page.is_hidden("header.bar") and page.is_hidden("form.filters") and page.is_visible("table.grid")
    pdf = tmp_path / "tasks.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True)
    artifact(pdf, "browser_2_filter_printed.pdf")
    page.emulate_media(media="screen")

    page.goto(f"{base}/?text=停车泊位")
    page.click("a[href='/tasks/zhonglou_2026-26']")
    page.wait_for_selector("#table-source")
    assert "新增公共停车泊位" in page.inner_text("#table-source")
    assert "新增公共停车泊位 1200 个" in page.inner_text("section.link mark")
    shot(page, artifact, tmp_path, "3_task")

    docx = make_docx(tmp_path / "测试区分解表.docx", simple_rows())
    page.goto(f"{base}/upload")
    page.set_input_files("input[type=file]", str(docx))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("table.upload-results")
    result = page.inner_text("table.upload-results")
    assert "测试区分解表.docx" in result and "已收录" in result and "ceshi_2026" in result
    shot(page, artifact, tmp_path, "4_upload")
    rows = int(page.locator("table.upload-results tr.status-added td").nth(6).inner_text())
    page.goto(f"{base}/?district=测试区")
    assert rows > 0 and f"共 {rows} 项" in page.inner_text("section.tasks h2")
    assert page.locator("table.grid tbody a[href^='/tasks/ceshi_2026-']").count() == rows
    shot(page, artifact, tmp_path, "5_uploaded_rows")
    assert errors == [], errors  # no script error, no resource refused by the CSP


def test_an_editor_downloads_a_ledger_imports_it_filled_and_downloads_a_report(server, browser, artifact, tmp_path):
    from openpyxl import load_workbook  # the ledger is filled as a unit would, in Excel's place
    import docx  # the downloaded report is opened as Word would

    from pipeline.draft.ledger import COL

    base, root = server
    page, errors = sign_in(browser, base, "editor1")
    page.click("a[href='/ledgers']")
    assert "还没有导入台账" in page.inner_text("table.ledgers")
    ledger = download_draft(page, tmp_path, "xlsx")
    assert ledger.name == "商务局_2026Q1_台账.xlsx"
    wb = load_workbook(ledger)
    ws = wb["台账"]
    seen = set()
    for r in range(4, ws.max_row + 1):
        key = ws.cell(r, COL["key"]).value
        if key and key not in seen:
            seen.add(key)
            ws.cell(r, COL["self_status"]).value = "完成"
            ws.cell(r, COL["progress"]).value = "已按计划完成。"
    wb.save(ledger)
    page.set_input_files("form.ledger input[type=file]", str(ledger))
    page.click("form.ledger button[type=submit]")
    page.wait_for_selector("p.ok")
    assert f"{len(seen)}/{len(seen)} 项已填报" in page.inner_text("p.ok")
    row = page.inner_text("table.ledgers tbody tr")
    assert "钟楼区商务局" in row and "2026Q1" in row and "100%" in row
    shot(page, artifact, tmp_path, "7_ledger_imported")
    report = download_draft(page, tmp_path, "docx")  # the page after the import shows the form anew
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert report.name == "商务局_2026Q1_进展情况.docx" and "已按计划完成" in text
    assert errors == [], errors


def test_a_viewer_is_refused_an_upload(server, browser, artifact, tmp_path):
    base, root = server
    page, errors = sign_in(browser, base, "viewer1")
    assert page.locator("a[href='/upload']").count() == 0  # no upload link for a viewer
    csrf = page.get_attribute("input[name=csrf_token]", "value")
    response = page.goto(f"{base}/upload")
    assert response.status == 403 and "viewer" in page.inner_text("main")
    shot(page, artifact, tmp_path, "6_viewer_refused")
    # the API refuses the viewer's upload too, whatever the page shows
    r = page.request.post(f"{base}/api/documents", multipart={"files": {"name": "t.txt", "mimeType": "text/plain", "buffer": ZHONGLOU.read_bytes()}}, headers={"x-csrf-token": csrf})
    assert r.status == 403 and "viewer" in r.json()["detail"]
