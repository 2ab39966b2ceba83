"""`govtasks batch` as real processes: exit codes, the store lock between two batches, and
crash safety — a batch killed with SIGKILL at random moments leaves a store that opens, holds
each document fully or not at all, and a re-run equals a clean run. Embeddings come from a fake
OpenAI-compatible endpoint (tests/batch_fakes.py) so a run takes seconds."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from batch_fakes import EmbeddingServer
from conftest import ROOT, ZHONGLOU, run_cli

DISTRICTS = ["钟楼区", "天宁区", "新北区", "金坛区", "溧阳市", "武进区"]


@pytest.fixture
def embeddings():
    server = EmbeddingServer()
    yield server
    server.close()


def corpus(d, n=6):
    """n tables (the Zhonglou text under other districts, one row changed each) and two reports."""
    d.mkdir()
    text = ZHONGLOU.read_text(encoding="utf-8")
    for i in range(n):
        (d / f"t{i}.txt").write_text(text.replace("新增公共停车泊位 1200 个", f"新增公共停车泊位 {1200 + i} 个"), encoding="utf-8")
        (d / f"t{i}.meta.json").write_text(json.dumps({"district": DISTRICTS[i % 6], "year": 2026 + i // 6}), encoding="utf-8")
    (d / "钟楼区2026年政府工作报告.txt").write_text("钟楼区2026年政府工作报告\n各位代表：\n二、2026年工作安排\n新增公共停车泊位1200个。\n", encoding="utf-8")
    (d / "金坛区2027年政府工作报告.txt").write_text("金坛区2027年政府工作报告\n各位代表：\n二、2027年工作安排\n（一）城市\n推进老旧小区改造30个。新增公共停车泊位1500个以上。\n", encoding="utf-8")
    return d


def batch_cmd(d, store, *extra):
    return [sys.executable, "-m", "pipeline.cli", "batch", str(d), "--store", str(store), "--jobs", "1", *extra]


def state(store):
    """What the store holds: manifest docs (hash, rows), rows files, Chroma ids; asserting each
    manifest document's rows are in its rows file and in Chroma."""
    from pipeline.index.store import Store

    st = Store(store)
    docs = st.documents()
    for doc_id, d in docs.items():
        assert len(st.doc_rows(d)) == d.rows, doc_id
    ids = {k: set(st.collection(k).get(include=[])["ids"]) for k in ("table", "report")}
    expected = {k: st.expected_ids(k) for k in ("table", "report")}
    for k in ids:
        assert expected[k] <= ids[k]  # every committed document fully in Chroma (orphans are swept next run)
    return {i: (d.hash, d.rows, d.kind) for i, d in docs.items()}, ids, expected


def test_exit_codes_and_one_line_errors(tmp_path, embeddings):
    d = corpus(tmp_path / "in", n=1)
    (d / "bad.txt").write_bytes(b"")
    r = run_cli("batch", d, "--store", tmp_path / "store", "--jobs", "1", env=embeddings.env())
    assert r.returncode == 1 and "run manifest:" in r.stderr and "Traceback" not in r.stderr
    assert "bad.txt" in r.stderr and "[1/" in r.stdout
    r = run_cli("batch", tmp_path / "nope", "--store", tmp_path / "store", env=embeddings.env())
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "no such folder" in r.stderr
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = run_cli("batch", d, "--store", tmp_path / "afile" / "store", env=embeddings.env())
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot write the store folder" in r.stderr
    (d / "bad.txt").unlink()
    r = run_cli("batch", d, "--store", tmp_path / "store", "--jobs", "2", env=embeddings.env())
    assert r.returncode == 0, r.stderr


def test_a_second_writer_on_the_same_store_says_store_busy(tmp_path, embeddings):
    d = corpus(tmp_path / "in", n=1)
    store = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", "import sys,time; from pathlib import Path; from pipeline.index.lock import store_lock\nwith store_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(30)", str(store)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        t0 = time.monotonic()
        r = run_cli("batch", d, "--store", store, "--wait", "1", env=embeddings.env())
        assert r.returncode == 2 and "store busy" in r.stderr and r.stderr.count("\n") == 1 and time.monotonic() - t0 >= 1
        r = run_cli("index", d, "--store", store, env=embeddings.env())  # `govtasks index` writes the store too
        assert r.returncode == 2 and "store busy" in r.stderr and r.stderr.count("\n") == 1, r.stderr
        assert not (store / "manifest.json").exists()
    finally:
        holder.kill()
        holder.wait()
    r = run_cli("batch", d, "--store", store, "--jobs", "1", env=embeddings.env())  # the lock went with the process
    assert r.returncode == 0, r.stderr


KILLS = int(os.environ.get("GOVTASKS_TEST_KILLS", "20"))


def test_killed_batches_leave_a_consistent_store_and_a_rerun_equals_a_clean_run(tmp_path, embeddings):
    d = corpus(tmp_path / "in")
    env = {**os.environ, **embeddings.env()}
    clean = tmp_path / "clean"
    assert subprocess.run(batch_cmd(d, clean), cwd=ROOT, env=env, capture_output=True, timeout=120).returncode == 0
    want = state(clean)
    store, rng, kills, t_end = tmp_path / "store", random.Random(16), 0, time.monotonic() + 40
    while kills < KILLS and time.monotonic() < t_end:
        if kills % 7 == 6:  # now and then a file changes between runs: its rows must be replaced, not mixed
            f = d / "t0.txt"
            f.write_text(f.read_text(encoding="utf-8").replace("推进", "加快推进", 1), encoding="utf-8")
        p = subprocess.Popen(batch_cmd(d, store), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 3.0))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        if store.exists() and (store / "manifest.json").exists():
            state(store)  # opens; each committed document whole
    print(f"SIGKILLs: {kills}")
    # the files changed: the clean reference is a fresh run over the same folder
    clean2 = tmp_path / "clean2"
    assert subprocess.run(batch_cmd(d, clean2), cwd=ROOT, env=env, capture_output=True, timeout=120).returncode == 0
    r = subprocess.run(batch_cmd(d, store), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    docs, ids, expected = state(store)
    docs2, ids2, expected2 = state(clean2)
    assert docs == docs2 and ids == ids2 == expected  # no orphan left, same rows as a clean run
    assert {f.name for f in (store / "links").iterdir()} == {f.name for f in (clean2 / "links").iterdir()}
    assert kills >= min(KILLS, 8) and want[0].keys() == docs.keys()
