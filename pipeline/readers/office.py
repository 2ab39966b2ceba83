"""Checks shared by the Office readers: encrypted or truncated containers."""

from __future__ import annotations

import zipfile

from pipeline.errors import InputError
from pipeline.readers.base import FileInfo
from pipeline.readers.limits import check_zip

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the stream an encrypted OOXML package is stored in (MS-OFFCRYPTO), as the OLE directory names it
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
APPS = {"Word": "Word/WPS", "Excel": "Excel/WPS"}


def encrypted_package(path) -> bool:
    """An OLE compound file holding an EncryptedPackage stream: Office's password-protected .docx/.xlsx."""
    with open(path, "rb") as fh:
        return ENCRYPTED_PACKAGE in fh.read()


def check_ooxml(info: FileInfo, kind: str) -> None:
    """Raise a clear InputError unless the file is a readable OOXML (zip) package."""
    with open(info.path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise InputError(info.display, "the file is empty", f"give the {kind} file that contains the table")
    if head.startswith(OLE_MAGIC) and encrypted_package(info.path):
        app = APPS.get(kind, kind)
        raise InputError(info.display, f"the {kind} file is password-protected (encrypted) and cannot be read", f"open it in {app} with its password and save it without a password")
    if head.startswith(OLE_MAGIC):
        raise InputError(
            info.display,
            f"password-protected (encrypted) or old binary {kind} file",
            f"remove the password, or save it as a plain {info.suffix} in Word/WPS/Excel",
        )
    if not zipfile.is_zipfile(info.path):
        raise InputError(info.display, f"not a valid {info.suffix} file (corrupt or truncated)", f"re-save it from Word/WPS/Excel as {info.suffix}")
    try:
        with zipfile.ZipFile(info.path) as zf:
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(info.display, f"corrupt or truncated {info.suffix} file ({exc})", f"re-save it from Word/WPS/Excel as {info.suffix}")
    if bad is not None:
        raise InputError(info.display, f"corrupt or truncated {info.suffix} file (damaged part {bad})", f"re-save it as {info.suffix}")
    check_zip(info.path, info.display)
