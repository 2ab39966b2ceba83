"""Every environment variable the package reads, in one typed object.

`settings()` reads the environment when it is called (never at import), so a variable changed
after import is seen by the next call. The names are the ones users set (a contract): the
GOVTASKS_* variables, the OpenAI client's OPENAI_*, the XDG base directories and tiktoken's
TIKTOKEN_CACHE_DIR. A value that is not what its variable takes (a word where a number goes) is
a SettingsError: one line naming the variable, the value and what to set instead.

The folders the package writes to are derived here, as they always were:

    cache_home()  $GOVTASKS_HOME, else $XDG_CACHE_HOME/govtasks, else ~/.cache/govtasks
    data_home()   $GOVTASKS_HOME, else $XDG_DATA_HOME/govtasks, else ~/.local/share/govtasks
    llm_cache_dir() = cache_home()/llm-cache      tiktoken_dir() = $TIKTOKEN_CACHE_DIR or cache_home()/tiktoken
    store_dir()     = data_home()/store
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import InputError

__all__ = ["Settings", "SettingsError", "settings", "variable", "variables"]

_WHOLE = ("llm_retries", "llm_concurrency", "llm_max_prompt_tokens", "max_bytes", "max_chars", "max_line", "max_rows", "max_columns", "max_cells", "max_span", "max_pages", "min_free_bytes")
_NUMBER = ("llm_timeout", "llm_backoff")
# Set but empty counts as unset for these (as `os.environ.get(...) or …` did); the XDG folders
# and the embeddings model name keep an empty value as given, as before.
_BLANK_IS_UNSET = ("openai_base_url", "openai_api_key", "openai_model", "llm_model", "home", "tiktoken_cache_dir", "chroma_url", "embeddings_url", "eval_dir", "cjk_font")


class SettingsError(InputError):
    """An environment variable holds a value the package cannot use."""


class Settings(BaseSettings):
    """One field per environment variable; the field's alias is the variable's name."""

    model_config = SettingsConfigDict(case_sensitive=True, frozen=True, extra="ignore")

    # ---- the LLM (pipeline/llm/client.py); with neither base URL nor key there is no LLM
    openai_base_url: Optional[str] = Field(None, validation_alias="OPENAI_BASE_URL", description="OpenAI-compatible chat endpoint (e.g. https://api.deepseek.com/v1)")
    openai_api_key: Optional[str] = Field(None, validation_alias="OPENAI_API_KEY", repr=False, description="its API key (also sent to an embeddings endpoint)")
    openai_model: Optional[str] = Field(None, validation_alias="OPENAI_MODEL", description="model name when GOVTASKS_LLM_MODEL is not set")
    llm_model: Optional[str] = Field(None, validation_alias="GOVTASKS_LLM_MODEL", description="model name (default gpt-4o-mini)")
    llm_timeout: float = Field(60.0, validation_alias="GOVTASKS_LLM_TIMEOUT", description="seconds per request")
    llm_retries: int = Field(4, validation_alias="GOVTASKS_LLM_RETRIES", description="retries on 429/5xx/connection errors")
    llm_backoff: float = Field(1.0, validation_alias="GOVTASKS_LLM_BACKOFF", description="seconds before the first retry; doubles each time (capped at 30 s)")
    llm_concurrency: int = Field(4, validation_alias="GOVTASKS_LLM_CONCURRENCY", description="calls in flight at once")
    llm_max_prompt_tokens: int = Field(16000, validation_alias="GOVTASKS_LLM_MAX_PROMPT_TOKENS", description="prompt budget, counted before the call")
    llm_cache: bool = Field(True, validation_alias="GOVTASKS_LLM_CACHE", description="0 turns the on-disk answer cache off; any other value keeps it")

    # ---- folders
    home: Optional[Path] = Field(None, validation_alias="GOVTASKS_HOME", description="one folder for the index, the LLM cache and the tiktoken files")
    xdg_cache_home: Optional[Path] = Field(None, validation_alias="XDG_CACHE_HOME", description="caches go to its govtasks/ when GOVTASKS_HOME is not set (default ~/.cache)")
    xdg_data_home: Optional[Path] = Field(None, validation_alias="XDG_DATA_HOME", description="the index goes to its govtasks/store when GOVTASKS_HOME is not set (default ~/.local/share)")
    tiktoken_cache_dir: Optional[Path] = Field(None, validation_alias="TIKTOKEN_CACHE_DIR", description="where tiktoken's BPE files are seeded and read (default: the cache folder's tiktoken/)")
    eval_dir: Optional[Path] = Field(None, validation_alias="GOVTASKS_EVAL_DIR", description="the eval folder (gold/, questions/, …); default ./eval, else the project's eval/")

    # ---- the index (pipeline/index/)
    chroma_url: Optional[str] = Field(None, validation_alias="GOVTASKS_CHROMA_URL", description="a Chroma server (http://host:port) instead of the embedded store; --chroma-url wins")
    embeddings_url: Optional[str] = Field(None, validation_alias="GOVTASKS_EMBEDDINGS_URL", description="an OpenAI-compatible /v1/embeddings endpoint instead of the local model")
    embeddings_model: str = Field("text-embedding-3-small", validation_alias="GOVTASKS_EMBEDDINGS_MODEL", description="the model asked at GOVTASKS_EMBEDDINGS_URL")
    min_free_bytes: int = Field(16 * 1024 * 1024, validation_alias="GOVTASKS_MIN_FREE_BYTES", description="free space a document stored leaves on the store's disk (16 MB): embedded Chroma hangs on a full disk")

    # ---- reader limits (pipeline/readers/limits.py)
    max_bytes: int = Field(20 * 1024 * 1024, validation_alias="GOVTASKS_MAX_BYTES", description="file size in bytes (20 MB)")
    max_chars: int = Field(2_000_000, validation_alias="GOVTASKS_MAX_CHARS", description="characters in a text document")
    max_line: int = Field(100_000, validation_alias="GOVTASKS_MAX_LINE", description="characters in one line")
    max_rows: int = Field(20_000, validation_alias="GOVTASKS_MAX_ROWS", description="table rows (all sheets / tables together)")
    max_columns: int = Field(64, validation_alias="GOVTASKS_MAX_COLUMNS", description="table columns")
    max_cells: int = Field(400_000, validation_alias="GOVTASKS_MAX_CELLS", description="cells of a document")
    max_span: int = Field(64, validation_alias="GOVTASKS_MAX_SPAN", description="columns one merged Word cell spans (gridSpan / gridBefore)")
    max_pages: int = Field(500, validation_alias="GOVTASKS_MAX_PAGES", description="PDF pages")

    # ---- drafts and the command line
    cjk_font: Optional[str] = Field(None, validation_alias="GOVTASKS_CJK_FONT", description="a font file or family for the charts' Chinese labels")
    debug: bool = Field(False, validation_alias="GOVTASKS_DEBUG", description="any value: an internal error shows its traceback")

    @field_validator(*_BLANK_IS_UNSET, mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator(*_WHOLE, *_NUMBER, mode="before")
    @classmethod
    def _number(cls, value: Any, info: ValidationInfo) -> Any:
        """Parsed as int() / float() parse it; empty is the default."""
        if not isinstance(value, str):
            return value
        if not value:
            return cls.model_fields[info.field_name].default
        whole = info.field_name in _WHOLE
        try:
            return int(value) if whole else float(value)
        except ValueError:
            raise ValueError("not a whole number" if whole else "not a number") from None

    @field_validator("llm_cache", mode="before")
    @classmethod
    def _cache_switch(cls, value: Any) -> Any:
        return value != "0" if isinstance(value, str) else value

    @field_validator("debug", mode="before")
    @classmethod
    def _any_value(cls, value: Any) -> Any:
        return bool(value) if isinstance(value, str) else value

    # ---- derived --------------------------------------------------------------------------
    def llm_configured(self) -> bool:
        return bool(self.openai_base_url or self.openai_api_key)

    def llm_model_name(self) -> str:
        return self.llm_model or self.openai_model or "gpt-4o-mini"

    def cache_home(self) -> Path:
        if self.home:
            return self.home
        return (self.xdg_cache_home if self.xdg_cache_home is not None else Path.home() / ".cache") / "govtasks"

    def data_home(self) -> Path:
        if self.home:
            return self.home
        return (self.xdg_data_home if self.xdg_data_home is not None else Path.home() / ".local" / "share") / "govtasks"

    def llm_cache_dir(self) -> Path:
        return self.cache_home() / "llm-cache"

    def tiktoken_dir(self) -> Path:
        return self.tiktoken_cache_dir or self.cache_home() / "tiktoken"

    def store_dir(self) -> Path:
        return self.data_home() / "store"


def variable(field: str) -> str:
    """The environment variable behind a Settings field."""
    return Settings.model_fields[field].validation_alias


def variables() -> dict[str, str]:
    """Every variable read, mapped to its field."""
    return {variable(name): name for name in Settings.model_fields}


_VARIABLES = tuple(variables())


def settings() -> Settings:
    """The settings as the environment holds them now; a bad value is a SettingsError."""
    return _read(tuple(os.environ.get(v) for v in _VARIABLES))


@lru_cache(maxsize=16)
def _read(snapshot: tuple[Optional[str], ...]) -> Settings:
    # `snapshot` is the cache key only (readers check limits per row; an unchanged
    # environment is validated once); Settings() itself reads the environment.
    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else ""
        field = variables().get(name)
        problem = str(err.get("ctx", {}).get("error") or err["msg"])
        if field in _WHOLE or field in _NUMBER:
            hint = f"set it to a {'whole number' if field in _WHOLE else 'number'} (default {Settings.model_fields[field].default}) or unset it"
        else:
            hint = "correct it or unset it"
        raise SettingsError(f"{name}={err.get('input')!r}", problem, hint) from None
