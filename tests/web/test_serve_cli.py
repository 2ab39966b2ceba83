"""`govtasks user …` and a real `govtasks serve` (uvicorn on 127.0.0.1): the first-run step, one
line for what is missing, and a served page answering over HTTP."""

import subprocess
import sys

import httpx

from conftest import ROOT, WUJIN, run_cli, start_serve

PASSWORD = "correct horse battery"


def test_user_commands_and_their_errors(tmp_path):
    users = tmp_path / "users.json"
    r = subprocess.run([sys.executable, "-m", "pipeline.cli", "user", "add", "wang", "--role", "editor", "--password-stdin", "--users", str(users)], input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "editor" in r.stdout
    assert oct(users.stat().st_mode & 0o777) == "0o600" and PASSWORD not in users.read_text(encoding="utf-8")
    assert run_cli("user", "list", "--users", users).stdout.split() == ["wang", "editor"]
    token = run_cli("user", "token", "wang", "--users", users).stdout.strip()
    assert token.startswith("gt_") and token not in users.read_text(encoding="utf-8")
    again = run_cli("user", "add", "wang", "--users", users, env={"GOVTASKS_PASSWORD": PASSWORD})
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "exists" in again.stderr
    short = run_cli("user", "add", "li", "--users", users, env={"GOVTASKS_PASSWORD": "short"})
    assert short.returncode == 2 and "shorter" in short.stderr
    assert run_cli("user", "remove", "nobody", "--users", users).returncode == 2
    assert run_cli("user", "remove", "wang", "--users", users).returncode == 0 and run_cli("user", "list", "--users", users).stdout == ""


def test_serve_without_accounts_says_the_first_run_step(tmp_path):
    r = run_cli("serve", "--users", tmp_path / "users.json", "--store", tmp_path / "store")
    assert r.returncode == 2 and "govtasks user add" in r.stderr and r.stderr.count("\n") == 1


def test_serve_answers_over_http(tmp_path):
    store, users = tmp_path / "store", tmp_path / "users.json"
    env = {"GOVTASKS_PASSWORD": PASSWORD, "GOVTASKS_EMBEDDINGS_URL": ""}
    assert run_cli("user", "add", "zhao", "--users", users, env=env).returncode == 0
    assert run_cli("index", WUJIN, "--store", store, "--district", "武进区", env={"GOVTASKS_HOME": str(tmp_path / "home")}, timeout=300).returncode == 0
    proc, base = start_serve(store, users, {"GOVTASKS_HOME": str(tmp_path / "home")})
    try:
        health = httpx.get(f"{base}/api/health").json()
        assert health["status"] == "ok" and health["tasks"] == 94
        with httpx.Client(base_url=base) as c:
            token = c.get("/login/csrf").json()["csrf_token"]
            who = c.post("/login", json={"name": "zhao", "password": PASSWORD, "csrf_token": token}).json()
            page = c.get("/api/tasks", params={"unit": "商务局", "per_page": 3}).json()
        assert who["role"] == "viewer" and page["total"] == 9 and len(page["items"]) == 3
        assert "server" not in httpx.get(f"{base}/api/health").headers
    finally:
        proc.terminate()
        proc.wait(timeout=20)
