"""`govtasks ask`: entities with aliases, intents, complete lists, target numbers, citations,
"not found", and bad input — over the real seed tables indexed once per session."""

import json

import pytest

from conftest import WUJIN, ZHONGLOU, run_cli
from pipeline.ask import Asker, read_questions
from pipeline.errors import InputError
from pipeline.extract import extract
from pipeline.index.embed import LocalE5
from pipeline.index.store import Store


@pytest.fixture(scope="module")
def asker(corpus_store):
    return Asker(corpus_store)


@pytest.fixture(scope="module")
def rows():
    """The extracted rows, to state expectations as rules over the table rather than lists."""
    return extract(WUJIN).tasks + extract(ZHONGLOU).tasks


def keys(ans):
    return [(t.doc_id, t.seq) for t in ans.tasks]


def test_unit_aliases_name_the_same_unit_in_both_districts(asker, rows):
    expected = [(t.doc_id, t.seq) for t in rows if {"商务局", "区商务局"} & set(t.lead_units)]
    for q in ("商务局牵头哪些任务？", "区商务局牵头的任务有哪些", "商务局负责什么工作"):
        ans = asker.ask(q)
        assert keys(ans) == expected, q  # every matching row, no others, in document order
    assert len(expected) == 19


def test_a_district_in_the_question_or_in_the_unit_name_narrows(asker, rows):
    wujin_only = [(t.doc_id, t.seq) for t in rows if t.doc_id == "wujin_2026" and "商务局" in t.lead_units]
    assert keys(asker.ask("武进区商务局牵头哪些任务")) == wujin_only
    assert keys(asker.ask("武进的商务局牵头哪些任务")) == wujin_only
    zl = asker.ask("钟楼资规分局负责什么")
    assert zl.tasks and all(t.doc_id == "zhonglou_2026" and "钟楼资规分局" in t.lead_units for t in zl.tasks)


def test_responsible_units_only_when_asked(asker):
    ans = asker.ask("哪些任务的责任单位有先行集团")
    assert keys(ans) == [("wujin_2026", 62)] and "先行集团" in ans.tasks[0].responsible_units


def test_leader_list_includes_inherited_rows(asker, rows):
    expected = [(t.doc_id, t.seq) for t in rows if "王旭锋" in t.leaders]
    assert keys(asker.ask("王旭锋分管的工作有哪些？")) == expected and len(expected) == 40


def test_topic_list_is_literal_and_complete(asker, rows):
    ans = asker.ask("哪些任务涉及城中村？")
    assert keys(ans) == [(t.doc_id, t.seq) for t in rows if "城中村" in t.content]
    ai = asker.ask("哪些任务涉及人工智能？")  # AI is a synonym
    assert ("wujin_2026", 91) in keys(ai) and all("人工智能" in t.content or "AI" in t.content for t in ai.tasks)


def test_a_common_word_is_widened_to_the_phrase(asker, rows):
    ans = asker.ask("安全生产方面有哪些任务")
    assert ans.entities["topic"] == ["安全生产"]
    assert keys(ans) == [(t.doc_id, t.seq) for t in rows if "安全生产" in t.content]


def test_number_lookup_answers_with_the_target_and_cites_the_line(asker):
    ans = asker.ask("钟楼区新增公共停车泊位的目标是多少？")
    assert (ans.value, ans.unit, ans.intent) == (1200, "个", "number")
    assert keys(ans)[0] == ("zhonglou_2026", 26)
    assert ans.citations[0].source.endswith("002_1fb599930edc1250.txt:37")
    assert "1200" in ans.answer and "zhonglou_2026 #26" in ans.answer


def test_number_picks_the_named_target_within_a_row(asker):
    assert (asker.ask("钟楼区既有住宅加装电梯目标多少部？").value, asker.ask("钟楼老旧电梯更新多少部").value) == (35, 983)


def test_count_and_comparisons(asker):
    c = asker.ask("武进区城管局牵头多少项任务")
    assert (c.intent, c.value, c.unit, len(c.tasks)) == ("count", 5, "项", 5)
    d = asker.ask("两个区商务局牵头的任务数相差多少？")
    assert d.intent == "compare_count" and d.value == 1 and d.by_district == {"武进区": {"count": 9}, "钟楼区": {"count": 10}}
    n = asker.ask("两个区新增公共停车泊位目标哪个多？")
    assert n.by_district["武进区"]["value"] == 1500 and n.by_district["钟楼区"]["value"] == 1200 and "武进区更多" in n.answer
    e = asker.ask("两个区的老旧电梯更新目标分别是多少？")
    assert "单位不同" in e.answer  # 台 vs 部: stated, not compared
    w = asker.ask("两个区托育任务分别由哪个单位牵头")
    assert w.intent == "compare_who_unit" and w.by_district["武进区"]["names"] == ["卫健局"]


# ---- questions as staff word them (issue #12) -----------------------------------------------------
def lead_rows(rows, district, *units):
    return [(t.doc_id, t.seq) for t in rows if t.doc_id.startswith(district) and set(units) & set(t.lead_units)]


@pytest.mark.parametrize(
    "question, district, units",
    [("武进区教育局承担了哪些任务？", "wujin", ("教育局",)), ("钟楼区城管局负责牵头哪些事情？", "zhonglou", ("区城管局",)), ("武进区发改局今年都要做哪些事情？", "wujin", ("发改局",)), ("请列一下武进区工信局作为牵头单位的任务", "wujin", ("工信局",))],
)
def test_phrasing_words_never_become_filters(asker, rows, question, district, units):
    ans = asker.ask(question)
    assert ans.found and keys(ans) == lead_rows(rows, district, *units), ans.answer


def test_short_forms_and_abbreviations_name_the_printed_unit(asker, rows):
    assert keys(asker.ask("城管牵头的任务有哪些")) == lead_rows(rows, "", "城管局", "区城管局")
    assert keys(asker.ask("市监局牵头哪些任务")) == lead_rows(rows, "", "市场监管局", "区市场监管局")  # characters of the name, in order
    assert keys(asker.ask("文商旅中心牵头哪些？")) == lead_rows(rows, "zhonglou", "区文商旅发展促进中心")
    assert keys(asker.ask("住建那边有哪些任务")) == lead_rows(rows, "", "住建局", "区住建局")  # a stem used as an agent
    edu = asker.ask("教育方面有哪些任务")  # the same stem as a subject is not the unit
    assert edu.query["units"] == [] and edu.query["topics"] == ["教育"]


def test_a_leader_by_title(asker, rows):
    assert keys(asker.ask("潘区长分管哪些工作")) == [(t.doc_id, t.seq) for t in rows if "潘俊" in t.leaders]
    ans = asker.ask("王区长分管哪些工作")  # four leaders are surnamed 王: ask which one
    assert not ans.found and ans.reason == "ambiguous_leader" and all(n in ans.answer for n in ("王旭锋", "王婷"))


def test_two_subjects_are_a_union(asker, rows):
    got = set(keys(asker.ask("钟楼区在养老和托育方面有哪些任务？")))
    literal = {(t.doc_id, t.seq) for t in rows if t.doc_id == "zhonglou_2026" and ("养老" in t.content or "托育" in t.content)}
    assert literal and literal <= got and all(k[0] == "zhonglou_2026" for k in got)


def test_a_concept_found_only_in_part_reaches_its_rows(asker, rows):
    ans = asker.ask("招商引资方面有哪些任务？")  # 招引资 is in no row; 招商 is, and those rows stand out for the whole phrase
    assert ans.found and {(t.doc_id, t.seq) for t in rows if "招商" in t.content} <= set(keys(ans))


def test_an_absent_subject_is_not_found_with_related_rows(asker):
    for q in ("两个区在海洋经济方面有哪些任务？", "殡葬改革相关的任务"):
        ans = asker.ask(q)
        assert not ans.found and ans.tasks == [] and ans.reason == "no_topic" and ans.related, q


@pytest.mark.parametrize("question", ["武进区今年要新增多少万平方米绿地？", "武进区今年新建多少所学校？", "钟楼今年新增城镇就业目标多少人", "钟楼社区食堂要建多少个？"])
def test_an_absent_target_never_gets_a_number(asker, question):
    ans = asker.ask(question)
    assert not ans.found and ans.value is None and ans.tasks == [] and ans.reason in ("no_target", "no_topic"), ans.answer


def test_a_number_comes_from_the_clause_that_names_the_metric(tmp_path):
    table = tmp_path / "t.txt"
    table.write_text("测试区2026年目标任务分解表\n序号\t目标名称\t工作内容\t分管领导\t牵头单位\t责任单位\n"
                     "\t\t扩大有效投资\t新增公共停车泊位1500个以上，引进领军人才50人以上。\t王斐\t城管局\t各镇\n"
                     "\t\t\t新开工保障性租赁住房150套以上。\t王斐\t住建局\t\n", encoding="utf-8")
    st = Store(tmp_path / "store", embedder=LocalE5())
    st.add(table, district="测试区", year=2026)
    a = Asker(st)
    assert (a.ask("停车泊位新增多少个").value, a.ask("领军人才要引进多少人").value) == (1500, 50)
    wrong_unit = a.ask("新增停车泊位多少套")  # 套 is not how parking spaces are counted
    assert not wrong_unit.found and wrong_unit.value is None


def test_tasks_counted_by_any_measure_word_and_metrics_by_their_abbreviation(asker, rows):
    n = asker.ask("王行杰分管的一共多少条")  # nothing to measure but the tasks: a count
    assert (n.intent, n.value) == ("count", sum("王行杰" in t.leaders for t in rows))
    hi = asker.ask("武进高企今年认定多少家")  # 高企: the first characters of 高新技术 + 企业
    assert (hi.value, hi.unit) == (500, "家") and hi.tasks[0].seq == 30


def test_a_district_that_is_not_indexed(asker):
    ans = asker.ask("新北区今年新增公共停车泊位多少个")
    assert not ans.found and ans.reason == "unknown_district" and "新北区" in ans.answer and ans.value is None


def test_row_filters_and_aggregates(asker, rows):
    n = asker.ask("钟楼有多少项任务设了量化指标")
    assert n.value == sum(1 for t in rows if t.doc_id == "zhonglou_2026" and any(x.value is not None for x in t.targets))
    m = asker.ask("武进有几项任务没写分管领导")
    assert m.value == sum(1 for t in rows if t.doc_id == "wujin_2026" and not t.leaders) and all(not t.leaders for t in m.tasks)
    total = asker.ask("两个区教育局牵头的任务加起来一共几项")
    assert total.value == len(lead_rows(rows, "", "教育局", "区教育局"))
    diff = asker.ask("武进和钟楼新增公共停车泊位目标差多少")
    assert (diff.value, diff.unit) == (300, "个") and "相差300个" in diff.answer


def test_two_units_or_leaders_compared_are_counted_each_on_their_own(asker, rows):
    zl = [t for t in rows if t.doc_id == "zhonglou_2026"]
    housing, city = sum("区住建局" in t.lead_units for t in zl), sum("区城管局" in t.lead_units for t in zl)
    ans = asker.ask("钟楼区住建局比城管局多牵头几项？")  # A比B多…几项: each unit's rows, then the difference
    assert ans.intent == "compare_count" and (ans.value, ans.unit) == (abs(housing - city), "项")
    assert {n: d["count"] for n, d in ans.by_district.items()} == {"区住建局": housing, "区城管局": city}
    assert "钟楼区住建局牵头" in ans.answer and "区区" not in ans.answer
    each = asker.ask("王斐和王婷分别分管多少项")
    assert {n: d["count"] for n, d in each.by_district.items()} == {n: sum(n in t.leaders for t in rows) for n in ("王斐", "王婷")}
    both = asker.ask("王斐和王婷一起分管哪些任务")  # no comparison: the rows they share
    assert keys(both) == [(t.doc_id, t.seq) for t in rows if {"王斐", "王婷"} <= set(t.leaders)]


def test_a_comparison_naming_each_district_its_own_metric(asker):
    ans = asker.ask("武进新增省级以上绿色工厂和钟楼新增市级以上绿色工厂相差多少家")
    q = ans.query["metric_by_district"]
    assert set(q) == {"武进", "钟楼"} and "省级" in q["武进"] and "市级" in q["钟楼"]
    assert (ans.value, ans.unit) == (8, "家") and [(c.doc_id, c.seq) for c in ans.citations] == [("wujin_2026", 70), ("zhonglou_2026", 81)]
    assert "各区不同的指标" in ans.answer
    absent = asker.ask("武进三大集群产值和钟楼海洋经济规模目标差多少")  # one side has no such target: no number at all
    assert not absent.found and absent.value is None


def test_short_forms_and_unsaid_words_of_a_subject(asker, rows):
    ans = asker.ask("保障房有哪些任务")  # 保障房 is cut from 保障性租赁住房
    assert ("wujin_2026", 80) in keys(ans) and "保障性租赁住房" in ans.tasks[0].content
    green = asker.ask("低碳转型有哪些任务")  # no row writes 低碳; the rows of 绿色转型 stand out for it
    assert green.found and any("低碳" in n for n in green.notes)
    assert {("wujin_2026", t.seq) for t in rows if t.doc_id == "wujin_2026" and "深化绿色转型" in t.goal_path} <= set(keys(green))
    for absent in ("海洋经济方面有哪些任务", "低空经济方面的任务", "知识产权保护有哪些任务"):  # the rest of these stands out for nothing
        assert not asker.ask(absent).found, absent


def test_a_stray_modifier_character_is_cut_off_by_the_rows_own_words(asker):
    ix = asker.index
    assert [c.text for c in ix.constituents("老工业用地")] == ["工业用地"]  # 老 in front of a word the rows use
    assert [c.text for c in ix.constituents("新成立")] == ["成立"]
    assert [(c.text, c.missing) for c in ix.constituents("海洋经济")][0] == ("海洋", True)  # two characters no row word starts
    assert any(c.text == "人民币" and c.partial for c in ix.constituents("数字人民币"))  # 币 is the head: not stray
    assert all(c.missing for c in ix.constituents("普惠托位"))  # two stray characters in a row
    diff = asker.ask("钟楼新增公共停车泊位比武进多多少个")  # …比武进多多少: the difference, from each district's target
    assert (diff.value, diff.unit) == (300, "个") and diff.intent == "compare_number"


def test_subjects_joined_by_a_relation_need_rows_about_both(asker, rows):
    ans = asker.ask("人工智能在教育上的任务")  # 在…上 / 的 / + join the subjects: rows about AI in education
    assert ans.query["every_topic"] and ans.query["topics"] == ["人工智能", "教育"]
    assert ans.tasks and all(("人工智能" in t.content or "AI" in t.content) and "教育" in t.content for t in ans.tasks)
    both = asker.ask("养老和托育方面有哪些任务")  # 和 joins them: rows about either
    assert not both.query["every_topic"] and {t.seq for t in both.tasks if "托育" in t.content} and {t.seq for t in both.tasks if "养老" in t.content}
    none = asker.ask("城中村的停车任务")  # no row is about both: the union, and the answer says so
    assert none.found and any("同时涉及" in n for n in none.notes)
    assert {(t.doc_id, t.seq) for t in rows if "城中村" in t.content} <= set(keys(none))


def test_a_subject_is_grounded_in_the_rows_asked_about(asker, rows):
    assert not any("热线" in t.content for t in rows if t.doc_id == "wujin_2026") and any("热线" in t.content for t in rows if t.doc_id == "zhonglou_2026")
    wj = asker.ask("武进在热线方面有哪些任务")  # 热线 is in 钟楼's table only: nothing in 武进's rows is about it
    assert not wj.found and wj.tasks == [] and "所问范围内" in wj.answer
    zl = asker.ask("钟楼在热线方面有哪些任务")
    assert zl.found and all("热线" in t.content for t in zl.tasks)


def test_a_metric_named_by_its_head_and_two_equal_targets(asker):
    land = asker.ask("武进工业用地焕新多少亩")  # the clause says 焕新用地面积: 用地 is the head of 工业用地, the sentence names it whole
    assert (land.value, land.unit) == (1200, "亩") and land.citations[0].seq == 15
    both = asker.ask("武进今年新增多少人")  # 新增…人 fits 领军型人才 and 城镇就业 alike: both said, neither stated as the answer
    assert both.found and both.value is None and len(both.citations) >= 2 and "请写明是哪一项" in both.answer
    assert "50人" in both.answer and "2.2万人" in both.answer


def test_a_quoted_subject_and_its_verb(asker, rows):
    written = {(t.doc_id, t.seq) for t in rows if "钟超" in t.content}
    assert len(written) == 1
    who = asker.ask("举办“钟超”由哪位领导分管")  # 举办 is the quoted subject's verb, neither a subject nor a unit (…办)
    assert who.found and set(keys(who)) == written and who.query["quoted"] == ["钟超"]
    listed = asker.ask("“钟超”相关的任务")  # quotation marks ask for the phrase: rows that only sound like it are left out
    assert set(keys(listed)) == written


def test_a_unit_looking_phrase_the_rows_write_is_the_subject(asker, rows):
    ans = asker.ask("筹建文旅集团的事哪个单位牵头")  # the rows write 文旅集团 (a task sets it up); 筹建 is the question's own verb
    assert ans.found and ans.query["unknown"] is None
    assert set(keys(ans)) == {(t.doc_id, t.seq) for t in rows if "文旅集团" in t.content}
    unknown = asker.ask("钟楼城投集团牵头哪些任务")  # no row writes 城投集团: an unknown unit, said so
    assert not unknown.found and unknown.query["unknown_kind"] == "unit"


def test_a_clause_naming_a_word_by_its_head_counts_it(asker):
    ans = asker.ask("武进存量工业用地改造焕新多少亩")  # 焕新用地面积: 用地 names 工业用地, written whole in the sentence before
    assert (ans.value, ans.unit) == (1200, "亩") and ans.citations[0].seq == 15


def test_a_passing_mention_is_not_a_row_about_the_subject(asker):
    import numpy as np

    from pipeline.ask.topic import LITERAL_SUPPORT

    ix = asker.index
    topic = "环境保护"  # no row writes it; rows holding 环境 (发展环境, 营商环境) or 保护 are not about it
    (part,) = ix.constituents(topic)
    z = ix._dense(topic)
    holds = np.array([any(p in t for p in part.pieces) for t in ix.texts])
    passing = [i for i in np.where(holds)[0] if z[i] < LITERAL_SUPPORT]
    match = ix.topic([topic], list(range(len(ix.tasks))))
    assert part.partial and len(passing) >= 5  # 坚定不移守稳发展环境 is the goal of most of them: a piece of a word does not make the goal
    assert not set(passing) & set(match.rows)
    assert all(holds[i] or z[i] >= 3.0 for i in match.rows) and all(z[i] >= LITERAL_SUPPORT for i in match.rows)


def test_the_query_is_typed_and_in_the_json(asker):
    from pipeline.ask.query import Query

    ans = asker.ask("两个区老旧电梯更新的目标分别是多少")
    q = Query.model_validate(ans.query)
    assert q.intent == "number" and q.compare and q.metric and "电梯" in q.metric


@pytest.mark.parametrize(
    "question",
    ["区气象局牵头哪些任务？", "李明分管哪些工作", "裴晓冬在钟楼区分管哪些任务？", "武进区地区生产总值增长目标是多少？", "教育局牵头的轨道交通任务有哪些？", "2019年商务局牵头哪些任务"],
)
def test_not_found_is_said_not_guessed(asker, question):
    ans = asker.ask(question)
    assert not ans.found and ans.tasks == [] and ans.answer.startswith(("未找到", "索引中没有"))


def test_question_with_nothing_recognisable_is_an_error(asker):
    with pytest.raises(InputError, match="empty"):
        asker.ask("？？")


def test_paragraphs_come_from_indexed_reports(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("2026年某区政府工作报告\n各位代表：\n二、2026年工作安排\n新增公共停车泊位1200个，实施老旧电梯更新983部。\n持续优化营商环境。\n", encoding="utf-8")
    st = Store(tmp_path / "store", embedder=LocalE5())
    st.add(ZHONGLOU)
    st.add(report)
    ans = Asker(st).ask("停车泊位有哪些任务")
    assert ans.paragraphs and ans.paragraphs[0].line == 4 and "停车泊位" in ans.paragraphs[0].text


# ---- the command ---------------------------------------------------------------------------------
def test_cli_json_shape_and_batch(corpus_store, tmp_path):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text('{"id": "a", "question": "潘俊分管几项工作？"}\n{"id": "b", "question": "？"}\n{"id": "c", "question": "托育方面有什么任务"}\n', encoding="utf-8")
    r = run_cli("ask", "--questions", qfile, "--store", corpus_store.root, "--json")
    assert r.returncode == 1  # one question failed; the others were answered
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"] and "error" in out[1]
    a = out[0]
    assert {"id", "question", "answer", "tasks", "paragraphs"} <= set(a) and a["value"] == 13
    assert a["tasks"][0]["source"]["path"].endswith(".txt") and "line_start" in a["tasks"][0]["source"]
    assert len(out[2]["tasks"]) == 2


def test_cli_human_output(corpus_store):
    r = run_cli("ask", "武进认定高新技术企业的目标是多少家？", "--store", corpus_store.root)
    assert r.returncode == 0 and "500家以上" in r.stdout and "wujin_2026 #30" in r.stdout


def test_cli_empty_store_is_one_line_and_writes_nothing(tmp_path):
    store = tmp_path / "nothing-here"
    r = run_cli("ask", "商务局牵头哪些任务", "--store", store)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "index is empty" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not store.exists()


def test_cli_corrupted_chroma_folder(tmp_path):
    from tests_builders import make_xlsx, simple_rows

    store = tmp_path / "store"
    table = make_xlsx(tmp_path / "table.xlsx", simple_rows())
    assert run_cli("index", table, "--store", store).returncode == 0
    for f in (store / "chroma").rglob("*"):
        if f.is_file():
            f.write_bytes(b"\x00garbage" * 64)
    for question in ("哪些任务涉及轨道交通", "商务局牵头哪些任务"):
        r = run_cli("ask", question, "--store", store)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "Chroma" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_cli_bad_questions_file(tmp_path, corpus_store):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": 1, "question": "x"}\nnot json\n', encoding="utf-8")
    r = run_cli("ask", "--questions", bad, "--store", corpus_store.root)
    assert r.returncode == 2 and "q.jsonl:2" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(InputError):
        read_questions(tmp_path / "missing.jsonl")
    r = run_cli("ask", "--store", corpus_store.root)
    assert r.returncode == 2 and "give one question" in r.stderr


# ---- with an LLM (scripted OpenAI-compatible server) -------------------------------------------------
def _q(**kw) -> str:
    """A reply to prompts/ask_query.v1.j2."""
    return json.dumps(kw, ensure_ascii=False)


def _a(answer: str, citations: list[str], rows=None) -> str:
    """A reply to prompts/ask_answer.v1.j2."""
    return json.dumps({"answer": answer, "citations": citations, "rows": rows}, ensure_ascii=False)


PARKING = _q(intent="number", districts=["钟楼"], topics=["新增公共停车泊位"], metric="新增公共停车泊位")


def test_llm_reads_the_question_and_writes_the_answer_from_the_rows(corpus_store, llm_server, llm_config):
    from pipeline.llm.client import LLM, LLMStats

    stats = LLMStats()
    llm_server.script = [PARKING, _a("钟楼区新增公共停车泊位1200个 [zhonglou_2026#26]。", ["zhonglou_2026#26"])]
    ans = Asker(corpus_store, llm=LLM(llm_config, stats)).ask("钟楼区新增公共停车泊位的目标是多少？")
    assert (ans.understood_by, ans.answered_by) == ("llm", "llm") and ans.answer.startswith("钟楼区新增公共停车泊位1200个")
    assert [(c.doc_id, c.seq) for c in ans.citations] == [("zhonglou_2026", 26)] and ans.value == 1200  # the value is the rules'
    first, second = (r["body"]["messages"] for r in llm_server.chat_requests)
    assert "钟楼" in first[1]["content"] and "区住建局" in first[1]["content"]  # the registry's names are offered
    assert "[zhonglou_2026#26]" in second[1]["content"] and "1200" in second[1]["content"]
    assert stats.calls == 2 and stats.prompt_tokens > 0  # calls and tokens per question are counted


def test_llm_reading_with_an_invented_unit_is_rejected(corpus_store, llm_server, llm_config):
    from pipeline.llm.client import LLM

    invented = _q(intent="list", units=["区招商服务中心"])  # not a unit of the index
    llm_server.script = [invented, invented, _a("共19项 [wujin_2026#1]。", ["wujin_2026#1"])]
    ans = Asker(corpus_store, llm=LLM(llm_config)).ask("商务局牵头哪些任务？")
    assert ans.understood_by == "rules" and any("read the question" in n for n in ans.notes)
    assert len(ans.tasks) == 19  # the rules' reading stands
    assert "区招商服务中心" in llm_server.chat_requests[1]["body"]["messages"][-1]["content"]  # the repair named it


def test_llm_keeping_a_row_that_is_not_a_candidate_is_rejected(corpus_store, llm_server, llm_config):
    from pipeline.llm.client import LLM

    q = _q(intent="list", topics=["托育"])
    bad = _a("托育任务 [wujin_2026#61]。", ["wujin_2026#61"], rows=["wujin_2026#61"])  # a parking row, never retrieved for 托育
    llm_server.script = [q, bad, bad]
    ans = Asker(corpus_store, llm=LLM(llm_config)).ask("托育方面有什么任务")
    assert ans.answered_by == "rules" and ("wujin_2026", 61) not in keys(ans) and ans.tasks
    assert "wujin_2026#61" in llm_server.chat_requests[2]["body"]["messages"][-1]["content"]


def test_llm_chooses_among_the_candidates_of_a_subject_list(corpus_store, llm_server, llm_config):
    from pipeline.llm.client import LLM

    llm_server.script = [_q(intent="list", topics=["托育"])]
    asker = Asker(corpus_store, llm=LLM(llm_config))
    rules = Asker(corpus_store).ask("托育方面有什么任务")
    keep = [f"{t.doc_id}#{t.seq}" for t in rules.tasks][:1]
    llm_server.script = [_q(intent="list", topics=["托育"]), _a(f"共1项 [{keep[0]}]。", keep, rows=keep)]
    ans = asker.ask("托育方面有什么任务")
    assert ans.answered_by == "llm" and [f"{t.doc_id}#{t.seq}" for t in ans.tasks] == keep
    shown = llm_server.chat_requests[-1]["body"]["messages"][1]["content"]
    assert "候选任务行" in shown and all(f"[{t.doc_id}#{t.seq}]" in shown for t in rules.tasks)  # the rules' rows and more


def test_llm_inventing_a_number_is_caught(corpus_store, llm_server, llm_config):
    from pipeline.llm.client import LLM

    llm_server.script = [PARKING, _a("共3500个 [zhonglou_2026#26]。", ["zhonglou_2026#26"]), _a("1200个 [zhonglou_2026#26]。", ["zhonglou_2026#26"])]
    ans = Asker(corpus_store, llm=LLM(llm_config)).ask("钟楼区新增公共停车泊位的目标是多少？")
    assert ans.answered_by == "llm" and ans.answer.startswith("1200个")
    assert "3500" in llm_server.chat_requests[2]["body"]["messages"][-1]["content"]


def test_llm_down_leaves_the_rules_answer(corpus_store, llm_server, llm_config):
    from pipeline.llm.client import LLM

    llm_server.default = lambda body: "not json at all"
    ans = Asker(corpus_store, llm=LLM(llm_config)).ask("钟楼区新增公共停车泊位的目标是多少？")
    assert (ans.understood_by, ans.answered_by, ans.value) == ("rules", "rules", 1200) and len(ans.notes) == 2


def test_cli_ask_with_llm_env_and_cache(corpus_store, llm_server, tmp_path):
    def reply(body):
        if "结构化查询" in body["messages"][0]["content"]:
            return _q(intent="count", leaders=["潘俊"])
        return _a("潘俊分管13项工作 [wujin_2026#43]。", ["wujin_2026#43"])

    llm_server.default = reply
    env = {"OPENAI_BASE_URL": llm_server.url, "OPENAI_API_KEY": "k", "GOVTASKS_LLM_MODEL": "m", "GOVTASKS_HOME": str(tmp_path / "home")}
    for run in range(2):
        r = run_cli("ask", "潘俊分管几项工作？", "--store", corpus_store.root, "--json", env=env)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["answered_by"] == "llm" and out["understood_by"] == "llm" and out["value"] == 13
    assert len(llm_server.chat_requests) == 2 and "0 calls, 2 cached" in r.stderr
    r = run_cli("ask", "潘俊分管几项工作？", "--store", corpus_store.root, "--json", "--no-llm", env=env)
    assert json.loads(r.stdout)["answered_by"] == "rules"


def test_llm_reading_of_two_units_compared_is_counted_per_unit(corpus_store, llm_server, llm_config, rows):
    from pipeline.llm.client import LLM

    llm_server.script = [_q(intent="count", compare=True, aggregate="diff", districts=["钟楼"], units=["区住建局", "区城管局"]), "not json"]
    ans = Asker(corpus_store, llm=LLM(llm_config)).ask("钟楼区住建局比城管局多牵头几项？")
    zl = [t for t in rows if t.doc_id == "zhonglou_2026"]
    assert ans.understood_by == "llm" and ans.query["per_name"] == "unit"  # derived from the LLM's reading as from the rules'
    assert ans.value == abs(sum("区住建局" in t.lead_units for t in zl) - sum("区城管局" in t.lead_units for t in zl))
