"""A batch file's kind (table / report, by content: pipeline/index/document.prepare), district and
year. A table states them in its title (extract/metadata); a report in its title or first lines;
else the file name ("钟楼区2027年政府工作报告.docx") or a sidecar <stem>.meta.json. A document whose
district or year cannot be read is an error for the run manifest, never a guess."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pipeline.errors import InputError
from pipeline.extract.metadata import read_sidecar, sidecar_path, stated_district, stated_year
from pipeline.index.document import PreparedDocument, prepare


@dataclass
class Classified:
    doc: PreparedDocument
    district: str
    year: int


def _from_name(path: Path) -> tuple[Optional[str], Optional[int]]:
    return stated_district([path.stem]), stated_year([path.stem])


def classify(path: Path, display: Optional[str] = None) -> Classified:
    """path → its prepared rows, district and year (InputError when either cannot be read)."""
    display = display or str(path)
    doc = prepare(path, display=display)
    if doc.kind == "table":
        district, year = doc.about.get("district"), doc.about.get("year")
        if not (district and year):
            d, y = _from_name(path)
            if (d and not district) or (y and not year):
                # the file name states what the title does not: the table's id is made from them
                doc = prepare(path, district=district or d, year=year or y, display=display)
                district, year = doc.about.get("district"), doc.about.get("year")
    else:
        report = doc.report
        head = [report.title or ""] + [p.text for p in report.paragraphs[:12]]
        side = read_sidecar(path)
        name_d, name_y = _from_name(path)
        district = stated_district(head) or name_d or side.get("district")
        year = report.year or stated_year(head) or name_y or side.get("year")
        # the manifest keeps the store's own fields as `govtasks index` writes them; the batch's reading is extra
        doc.about = {**doc.about, "year": doc.about.get("year") or year, "district_read": district}
    missing = [w for w, v in (("district", district), ("year", year)) if not v]
    if missing:
        raise InputError(display, f"the {doc.kind} does not state its {' or '.join(missing)}", f"name it in the title or file name, or add {sidecar_path(Path(display)).name}")
    return Classified(doc, district, int(year))
