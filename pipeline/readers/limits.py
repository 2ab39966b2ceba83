"""Limits every reader checks before the work, not after: a decomposition table is tens of
kilobytes and a few hundred rows, so anything far beyond is the wrong file or a hostile one, and
must not take the machine down (an office server reads uploads). Each limit can be raised with its
environment variable (pipeline/settings.py; a value that is not a whole number is a SettingsError);
going over one is an InputError naming the file, the limit and the override.

| limit | default | variable |
|---|---|---|
| file size | 20 MB | GOVTASKS_MAX_BYTES |
| characters in a text document | 2,000,000 | GOVTASKS_MAX_CHARS |
| characters in one line | 100,000 | GOVTASKS_MAX_LINE |
| rows of a table (all sheets / tables together) | 20,000 | GOVTASKS_MAX_ROWS |
| columns of a table | 64 | GOVTASKS_MAX_COLUMNS |
| cells of a document | 400,000 | GOVTASKS_MAX_CELLS |
| a merged cell's span (Word gridSpan / gridBefore) | 64 | GOVTASKS_MAX_SPAN |
| PDF pages | 500 | GOVTASKS_MAX_PAGES |
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.settings import settings, variable

_WHAT = {
    "bytes": "bytes in the file",
    "chars": "characters in the document",
    "line": "characters in one line",
    "rows": "table rows",
    "columns": "table columns",
    "cells": "table cells",
    "span": "columns one merged cell spans",
    "pages": "PDF pages",
}


class LimitExceeded(InputError):
    """A document beyond one of the limits above."""


@dataclass(frozen=True)
class Limit:
    """One limit, its value as the environment held it when `limit(name)` was called (a reader
    checking every row takes it once per table: reading the settings costs more than a row)."""

    name: str
    value: int

    @property
    def variable(self) -> str:
        return variable(f"max_{self.name}")

    def check(self, display: str, count: int) -> None:
        """Raise when `count` is over the limit."""
        if count > self.value:
            what = f"file too large ({count / 1e6:.1f} MB, over the limit of {self.value / 1e6:.0f} MB)" if self.name == "bytes" else f"{count:,} {_WHAT[self.name]}, over the limit of {self.value:,}"
            raise LimitExceeded(display, what, f"give the decomposition table itself, or raise {self.variable}")


def require_regular_file(path, display: str) -> None:
    """Only regular files are opened: a FIFO, a device or a socket would block or never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputError(display, f"cannot read the file ({exc.strerror or exc})", "check the path and its permissions")
    if not stat.S_ISREG(mode):
        raise InputError(display, "not a regular file (a pipe, device or socket)", "give a table file saved on disk")


def check_zip(path, display: str) -> None:
    """An Office file (a zip) whose parts would unpack beyond the size or cell limits is refused
    before it is parsed: the uncompressed size, and the cells (<c …>, <w:tc>) its sheets declare."""
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        unpacked, cap = sum(i.file_size for i in infos), 10 * limit("bytes").value  # XML unpacks to ~10× a table's file
        if unpacked > cap:
            raise LimitExceeded(display, f"the file unpacks to {unpacked / 1e6:.0f} MB, over the limit of {cap / 1e6:.0f} MB (10× the file size limit)", "give the decomposition table itself, or raise GOVTASKS_MAX_BYTES")
        cells = 0
        for i in infos:
            if i.filename.startswith(("xl/worksheets/", "word/document")):
                with zf.open(i) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        block = tail + chunk
                        cells += block.count(b"<c ") + block.count(b"<c>") + block.count(b"<w:tc>") + block.count(b"<w:tc ")
                        # a merged range is as many cells as it covers (openpyxl makes one object each)
                        cells += sum(_area(m) - 1 for m in _MERGE.findall(chunk))
                        tail = chunk[-6:]
                        limit("cells").check(display, cells)


def check_text(text: str, display: str, separators: str = "\t") -> None:
    """A text document: its characters, its longest line, its cells (the separators it holds)."""
    limit("chars").check(display, len(text))
    longest = max((len(line) for line in text.splitlines()), default=0)
    limit("line").check(display, longest)
    limit("cells").check(display, sum(text.count(c) for c in separators))


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7})"')
_REF = re.compile(rb"([A-Z]{1,3})(\d{1,7})")


def _area(ref: bytes) -> int:
    def colnum(letters: bytes) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + (ch - 64)
        return n

    (a, b) = (_REF.match(x) for x in ref.split(b":"))
    return (abs(int(b.group(2)) - int(a.group(2))) + 1) * (abs(colnum(b.group(1)) - colnum(a.group(1))) + 1)


def limit(name: str) -> Limit:
    if name not in _WHAT:
        raise KeyError(name)
    return Limit(name, getattr(settings(), f"max_{name}"))
