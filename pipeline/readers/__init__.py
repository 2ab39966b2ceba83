"""One reader per format behind a registry: readers are tried in order; the first that accepts
the file reads it. A reader's InputError is final (the file is bad); other failures of every
accepting reader are collected into one error."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from pipeline.errors import ConversionFailed, InputError, UnsupportedFormat
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, LineReader, RawDocument, Reader, TextLines
from pipeline.readers.csvfile import CsvReader
from pipeline.readers.docx import DocxReader
from pipeline.readers.legacy import LegacyOfficeReader
from pipeline.readers.limits import limit, require_regular_file
from pipeline.readers.pdf import PdfReader
from pipeline.readers.text import TextReader
from pipeline.readers.xlsx import XlsxReader

__all__ = ["Cell", "FileInfo", "Grid", "GridRow", "LineReader", "RawDocument", "Reader", "READERS", "TextLines", "read_document", "read_lines", "MAX_BYTES"]

READERS: list[Reader] = [TextReader(), CsvReader(), DocxReader(), XlsxReader(), PdfReader(), LegacyOfficeReader()]


def __getattr__(name: str):
    # MAX_BYTES: a decomposition table is tens of kilobytes; anything this big is the wrong file
    # (limits.py). Read when asked for, not at import, so a changed GOVTASKS_MAX_BYTES is seen.
    if name == "MAX_BYTES":
        return limit("bytes").value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def supported_suffixes() -> list[str]:
    return [".txt", ".tsv", ".csv", ".docx", ".xlsx", ".pdf", ".doc", ".wps", ".et", ".xls"]


def read_document(path: Union[str, Path], display: Optional[str] = None) -> RawDocument:
    path = Path(path)
    display = display or str(path)
    if not path.exists():
        raise InputError(display, "no such file", "check the path")
    if path.is_dir():
        raise InputError(display, "is a folder, not a file", "give one table file (use `govtasks batch` for folders)")
    require_regular_file(path, display)
    info = FileInfo.of(path, display)
    limit("bytes").check(display, info.size)
    accepting = [r for r in READERS if r.accepts(info)]
    if not accepting:
        raise UnsupportedFormat(display, f"unsupported file type '{info.suffix or '(none)'}'", "supported: " + " ".join(supported_suffixes()))
    failures = []
    for reader in accepting:
        try:
            return reader.read(info)
        except InputError:
            raise
        except Exception as exc:  # a reader bug or an unexpected library error: try the next one
            failures.append(f"{reader.name}: {type(exc).__name__}: {exc}")
    raise ConversionFailed(display, "could not read the file (" + "; ".join(failures) + ")", "re-save it as .docx/.xlsx and try again")


def read_lines(path: Union[str, Path], display: Optional[str] = None) -> TextLines:
    """A report's running text, by the first reader that reads running text of its format."""
    path = Path(path)
    info = FileInfo.of(path, display)
    for reader in READERS:
        if hasattr(reader, "reads_lines") and reader.reads_lines(info):
            return reader.read_lines(info)
    raise InputError(info.display, f"unsupported report type '{path.suffix.lower()}'", "give the report as .txt, .docx or .pdf (.doc/.wps when LibreOffice is installed)")
