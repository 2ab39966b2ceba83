"""`govtasks batch` when the store cannot be written: an unwritable store, a disk that fills up
at any write (pipeline.util.atomic made to fail: tests/batch_fakes.Disk), the run manifest itself
not written, and a real full disk (a small tmpfs, where mount is allowed). The batch goes on where
it can, every failure is one manifest line with its reason, nothing the store held is lost, no
Chroma row or rows file is left of a document that failed, and a re-run after the disk is freed
equals a clean run."""

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.cli.batching as cli_batching
from batch_fakes import Disk, EmbeddingServer, FakeEmbedder, store_state
from conftest import ZHONGLOU, run_cli
from pipeline.batch.manifest import read_manifest
from pipeline.batch.run import run_batch
from pipeline.cli.app import app
from pipeline.index.store import Store
from tests_builders import district_report, district_table, make_docx, simple_rows


def by_file(result):
    return {Path(ln.file).name: ln for ln in result.lines}


def folder(d):
    """Three tables and two reports; a file already there is left as it is (a .docx built again differs in its timestamps)."""
    d.mkdir(exist_ok=True)
    for name, district in (("a.docx", "天宁区"), ("b.docx", "新北区"), ("c.docx", "金坛区")):
        if not (d / name).exists():
            district_table(d / name, district)
    district_report(d / "天宁区2026年政府工作报告.txt", "天宁区", 2026)  # linked to a.docx
    district_report(d / "溧阳市2027年政府工作报告.txt", "溧阳市", 2027)  # no table: a draft table
    return d


def test_an_unwritable_store_fails_every_file_and_loses_nothing(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    district_table(d / "a.docx", "天宁区")
    district_report(d / "天宁区2026年政府工作报告.txt", "天宁区", 2026)
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    run_batch([d], store, jobs=1)
    before = store_state(store)
    make_docx(d / "a.docx", simple_rows()[:3], title="天宁区2026年《政府工作报告》目标任务分解表")  # would replace a's rows
    district_table(d / "b.docx", "新北区")
    Disk(monkeypatch, store.root, errno.EACCES)
    result = run_batch([d], Store(store.root, embedder=FakeEmbedder()), jobs=1)
    got = by_file(result)
    assert got["a.docx"].status == got["b.docx"].status == "error" and got["天宁区2026年政府工作报告.txt"].status == "unchanged"
    for name in ("a.docx", "b.docx"):
        assert got[name].error.startswith(f"{d / name}: not stored: cannot write {store.root}") and "(Permission denied) — free disk space or make the store writable" in got[name].error
    assert result.manifest_path is None and "cannot write the run manifest (Permission denied)" in result.manifest_error
    assert store_state(store) == before


REPORT, DRAFTED = "天宁区2026年政府工作报告.txt", "溧阳市2027年政府工作报告.txt"


@pytest.mark.parametrize(
    "free, failed",
    [
        (2, {"c.docx", REPORT, DRAFTED}),  # b.docx stored, then nothing: no report stored, so no link or draft tried
        (7, {DRAFTED, "a.docx"}),  # the last report's rows file written, its manifest swap not; a.docx's links not written
        (8, {"draft", "a.docx"}),  # every document stored, the draft table (of DRAFTED) and the links not
    ],
)
def test_a_full_disk_keeps_what_was_stored_and_a_rerun_after_it_is_freed_equals_a_clean_run(tmp_path, monkeypatch, free, failed):
    d = tmp_path / "in"
    d.mkdir()
    district_table(d / "a.docx", "天宁区")
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    run_batch([d], store, jobs=1)
    before = store_state(store)[0]
    folder(d)
    disk = Disk(monkeypatch, store.root, errno.ENOSPC, free=free)  # a document takes two writes: its rows file, the manifest
    result = run_batch([d], Store(store.root, embedder=FakeEmbedder()), jobs=1)
    got = {("draft" if ln.kind == "draft" else name): ln for name, ln in by_file(result).items()}
    assert {name for name, ln in got.items() if ln.status == "error"} == failed, [ln.error for ln in result.lines]
    assert all("No space left on device" in got[name].error and "\n" not in got[name].error for name in failed)
    assert {name for name, ln in got.items() if ln.status == "added"} == {"b.docx", "c.docx", REPORT, DRAFTED} - failed
    if "a.docx" in failed:
        assert got["a.docx"].error.startswith(f"{got['a.docx'].doc_id}: indexed, but its links to ")
    assert "cannot write the run manifest (No space left on device)" in result.manifest_error
    docs, _ = store_state(store)  # Chroma holds no row of a document that failed, docs/ no stray rows file
    assert set(docs) == {got["a.docx"].doc_id} | {ln.doc_id for ln in result.lines if ln.status == "added"}
    assert all(docs[i] == before[i] for i in before) and not list(store.root.rglob("*.part"))
    disk.free = None  # the disk is freed: a re-run finishes the job
    again = run_batch([d], Store(store.root, embedder=FakeEmbedder()), jobs=1)
    assert not again.failed and again.manifest_error is None
    clean = Store(tmp_path / "clean", embedder=FakeEmbedder())
    run_batch([d], clean, jobs=1)
    mine, theirs = store_state(store), store_state(clean)
    assert _paths(theirs[0], clean.root, store.root) == _paths(mine[0], clean.root, store.root) and mine[1] == theirs[1]
    assert {f.name for f in (store.root / "links").iterdir()} == {f.name for f in (clean.root / "links").iterdir()} != set()


def _paths(docs, old: Path, new: Path):
    """A store's documents with `old` (its folder) named as `new`: a draft table's entry and rows cite their file in the store."""
    return json.loads(json.dumps(docs, ensure_ascii=False).replace(str(old), str(new)))


def test_the_cli_says_in_one_line_that_the_run_manifest_could_not_be_written(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    district_table(d / "a.docx", "天宁区")
    store = tmp_path / "store"
    Disk(monkeypatch, store / "runs", errno.ENOSPC)  # the disk fills up just before the run manifest
    monkeypatch.setattr(cli_batching, "Store", lambda root, chroma_url=None: Store(root, chroma_url, embedder=FakeEmbedder()))
    r = CliRunner().invoke(app, ["batch", str(d), "--store", str(store), "--jobs", "1"])
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "cannot write the run manifest (No space left on device)" in errors[0] and str(store / "runs") in errors[0]
    assert "Traceback" not in r.output and "added" in r.stdout
    assert list(Store(store).documents()) == ["tianning_2026"] and not list((store / "runs").iterdir())


@pytest.fixture
def small_disk(tmp_path):
    """A 40 MB tmpfs of its own (root only: skipped where mount is not allowed)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mnt)], capture_output=True)
    except FileNotFoundError:
        pytest.skip("no mount command")
    if r.returncode != 0:
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)  # lazy: this process may still hold Chroma's files open


@pytest.fixture
def embeddings():
    server = EmbeddingServer()
    yield server
    server.close()


def test_a_real_full_disk_is_error_lines_not_a_hang_and_a_rerun_finishes(tmp_path, small_disk, embeddings):
    d = tmp_path / "in"
    d.mkdir()
    text = ZHONGLOU.read_text(encoding="utf-8")
    for i in range(14):  # ~0.3 MB each in embedded Chroma: more than the disk holds
        (d / f"t{i:02d}.txt").write_text(text.replace("推进", f"推进{i}号"), encoding="utf-8")
        (d / f"t{i:02d}.meta.json").write_text(json.dumps({"district": "钟楼区", "year": 2026, "doc_id": f"t{i:02d}"}), encoding="utf-8")
    st = os.statvfs(small_disk)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (st.f_bavail * st.f_frsize - (3 << 20)))  # 3 MB left
    store, env = small_disk / "store", {**embeddings.env(), "GOVTASKS_MIN_FREE_BYTES": str(1 << 20)}
    r = run_cli("batch", d, "--store", store, "--jobs", "1", env=env, timeout=60)  # without the free-space check, Chroma's upsert waits for ever here
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = read_manifest(next((store / "runs").iterdir()))
    failed = [ln for ln in lines if ln.status == "error"]
    assert failed and all("No space left on device" in ln.error and "\n" not in ln.error for ln in failed)
    assert all(ln.error in r.stderr for ln in failed)
    stored = {ln.doc_id for ln in lines if ln.status == "added"}
    assert stored and set(Store(store).documents()) == stored
    store_state(Store(store))
    filler.unlink()
    assert run_cli("batch", d, "--store", store, "--jobs", "1", env=env, timeout=120).returncode == 0
    clean = tmp_path / "clean"
    assert run_cli("batch", d, "--store", clean, "--jobs", "1", env=env, timeout=120).returncode == 0
    assert store_state(Store(store)) == store_state(Store(clean))
