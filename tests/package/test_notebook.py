"""notebooks/walkthrough.ipynb: stored without outputs, and runs top to bottom in a fresh kernel
of this venv's Python (extract → index → ask → draft → charts), with no LLM configured."""

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


def _load():
    return nbformat.read(NOTEBOOK, as_version=4)


def test_notebook_is_stored_clean():
    nb = _load()
    nbformat.validate(nb)
    assert nb.nbformat == 4 and nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    for c in code:
        assert c.outputs == [] and c.execution_count is None, f"stored with outputs: {c.source[:60]!r}"
    for c in nb.cells:
        if c.cell_type == "markdown":  # each explanation in Chinese and in English
            assert any("\u4e00" <= ch <= "\u9fff" for ch in c.source) and sum(ch.isascii() and ch.isalpha() for ch in c.source) > 10, c.source[:60]
    text = "\n".join(c.source for c in code)
    assert "OPENAI" not in text and "mkdtemp" in text


def _venv_kernel(tmp_path: Path):
    """A kernel manager that starts ipykernel with this interpreter (sys.executable), whatever
    other "python3" kernelspecs the user or system has installed."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3 (GovTasks)", "language": "python"}), encoding="utf-8")
    ksm = KernelSpecManager(kernel_dirs=[str(spec.parent)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ksm)


def _outputs(nb):
    """Every output's text (streams, text/plain, text/markdown) and the MIME types seen."""
    texts, mimes = [], set()
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.output_type == "stream":
                texts.append(o.text)
            elif o.output_type in ("execute_result", "display_data"):
                mimes.update(o.data)
                texts += [o.data[m] for m in ("text/plain", "text/markdown") if m in o.data]
            elif o.output_type == "error":
                texts.append("\n".join(o.traceback))
    return "\n".join(texts), mimes


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "GOVTASKS_CHROMA_URL", "GOVTASKS_EMBEDDINGS_URL", "GOVTASKS_LLM_URL"):
        monkeypatch.delenv(var, raising=False)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the notebook's mkdtemp lands here
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before = NOTEBOOK.read_bytes()
    repo_files = {p: p.stat().st_mtime_ns for d in ("notebooks", "corpus") for p in (ROOT / d).iterdir()}

    nb = _load()  # executed in memory; the file on disk is never written
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print('KERNEL-PREFIX=' + sys.prefix)"))
    client = NotebookClient(nb, km=_venv_kernel(tmp_path), timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    start = time.monotonic()
    client.execute()  # raises CellExecutionError on the first failing cell
    print(f"notebook executed in {time.monotonic() - start:.1f}s")

    text, mimes = _outputs(nb)
    assert f"KERNEL-PREFIX={sys.prefix}" in text  # the kernel ran this venv's Python
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    # extraction and index
    assert "doc_id=wujin_2026  district=武进区" in text and "doc_id=zhonglou_2026  district=钟楼区" in text
    assert "AddResult(doc_id='wujin_2026'" in text and "status='added'" in text
    # cited answers
    assert "corpus/000_acba77eacf732c9e.txt:" in text and "corpus/002_1fb599930edc1250.txt:37" in text
    assert "1200个" in text and "454台" in text and "983部" in text and "潘俊分管的任务共13项" in text
    # drafts: summary, ledger statuses, filled report
    assert "# 武进区商务局目标任务汇总" in text
    for status in ("完成", "推进中", "滞后", "未填报"):
        assert status in text
    assert "'完成': 2, '推进中': 3, '滞后': 3, '未填报': 1" in text
    assert "图3 各牵头单位任务进展状态" in text
    assert "image/png" in mimes  # the report's charts and the inline matplotlib chart
    pngs = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    assert pngs >= 4
    # outputs went to the temp dir, nothing into the repository, the notebook file untouched
    (out,) = scratch.glob("govtasks-walkthrough-*")
    assert {p.suffix for p in out.iterdir()} >= {".docx", ".xlsx"}
    assert NOTEBOOK.read_bytes() == before
    assert {p: p.stat().st_mtime_ns for d in ("notebooks", "corpus") for p in (ROOT / d).iterdir()} == repo_files
    assert not any(cwd.iterdir())
