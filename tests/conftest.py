import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
WUJIN = CORPUS / "000_acba77eacf732c9e.txt"
ZHONGLOU = CORPUS / "002_1fb599930edc1250.txt"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False, help="Rewrite the golden files under tests/data/ from the current output (also GOVTASKS_REGEN_GOLDEN=1).")


@pytest.fixture(scope="session")
def regen_golden(pytestconfig) -> bool:
    """True when this run rewrites the golden files instead of comparing with them."""
    return bool(pytestconfig.getoption("--regen-golden")) or os.environ.get("GOVTASKS_REGEN_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reaches a real LLM or writes outside its temp dir."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GOVTASKS_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GOVTASKS_HOME", str(tmp_path / "home"))


def run_cli(*args, cwd=None, env=None, timeout=120):
    """Run the real `govtasks` command as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, env=full_env, timeout=timeout)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """Both seed tables indexed once per test session (real local embeddings, embedded Chroma)."""
    from pipeline.index.embed import LocalE5
    from pipeline.index.store import Store

    st = Store(tmp_path_factory.mktemp("corpus") / "store", embedder=LocalE5())
    st.add(WUJIN)
    st.add(ZHONGLOU)
    return st


def start_serve(store, users, env: dict, *extra) -> tuple[subprocess.Popen, str]:
    """A real `govtasks serve` on a free 127.0.0.1 port, answering /api/health: (process, base URL)."""
    import httpx  # the client these callers use for the health check

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--store", str(store), "--users", str(users), "--insecure-cookies", *extra], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError(f"govtasks serve did not answer on {base}")


CHROMA = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on 127.0.0.1 (fresh data folder), per test module; skipped
    when the chroma CLI (shipped with chromadb) is not installed."""
    if not Path(CHROMA).exists():
        pytest.skip("the chroma CLI (shipped with chromadb) is not installed")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-data")
    proc = subprocess.Popen([CHROMA, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not come up within 30 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def llm_server():
    """A scripted OpenAI-compatible server on 127.0.0.1 (see tests/llm_server.py)."""
    from llm_server import ScriptedLLM

    server = ScriptedLLM()
    yield server
    server.close()


@pytest.fixture
def llm_config(llm_server, tmp_path):
    """An LLM configuration pointing at the scripted server, with a fresh cache and fast backoff."""
    from pipeline.llm.client import LLMConfig

    return LLMConfig(base_url=llm_server.url, api_key="test-key", model="test-model", timeout=5, max_retries=3, backoff=0.01, cache_dir=tmp_path / "llm-cache")


ARTIFACTS = Path(os.environ.get("GOVTASKS_ARTIFACTS", ROOT / ".ci" / "artifacts"))


@pytest.fixture
def artifact(request):
    """Keep a file as a CI artifact (under .ci/artifacts/, or $GOVTASKS_ARTIFACTS); the path is
    printed by the test and listed again at the end of the run."""
    import shutil

    def keep(path: Path, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / name
        shutil.copyfile(path, target)
        print(f"artifact: {target}")
        request.config.stash.setdefault(_KEPT, []).append(str(target))
        return target

    return keep


_KEPT = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    kept = config.stash.get(_KEPT, [])
    if kept:
        terminalreporter.write_sep("-", "artifacts kept")
        for path in kept:
            terminalreporter.write_line(f"artifact: {path}")
