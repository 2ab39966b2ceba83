"""The wheel as a user installs it: built from a clean copy of the sources, it lists every prompt
template; installed into a fresh venv (its dependencies borrowed from this interpreter's
site-packages through a .pth file, so nothing is downloaded but the build backend), the
installed package — not this checkout — runs `govtasks decompose` through its LLM path against
the scripted OpenAI-compatible server, reading its prompt from the wheel."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.llm.prompts import render
from pipeline.schema import Source, Task

pytestmark = pytest.mark.slow

SOURCES = ("pyproject.toml", "README.md", "pipeline", "prompts")  # what setuptools reads to build the wheel
NO_BACKEND = ("No matching distribution found for setuptools", "Could not find a version that satisfies the requirement setuptools", "NewConnectionError", "Network is unreachable", "Temporary failure in name resolution")

REPORT = """2027年某区政府工作报告
各位代表：
一、2026年工作回顾
过去一年，全区新增公共停车泊位1300个。
二、2027年工作安排
（一）着力扩大有效需求
提振消费市场。举办汽车、家电促消费活动12场以上，培育首店经济。
（二）着力提升城市品质
完善城市功能。新增公共停车泊位1500个以上。推进口袋公园建设。
各位代表，让我们团结一心，奋力开创新局面！
"""
EARLIER = [("新增公共停车泊位1200个，优化停车管理。", "区住建局"), ("举办促消费活动，培育首店经济和夜间经济。", "区商务局"), ("建设口袋公园和城市绿道。", "区城管局")]


def _clean_env(**extra) -> dict:
    """This test's environment without anything that would make the checkout importable."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """govtasks-*.whl, built with `pip wheel --no-deps` from a copy of the sources (an in-tree
    build would leave build/ and *.egg-info in the checkout, and a stale build/ can leak old files
    into the wheel)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(tmp / "dist"), "-q", "--disable-pip-version-check"], capture_output=True, text=True, timeout=300, cwd=tmp, env=_clean_env())
    if r.returncode != 0 and any(marker in r.stdout + r.stderr for marker in NO_BACKEND):
        pytest.skip("cannot build a wheel here: pip could not fetch the build backend (setuptools) from the package index")
    assert r.returncode == 0, r.stdout + r.stderr
    (whl,) = (tmp / "dist").glob("govtasks-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel; the dependencies come from this interpreter's
    site-packages through a .pth file, and the wheel is installed with --no-deps."""
    root = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))  # the site-packages of sys.executable
    (site / "govtasks-test-deps.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", "--disable-pip-version-check", str(wheel)], capture_output=True, text=True, timeout=300, env=_clean_env())
    assert r.returncode == 0, r.stdout + r.stderr
    return root


def test_the_wheel_ships_every_prompt_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.name for p in (ROOT / "prompts").glob("*.j2"))
    assert len(templates) >= 4 and {f"prompts/{t}" for t in templates} | {"prompts/__init__.py"} <= names
    assert "pipeline/llm/prompts.py" in names and not any(n.startswith(("tests/", "eval/", "corpus/")) for n in names)


def test_the_installed_package_runs_the_llm_path_from_its_own_prompts(venv, llm_server, tmp_path):
    run = tmp_path / "run"  # a cwd outside the checkout: nothing of the repository is importable from here
    run.mkdir()
    python = venv / "bin" / "python"
    where = subprocess.run([python, "-c", "import json, pipeline, prompts; print(json.dumps([pipeline.__file__, prompts.__file__]))"], capture_output=True, text=True, cwd=run, env=_clean_env(), timeout=60)
    assert where.returncode == 0, where.stderr
    for path in json.loads(where.stdout):
        assert Path(path).is_relative_to(venv) and not Path(path).is_relative_to(ROOT), path

    from llm_server import decompose_echo

    (run / "report.txt").write_text(REPORT, encoding="utf-8")
    earlier = [Task(doc_id="zhonglou_2026", seq=i, content=content, lead_units=[unit], source=Source(path="t.txt", line_start=i)) for i, (content, unit) in enumerate(EARLIER, start=1)]
    (run / "earlier.jsonl").write_text("".join(t.model_dump_json() + "\n" for t in earlier), encoding="utf-8")
    llm_server.default = decompose_echo
    env = _clean_env(OPENAI_BASE_URL=llm_server.url, OPENAI_API_KEY="k", GOVTASKS_LLM_MODEL="m", GOVTASKS_HOME=str(tmp_path / "home"))
    r = subprocess.run([python, "-m", "pipeline.cli", "decompose", "report.txt", "--tasks", "earlier.jsonl", "--district", "钟楼区", "--no-embeddings"], capture_output=True, text=True, cwd=run, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row["content"] for row in rows] == ["举办汽车、家电促消费活动12场以上，培育首店经济。", "新增公共停车泊位1500个以上。", "推进口袋公园建设。"]
    assert all(row["drafted_by"] == "llm" for row in rows) and "LLM: 1 calls" in r.stderr
    (request,) = llm_server.chat_requests
    system, user = request["body"]["messages"]
    assert system == render("decompose_refine", version=1, report_title="", segments=[]).messages[0]  # the installed template is this checkout's
    assert user["content"].startswith("报告：2027年某区政府工作报告") and "｜含指标｜候选牵头单位：区商务局" in user["content"]
    assert list((tmp_path / "home" / "llm-cache").rglob("*.json"))
