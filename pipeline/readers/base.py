"""What every reader returns: a raw grid of cells (or, for unaligned text, raw fields).

Readers only turn bytes into cells with their layout facts (merged or not, where they are);
deciding what a cell means is the extractor's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol

from pydantic import BaseModel, ConfigDict, Field

from pipeline.schema import Source


@dataclass(frozen=True, kw_only=True)
class FileInfo:
    """A file handed to the readers."""

    path: Path
    display: str  # how errors and sources name the file
    suffix: str
    size: int

    @classmethod
    def of(cls, path: Path, display: Optional[str] = None) -> "FileInfo":
        return cls(path=path, display=display or str(path), suffix=path.suffix.lower(), size=path.stat().st_size)


class Cell:
    """One cell's text and layout facts. A small value class rather than a pydantic model: a table
    holds about a thousand of them, and they are built only by the readers from strings (the
    rows they travel in are validated)."""

    __slots__ = ("text", "merged_above", "merged_left")

    def __init__(self, text: str = "", merged_above: Optional[bool] = None, merged_left: bool = False):
        self.text = text
        # True: continuation of a vertically merged cell above (Word vMerge, Excel range, PDF span);
        # False: a cell of its own; None: the layout does not say (plain text).
        self.merged_above = merged_above
        # True: continuation of a horizontally merged cell to the left (gridSpan, merged range).
        self.merged_left = merged_left

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def replace(self, **changes) -> "Cell":
        values = {"text": self.text, "merged_above": self.merged_above, "merged_left": self.merged_left}
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"Cell has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return Cell(**values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return (self.text, self.merged_above, self.merged_left) == (other.text, other.merged_above, other.merged_left)

    __hash__ = None  # mutable (readers append wrapped lines to .text)

    def __repr__(self) -> str:
        return f"Cell(text={self.text!r}, merged_above={self.merged_above!r}, merged_left={self.merged_left!r})"


class GridRow(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    cells: list[Cell]
    source: Source
    page_break_before: bool = False  # first row after a page break (pdf, repeated headers)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class Grid(BaseModel):
    """One table. `aligned=False` means cells are raw fields whose column is not known yet
    (PDF text where the columns drift); the extractor aligns them against the header."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    rows: list[GridRow] = Field(default_factory=list)
    aligned: bool = True


class RawDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    kind: str
    preamble: list[str] = Field(default_factory=list)  # text before the first table (title, notice)
    grids: list[Grid] = Field(default_factory=list)


class TextLines(BaseModel):
    """A document's running text (a report) as numbered lines — one paragraph per line — with the
    page of each line when the format has pages."""

    model_config = ConfigDict(extra="forbid")

    lines: list[tuple[int, str]]
    page_of: Optional[dict[int, int]] = None


class Reader(Protocol):
    name: str

    def accepts(self, info: FileInfo) -> bool: ...

    def read(self, info: FileInfo) -> RawDocument: ...


class LineReader(Protocol):
    """A reader that can also give a document's running text (reports): .txt, .docx, .pdf."""

    def reads_lines(self, info: FileInfo) -> bool: ...

    def read_lines(self, info: FileInfo) -> TextLines: ...
