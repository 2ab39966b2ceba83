"""A PDF report's running text: pdfplumber's text lines joined into paragraphs, one per line,
with the page of each."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.readers.base import TextLines
from pipeline.reports.layout import L1, L2

ENDS = ("。", "：", ":", "！", "？")
HAN = re.compile(r"[\u3400-\u9fff]")


def first_unit_width(chars: list[dict], most: int = 60) -> float:
    """Width of what a line wrap could not have split off the start of this line: everything up
    to the first place where a break is surely allowed, between two Han characters (before it,
    brackets, punctuation, Latin words and numbers keep together in ways line breakers differ on)."""
    n = min(len(chars), most)
    if not n:
        return 0.0
    end = next((k - 1 for k in range(1, n) if HAN.match(chars[k - 1]["text"]) and HAN.match(chars[k]["text"])), n - 1)
    return chars[end]["x1"] - chars[0]["x0"]


def _heading_only(text: str) -> bool:
    """A numbered heading line with no sentence in it ("一、“十四五”时期和2025年工作回顾")."""
    return bool(L1.match(text) or L2.match(text)) and not any(p in text for p in "。；，,;")


def paragraph_lines(path: Path, display: str) -> TextLines:
    """PDF text lines joined into paragraphs, by layout: an indented line or a numbered heading
    (一、 / （一）) starts a paragraph; a line that stops short of the right margin ends one when it
    ends a sentence or a heading line, or when the start of the next line would have fitted in the
    room it leaves (a wrap never leaves that room: the break was the writer's), and always when it
    leaves a third of the text width empty (a title, a heading, a signature line)."""
    import pdfplumber  # heavy: loaded only when a PDF report is read

    joined: list[tuple[int, str]] = []
    page_of: dict[int, int] = {}
    buf, n = "", 0
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        raise InputError(display, f"cannot open the PDF ({type(exc).__name__})", "give the report as .txt or .docx, or an unprotected PDF")
    with pdf:
        for page_no, page in enumerate(pdf.pages, start=1):
            lines = page.extract_text_lines() or []
            if not lines:
                continue
            left = min(ln["x0"] for ln in lines)
            right = max(ln["x1"] for ln in lines)
            for i, ln in enumerate(lines):
                text = ln["text"].strip()
                indented = ln["x0"] > left + 12
                if buf and (indented or L1.match(text) or L2.match(text)):
                    n += 1
                    joined.append((n, buf))
                    page_of[n] = page_no
                    buf = ""
                buf += text
                short = ln["x1"] < right - 24
                room = right - ln["x1"]
                fits = i + 1 < len(lines) and room > first_unit_width(lines[i + 1].get("chars", [])) + 6
                if (short and (text.endswith(ENDS) or _heading_only(buf) or fits)) or ln["x1"] < left + (right - left) * 2 / 3:
                    n += 1
                    joined.append((n, buf))
                    page_of[n] = page_no
                    buf = ""
        if buf:
            n += 1
            joined.append((n, buf))
            page_of[n] = len(pdf.pages)
    if not joined:
        raise InputError(display, "scanned PDF: no text layer, needs OCR", "run OCR (e.g. ocrmypdf) or give the .txt/.docx report")
    return TextLines(lines=joined, page_of=page_of)
