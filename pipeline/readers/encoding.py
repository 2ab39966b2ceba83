"""Decode text files the way offices produce them: UTF-8 (with or without BOM), GB18030/GBK,
UTF-16 (with or without BOM). Binary content is refused with a clear error."""

from __future__ import annotations

import codecs
import re

from pipeline.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# control characters other than whitespace, the private-use area, the replacement character
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = len(_BAD_CHARS.findall(text))
    return bad / len(text) < 0.01


def _plausible(text: str) -> float:
    """Share of characters an office text is made of: CJK, ASCII, CJK/full-width punctuation."""
    if not text:
        return 0.0
    ok = sum(
        1
        for ch in text
        if ch.isascii() and (ch.isprintable() or ch in "\t\r\n")
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u2103\u2030\u2022"
    )
    return ok / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_zero = data[0::2].count(0) / (len(data) / 2)
    odd_zero = data[1::2].count(0) / (len(data) / 2)
    # ASCII-heavy UTF-16 has zeros in one byte lane; CJK-heavy UTF-16 has none, so also try
    # a strict decode and accept it only if it yields CJK text.
    for enc in (("utf-16-le" if odd_zero > even_zero else "utf-16-be"), "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if _looks_like_text(text) and _plausible(text) > 0.9 and (max(even_zero, odd_zero) > 0.3 or cjk / max(len(text), 1) > 0.3):
            return text
    return None


def detect_and_decode(data: bytes, display: str) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for empty or binary content."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(display, "the file is empty", "give a file that contains the table")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        raise InputError(display, "binary content, not a text file", "give a .txt/.csv export or the original .docx/.xlsx/.pdf")
    try:
        text = data.decode("gb18030")
        if _looks_like_text(text) and _plausible(text) > 0.9:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # heavy (~20 ms): only for text that is not UTF-8, UTF-16 or GB18030

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _looks_like_text(text) and _plausible(text) > 0.8:
            return text, best.encoding
    raise InputError(display, "cannot decode the text (not UTF-8, GB18030 or UTF-16; possibly binary)", "re-save the file as UTF-8 text")


def read_text(info_path, display: str) -> tuple[str, str]:
    with open(info_path, "rb") as fh:
        return detect_and_decode(fh.read(), display)
