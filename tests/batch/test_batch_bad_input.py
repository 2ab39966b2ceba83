"""`govtasks batch` on bad input beyond bad bytes (those are in test_batch.py): a real
password-protected .docx, a file gone or rewritten after discovery (or while it is read), two
names for one file (a symlink, a hard link), a broken link, a link to a pipe, an unreadable file.
The batch goes on, every failure is one manifest line with its reason. (A store that cannot be
written: test_batch_full_disk.py.)"""

import errno
import hashlib
import os
from pathlib import Path

import pytest

import pipeline.batch.run as batch_run
import pipeline.index.document as document
from batch_fakes import FakeEmbedder, store_state
from pipeline.batch.manifest import read_manifest
from pipeline.batch.run import run_batch
from pipeline.index.store import Store
from tests_builders import district_table, make_docx, simple_rows


def by_file(result):
    return {Path(ln.file).name: ln for ln in result.lines}


def test_a_password_protected_docx_is_one_line_saying_to_save_it_without_a_password(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    d = tmp_path / "in"
    d.mkdir()
    plain = district_table(tmp_path / "plain.docx", "天宁区")
    with open(plain, "rb") as src, open(d / "locked.docx", "wb") as out:
        msoffcrypto.OfficeFile(src).encrypt("secret", out)
    district_table(d / "good.docx", "新北区")
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    result = run_batch([d], store, jobs=1)
    got = by_file(result)
    locked = got["locked.docx"]
    assert locked.status == "error" and "\n" not in locked.error
    assert locked.error.startswith(str(d / "locked.docx")) and "password-protected" in locked.error and "save it without a password" in locked.error
    assert "internal error" not in locked.error and locked.sha256 == hashlib.sha256((d / "locked.docx").read_bytes()).hexdigest()
    assert got["good.docx"].status == "added" and list(store.documents()) == [got["good.docx"].doc_id]
    assert [ln.error for ln in read_manifest(result.manifest_path) if ln.file == locked.file] == [locked.error]


def test_a_file_gone_or_rewritten_after_discovery_and_the_rest_goes_on(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    district_table(d / "a.docx", "天宁区")
    district_table(d / "b.docx", "新北区")
    district_table(d / "c.docx", "金坛区")
    real = batch_run.discover

    def then_change(dirs, indexed=None):  # what the batch found; then a.docx is removed and b.docx rewritten
        found = real(dirs, indexed)
        (d / "a.docx").unlink()
        make_docx(d / "b.docx", simple_rows()[:2], title="新北区2026年《政府工作报告》目标任务分解表")
        return found

    monkeypatch.setattr(batch_run, "discover", then_change)
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    got = by_file(run_batch([d], store, jobs=1))
    assert got["a.docx"].status == "error" and "the file is gone" in got["a.docx"].error and got["a.docx"].error.startswith(str(d / "a.docx"))
    # the rewritten file is stored as it is now, and its line's hash is that of the bytes stored
    b, new = got["b.docx"], hashlib.sha256((d / "b.docx").read_bytes()).hexdigest()
    assert (b.status, b.rows, b.sha256) == ("added", 2, new) and store.documents()[b.doc_id].hash == new
    assert got["c.docx"].status == "added" and set(store.documents()) == {b.doc_id, got["c.docx"].doc_id}
    store_state(store)


def test_a_file_rewritten_while_it_is_read_is_refused(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    district_table(d / "a.docx", "天宁区")
    district_table(d / "b.docx", "新北区")
    real = document.extract

    def rewrite_a_first(path, **kw):  # the office saves a new version while the batch reads a.docx
        if Path(path).name == "a.docx":
            make_docx(Path(path), simple_rows()[:1], title="天宁区2026年《政府工作报告》目标任务分解表")
        return real(path, **kw)

    monkeypatch.setattr(document, "extract", rewrite_a_first)
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    got = by_file(run_batch([d], store, jobs=1))
    assert got["a.docx"].status == "error" and "changed while it was read" in got["a.docx"].error
    assert got["b.docx"].status == "added" and list(store.documents()) == [got["b.docx"].doc_id]


def test_two_names_for_one_file_index_it_once(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    real = district_table(d / "tianning.docx", "天宁区")
    (d / "alias.docx").symlink_to(real)  # sorts first, but the regular file is the one kept
    os.link(real, d / "zz_hard.docx")  # two regular names: the first found is kept
    (d / "broken.docx").symlink_to(d / "nowhere.docx")
    os.mkfifo(tmp_path / "pipe")
    (d / "pipe.txt").symlink_to(tmp_path / "pipe")  # would block a read for ever
    store = Store(tmp_path / "store", embedder=FakeEmbedder())
    got = by_file(run_batch([d, d], store, jobs=1))  # the folder twice: each file listed once
    assert len(got) == 5 and got["tianning.docx"].status == "added"
    for name in ("alias.docx", "zz_hard.docx"):
        assert got[name].status == "skipped" and got[name].error == f"same content as {real}"
    assert got["broken.docx"].status == "error" and "broken link" in got["broken.docx"].error
    assert got["pipe.txt"].status == "error" and "not a regular file" in got["pipe.txt"].error
    assert [doc.path for doc in store.documents().values()] == [str(real)]
    # a new name that sorts before the indexed one: the indexed name is kept, nothing is re-read
    (d / "aaa.docx").symlink_to(real)
    os.link(real, d / "000.docx")
    emb = FakeEmbedder()
    again = by_file(run_batch([d], Store(tmp_path / "store", embedder=emb), jobs=1))
    assert again["tianning.docx"].status == "unchanged" and emb.count == 0
    assert again["000.docx"].error == f"same content as {real}" and again["aaa.docx"].status == "skipped"
    assert [doc.path for doc in store.documents().values()] == [str(real)]


def test_an_unreadable_file_is_a_line_and_the_rest_goes_on(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    locked, good = district_table(d / "a.docx", "天宁区"), district_table(d / "b.docx", "新北区")
    real = Path.read_bytes

    def read_bytes(self):  # root reads any file whatever its mode: the kernel's answer, given here
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    got = by_file(run_batch([d], Store(tmp_path / "store", embedder=FakeEmbedder()), jobs=1))
    assert got["a.docx"].status == "error" and got["a.docx"].error == "cannot read the file (Permission denied) — check its permissions"
    assert got["b.docx"].status == "added" and got["b.docx"].sha256 == hashlib.sha256(real(good)).hexdigest()
