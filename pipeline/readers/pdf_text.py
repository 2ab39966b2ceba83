"""A PDF report's running text: pdfplumber's text lines joined into paragraphs, one per line,
with the page of each."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.readers.base import TextLines


def paragraph_lines(path: Path, display: str) -> TextLines:
    """PDF text lines joined into paragraphs: a line shorter than the page's text width, or one
    ending a sentence before an indented line, ends its paragraph."""
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
            for ln in lines:
                text = ln["text"].strip()
                indented = ln["x0"] > left + 12
                if buf and indented:
                    n += 1
                    joined.append((n, buf))
                    page_of[n] = page_no
                    buf = ""
                buf += text
                if ln["x1"] < right - 24 and text.endswith(("。", "：", ":", "！", "？")):
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
