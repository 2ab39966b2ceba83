"""CSV in any office encoding (UTF-8, GBK/GB18030, UTF-16); comma, semicolon or TAB."""

from __future__ import annotations

import csv
import io

from pipeline.errors import InputError
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument
from pipeline.readers.encoding import read_text
from pipeline.readers.limits import check_text
from pipeline.schema import Source


class CsvReader:
    name = "csv"

    def accepts(self, info: FileInfo) -> bool:
        return info.suffix == ".csv"

    def read(self, info: FileInfo) -> RawDocument:
        text, _enc = read_text(info.path, info.display)
        check_text(text, info.display, separators=",;\t")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        grid = Grid(name="csv", aligned=True)
        start = 1
        try:
            for fields in reader:
                end = reader.line_num
                if any(f.strip() for f in fields):
                    grid.rows.append(
                        GridRow(cells=[Cell(text=f.strip()) for f in fields], source=Source(path=info.display, line_start=start, line_end=end))
                    )
                start = end + 1
        except csv.Error as exc:
            raise InputError(info.display, f"malformed CSV at line {reader.line_num}: {exc}", "re-save the table as CSV (UTF-8)")
        if not grid.rows:
            raise InputError(info.display, "the CSV has no rows", "give the table as CSV with a header row")
        return RawDocument(path=info.display, kind="csv", grids=[grid])
