"""Golden checks on the raw WordprocessingML of real drafts (GB/T 9704-2012 points that apply):
section geometry, the 28×22 grid, fonts and sizes per level, East Asian language zh-CN and a
Chinese theme, page numbers odd-right / even-left, and core properties naming the issuer.

The values are read from the XML parts themselves (zipfile + lxml), not through python-docx's
object model, so a change in how the writer reaches them cannot hide a change in what Word reads."""

import math
import zipfile
from datetime import datetime, timezone

import pytest
from conftest import WUJIN
from lxml import etree

from pipeline.draft import DraftRequest, draft
from pipeline.extract import extract

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DOCS = {"wujin_2026": {"district": "武进区"}}
TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture(scope="module")
def wujin():
    return extract(WUJIN).tasks


@pytest.fixture(scope="module")
def progress(wujin, tmp_path_factory):
    out = tmp_path_factory.mktemp("golden") / "report.docx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], district="武进区", period="2026Q1", fmt="docx", out=out, with_charts=False))
    return _parts(out)


@pytest.fixture(scope="module")
def summary(wujin, tmp_path_factory):
    out = tmp_path_factory.mktemp("golden") / "summary.docx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], district="武进区", fmt="docx", out=out))
    return _parts(out)


def _parts(path):
    with zipfile.ZipFile(path) as z:
        parts = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    return parts


def _val(el, attr="val"):
    return None if el is None else el.get(W + attr)


def _sect(parts):
    return parts["word/document.xml"].find(f"{W}body/{W}sectPr")


def _mm(twips):
    return int(twips) / TWIPS_PER_MM


def _paragraph(parts, startswith):
    for p in parts["word/document.xml"].iter(W + "p"):
        if "".join(t.text or "" for t in p.iter(W + "t")).startswith(startswith):
            return p
    raise AssertionError(f"no paragraph starting {startswith!r}")


def _run_props(p):
    rPr = p.find(f"{W}r/{W}rPr")
    return {"eastAsia": _val(rPr.find(W + "rFonts"), "eastAsia"), "sz": int(_val(rPr.find(W + "sz"))), "bold": rPr.find(W + "b") is not None}


def test_a4_portrait_with_the_gbt9704_margins(progress):
    sect = _sect(progress)
    size, mar = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    assert (round(_mm(_val(size, "w"))), round(_mm(_val(size, "h")))) == (210, 297)
    assert _val(size, "orient") in (None, "portrait")
    margins = {k: _mm(_val(mar, k)) for k in ("top", "bottom", "left", "right")}
    for side, mm in {"top": 37, "bottom": 35, "left": 28, "right": 26}.items():
        assert abs(margins[side] - mm) < 0.1, (side, margins[side])


def test_document_grid_gives_22_lines_of_28_characters(progress):
    sect = _sect(progress)
    grid = sect.find(W + "docGrid")
    assert _val(grid, "type") == "lines"
    height_pt = (297 - 37 - 35) / 25.4 * 72
    pitch_pt = int(_val(grid, "linePitch")) / 20
    assert math.floor(height_pt / pitch_pt) == 22
    # 28 三号 characters on the 156 mm line: the body's character spacing closes them up
    normal = next(s for s in progress["word/styles.xml"].iter(W + "style") if _val(s, "styleId") == "Normal")
    rPr = normal.find(W + "rPr")
    size_pt = int(_val(rPr.find(W + "sz"))) / 2
    spacing_pt = int(_val(rPr.find(W + "spacing"))) / 20
    width_pt = (210 - 28 - 26) / 25.4 * 72
    assert size_pt == 16 and math.floor(width_pt / (size_pt + spacing_pt)) == 28


def test_fonts_and_sizes_per_level(progress):
    title = _paragraph(progress, "武进区商务局2026年")
    assert _run_props(title) == {"eastAsia": "方正小标宋简体", "sz": 44, "bold": False}
    assert _val(title.find(f"{W}pPr/{W}jc")) == "center"
    assert _run_props(_paragraph(progress, "附件")) == {"eastAsia": "黑体", "sz": 32, "bold": False}
    assert _run_props(_paragraph(progress, "一、总体情况")) == {"eastAsia": "黑体", "sz": 32, "bold": False}
    h2 = next(p for p in progress["word/document.xml"].iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")).startswith("（一）"))
    assert _run_props(h2) == {"eastAsia": "楷体_GB2312", "sz": 32, "bold": False}
    h3 = _paragraph(progress, "1. ")
    assert _run_props(h3) == {"eastAsia": "仿宋_GB2312", "sz": 32, "bold": True}
    body = _paragraph(progress, "进展情况：")
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert (_val(spacing, "line"), _val(spacing, "lineRule")) == ("560", "exact")  # 28 pt
    assert _val(body.find(f"{W}pPr/{W}ind"), "firstLineChars") == "200"
    cell = progress["word/document.xml"].find(f".//{W}tc/{W}p")
    assert _run_props(cell)["eastAsia"] == "仿宋_GB2312" and _run_props(cell)["sz"] == 24
    assert _val(cell.find(f"{W}pPr/{W}snapToGrid")) == "0"


def test_language_is_chinese_and_the_theme_has_no_japanese_fonts(progress):
    styles = progress["word/styles.xml"]
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert _val(lang, "eastAsia") == "zh-CN"
    assert _val(progress["word/settings.xml"].find(W + "themeFontLang"), "eastAsia") == "zh-CN"
    theme = progress["word/theme/theme1.xml"]
    for kind in ("majorFont", "minorFont"):
        font = next(theme.iter(A + kind))
        assert font.find(A + "ea").get("typeface") in ("黑体", "仿宋_GB2312")
        assert [f.get("script") for f in font.findall(A + "font") if f.get("script") == "Jpan"] == []


def test_page_numbers_odd_right_even_left(progress):
    assert progress["word/settings.xml"].find(W + "evenAndOddHeaders") is not None
    rels = {r.get("Id"): r.get("Target") for r in progress["word/_rels/document.xml.rels"]}
    refs = {_val(ref, "type"): "word/" + rels[ref.get(R + "id")] for ref in _sect(progress).findall(W + "footerReference")}
    assert {"default", "even"} <= set(refs)
    for kind, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        p = progress[refs[kind]].find(W + "p")
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        assert _val(p.find(f"{W}pPr/{W}jc")) == jc and text.startswith("— ") and text.endswith(" —")
        assert int(_val(p.find(f"{W}pPr/{W}ind"), side)) == 280  # one 四号 character in
        assert "PAGE" in "".join(t.text for t in p.iter(W + "instrText"))
        assert _run_props(p) == {"eastAsia": "宋体", "sz": 28, "bold": False}


def test_core_properties_name_the_issuer_and_today(progress):
    core = progress["docProps/core.xml"]
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
          "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
    assert core.findtext("dc:creator", namespaces=ns) == "武进区商务局"
    assert core.findtext("cp:lastModifiedBy", namespaces=ns) == "武进区商务局"
    assert core.findtext("dc:language", namespaces=ns) == "zh-CN"
    assert core.findtext("dc:title", namespaces=ns) == "武进区商务局2026年政府工作报告目标任务第一季度推进情况"
    created = datetime.fromisoformat(core.findtext("dcterms:created", namespaces=ns).replace("Z", "+00:00"))
    assert abs((datetime.now(timezone.utc) - created).total_seconds()) < 600


def test_summary_is_a4_landscape_with_every_row_column(summary):
    size = _sect(summary).find(W + "pgSz")
    assert _val(size, "orient") == "landscape"
    assert (round(_mm(_val(size, "w"))), round(_mm(_val(size, "h")))) == (297, 210)
    first_row = summary["word/document.xml"].find(f".//{W}tbl/{W}tr")
    headers = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in first_row.findall(W + "tc")]
    assert headers == ["序号", "角色", "目标名称", "工作内容", "分管领导", "牵头单位", "责任单位", "量化指标"]
    grid = [int(_val(c, "w")) for c in summary["word/document.xml"].find(f".//{W}tbl/{W}tblGrid")]
    mar = _sect(summary).find(W + "pgMar")
    text_width = int(_val(size, "w")) - int(_val(mar, "left")) - int(_val(mar, "right"))
    assert abs(sum(grid) - text_width) < 30  # the table fills the turned text block
    # every header fits on one line of its cell: 12 pt characters plus the cell's margins
    assert all(len(h) * 12 * 20 + 2 * 108 <= w for h, w in zip(headers, grid))
