"""Old binary formats (.doc/.wps/.et/.xls) through LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import InputError
from pipeline.readers.base import FileInfo, RawDocument, TextLines

_TARGET = {".doc": "docx", ".wps": "docx", ".rtf": "docx", ".et": "xlsx", ".xls": "xlsx"}


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_soffice(src: Path, fmt: str, outdir: Path, display: str, timeout: int = 120) -> Path:
    binary = soffice_binary()
    if binary is None:
        raise InputError(display, f"reading {src.suffix} needs LibreOffice, which is not installed", "install it (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) or save the file as .docx/.xlsx")
    profile = outdir / "profile"
    cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src)]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise InputError(display, f"LibreOffice could not convert the file ({type(exc).__name__})", "open it in Word/WPS and save as .docx/.xlsx")
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    if not out.exists():
        raise InputError(display, "LibreOffice produced no output (damaged or protected file?)", "open it in Word/WPS and save as .docx/.xlsx")
    return out


class LegacyOfficeReader:
    name = "legacy-office"

    def accepts(self, info: FileInfo) -> bool:
        return info.suffix in _TARGET

    def reads_lines(self, info: FileInfo) -> bool:
        return _TARGET.get(info.suffix) == "docx"

    def read_lines(self, info: FileInfo) -> TextLines:
        """An old Word/WPS report: converted to .docx, then read as one."""
        from pipeline.readers import read_lines  # cycle: pipeline.readers imports this module for READERS

        with tempfile.TemporaryDirectory(prefix="govtasks-soffice-") as tmp:
            converted = convert_with_soffice(info.path, "docx", Path(tmp), info.display)
            return read_lines(converted, display=info.display)

    def read(self, info: FileInfo) -> RawDocument:
        from pipeline.readers import read_document  # cycle: pipeline.readers imports this module for READERS

        fmt = _TARGET[info.suffix]
        with tempfile.TemporaryDirectory(prefix="govtasks-soffice-") as tmp:
            converted = convert_with_soffice(info.path, fmt, Path(tmp), info.display)
            doc = read_document(converted, display=info.display)
        doc.kind = f"{info.suffix.lstrip('.')}→{doc.kind}"
        return doc
