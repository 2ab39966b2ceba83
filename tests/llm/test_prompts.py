"""Every prompt template rendered with a fixed context built here and compared, character for
character, with its golden file in tests/data/prompts/. After a deliberate prompt change (a new
version of the file), rewrite the goldens with `pytest tests/llm/test_prompts.py --regen-golden`
(or GOVTASKS_REGEN_GOLDEN=1) and review the diff; such a run fails test_regen_switch_is_off, so
it cannot pass for a normal one."""

import json
import sys
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from pipeline.draft.narrative import Narrative, llm_narrative
from pipeline.draft.period import parse_period
from pipeline.llm.client import LLM
from pipeline.llm.prompts import Prompt, PromptNotFound, render, templates
from pipeline.schema import Source, Target, Task

GOLDEN = Path(__file__).parents[1] / "data" / "prompts"

ROW_FULL = {"doc_id": "wujin_2026", "seq": 12, "goal": "扩大有效需求 / 提振消费市场", "content": "举办汽车、家电促消费活动12场以上，培育首店经济。", "leaders": "潘俊", "lead_units": "区商务局", "responsible_units": "区财政局、区市场监管局", "targets": "举办促消费活动12场以上"}
ROW_BARE = {"doc_id": "zhonglou_2026", "seq": 26, "goal": "", "content": "新增公共停车泊位1200个。", "leaders": "", "lead_units": "", "responsible_units": "", "targets": ""}

# case id (the golden file's stem) → (template name, version, context)
CASES = {
    "ask_answer.v1": ("ask_answer", 1, {"question": "商务局牵头哪些任务？", "facts": "共3项", "rows": [ROW_FULL, ROW_BARE], "total": 3, "open": False}),
    "ask_answer.v1.open": ("ask_answer", 1, {"question": "哪些任务涉及停车？", "facts": "共2项", "rows": [ROW_BARE, ROW_FULL], "total": 2, "open": True}),
    "ask_query.v1": ("ask_query", 1, {"question": "潘俊分管几项工作？", "districts": ["武进", "钟楼"], "units": ["区住建局", "区商务局"], "leaders": ["潘俊", "王行杰"], "goals": ["提振消费市场", "完善城市功能"], "rules": '{"intent":"count","leaders":["潘俊"]}'}),
    "decompose_refine.v1": ("decompose_refine", 1, {"report_title": "2027年某区政府工作报告", "segments": [
        {"id": 1, "line": 9, "goal": "着力扩大有效需求 / 提振消费市场", "text": "举办汽车、家电促消费活动12场以上，培育首店经济。", "kept": True, "targets": True, "units": ["区商务局（0.82）", "区发改局（0.31）"]},
        {"id": 2, "line": "¶9", "goal": "", "text": "营造浓厚消费氛围。", "kept": False, "targets": False, "units": []},
    ]}),
    "draft_narrative.v1": ("draft_narrative", 1, {"goal": "提振消费市场", "period": "第一季度", "as_of": "截至2026年3月底", "year": 2026, "rows": [
        {"key": "wujin_2026#12", "content": "举办汽车、家电促消费活动12场以上。", "lead_units": "区商务局", "targets": "举办促消费活动 12场以上", "achieved": "举办促消费活动 4场（完成率33.3%）", "status": "推进中", "progress": "已举办汽车展销会4场。", "problems": "家电活动场地未落实。"},
        {"key": "wujin_2026#13", "content": "培育首店经济。", "lead_units": "", "targets": "", "achieved": "", "status": "未填报", "progress": "", "problems": ""},
    ]}),
}


def as_text(messages: list[dict]) -> str:
    """The messages as the golden files hold them: each part under its `=== role ===` line."""
    return "".join(f"=== {m['role']} ===\n{m['content']}\n" for m in messages)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_prompt_renders_exactly_as_its_golden_file(case, regen_golden):
    name, version, context = CASES[case]
    rendered = render(name, version=version, **context)
    assert rendered.prompt == Prompt(name=name, version=version) and [m["role"] for m in rendered.messages] == ["system", "user"]
    text = as_text(rendered.messages)
    golden = GOLDEN / f"{case}.txt"
    if regen_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing — run pytest {Path(__file__).name} --regen-golden and review it"
    assert text == golden.read_text(encoding="utf-8")


def test_regen_switch_is_off(regen_golden):
    """A normal run compares; only an explicit --regen-golden / GOVTASKS_REGEN_GOLDEN=1 rewrites."""
    assert not regen_golden


def test_every_shipped_template_has_a_case_and_every_golden_a_template():
    shipped = {p.id for p in templates()}
    assert shipped == {"ask_answer.v1", "ask_query.v1", "decompose_refine.v1", "draft_narrative.v1"}
    assert {f"{name}.v{version}" for name, version, _ in CASES.values()} == shipped
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(CASES)


def test_unknown_name_or_version_is_an_error_naming_what_ships():
    with pytest.raises(PromptNotFound, match=r"no prompt ask_query\.v2 .*ask_query\.v1"):
        render("ask_query", version=2)
    with pytest.raises(PromptNotFound, match="no prompt ask_queries.v1"):
        render("ask_queries", version=1)


def test_a_missing_prompts_package_says_to_reinstall(monkeypatch):
    monkeypatch.setitem(sys.modules, "prompts", None)  # as in an install made before prompts/ was a package
    with pytest.raises(PromptNotFound, match=r"prompts package is not installed .*pip install -e \."):
        templates()


def test_a_missing_variable_is_an_error():
    name, version, context = CASES["ask_query.v1"]
    with pytest.raises(UndefinedError, match="rules"):
        render(name, version=version, **{k: v for k, v in context.items() if k != "rules"})


def test_the_caller_keys_its_cached_answer_on_the_prompt_version(llm_server, llm_config):
    """draft's narrative asks through prompts/draft_narrative.v1.j2; its cached answer is stored
    under a key made with that id, so another version of the prompt would not find it."""
    tasks = [Task(doc_id="t_2026", seq=1, content="举办促消费活动12场以上。", lead_units=["区商务局"], targets=[Target(text="12场以上", value=12, unit="场")], source=Source(path="t.txt", line_start=1))]
    reply = json.dumps({"sentences": [{"text": "促消费活动正在推进。", "rows": ["t_2026#1"]}]}, ensure_ascii=False)
    llm_server.script = [reply]
    llm = LLM(llm_config)
    assert llm_narrative(llm, "提振消费市场", tasks, {}, parse_period("2026Q1")).sentences[0].text == "促消费活动正在推进。"
    sent = llm_server.chat_requests[0]["body"]["messages"]
    key = llm.cache_key(sent, Narrative, "draft_narrative.v1")
    assert [p.name for p in llm_config.cache_dir.rglob("*.json")] == [f"{key}.json"]
    assert llm.cache_key(sent, Narrative, "draft_narrative.v2") != key and llm.cache_key(sent, Narrative) != key
