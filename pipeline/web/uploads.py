"""Uploaded files, checked before anything reads them: a size limit (the readers' own,
GOVTASKS_MAX_BYTES), the type sniffed from the bytes and required to agree with the name's
extension (a .docx must be a zip holding word/document.xml; a .pdf must start %PDF-), and a safe
file name (the last path component only, no control characters, never . or ..). Accepted files
are written to STORE/uploads/<run>/, which a batch then reads."""

from __future__ import annotations

import io
import json
import re
import secrets
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pipeline.errors import InputError
from pipeline.readers.encoding import detect_and_decode
from pipeline.readers.limits import limit

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → the sniffed kinds it may hold
ALLOWED = {".pdf": {"pdf"}, ".docx": {"docx"}, ".xlsx": {"xlsx"}, ".doc": {"ole"}, ".wps": {"ole"}, ".xls": {"ole"}, ".et": {"ole"}, ".txt": {"text"}, ".csv": {"text"}}
NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "ole": "old Office (.doc/.xls/.wps/.et) or an encrypted Office file", "text": "plain text", "zip": "a zip archive", "binary": "binary data"}


@dataclass
class Checked:
    name: str  # the safe name the file is stored under
    given: str  # the name as uploaded
    data: bytes
    error: Optional[str] = None  # why the file is refused (None: accepted)


def safe_name(given: str) -> Optional[str]:
    """The last component of an uploaded file name, cleaned; None when nothing usable is left."""
    name = unicodedata.normalize("NFC", re.split(r"[/\\]", given or "")[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if not name or name in {".", ".."}:
        return None
    stem, dot, suffix = name.rpartition(".")
    if len(name) > 120:
        name = (stem[: 120 - len(suffix) - 1] + "." + suffix) if dot else name[:120]
    return name


def sniff(data: bytes) -> str:
    """What the bytes are: pdf, docx, xlsx, ole, zip, text or binary."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "binary"
        return "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else "zip"
    try:
        detect_and_decode(data, "upload")  # text exactly when the text reader could decode it
        return "text"
    except InputError:
        return "binary"


def check(given: str, data: bytes) -> Checked:
    name = safe_name(given)
    if name is None:
        return Checked(given or "?", given, data, "the file name is empty or not usable")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        return Checked(name, given, data, f"unsupported file type '{suffix or '(none)'}': upload .txt .csv .docx .xlsx .pdf (or .doc .wps .xls .et)")
    try:
        limit("bytes").check(name, len(data))
    except Exception as exc:  # LimitExceeded: its message says the size and the limit
        return Checked(name, given, data, str(exc))
    if not data:
        return Checked(name, given, data, "the file is empty")
    kind = sniff(data)
    if kind not in ALLOWED[suffix]:
        return Checked(name, given, data, f"the name says {suffix} but the content is {NAMES[kind]}: save it in the format its name says")
    return Checked(name, given, data)


def store_uploads(root: Path, files: list[Checked], district: Optional[str] = None, year: Optional[int] = None) -> Path:
    """Write the accepted files to a new folder STORE/uploads/<time>-<random>/ (names made unique),
    each with a sidecar <stem>.meta.json when the form stated a district or year for them."""
    folder = root / "uploads" / f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    folder.mkdir(parents=True)
    for f in files:
        if f.error:
            continue
        target, n = folder / f.name, 1
        while target.exists():
            n += 1
            target = folder / f"{Path(f.name).stem}-{n}{Path(f.name).suffix}"
        f.name = target.name
        target.write_bytes(f.data)
        if district or year:
            about = {k: v for k, v in (("district", district), ("year", year)) if v}
            target.with_name(f"{target.stem}.meta.json").write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    return folder
