"""Linking tasks across documents: the same subject in the other district's table."""

import json

from conftest import run_cli
from pipeline.link.across import from_store


def test_shared_subjects_link_and_others_abstain(corpus_store):
    linker = from_store(corpus_store)
    assert linker.vectors is not None  # the stored vectors: nothing is embedded again
    pos = {(t.doc_id, t.seq): i for i, t in enumerate(linker.tasks)}
    parking = linker.link(pos[("wujin_2026", 61)])
    assert parking.matches[0].task.seq == 26 and "停车泊位" in parking.matches[0].clause
    elevators = linker.link(pos[("wujin_2026", 58)])
    assert elevators.matches[0].task.seq == 27
    # the link is symmetric in spirit: Zhonglou's elevator row finds Wujin's
    assert linker.link(pos[("zhonglou_2026", 27)]).matches[0].task.seq == 58
    # land expropriation (征收) has no counterpart in Zhonglou's table
    assert linker.link(pos[("wujin_2026", 53)]).matches == []


def test_cli_across_json_and_errors(corpus_store, tmp_path):
    r = run_cli("link", "--across", "--store", corpus_store.root, "--doc", "wujin_2026", "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 94
    row = next(x for x in rows if x["seq"] == 61)
    assert row["source"].endswith("000_acba77eacf732c9e.txt:556-561")  # the task's own source lines
    assert row["matches"][0]["id"] == "zhonglou_2026#26" and row["matches"][0]["source"].endswith(":37")
    r = run_cli("link", "--across", "--store", corpus_store.root, "--doc", "nowhere_2026")
    assert r.returncode == 2 and "no such table" in r.stderr
    r = run_cli("link", "--across", "--store", tmp_path / "empty")
    assert r.returncode == 2 and "at least two indexed tables" in r.stderr and "Traceback" not in r.stderr


def test_link_needs_a_report_with_paragraphs(tmp_path):
    tasks = tmp_path / "t.jsonl"
    tasks.write_text('{"id": "a", "content": "新增公共停车泊位1200个"}\n', encoding="utf-8")
    r = run_cli("link", "--tasks", tasks)
    assert r.returncode == 2 and "give a REPORT" in r.stderr
    empty = tmp_path / "report.txt"
    empty.write_text("\n\n   \n", encoding="utf-8")
    r = run_cli("link", empty, "--tasks", tasks)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
