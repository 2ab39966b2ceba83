"""The document style file (``templates/docx_style.json``): page geometry, fonts as preference
lists, sizes and spacing, validated into :class:`DocStyle`; a bad file is one InputError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import InputError

BUNDLED_STYLE = Path(__file__).parent.parent / "templates" / "docx_style.json"
FontList = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
PosFloat = Annotated[float, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageSize(_Strict):
    width_cm: PosFloat
    height_cm: PosFloat


class Margins(_Strict):
    top: PosFloat
    bottom: PosFloat
    left: PosFloat
    right: PosFloat


class Fonts(_Strict):
    """Preference lists: the first name is written into runs, the rest become font-table fallbacks."""

    title: FontList
    heading1: FontList
    heading2: FontList
    body: FontList
    table: FontList
    page_number: FontList
    latin: str = Field(min_length=1)


class Sizes(_Strict):
    title: PosFloat
    attachment: PosFloat
    heading: PosFloat
    body: PosFloat
    table: PosFloat
    page_number: PosFloat


class Grid(_Strict):
    """GB/T 9704 7.1: 22 lines of 28 characters in the 156 × 225 mm text block (w:docGrid)."""

    chars_per_line: int = Field(default=28, gt=0)
    lines_per_page: int = Field(default=22, gt=0)


class DocStyle(_Strict):
    """Page geometry, fonts (preference lists) and sizes, as stored in docx_style.json."""

    page: PageSize
    margins_cm: Margins
    footer_distance_cm: float = Field(ge=0)
    fonts: Fonts
    sizes_pt: Sizes
    body_line_spacing_pt: float = Field(gt=0)
    title_line_spacing_pt: float = Field(gt=0)
    first_line_indent_chars: float = Field(ge=0)
    grid: Grid = Field(default_factory=Grid)
    panose: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> DocStyle:
        path = Path(path) if path is not None else BUNDLED_STYLE
        hint = f"fix it or start from a copy of {BUNDLED_STYLE.name}"
        try:
            return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except OSError as e:
            raise InputError(path, f"cannot read style file ({e.strerror})", hint) from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(path, f"style file is not valid JSON ({e})", hint) from e
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            raise InputError(path, f"bad style file: {where}: {err['msg']} ({e.error_count()} problem(s))", hint) from e

    @property
    def text_width_cm(self) -> float:
        return self.page.width_cm - self.margins_cm.left - self.margins_cm.right
