"""The LLM client against a scripted OpenAI-compatible server over real HTTP: schema in the
request, validation and repair, backoff, cache, token accounting, clear errors, no-LLM path."""

import json

import pytest
from pydantic import BaseModel

from pipeline.llm.client import LLM, LLMConfig, LLMError, default_llm, parse_json
from pipeline.llm.tokens import count_messages, count_tokens


class Pick(BaseModel):
    answer: str
    rows: list[int]


MESSAGES = [{"role": "system", "content": "只返回 JSON。"}, {"role": "user", "content": "哪些任务涉及停车？"}]
GOOD = json.dumps({"answer": "两项", "rows": [61, 26]}, ensure_ascii=False)


def test_structured_answer_sends_the_schema_and_counts_tokens(llm_server, llm_config):
    llm_server.script = [{"content": GOOD, "usage": {"prompt_tokens": 321, "completion_tokens": 12, "total_tokens": 333}}]
    llm = LLM(llm_config)
    out = llm.structured(MESSAGES, Pick)
    assert out == Pick(answer="两项", rows=[61, 26])
    req = llm_server.chat_requests[0]
    assert req["auth"] == "Bearer test-key" and req["body"]["model"] == "test-model" and req["body"]["temperature"] == 0
    fmt = req["body"]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["properties"]["rows"]["type"] == "array"
    assert req["body"]["messages"] == MESSAGES
    assert llm.stats.as_dict() == {"calls": 1, "cache_hits": 0, "prompt_tokens": 321, "completion_tokens": 12, "retries": 0, "repairs": 0, "failures": 0}


def test_malformed_json_gets_one_repair_turn(llm_server, llm_config):
    llm_server.script = ["好的，答案如下：两项", "```json\n" + GOOD + "\n```"]
    llm = LLM(llm_config)
    assert llm.structured(MESSAGES, Pick).rows == [61, 26]
    second = llm_server.chat_requests[1]["body"]["messages"]
    assert second[-2] == {"role": "assistant", "content": "好的，答案如下：两项"} and "JSONDecodeError" in second[-1]["content"]
    assert (llm.stats.calls, llm.stats.repairs, llm.stats.failures) == (2, 1, 0)


def test_an_answer_that_never_validates_fails_and_is_not_cached(llm_server, llm_config):
    llm_server.script = ['{"answer": "x"}', '{"answer": "x", "rows": "none"}']
    llm = LLM(llm_config)
    with pytest.raises(LLMError, match="never validated"):
        llm.structured(MESSAGES, Pick)
    assert llm.stats.failures == 1 and not any(llm_config.cache_dir.rglob("*.json"))


def test_callers_checks_drive_the_repair(llm_server, llm_config):
    llm_server.script = [json.dumps({"answer": "三项", "rows": [99]}), GOOD]
    out = LLM(llm_config).structured(MESSAGES, Pick, validate=lambda p: [f"row {r} was not given" for r in p.rows if r not in (61, 26)])
    assert out.rows == [61, 26] and "row 99 was not given" in llm_server.chat_requests[1]["body"]["messages"][-1]["content"]


def test_backoff_on_429_and_5xx(llm_server, llm_config):
    llm_server.script = [{"status": 429, "headers": {"Retry-After": "0"}}, {"status": 503}, GOOD]
    llm = LLM(llm_config)
    assert llm.structured(MESSAGES, Pick).answer == "两项"
    assert (llm.stats.calls, llm.stats.retries) == (3, 2)


def test_second_run_is_served_from_the_cache(llm_server, llm_config):
    llm_server.script = [GOOD]
    LLM(llm_config).structured(MESSAGES, Pick)
    again = LLM(llm_config)
    assert again.structured(MESSAGES, Pick).rows == [61, 26]
    assert len(llm_server.chat_requests) == 1 and again.stats.calls == 0 and again.stats.cache_hits == 1
    # a different model is a different key
    other = LLM(LLMConfig(**{**llm_config.__dict__, "model": "other"}))
    llm_server.script = [GOOD]
    other.structured(MESSAGES, Pick)
    assert len(llm_server.chat_requests) == 2


def test_a_new_prompt_version_is_not_served_from_the_old_cache(llm_server, llm_config):
    llm_server.script = [GOOD, GOOD]
    LLM(llm_config).structured(MESSAGES, Pick, prompt="pick.v1")
    same = LLM(llm_config)
    assert same.structured(MESSAGES, Pick, prompt="pick.v1").rows == [61, 26] and same.stats.cache_hits == 1
    newer = LLM(llm_config)
    newer.structured(MESSAGES, Pick, prompt="pick.v2")  # the same messages from another version of the template
    assert newer.stats.cache_hits == 0 and len(llm_server.chat_requests) == 2


def test_endpoint_without_json_schema_support_falls_back(llm_server, llm_config):
    llm_server.script = [{"status": 400, "body": {"error": {"message": "response_format json_schema unsupported"}}}, GOOD]
    llm = LLM(llm_config)
    assert llm.structured(MESSAGES, Pick).answer == "两项"
    assert llm_server.chat_requests[1]["body"]["response_format"] == {"type": "json_object"}


def test_clear_errors(llm_server, llm_config):
    llm_server.script = [{"status": 401}]
    with pytest.raises(LLMError, match="refused the API key"):
        LLM(llm_config).structured(MESSAGES, Pick)
    llm_server.script = [{"status": 404}]
    with pytest.raises(LLMError, match="does not know model"):
        LLM(llm_config).structured(MESSAGES, Pick)
    llm_server.script = [{"delay": 1.5, "content": GOOD}] * 3
    slow = LLM(LLMConfig(**{**llm_config.__dict__, "timeout": 0.3, "max_retries": 1}))
    with pytest.raises(LLMError, match="timed out after 2 tries"):
        slow.structured(MESSAGES, Pick)


def test_unreachable_endpoint(llm_config):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = LLM(LLMConfig(**{**llm_config.__dict__, "base_url": f"http://127.0.0.1:{port}/v1", "max_retries": 1}))
    with pytest.raises(LLMError, match="unreachable"):
        dead.structured(MESSAGES, Pick)


def test_prompt_budget_is_checked_before_the_call(llm_server, llm_config):
    llm = LLM(LLMConfig(**{**llm_config.__dict__, "max_prompt_tokens": 20}))
    with pytest.raises(LLMError, match="over the budget"):
        llm.structured([{"role": "user", "content": "新增公共停车泊位" * 20}], Pick)
    assert llm_server.chat_requests == []


def test_tokens_are_counted_offline():
    n = count_tokens("新增公共停车泊位1200个", "gpt-4o-mini")
    assert 4 <= n <= 16
    assert count_messages(MESSAGES) > count_tokens("只返回 JSON。") + count_tokens("哪些任务涉及停车？")


def test_no_llm_without_configuration(monkeypatch):
    assert default_llm() is None
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert default_llm() is not None


def test_parse_json_tolerates_fences_and_chatter():
    assert parse_json('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse_json('答案：{"a": [1, 2]} 以上。') == {"a": [1, 2]}
