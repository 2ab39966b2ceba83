"""The REST API through httpx (FastAPI's TestClient): health without sign-in and nothing else;
sign-in with CSRF; both roles and API tokens; the task table's filters, sorting and paging; one
task with its links; ask with its rate limit; problem documents and security headers on every
answer, errors included."""

import json

import pytest
from fastapi.testclient import TestClient

from batch_fakes import FakeEmbedder
from pipeline.batch.run import run_batch
from pipeline.index.store import Store
from pipeline.web import task_list
from pipeline.web.accounts import Accounts
from pipeline.web.app import create_app
from pipeline.web.security import HEADERS
from tests_builders import seed_folder

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    d = seed_folder(root / "in")
    store = Store(root / "store", embedder=FakeEmbedder())
    run_batch([d], store, jobs=1)
    accounts = Accounts(root / "users.json")
    accounts.add_user("viewer1", "viewer", PASSWORD)
    accounts.add_user("editor1", "editor", PASSWORD)
    return store, accounts


def client(served, **kw) -> TestClient:
    store, accounts = served
    return TestClient(create_app(store, accounts, secret="s" * 48, cookie_secure=False, dense=False, **kw), raise_server_exceptions=False)


def signed_in(served, name="viewer1", **kw) -> TestClient:
    c = client(served, **kw)
    token = c.get("/login/csrf").json()["csrf_token"]
    r = c.post("/login", json={"name": name, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 200, r.text
    c.headers["x-csrf-token"] = r.json()["csrf_token"]
    return c


def is_problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and "Traceback" not in r.text
    return body


def test_health_needs_no_sign_in_and_everything_else_does(served):
    c = client(served)
    r = c.get("/api/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "documents": 3, "tasks": 179}
    for method, path in (("get", "/api/tasks"), ("get", "/api/tasks/wujin_2026-1"), ("get", "/api/tasks/wujin_2026-1/links"), ("post", "/api/ask")):
        body = is_problem(getattr(c, method)(path, **({"json": {"question": "商务局牵头哪些任务？"}} if method == "post" else {})), 401)
        assert "sign in" in body["detail"]


def test_every_answer_carries_the_security_headers(served):
    c = client(served)
    for r in (c.get("/api/health"), c.get("/api/tasks"), c.get("/no/such/page"), c.get("/api/docs")):
        for name, value in HEADERS.items():
            assert r.headers.get(name) == value, (r.url, name)
    assert "'unsafe-inline'" not in HEADERS["content-security-policy"] and "script-src 'self'" in HEADERS["content-security-policy"]
    assert c.get("/api/health").headers["cache-control"] == "no-store"


def test_sign_in_needs_the_csrf_token_and_the_right_password(served):
    c = client(served)
    is_problem(c.post("/login", json={"name": "viewer1", "password": PASSWORD}), 403)
    token = c.get("/login/csrf").json()["csrf_token"]
    wrong = is_problem(c.post("/login", json={"name": "viewer1", "password": "not the password", "csrf_token": token}), 401)
    unknown = is_problem(c.post("/login", json={"name": "nobody", "password": PASSWORD, "csrf_token": token}), 401)
    assert wrong["detail"] == unknown["detail"]  # the answer does not tell which was wrong
    r = c.post("/login", data={"name": "viewer1", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"}, headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # never a redirect off the site
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert c.get("/api/tasks").status_code == 200
    is_problem(c.post("/logout", headers={"accept": "application/json"}), 403)  # a cross-site form cannot sign anyone out
    assert c.get("/api/tasks").status_code == 200
    csrf = c.get("/login/csrf").json()["csrf_token"]
    assert c.post("/logout", headers={"accept": "application/json", "x-csrf-token": csrf}).json() == {"signed_out": True}
    is_problem(c.get("/api/tasks"), 401)


def test_session_cookies_are_secure_by_default(served):
    store, accounts = served
    c = TestClient(create_app(store, accounts, secret="s" * 48, dense=False), base_url="https://testserver")
    token = c.get("/login/csrf").json()["csrf_token"]
    r = c.post("/login", json={"name": "viewer1", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 200 and "secure" in r.headers["set-cookie"].lower()


def test_task_table_filters_sorting_and_paging(served):
    c = signed_in(served)
    everything = c.get("/api/tasks", params={"per_page": 200}).json()
    assert everything["total"] == 179 and everything["pages"] == 1
    shangwu = c.get("/api/tasks", params={"unit": "商务局", "per_page": 5}).json()
    assert shangwu["total"] == 19 and shangwu["pages"] == 4 and len(shangwu["items"]) == 5
    one = c.get("/api/tasks", params={"unit": "商务局", "district": "钟楼区"}).json()
    assert one["total"] == 10 and {i["district"] for i in one["items"]} == {"钟楼区"}
    page4 = c.get("/api/tasks", params={"unit": "商务局", "per_page": 5, "page": 4}).json()
    assert len(page4["items"]) == 4 and not {i["id"] for i in page4["items"]} & {i["id"] for i in shangwu["items"]}
    targets = c.get("/api/tasks", params={"has_target": True, "sort": "-targets", "per_page": 200}).json()
    counts = [len(i["task"]["targets"]) for i in targets["items"]]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 1
    text = c.get("/api/tasks", params={"text": "停车泊位"}).json()
    assert text["total"] >= 1 and all("停车泊位" in i["task"]["content"] for i in text["items"])
    assert c.get("/api/tasks", params={"year": 2025}).json()["total"] == 0
    bad = is_problem(c.get("/api/tasks", params={"unit": "不存在局"}), 422)
    assert "最接近" in bad["detail"]
    is_problem(c.get("/api/tasks", params={"sort": "nonsense"}), 422)
    is_problem(c.get("/api/tasks", params={"per_page": 1000}), 422)


def test_a_task_with_its_source_and_links(served):
    c = signed_in(served)
    t = c.get("/api/tasks/zhonglou_2026-26").json()
    assert t["district"] == "钟楼区" and t["task"]["source"]["line_start"] and "1200" in t["task"]["content"]
    link = t["links"][0]
    assert link["line"] == 5 and link["excerpt"] and link["excerpt"] in link["text"] and link["report_title"]
    assert c.get("/api/tasks/zhonglou_2026-26/links").json() == t["links"]
    assert c.get("/api/tasks/wujin_2026-1/links").json() == []  # no report of 武进区 2026 indexed
    for bad in ("nope-1", "..%2F..%2Fmanifest.json", "wujin_2026-999"):
        is_problem(c.get(f"/api/tasks/{bad}"), 404)


def test_ask_answers_with_cited_rows_and_is_rate_limited(served):
    c = signed_in(served, ask_per_minute=2)
    r = c.post("/api/ask", json={"question": "商务局牵头哪些任务？"})
    assert r.status_code == 200, r.text
    ans = r.json()
    assert ans["found"] and "商务局牵头的任务共19项" in ans["answer"] and ans["tasks"] and ans["citations"]
    is_problem(c.post("/api/ask", json={"question": ""}), 422)
    assert c.post("/api/ask", json={"question": "哪些任务涉及停车？"}).status_code == 200
    limited = c.post("/api/ask", json={"question": "商务局牵头哪些任务？"})
    is_problem(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1


def test_session_posts_need_the_csrf_header(served):
    c = signed_in(served)
    del c.headers["x-csrf-token"]
    assert "CSRF" in is_problem(c.post("/api/ask", json={"question": "商务局牵头哪些任务？"}), 403)["detail"]


def test_api_tokens_act_as_their_account(served):
    store, accounts = served
    token = accounts.add_token("viewer1", "script")
    c = client(served)
    r = c.get("/api/tasks", headers={"authorization": f"Bearer {token}"}, params={"per_page": 1})
    assert r.status_code == 200 and r.json()["total"] == 179
    # no CSRF for a token: it is no ambient credential
    assert c.post("/api/ask", json={"question": "商务局牵头哪些任务？"}, headers={"authorization": f"Bearer {token}"}).status_code == 200
    for bad in (token[:-2] + ("xx" if not token.endswith("xx") else "yy"), "gt_000000000000_" + "a" * 32, "nonsense"):
        is_problem(c.get("/api/tasks", headers={"authorization": f"Bearer {bad}"}), 401)
    stored = json.loads(accounts.path.read_text(encoding="utf-8"))
    secret = token[len("gt_") + 12 + 1 :]  # gt_<12 hex id>_<secret>; the secret may hold '_' itself
    assert len(secret) >= 20 and secret not in accounts.path.read_text(encoding="utf-8")  # only the hash is kept
    assert all(u["password"].startswith("$argon2") for u in stored["users"].values())


def test_a_bug_is_a_problem_document_without_a_trace(served, monkeypatch):
    c = signed_in(served)
    monkeypatch.setattr(task_list, "_key", lambda kind: 1 / 0)
    body = is_problem(c.get("/api/tasks"), 500)
    assert "internal error" in body["detail"] and "ZeroDivision" not in json.dumps(body)


def test_the_api_description_is_for_signed_in_users(served):
    c = client(served)
    is_problem(c.get("/api/openapi.json"), 401)
    assert c.get("/api/docs", follow_redirects=False).status_code == 303
    c = signed_in(served)
    spec = c.get("/api/openapi.json").json()
    assert {"/api/health", "/api/tasks", "/api/ask", "/api/documents", "/api/drafts", "/api/ledgers", "/api/diff"} <= set(spec["paths"])
    page = c.get("/api/docs")
    assert page.status_code == 200 and "GET /api/tasks" in page.text and "cdn" not in page.text.lower()
