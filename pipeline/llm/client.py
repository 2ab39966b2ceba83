"""One client for any OpenAI-compatible chat endpoint (OpenAI, DeepSeek, Qwen/DashScope, vLLM,
Ollama), used only where judgment helps; every caller has a deterministic path without it.

- Configured by OPENAI_BASE_URL / OPENAI_API_KEY / GOVTASKS_LLM_MODEL (or OPENAI_MODEL). Neither
  a base URL nor a key set → no LLM (`default_llm()` returns None).
- Structured output: the pydantic schema goes in the request as a JSON schema where the
  endpoint accepts it; otherwise plain JSON is asked for. Every answer is parsed and validated
  (plus the caller's own checks, e.g. "every citation is one of the rows given"); a bad answer
  gets one repair turn naming the error, then the call fails with LLMError.
- Timeouts; backoff with jitter on 429/5xx/connection errors (Retry-After honoured); a
  concurrency limit; an on-disk cache keyed by model + prompt template (name and version) +
  messages + schema, so a re-run makes no calls and a new prompt version asks again; prompt
  tokens counted offline with tiktoken and checked against a budget before the call; calls,
  tokens, cache hits, retries and repairs counted per run (LLMStats)."""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import GovTasksError
from pipeline.llm.tokens import count_messages, count_tokens
from pipeline.settings import settings
from pipeline.util.atomic import write_text_atomic

T = TypeVar("T", bound=BaseModel)


class LLMError(GovTasksError):
    """The LLM could not give a valid answer; callers fall back to their deterministic path."""


def _cache_root() -> Path:
    return settings().llm_cache_dir()


@dataclass
class LLMConfig:
    base_url: Optional[str]
    api_key: Optional[str]
    model: str = "gpt-4o-mini"
    timeout: float = 60.0
    max_retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time (capped at 30 s)
    concurrency: int = 4
    max_prompt_tokens: int = 16000
    max_repairs: int = 1
    cache_dir: Path = field(default_factory=_cache_root)
    use_cache: bool = True

    @classmethod
    def from_env(cls) -> Optional["LLMConfig"]:
        s = settings()
        if not s.llm_configured():
            return None
        return cls(
            base_url=s.openai_base_url, api_key=s.openai_api_key, model=s.llm_model_name(),
            timeout=s.llm_timeout, max_retries=s.llm_retries, backoff=s.llm_backoff, concurrency=s.llm_concurrency,
            max_prompt_tokens=s.llm_max_prompt_tokens, cache_dir=s.llm_cache_dir(), use_cache=s.llm_cache,
        )


@dataclass
class LLMStats:
    calls: int = 0  # HTTP requests made (retries included)
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    repairs: int = 0
    failures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw) -> None:
        with self._lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("calls", "cache_hits", "prompt_tokens", "completion_tokens", "retries", "repairs", "failures")}

    def summary(self) -> str:
        return f"LLM: {self.calls} calls, {self.cache_hits} cached, {self.prompt_tokens} prompt + {self.completion_tokens} completion tokens, {self.retries} retries, {self.repairs} repairs, {self.failures} failed"


_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


def parse_json(text: str):
    """The JSON object in a model's reply (code fences and text around it tolerated)."""
    s = _FENCE.sub("", text or "").strip()
    try:
        return json.loads(s)
    except json.JSONDecodeError:
        start, end = s.find("{"), s.rfind("}")
        if start >= 0 and end > start:
            return json.loads(s[start : end + 1])
        raise


class LLM:
    def __init__(self, config: LLMConfig, stats: Optional[LLMStats] = None):
        from openai import OpenAI  # heavy: loaded only when an LLM is configured

        self.config = config
        self.stats = stats or LLMStats()
        self._client = OpenAI(base_url=config.base_url, api_key=config.api_key or "none", timeout=config.timeout, max_retries=0)
        self._gate = threading.Semaphore(max(1, config.concurrency))
        self._schema_mode: Optional[str] = None  # json_schema | json_object | none, learned from the endpoint

    @property
    def where(self) -> str:
        return self.config.base_url or "api.openai.com"

    # ---- one HTTP call with backoff ----------------------------------------------------
    def _call(self, messages: list[dict], response_format: Optional[dict]):
        import openai  # heavy: loaded only when an LLM is configured

        attempt = 0
        while True:
            try:
                with self._gate:
                    self.stats.add(calls=1)
                    kwargs = {"model": self.config.model, "messages": messages, "temperature": 0}
                    if response_format:
                        kwargs["response_format"] = response_format
                    return self._client.chat.completions.create(**kwargs)
            except (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError, openai.APITimeoutError) as exc:
                if attempt >= self.config.max_retries:
                    kind = "timed out" if isinstance(exc, openai.APITimeoutError) else "is unreachable" if isinstance(exc, openai.APIConnectionError) else f"kept failing ({getattr(exc, 'status_code', '')})"
                    raise LLMError(f"the LLM endpoint {self.where} {kind} after {attempt + 1} tries — check OPENAI_BASE_URL and the service, or unset it to use the rules")
                delay = self._retry_after(exc)
                if delay is None:
                    delay = min(30.0, self.config.backoff * (2**attempt)) * (0.75 + 0.5 * random.random())
                attempt += 1
                self.stats.add(retries=1)
                time.sleep(delay)
            except openai.AuthenticationError:
                raise LLMError(f"the LLM endpoint {self.where} refused the API key (401) — check OPENAI_API_KEY")
            except openai.PermissionDeniedError:
                raise LLMError(f"the LLM endpoint {self.where} denied access (403) — check the key's permissions")
            except openai.NotFoundError:
                raise LLMError(f"the LLM endpoint {self.where} does not know model “{self.config.model}” (404) — set GOVTASKS_LLM_MODEL")

    @staticmethod
    def _retry_after(exc) -> Optional[float]:
        resp = getattr(exc, "response", None)
        value = resp.headers.get("retry-after") if resp is not None else None
        try:
            return min(30.0, float(value)) if value is not None else None
        except ValueError:
            return None

    def _complete(self, messages: list[dict], schema: type[BaseModel]):
        """A completion asking for JSON, in the strongest form the endpoint accepts."""
        import openai  # heavy: loaded only when an LLM is configured

        modes = [self._schema_mode] if self._schema_mode else ["json_schema", "json_object", "none"]
        for mode in modes:
            fmt = {"json_schema": {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema()}}, "json_object": {"type": "json_object"}, "none": None}[mode]
            try:
                resp = self._call(messages, fmt)
                self._schema_mode = mode
                return resp
            except openai.BadRequestError as exc:
                if mode == modes[-1]:
                    raise LLMError(f"the LLM endpoint {self.where} rejected the request (400: {str(exc)[:120]})")
        raise LLMError(f"the LLM endpoint {self.where} rejected every request form")

    # ---- structured output ------------------------------------------------------------------
    def cache_key(self, messages: list[dict], schema: type[BaseModel], prompt: Optional[str] = None) -> str:
        blob = json.dumps({"model": self.config.model, "prompt": prompt, "messages": messages, "schema": schema.model_json_schema()}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def structured(self, messages: list[dict], schema: type[T], validate: Optional[Callable[[T], list[str]]] = None, prompt: Optional[str] = None) -> T:
        """Ask, parse, validate (schema + the caller's checks); one repair turn; cached on disk.
        `prompt` names the template the messages were rendered from (`Prompt.id`, e.g.
        "ask_query.v1"); it is part of the cache key."""
        key = self.cache_key(messages, schema, prompt)
        path = self.config.cache_dir / key[:2] / f"{key}.json"
        if self.config.use_cache and path.is_file():
            try:
                obj = schema.model_validate_json(path.read_text(encoding="utf-8"))
                if not (validate and validate(obj)):
                    self.stats.add(cache_hits=1)
                    return obj
            except ValidationError:
                pass  # a stale cache entry: ask again
        prompt_tokens = count_messages(messages, self.config.model)
        if prompt_tokens > self.config.max_prompt_tokens:
            self.stats.add(failures=1)
            raise LLMError(f"the prompt has {prompt_tokens} tokens, over the budget of {self.config.max_prompt_tokens} (GOVTASKS_LLM_MAX_PROMPT_TOKENS)")
        convo = list(messages)
        for turn in range(self.config.max_repairs + 1):
            resp = self._complete(convo, schema)
            text = resp.choices[0].message.content or "" if resp.choices else ""
            usage = getattr(resp, "usage", None)
            self.stats.add(
                prompt_tokens=getattr(usage, "prompt_tokens", None) or count_messages(convo, self.config.model),
                completion_tokens=getattr(usage, "completion_tokens", None) or count_tokens(text, self.config.model),
            )
            try:
                obj = schema.model_validate(parse_json(text))
                problems = validate(obj) if validate else []
            except (json.JSONDecodeError, ValidationError) as exc:
                problems = [f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"]
            if not problems:
                if self.config.use_cache:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    write_text_atomic(path, obj.model_dump_json(), part=path.with_suffix(".part"))
                return obj
            if turn < self.config.max_repairs:
                self.stats.add(repairs=1)
                convo = convo + [
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": "上一个回答不符合要求：" + "；".join(problems) + "。请只返回一个符合 JSON schema 的 JSON 对象，不要其他文字。\nYour previous answer was invalid: " + "; ".join(problems)},
                ]
        self.stats.add(failures=1)
        raise LLMError(f"the LLM's answer never validated ({'; '.join(problems)[:200]})")

    def map(self, fn: Callable, items: list) -> list:
        """fn over items with at most `concurrency` calls in flight; results in order."""
        with ThreadPoolExecutor(max_workers=max(1, self.config.concurrency)) as pool:
            return list(pool.map(fn, items))


def default_llm(stats: Optional[LLMStats] = None) -> Optional[LLM]:
    cfg = LLMConfig.from_env()
    return LLM(cfg, stats) if cfg else None
