"""`govtasks decompose`: the rules' draft, unit suggestions with evidence, the LLM refinement
against the scripted server (validated, cached, falling back), and the real reports."""

import json

import pytest

from conftest import SHARED, run_cli

REPORT = """2027年某区政府工作报告
各位代表：
现在，我代表区政府作报告。
一、2026年工作回顾
过去一年，全区新增公共停车泊位1300个，完成老旧小区改造20个。
二、2027年工作安排
2027年是关键之年。今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。
（一）着力扩大有效需求
提振消费市场。举办汽车、家电促消费活动12场以上，培育首店经济。营造浓厚消费氛围。
扩大有效投资。实施重大项目60个，完成投资200亿元。
（二）着力提升城市品质
完善城市功能。新增公共停车泊位1500个以上，加快老旧电梯更新改造，更新老旧电梯100台。推进口袋公园建设。
各位代表，让我们团结一心，奋力开创新局面！
"""

EARLIER = [
    {"content": "新增公共停车泊位1200个，优化停车管理。", "leaders": ["王行杰"], "lead_units": ["区住建局"]},
    {"content": "推进老旧电梯更新改造，完成加装电梯50台。", "leaders": ["王行杰"], "lead_units": ["区住建局", "区市场监管局"]},
    {"content": "举办促消费活动，培育首店经济和夜间经济。", "leaders": ["潘俊"], "lead_units": ["区商务局"]},
    {"content": "实施重大项目建设，完成固定资产投资。", "leaders": ["王旭锋"], "lead_units": ["区发改局"]},
    {"content": "建设口袋公园和城市绿道。", "leaders": ["王行杰"], "lead_units": ["区城管局"]},
]


@pytest.fixture
def report_file(tmp_path):
    p = tmp_path / "2027_report.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


@pytest.fixture
def earlier(tmp_path):
    from pipeline.schema import Source, Task

    rows = [Task(doc_id="zhonglou_2026", seq=i, content=r["content"], leaders=r["leaders"], lead_units=r["lead_units"], source=Source(path="t.txt", line_start=i)) for i, r in enumerate(EARLIER, start=1)]
    path = tmp_path / "earlier.jsonl"
    path.write_text("".join(json.dumps(t.model_dump(mode="json"), ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
    return rows, path


def _draft(report_file, earlier=None, llm=None):
    from pipeline.decompose import decompose
    from pipeline.reports.paragraphs import read_report
    from pipeline.review.suggest import UnitSuggester

    sug = UnitSuggester(earlier, districts={"zhonglou_2026": "钟楼"}) if earlier else None
    return decompose(read_report(report_file), suggester=sug, llm=llm, district="钟楼")


def test_rules_draft_splits_the_plan_with_goals_targets_and_sources(report_file):
    draft = _draft(report_file)
    rows = draft.rows
    assert [r.content for r in rows] == [
        "举办汽车、家电促消费活动12场以上，培育首店经济。",
        "实施重大项目60个，完成投资200亿元。",
        "新增公共停车泊位1500个以上，加快老旧电梯更新改造，更新老旧电梯100台。",
        "推进口袋公园建设。",
    ]  # review part, preamble, main targets, framing without action ("营造浓厚消费氛围") and the closing are left out
    assert rows[0].goal_path == ["着力扩大有效需求", "提振消费市场"] and rows[3].goal_path == ["着力提升城市品质", "完善城市功能"]
    assert [(t.value, t.unit, t.qualifier) for t in rows[2].targets] == [(1500, "个", "以上"), (100, "台", "")]
    lines = REPORT.split("\n")
    for r in rows:
        assert r.seq == rows.index(r) + 1 and r.number == f"({r.seq})" and r.doc_id == "2027_report_draft"
        assert r.excerpt in lines[r.source.line_start - 1] and r.content == r.excerpt
        assert r.leaders == [] and r.lead_units == [] and r.suggested_lead_units == [] and r.drafted_by == "rules"


def test_suggestions_come_from_the_nearest_earlier_rows_with_evidence(report_file, earlier):
    rows = _draft(report_file, earlier[0]).rows
    parking = rows[2]
    top = parking.suggested_lead_units[0]
    assert top.value == "区住建局" and 0 < top.confidence <= 1
    assert {(e.doc_id, e.seq) for e in top.evidence} >= {("zhonglou_2026", 1)}
    assert parking.suggested_leaders[0].value == "王行杰"
    assert rows[0].suggested_lead_units[0].value == "区商务局"
    assert rows[1].suggested_lead_units[0].value == "区发改局"


def test_no_work_plan_part_is_one_clear_error(tmp_path):
    p = tmp_path / "review_only.txt"
    p.write_text("某区政府工作报告\n各位代表：\n一、2026年工作回顾\n过去一年，全区新增公共停车泊位1300个，完成老旧小区改造20个，经济运行稳中有进。\n", encoding="utf-8")
    r = run_cli("decompose", p, "--no-embeddings", "--no-llm")
    assert r.returncode != 0 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no work-plan part" in r.stderr and str(p) in r.stderr


def test_cli_writes_a_draft_xlsx_with_suggestion_columns(report_file, earlier, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "draft.xlsx"
    r = run_cli("decompose", report_file, "--tasks", earlier[1], "--district", "钟楼区", "--no-embeddings", "--no-llm", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "4 draft rows" in r.stderr and "learned from 5 earlier rows" in r.stderr
    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    assert header[:4] == ["序号", "编号", "目标名称", "工作内容"] and "建议牵头单位（置信度，依据）" in header
    col = header.index("建议牵头单位（置信度，依据）") + 1
    assert ws.cell(5, 4).value.startswith("新增公共停车泊位1500个") and ws.cell(5, col).value.startswith("区住建局（")
    assert "zhonglou_2026#1" in ws.cell(5, col).value
    assert not list(tmp_path.glob("*.part"))


def test_llm_refines_validated_and_cached(report_file, earlier, llm_server, llm_config):
    from llm_server import decompose_echo

    from pipeline.llm.client import LLM

    llm_server.default = lambda body: decompose_echo(body, merge=True)
    llm = LLM(llm_config)
    draft = _draft(report_file, earlier[0], llm)
    assert len(llm_server.chat_requests) == 1  # the whole plan is one chunk of under 3,000 tokens
    prompt = llm_server.chat_requests[0]["body"]["messages"][-1]["content"]
    assert "新增公共停车泊位1500个以上" in prompt and "候选牵头单位：区住建局（" in prompt and "规则：略去" in prompt
    rows = draft.rows
    assert all(r.drafted_by == "llm" for r in rows)
    merged = [r for r in rows if "老旧电梯" in r.content][0]
    assert merged.content.startswith("新增公共停车泊位1500个以上") and merged.content.endswith("推进口袋公园建设。")
    assert merged.excerpt == merged.content and [t.value for t in merged.targets] == [1500, 100]
    assert merged.suggested_lead_units[0].value == "区住建局" and merged.suggested_lead_units[0].evidence
    # a second run is served from the cache: no request
    again = _draft(report_file, earlier[0], LLM(llm_config))
    assert len(llm_server.chat_requests) == 1 and [r.content for r in again.rows] == [r.content for r in rows]


def test_llm_answer_that_invents_numbers_falls_back_to_the_rules(report_file, earlier, llm_server, llm_config):
    from pipeline.llm.client import LLM

    bad = json.dumps({"rows": [{"segments": [0], "content": "举办促消费活动20场。", "lead_units": []}]}, ensure_ascii=False)
    llm_server.default = lambda body: bad
    draft = _draft(report_file, earlier[0], LLM(llm_config))
    assert len(llm_server.chat_requests) == 2  # the call and one repair turn
    repair = llm_server.chat_requests[1]["body"]["messages"][-1]["content"]
    assert "[20.0]" in repair or "20" in repair
    assert "含有量化指标的句子" in repair  # the sentences with targets it dropped are named
    assert all(r.drafted_by == "rules" for r in draft.rows) and len(draft.rows) == 4
    assert any("LLM not used" in n for n in draft.notes)


def test_llm_unit_outside_the_candidates_is_rejected(report_file, earlier, llm_server, llm_config):
    from llm_server import decompose_echo

    from pipeline.llm.client import LLM

    def wrong_unit(body):
        out = json.loads(decompose_echo(body))
        out["rows"][0]["lead_units"] = ["区教育局"]
        return json.dumps(out, ensure_ascii=False)

    replies = iter([wrong_unit, decompose_echo])
    llm_server.default = lambda body: next(replies)(body)
    draft = _draft(report_file, earlier[0], LLM(llm_config))
    assert len(llm_server.chat_requests) == 2
    assert "不在候选单位中" in llm_server.chat_requests[1]["body"]["messages"][-1]["content"]
    assert all(r.drafted_by == "llm" for r in draft.rows)


# Plan layouts (invented text): "三、2026年主要工作", a five-year + year part, unnumbered part titles
LAYOUTS = {
    "main_work": """2026年某省政府工作报告
各位代表：
受省政府委托，作如下报告。
一、2025年主要工作和五年发展成就
过去一年，全省新建茶园示范基地10个，经济运行平稳。
三、2026年主要工作
这一年，全省要起好步、开好局。
（一）壮大特色产业
培育茶叶产业。新建茶园示范基地20个，推动茶旅融合。
""",
    "combined": """2026年某省政府工作报告
各位代表：
受省政府委托，作如下报告。
二、“十五五”规划目标与2026年工作安排
五年内，全省要建成区域创新高地，建设现代化港口群3个。
今年，全省政府工作要稳中求进、起好步。
（一）扩大有效投资
推进重大项目。开工建设水利工程12项，完成投资80亿元。
""",
    "unnumbered": """2026年某省政府工作报告
各位代表：
受省政府委托，作如下报告。
“十四五”时期发展回顾
五年来，全省建成高标准农田500万亩，经济年均增长6%左右。
2026年重点工作
这一年，全省要重点抓好两个方面工作：
（一）做强特色农业
稳定粮食生产。建设高标准农田30万亩，推广良种良法。
各位代表！让我们团结奋斗，再创佳绩。
""",
}


@pytest.mark.parametrize("layout,content,goal_path", [
    ("main_work", "新建茶园示范基地20个，推动茶旅融合。", ["壮大特色产业", "培育茶叶产业"]),
    ("combined", "开工建设水利工程12项，完成投资80亿元。", ["扩大有效投资", "推进重大项目"]),
    ("unnumbered", "建设高标准农田30万亩，推广良种良法。", ["做强特色农业", "稳定粮食生产"]),
])
def test_plan_layouts_draft_only_the_years_plan(tmp_path, layout, content, goal_path):
    p = tmp_path / f"{layout}.txt"
    p.write_text(LAYOUTS[layout], encoding="utf-8")
    rows = _draft(p).rows
    assert [(r.content, r.goal_path) for r in rows] == [(content, goal_path)]  # review and five-year parts left out


def test_a_target_in_a_short_sentence_is_a_task_not_a_lead_in(tmp_path):
    from pipeline.decompose import decompose
    from pipeline.extract.targets import find_targets
    from pipeline.reports.paragraphs import read_report

    p = tmp_path / "2026_leads.txt"
    p.write_text(
        "2026年某省政府工作报告\n各位代表：\n三、2026年重点工作\n"
        "（一）扩大开放合作。深化与周边地区合作，拓展合作领域。推动边境贸易提质。完善口岸通关服务，压缩通关时间。"
        "建设一批外贸园区。加强国际物流通道建设，开通货运航线。\n"
        "（二）保障改善民生\n"
        "新建养老服务站50个。实施助老服务行动，帮助困难老人就餐。\n",
        encoding="utf-8",
    )
    report = read_report(p)
    rows = decompose(report).rows
    by_content = {r.content: r for r in rows}
    parks = by_content["建设一批外贸园区。"]  # short, like an inline lead-in, but it states a target
    assert [(t.value, t.unit) for t in parks.targets] == [(1, "批")] and parks.goal_path == ["扩大开放合作", "推动边境贸易提质"]
    assert by_content["加强国际物流通道建设，开通货运航线。"].goal_path == ["扩大开放合作", "推动边境贸易提质"]
    care = by_content["新建养老服务站50个。"]  # a paragraph's own lead-in stating a target is a row as well
    assert [(t.value, t.unit) for t in care.targets] == [(50, "个")] and care.goal_path == ["保障改善民生", "新建养老服务站50个"]
    for index, text in ((r.paragraph, report.paragraphs[r.paragraph].text) for r in rows):
        wanted = {(t.value, t.unit) for t in find_targets(text)}
        assert wanted <= {(t.value, t.unit) for r in rows if r.paragraph == index for t in r.targets}


@pytest.mark.skipif(not (SHARED / "reports").is_dir(), reason="needs ../shared/reports (the provincial reports are not in the repository)")
def test_real_reports_rows_link_to_their_paragraph_and_keep_its_numbers():
    from pipeline.decompose import decompose
    from pipeline.extract.targets import find_targets
    from pipeline.reports.paragraphs import read_report

    for path in sorted((SHARED / "reports").glob("2026_*.txt")):
        report = read_report(path)
        draft = decompose(report)
        assert len(draft.rows) >= 60, path.name  # the shortest plan part (河北, about 2,500 characters) drafts into 72 rows
        lines = path.read_text(encoding="utf-8").split("\n")
        by_paragraph: dict[int, list] = {}
        for r in draft.rows:
            assert r.excerpt in lines[r.source.line_start - 1], (path.name, r.seq)
            assert r.goal_path and all(g for g in r.goal_path), (path.name, r.seq)
            by_paragraph.setdefault(r.paragraph, []).append(r)
        for index, rows in by_paragraph.items():
            text = report.paragraphs[index].text
            wanted = {(json.dumps(t.value), t.unit) for t in find_targets(text)}
            got = {(json.dumps(t.value), t.unit) for r in rows for t in r.targets}
            assert wanted <= got, (path.name, index, wanted - got)  # every target of the paragraph is in one of its rows
