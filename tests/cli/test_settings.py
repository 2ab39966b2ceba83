"""pipeline/settings.py: every environment variable is one field, read at call time; the folders
derived as before; a bad value is one line."""

import re
from pathlib import Path

import pytest
from conftest import ROOT, WUJIN, run_cli

from pipeline.settings import Settings, SettingsError, settings, variable, variables

# variable, value set, field, value the field takes
MAPPING = [
    ("OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "openai_base_url", "http://127.0.0.1:9/v1"),
    ("OPENAI_API_KEY", "sk-test", "openai_api_key", "sk-test"),
    ("OPENAI_MODEL", "qwen-plus", "openai_model", "qwen-plus"),
    ("GOVTASKS_LLM_MODEL", "deepseek-chat", "llm_model", "deepseek-chat"),
    ("GOVTASKS_LLM_TIMEOUT", "2.5", "llm_timeout", 2.5),
    ("GOVTASKS_LLM_RETRIES", "7", "llm_retries", 7),
    ("GOVTASKS_LLM_BACKOFF", "0.25", "llm_backoff", 0.25),
    ("GOVTASKS_LLM_CONCURRENCY", "2", "llm_concurrency", 2),
    ("GOVTASKS_LLM_MAX_PROMPT_TOKENS", "900", "llm_max_prompt_tokens", 900),
    ("GOVTASKS_LLM_CACHE", "0", "llm_cache", False),
    ("GOVTASKS_HOME", "/srv/govtasks", "home", Path("/srv/govtasks")),
    ("XDG_CACHE_HOME", "/var/cache/u", "xdg_cache_home", Path("/var/cache/u")),
    ("XDG_DATA_HOME", "/var/data/u", "xdg_data_home", Path("/var/data/u")),
    ("TIKTOKEN_CACHE_DIR", "/opt/bpe", "tiktoken_cache_dir", Path("/opt/bpe")),
    ("GOVTASKS_EVAL_DIR", "/srv/eval", "eval_dir", Path("/srv/eval")),
    ("GOVTASKS_CHROMA_URL", "http://127.0.0.1:8000", "chroma_url", "http://127.0.0.1:8000"),
    ("GOVTASKS_EMBEDDINGS_URL", "http://127.0.0.1:9/v1", "embeddings_url", "http://127.0.0.1:9/v1"),
    ("GOVTASKS_EMBEDDINGS_MODEL", "bge-m3", "embeddings_model", "bge-m3"),
    ("GOVTASKS_MIN_FREE_BYTES", "1000000", "min_free_bytes", 1000000),
    ("GOVTASKS_MAX_BYTES", "1000", "max_bytes", 1000),
    ("GOVTASKS_MAX_CHARS", "1001", "max_chars", 1001),
    ("GOVTASKS_MAX_LINE", "1002", "max_line", 1002),
    ("GOVTASKS_MAX_ROWS", "1003", "max_rows", 1003),
    ("GOVTASKS_MAX_COLUMNS", "1004", "max_columns", 1004),
    ("GOVTASKS_MAX_CELLS", "1005", "max_cells", 1005),
    ("GOVTASKS_MAX_SPAN", "1006", "max_span", 1006),
    ("GOVTASKS_MAX_PAGES", "1007", "max_pages", 1007),
    ("GOVTASKS_CJK_FONT", "Noto Sans CJK SC", "cjk_font", "Noto Sans CJK SC"),
    ("GOVTASKS_DEBUG", "1", "debug", True),
]


@pytest.fixture
def clean_env(monkeypatch):
    """None of the package's variables set (conftest sets GOVTASKS_HOME; the machine may set XDG_*)."""
    for name in variables():
        monkeypatch.setenv(name, "x")  # recorded, so teardown restores the original
        monkeypatch.delenv(name)
    return monkeypatch


def test_the_table_covers_every_variable():
    assert sorted(v for v, *_ in MAPPING) == sorted(variables())
    assert all(variables()[v] == f for v, _, f, _ in MAPPING)


@pytest.mark.parametrize("name,raw,field,expected", MAPPING, ids=[m[0] for m in MAPPING])
def test_each_variable_sets_its_field(clean_env, name, raw, field, expected):
    assert getattr(settings(), field) != expected  # the default differs: the variable is what sets it
    clean_env.setenv(name, raw)
    assert getattr(settings(), field) == expected
    assert variable(field) == name


def test_names_are_case_sensitive(clean_env):
    clean_env.setenv("govtasks_max_rows", "5")
    assert settings().max_rows == 20_000


def test_read_at_call_time_not_at_import(clean_env):
    """A variable changed after import is seen by the next call, by settings() and by its users."""
    import pipeline.readers as readers
    from pipeline.evaluate.gold import eval_dir
    from pipeline.index.store import Store, default_store
    from pipeline.llm.client import LLMConfig
    from pipeline.readers.limits import limit

    assert settings().max_rows == 20_000 and LLMConfig.from_env() is None
    clean_env.setenv("GOVTASKS_MAX_ROWS", "12")
    clean_env.setenv("GOVTASKS_MAX_BYTES", "3000")
    clean_env.setenv("GOVTASKS_HOME", "/tmp/gt-a")
    clean_env.setenv("GOVTASKS_EVAL_DIR", "/tmp/gt-eval")
    clean_env.setenv("GOVTASKS_CHROMA_URL", "http://127.0.0.1:8001")
    assert settings().max_rows == 12 and limit("rows").value == 12
    assert readers.MAX_BYTES == 3000
    assert default_store() == Path("/tmp/gt-a/store")
    assert eval_dir() == Path("/tmp/gt-eval")
    assert Store(Path("/tmp/gt-a/store")).chroma_url == "http://127.0.0.1:8001"
    clean_env.setenv("GOVTASKS_MAX_ROWS", "13")
    clean_env.setenv("GOVTASKS_HOME", "/tmp/gt-b")
    assert limit("rows").value == 13 and default_store() == Path("/tmp/gt-b/store")


def test_llm_config_from_the_environment(clean_env, tmp_path):
    from pipeline.llm.client import LLMConfig

    clean_env.setenv("OPENAI_API_KEY", "k")
    clean_env.setenv("OPENAI_MODEL", "qwen-plus")
    clean_env.setenv("GOVTASKS_HOME", str(tmp_path))
    cfg = LLMConfig.from_env()
    assert (cfg.base_url, cfg.api_key, cfg.model) == (None, "k", "qwen-plus")
    assert (cfg.timeout, cfg.max_retries, cfg.backoff, cfg.concurrency, cfg.max_prompt_tokens, cfg.use_cache) == (60.0, 4, 1.0, 4, 16000, True)
    assert cfg.cache_dir == tmp_path / "llm-cache"
    for name, raw in [("GOVTASKS_LLM_MODEL", "m"), ("GOVTASKS_LLM_TIMEOUT", "5"), ("GOVTASKS_LLM_RETRIES", "1"), ("GOVTASKS_LLM_BACKOFF", "0.5"), ("GOVTASKS_LLM_CONCURRENCY", "8"), ("GOVTASKS_LLM_MAX_PROMPT_TOKENS", "100"), ("GOVTASKS_LLM_CACHE", "0")]:
        clean_env.setenv(name, raw)
    cfg = LLMConfig.from_env()
    assert (cfg.model, cfg.timeout, cfg.max_retries, cfg.backoff, cfg.concurrency, cfg.max_prompt_tokens, cfg.use_cache) == ("m", 5.0, 1, 0.5, 8, 100, False)


def test_embeddings_endpoint_from_the_environment(clean_env):
    from pipeline.index.embed import LocalE5, OpenAIEmbedder, default_embedder

    assert isinstance(default_embedder(), LocalE5)
    clean_env.setenv("GOVTASKS_EMBEDDINGS_URL", "http://127.0.0.1:9/v1")
    clean_env.setenv("OPENAI_API_KEY", "k")
    e = default_embedder()
    assert isinstance(e, OpenAIEmbedder) and e.model == "text-embedding-3-small" and e.client.api_key == "k"
    clean_env.setenv("GOVTASKS_EMBEDDINGS_MODEL", "bge-m3")
    assert default_embedder().name == "openai:bge-m3"


def test_values_parse_as_before(clean_env):
    """int() / float() as the modules parsed them; empty is the default; LLM cache off only for 0;
    GOVTASKS_DEBUG on for any value."""
    clean_env.setenv("GOVTASKS_MAX_ROWS", " 1_000 ")
    clean_env.setenv("GOVTASKS_LLM_TIMEOUT", "1e1")
    clean_env.setenv("GOVTASKS_MAX_PAGES", "")
    clean_env.setenv("GOVTASKS_LLM_CACHE", "no")
    clean_env.setenv("GOVTASKS_DEBUG", "0")
    s = settings()
    assert (s.max_rows, s.llm_timeout, s.max_pages, s.llm_cache, s.debug) == (1000, 10.0, 500, True, True)


# The folders as the modules computed them before pipeline/settings.py (llm/client.py,
# llm/tokens.py, index/store.py), kept here as the reference.
def _old_cache(env: dict, leaf: str) -> Path:
    home = env.get("GOVTASKS_HOME")
    return (Path(home) if home else Path(env.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "govtasks") / leaf


def _old_store(env: dict) -> Path:
    home = env.get("GOVTASKS_HOME")
    return (Path(home) if home else Path(env.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "govtasks") / "store"


@pytest.mark.parametrize("home", [None, "", "/h"])
@pytest.mark.parametrize("xdg", [None, "", "/x"])
@pytest.mark.parametrize("tiktoken", [None, "", "/t"])
def test_folders_fall_back_as_before(clean_env, tmp_path, home, xdg, tiktoken):
    clean_env.setenv("HOME", str(tmp_path))
    env = {k: v for k, v in {"GOVTASKS_HOME": home, "XDG_CACHE_HOME": xdg and xdg + "/cache", "XDG_DATA_HOME": xdg and xdg + "/data", "TIKTOKEN_CACHE_DIR": tiktoken}.items() if v is not None}
    for name, value in env.items():
        clean_env.setenv(name, value)
    s = settings()
    assert s.llm_cache_dir() == _old_cache(env, "llm-cache")
    assert s.tiktoken_dir() == Path(env.get("TIKTOKEN_CACHE_DIR") or _old_cache(env, "tiktoken"))
    assert s.store_dir() == _old_store(env)


def test_folder_fallbacks_spelled_out(clean_env, tmp_path):
    clean_env.setenv("HOME", str(tmp_path))
    s = settings()
    assert (s.cache_home(), s.data_home()) == (tmp_path / ".cache" / "govtasks", tmp_path / ".local" / "share" / "govtasks")
    clean_env.setenv("XDG_CACHE_HOME", "/c")
    clean_env.setenv("XDG_DATA_HOME", "/d")
    s = settings()
    assert (s.llm_cache_dir(), s.tiktoken_dir(), s.store_dir()) == (Path("/c/govtasks/llm-cache"), Path("/c/govtasks/tiktoken"), Path("/d/govtasks/store"))
    clean_env.setenv("GOVTASKS_HOME", "/g")
    s = settings()
    assert (s.llm_cache_dir(), s.tiktoken_dir(), s.store_dir()) == (Path("/g/llm-cache"), Path("/g/tiktoken"), Path("/g/store"))


def test_tiktoken_files_are_seeded_where_the_settings_say(clean_env, tmp_path):
    from pipeline.llm.tokens import seed_tiktoken_cache

    clean_env.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "bpe"))
    assert seed_tiktoken_cache() == tmp_path / "bpe" and len(list((tmp_path / "bpe").iterdir())) == 2


@pytest.mark.parametrize("name,raw,line", [
    ("GOVTASKS_MAX_ROWS", "lots", "GOVTASKS_MAX_ROWS='lots': not a whole number — set it to a whole number (default 20000) or unset it"),
    ("GOVTASKS_MAX_BYTES", "20MB", "GOVTASKS_MAX_BYTES='20MB': not a whole number — set it to a whole number (default 20971520) or unset it"),
    ("GOVTASKS_LLM_TIMEOUT", "1m", "GOVTASKS_LLM_TIMEOUT='1m': not a number — set it to a number (default 60.0) or unset it"),
    ("GOVTASKS_LLM_RETRIES", "2.5", "GOVTASKS_LLM_RETRIES='2.5': not a whole number — set it to a whole number (default 4) or unset it"),
])
def test_a_bad_value_is_one_line(clean_env, name, raw, line):
    clean_env.setenv(name, raw)
    with pytest.raises(SettingsError) as exc:
        settings()
    assert str(exc.value) == line
    clean_env.setenv(name, "3")
    assert getattr(settings(), variables()[name]) == 3  # fixed: read again, not the failure


def test_a_bad_limit_stops_the_command_with_one_line(tmp_path):
    r = run_cli("extract", WUJIN, env={"GOVTASKS_MAX_ROWS": "lots"})
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == "error: GOVTASKS_MAX_ROWS='lots': not a whole number — set it to a whole number (default 20000) or unset it\n"


def test_a_bad_llm_value_stops_the_command_with_one_line(tmp_path):
    """`ask` builds its LLM outside the stage call; the value is still one line, not a traceback."""
    r = run_cli("ask", "--no-embeddings", "--store", tmp_path / "store", "商务局牵头哪些任务？", env={"OPENAI_API_KEY": "k", "GOVTASKS_LLM_CONCURRENCY": "four"})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr == "error: GOVTASKS_LLM_CONCURRENCY='four': not a whole number — set it to a whole number (default 4) or unset it\n"


def test_readme_lists_every_variable_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([A-Z][A-Z0-9_]+)` \|.*$", section, re.M)}
    assert sorted(rows) == sorted(variables())
    for name, field in variables().items():
        default = Settings.model_fields[field].default
        if isinstance(default, (int, float, str)) and not isinstance(default, bool):
            shown = f"{default:g}" if isinstance(default, float) else str(default)
            assert f"| `{shown}`" in rows[name], (name, default)
