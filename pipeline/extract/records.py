"""A table row with its cells assigned to roles (the extractor's intermediate form)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.readers.base import Cell
from pipeline.schema import Source

# "(26) …", "（26）…", "26. …", "26、…" at the start of a task cell
NUMBER_PREFIX = re.compile(r"^\s*(?:[（(]\s*(\d{1,3})\s*[)）]|(\d{1,3})\s*[、．.](?!\d))\s*")
SEQ_LIKE = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[、.．]?$")


@dataclass
class Record:
    source: Source
    seq: Cell = field(default_factory=Cell)
    goals: list[Cell] = field(default_factory=list)  # outer → inner
    content: Cell = field(default_factory=Cell)
    leader: Cell = field(default_factory=Cell)
    lead_unit: Cell = field(default_factory=Cell)
    resp_unit: Cell = field(default_factory=Cell)
    page_break_before: bool = False
    new_section: bool = False  # the page's repeated header is printed differently from the last one

    def role_cell(self, role: str) -> Cell:
        return getattr(self, role)


def split_number(content: str) -> tuple[Optional[str], str]:
    m = NUMBER_PREFIX.match(content)
    if not m:
        return None, content.strip()
    return m.group(0).strip(), content[m.end() :].strip()
