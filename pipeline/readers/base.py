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


class Cell(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = ""
    # True: continuation of a vertically merged cell above (Word vMerge, Excel range, PDF span);
    # False: a cell of its own; None: the layout does not say (plain text).
    merged_above: Optional[bool] = None
    # True: continuation of a horizontally merged cell to the left (gridSpan, merged range).
    merged_left: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class GridRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

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


class Reader(Protocol):
    name: str

    def accepts(self, info: FileInfo) -> bool: ...

    def read(self, info: FileInfo) -> RawDocument: ...
