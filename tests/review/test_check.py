"""`govtasks check`: review flags with reasons and evidence; nothing changed."""

import json

from conftest import ZHONGLOU, run_cli


def _rows(doc_id, specs):
    from pipeline.schema import Source, Task

    return [Task(doc_id=doc_id, seq=i, content=c, leaders=l, lead_units=u, source=Source(path=f"{doc_id}.txt", line_start=i)) for i, (c, l, u) in enumerate(specs, start=1)]


def test_missing_names_and_a_typo_are_flagged():
    from pipeline.review.check import check

    rows = _rows("t_2026", [
        ("新增公共停车泊位1500个。", ["王行杰"], ["区住建局"]),
        ("推进老旧电梯更新改造100台。", [], ["区住建局"]),
        ("举办促消费活动12场。", ["潘俊"], []),
        ("建设口袋公园10个。", ["王行杰"], ["区往建局"]),
        ("完成老旧小区改造20个。", ["王行杰"], ["区住建局"]),
    ])
    flags = check(rows)
    kinds = {(f.seq, f.kind) for f in flags}
    assert (2, "missing_leader") in kinds and (3, "missing_lead_unit") in kinds
    typo = [f for f in flags if f.kind == "rare_unit"]
    assert len(typo) == 1 and typo[0].seq == 4 and typo[0].value == "区往建局" and typo[0].suggestion == "住建局"
    assert all(f.source.startswith("t_2026.txt:") and f.reason for f in flags)
    assert [t.lead_units for t in rows][3] == ["区往建局"]  # nothing changed


def test_a_slipped_lead_unit_column_is_found_and_a_clean_table_is_not_flagged():
    from pipeline.review.check import check
    from pipeline.evaluate.gold import all_gold

    gold = {g.doc_id: [r.task for r in g.rows] for g in all_gold()}
    rows, others = gold["wujin_2026"], gold["zhonglou_2026"]
    assert not [f for f in check(rows, others) if f.kind in ("shifted_column", "unlikely_lead_unit") and f.seq in range(30, 62)]
    damaged = [r.model_copy(deep=True) for r in rows]
    for i in range(60, 30, -1):  # rows 32–61 show the unit of the row above
        damaged[i].lead_units = list(rows[i - 1].lead_units)
    shifted = [f for f in check(damaged, others) if f.kind == "shifted_column"]
    seqs = {f.seq for f in shifted}
    assert len(seqs & set(range(32, 62))) >= 8 and seqs <= set(range(28, 63)), sorted(seqs)  # a row or two of slack at the edges
    f = shifted[0]
    assert "slipped by one row" in f.reason and f.evidence and f.suggestion is not None


def test_cli_check_prints_flags_as_json(tmp_path):
    r = run_cli("check", ZHONGLOU, "--no-embeddings", "--store", tmp_path / "empty", "--json")
    assert r.returncode == 0, r.stderr
    flags = [json.loads(line) for line in r.stdout.splitlines()]
    assert all({"doc_id", "seq", "kind", "field", "reason", "evidence", "source"} <= set(f) for f in flags)
    assert "flags on 85 rows" in r.stderr and "nothing was changed" in r.stderr


def test_cli_check_bad_table_is_one_clear_line(tmp_path):
    bad = tmp_path / "rows.jsonl"
    bad.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    r = run_cli("check", bad, "--no-embeddings", "--store", tmp_path / "empty")
    assert r.returncode != 0 and r.stderr.count("\n") == 1 and "rows.jsonl:1" in r.stderr
