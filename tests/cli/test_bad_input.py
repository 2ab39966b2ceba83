"""Bad input: exit code != 0, exactly one line on stderr naming the file and the problem,
no traceback, nothing written."""

import io
import shutil
import zipfile

import pytest

from conftest import run_cli
from tests_builders import make_docx, make_xlsx, simple_rows


def assert_one_clean_line(result, path, *words):
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in lines[0]
    for w in words:
        assert w in lines[0], lines[0]
    assert result.stdout == ""


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert_one_clean_line(run_cli("extract", p), p, "empty")


def test_binary_garbage(tmp_path):
    p = tmp_path / "garbage.txt"
    p.write_bytes(bytes(range(256)) * 40)
    assert_one_clean_line(run_cli("extract", p), p, "binary")


def test_text_without_table(tmp_path):
    p = tmp_path / "notice.txt"
    p.write_text("关于做好2026年工作的通知\n\n各单位要认真落实。\n", encoding="utf-8")
    assert_one_clean_line(run_cli("extract", p), p, "no table")


def test_header_not_found(tmp_path):
    p = tmp_path / "other.csv"
    p.write_text("姓名,电话,地址\n张三,123,某路\n李四,456,某街\n", encoding="utf-8")
    assert_one_clean_line(run_cli("extract", p), p, "header")


def test_truncated_docx(tmp_path):
    good = tmp_path / "good.docx"
    make_docx(good, simple_rows())
    p = tmp_path / "truncated.docx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert_one_clean_line(run_cli("extract", p), p, "corrupt or truncated")


def test_password_protected_docx_and_xlsx(tmp_path):
    # Office encrypts a protected file into an OLE compound document
    for name in ("locked.docx", "locked.xlsx"):
        p = tmp_path / name
        p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
        assert_one_clean_line(run_cli("extract", p), p, "password-protected")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_real_password_protected_docx_and_xlsx(tmp_path, suffix):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    plain = (make_docx if suffix == ".docx" else make_xlsx)(tmp_path / f"plain{suffix}", simple_rows())
    p = tmp_path / f"locked{suffix}"
    with open(plain, "rb") as src, open(p, "wb") as out:
        msoffcrypto.OfficeFile(src).encrypt("secret", out)  # what Office writes for File → Protect → Encrypt with Password
    assert_one_clean_line(run_cli("extract", p), p, "password-protected", "save it without a password")


def test_truncated_xlsx(tmp_path):
    p = tmp_path / "cut.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    p.write_bytes(buf.getvalue()[:-30])
    assert_one_clean_line(run_cli("extract", p), p)


def test_encrypted_pdf(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.encrypt(user_password="secret", owner_password="owner")
    p = tmp_path / "locked.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    assert_one_clean_line(run_cli("extract", p), p, "encrypted")


def test_scanned_pdf_needs_ocr(tmp_path):
    from PIL import Image

    p = tmp_path / "scan.pdf"
    Image.new("RGB", (400, 300), "white").save(p)
    assert_one_clean_line(run_cli("extract", p), p, "scanned PDF", "OCR")


def test_not_really_a_pdf(tmp_path):
    p = tmp_path / "fake.pdf"
    p.write_text("hello", encoding="utf-8")
    assert_one_clean_line(run_cli("extract", p), p, "not a PDF")


def test_file_too_large(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, sparse: costs no disk
    assert_one_clean_line(run_cli("extract", p), p, "too large")


def test_missing_file_and_folder(tmp_path):
    missing = tmp_path / "nope.txt"
    assert_one_clean_line(run_cli("extract", missing), missing, "no such file")
    assert_one_clean_line(run_cli("extract", tmp_path), tmp_path, "folder")


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "table.pptx"
    p.write_bytes(b"PK\x03\x04")
    assert_one_clean_line(run_cli("extract", p), p, "unsupported")


def test_legacy_doc_without_libreoffice(tmp_path):
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    result = run_cli("extract", p, env={"PATH": str(tmp_path)})  # no soffice on this PATH
    assert_one_clean_line(result, p, "LibreOffice")


def test_xlsx_output_needs_a_file():
    from conftest import WUJIN

    result = run_cli("extract", WUJIN, "--format", "xlsx")
    assert result.returncode != 0 and "-o" in result.stderr and "Traceback" not in result.stderr


def test_failed_write_leaves_no_partial_file(tmp_path):
    from conftest import WUJIN

    out = tmp_path / "missing-dir" / "rows.csv"
    result = run_cli("extract", WUJIN, "-o", out)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not out.exists() and not out.with_name("rows.csv.part").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_legacy_doc_through_libreoffice(tmp_path):
    import subprocess

    src = tmp_path / "t.docx"
    make_docx(src, simple_rows())
    def soffice(fmt, path):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)

    # via .odt: LibreOffice's .docx → .doc export drops python-docx tables, .odt → .doc keeps them
    soffice("odt", src)
    soffice("doc:MS Word 97", tmp_path / "t.odt")
    result = run_cli("extract", tmp_path / "t.doc", "--district", "测试区", "--year", "2026")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(simple_rows())
