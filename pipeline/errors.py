"""A small exception tree: bad input (the user's to fix) is separate from bugs.

Every InputError renders as one line: "FILE: problem — what to do".
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union


class GovTasksError(Exception):
    """Base class for errors the CLI reports as one clean line."""


class InputError(GovTasksError):
    """The input file cannot be used as given."""

    def __init__(self, path: Union[str, Path, None], problem: str, hint: Optional[str] = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        head = f"{self.path}: {self.problem}" if self.path else self.problem
        return f"{head} — {self.hint}" if self.hint else head


class UnsupportedFormat(InputError):
    """No reader accepts this file type."""


class ConversionFailed(InputError):
    """Every reader that accepted the file failed; carries each attempt's reason."""


class NoTableFound(InputError):
    """The document has no table whose header we recognise."""
