"""OfficialDoc: GB/T 9704-style page, fonts with font-table fallbacks, tables; reopened with python-docx."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.draft.officedoc.document import OfficialDoc
from pipeline.draft.officedoc.style import BUNDLED_STYLE, DocStyle
from pipeline.errors import InputError

TITLE = "武进区目标任务进展情况报告"
EMU_SLACK = 400  # python-docx stores twips: one twip is 635 EMU, Cm() rounding stays under that


def east_asia(run) -> str | None:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def find_para(doc, text):
    return next(p for p in doc.paragraphs if text in p.text)


def build(tmp_path: Path, style: DocStyle | None = None, image: Path | None = None) -> Path:
    d = OfficialDoc(style)
    d.attachment()
    d.title(TITLE)
    d.subtitle("（区发改委　2024年1—6月）")
    d.heading("一、总体进展", 1)
    d.paragraph("今年以来，各项目标任务有序推进，总体进展良好。" * 4)
    d.heading("（一）经济发展", 2)
    d.paragraph("地区生产总值同比增长6%。", lead="进展情况：")
    d.heading("1. 重点项目", 3)
    d.table(["序号", "任务", "责任单位"], [["1", "推进重点项目建设", "区发改委"], ["2", "优化营商环境", "区行政审批局"]], [1.5, 10.0, 4.1])
    if image is not None:
        d.image(image, 10)
    d.page_break()
    d.paragraph("第二页。")
    d.page_numbers()
    out = d.save(tmp_path / "report.docx")
    assert out == tmp_path / "report.docx" and out.exists()
    assert not (tmp_path / "report.docx.part").exists()
    return out


def font_table(path: Path):
    doc = Document(str(path))
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE)
    root = parse_xml(part.blob)
    return {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}


def test_bundled_style_values():
    s = DocStyle.load()
    assert (s.page.width_cm, s.page.height_cm) == (21.0, 29.7)
    assert (s.margins_cm.top, s.margins_cm.bottom, s.margins_cm.left, s.margins_cm.right) == (3.7, 3.5, 2.8, 2.6)
    assert s.fonts.title[0] == "方正小标宋简体" and s.fonts.body == ["仿宋_GB2312", "仿宋", "FangSong"]
    assert s.fonts.table == s.fonts.body and s.fonts.latin == "Times New Roman"
    assert (s.sizes_pt.title, s.sizes_pt.body, s.sizes_pt.table, s.body_line_spacing_pt) == (22, 16, 12, 28)
    assert s.text_width_cm == pytest.approx(15.6)


def test_page_geometry(tmp_path):
    s = DocStyle.load()
    sec = Document(str(build(tmp_path))).sections[0]
    assert sec.orientation == WD_ORIENT.PORTRAIT and sec.page_width < sec.page_height
    for got, want in [(sec.page_width, s.page.width_cm), (sec.page_height, s.page.height_cm), (sec.top_margin, s.margins_cm.top),
                      (sec.bottom_margin, s.margins_cm.bottom), (sec.left_margin, s.margins_cm.left), (sec.right_margin, s.margins_cm.right)]:
        assert abs(got - Cm(want)) < EMU_SLACK, (got, want)


def test_fonts_sizes_spacing(tmp_path):
    doc = Document(str(build(tmp_path)))
    first = doc.paragraphs[0]
    assert first.text == "附件" and east_asia(first.runs[0]) == "黑体" and first.runs[0].font.size == Pt(16)
    assert first.paragraph_format.first_line_indent is None

    title = find_para(doc, TITLE)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert title.runs[0].font.name == "Times New Roman"
    # subtitle sits directly under the title; the blank line follows it
    texts = [p.text for p in doc.paragraphs]
    i = texts.index(TITLE)
    assert texts[i + 1].startswith("（区发改委") and texts[i + 2] == ""
    assert east_asia(doc.paragraphs[i + 1].runs[0]) == "楷体_GB2312"

    body = find_para(doc, "总体进展良好")
    pf = body.paragraph_format
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(28)
    assert pf.first_line_indent == Pt(32)
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"

    lead = find_para(doc, "进展情况：")
    assert lead.runs[0].text == "进展情况：" and lead.runs[0].bold and not lead.runs[1].bold

    h1, h2, h3 = (find_para(doc, t) for t in ("一、总体进展", "（一）经济发展", "1. 重点项目"))
    assert east_asia(h1.runs[0]) == "黑体" and east_asia(h2.runs[0]) == "楷体_GB2312"
    assert east_asia(h3.runs[0]) == "仿宋_GB2312" and h3.runs[0].bold
    assert all(h.paragraph_format.keep_with_next for h in (h1, h2, h3))

    # GB/T 9704 7.5: odd pages' numbers at the right, even pages' at the left, one character in
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = doc.sections[0].footer.paragraphs[0], doc.sections[0].even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert odd.paragraph_format.right_indent == Pt(14) and even.paragraph_format.left_indent == Pt(14)
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
        assert east_asia(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)


def test_font_table_alternates(tmp_path):
    fonts = font_table(build(tmp_path))
    chain = {"方正小标宋简体": "华文中宋", "华文中宋": "宋体", "黑体": "SimHei", "楷体_GB2312": "楷体", "楷体": "KaiTi",
             "仿宋_GB2312": "仿宋", "仿宋": "FangSong", "宋体": "SimSun"}
    for name, alt in chain.items():
        entry = fonts[name]
        assert entry[0].tag == qn("w:altName") and entry[0].get(qn("w:val")) == alt, name
        assert entry.find(qn("w:charset")).get(qn("w:val")) == "86"
    assert fonts["仿宋_GB2312"].find(qn("w:panose1")).get(qn("w:val")) == "02010609030101010101"
    assert "Times New Roman" in fonts and fonts["FangSong"].find(qn("w:altName")) is None  # template entries kept


def test_table(tmp_path):
    doc = Document(str(build(tmp_path)))
    (t,) = doc.tables
    assert t.style.name == "Table Grid"
    assert [c.text for c in t.rows[0].cells] == ["序号", "任务", "责任单位"]
    assert [[c.text for c in r.cells] for r in t.rows[1:]] == [["1", "推进重点项目建设", "区发改委"], ["2", "优化营商环境", "区行政审批局"]]
    trPr = t.rows[0]._tr.trPr
    assert trPr.find(qn("w:tblHeader")) is not None and trPr.find(qn("w:cantSplit")) is not None
    assert t.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    grid = [c.w for c in t._tbl.tblGrid.gridCol_lst]
    assert [abs(g - Cm(w)) < EMU_SLACK for g, w in zip(grid, [1.5, 10.0, 4.1])] == [True] * 3
    assert abs(t.rows[1].cells[1].width - Cm(10.0)) < EMU_SLACK
    head = t.rows[0].cells[0].paragraphs[0]
    assert head.alignment == WD_ALIGN_PARAGRAPH.CENTER and head.runs[0].bold
    assert east_asia(head.runs[0]) == "仿宋_GB2312" and head.runs[0].font.size == Pt(12)
    assert t.rows[1].cells[0]._tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"


def test_custom_style_changes_body_font(tmp_path):
    data = json.loads(BUNDLED_STYLE.read_text(encoding="utf-8"))
    data["fonts"]["body"] = ["宋体", "SimSun"]
    custom = tmp_path / "style.json"
    custom.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    doc = Document(str(build(tmp_path, DocStyle.load(custom))))
    assert east_asia(find_para(doc, "总体进展良好").runs[0]) == "宋体"


@pytest.mark.parametrize("content", ["{not json", '{"page": {"width_cm": 21}}', "[]"])
def test_malformed_style_raises_input_error(tmp_path, content):
    bad = tmp_path / "bad_style.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as e:
        DocStyle.load(bad)
    assert str(bad) in str(e.value) and "\n" not in str(e.value)


def test_missing_style_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="nope.json"):
        DocStyle.load(tmp_path / "nope.json")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None, reason="needs LibreOffice (soffice) and poppler (pdftoppm)")
def test_renders_as_a4_pdf(tmp_path):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image
    from pypdf import PdfReader

    fig = Figure(figsize=(3, 1.5), layout="tight")
    fig.add_subplot().bar([1, 2, 3], [3, 1, 2])
    png = tmp_path / "chart.png"
    FigureCanvasAgg(fig).print_png(str(png))

    docx = build(tmp_path, image=png)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True, capture_output=True, timeout=60)

    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.3, abs=2) and float(box.height) == pytest.approx(841.9, abs=2)
    assert len(reader.pages) >= 2  # the page break
    assert TITLE in reader.pages[0].extract_text().replace(" ", "")

    (page_png,) = tmp_path.glob("page*.png")
    img = Image.open(page_png).convert("L")
    lo, hi = img.getextrema()
    dark = sum(img.histogram()[:128])
    assert hi - lo > 100 and dark > 500, "page 1 renders blank"


# ---- line breaking: titles between words, no stretched lines ----------------------------------
from pipeline.draft.officedoc.title import title_lines  # noqa: E402


def test_title_breaks_between_parts_into_even_lines():
    parts = ["武进区商务局", "2026年", "政府工作报告", "目标任务", "第一季度推进情况"]
    lines = title_lines(parts, capacity=20)
    assert "".join(lines) == "".join(parts) and len(lines) == 2
    assert lines == ["武进区商务局2026年政府工作报告", "目标任务第一季度推进情况"]  # not "…第一季 / 度…"
    assert title_lines(["短标题"], 20) == ["短标题"]
    # a single part longer than a line splits in its middle, never inside a number
    long = title_lines(["关于2026年度全区重点目标任务推进落实情况的专项督查通报材料汇编稿"], 20)
    assert len(long) == 2 and all(len(line) <= 20 for line in long)
    assert not any(a[-1].isdigit() and b[0].isdigit() for a, b in zip(long, long[1:]))


def test_a_long_unbreakable_run_is_set_flush_left_not_stretched(tmp_path):
    d = OfficialDoc()
    plain = d.paragraph("今年以来，各项目标任务有序推进，总体进展良好。")
    path = d.paragraph("详见附件材料 https://www.wujin.gov.cn/zwgk/2026/renwufenjie/index_001.html 所列各项。")
    assert plain.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert path.alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_title_paragraph_has_a_line_break_and_sets_the_core_title(tmp_path):
    d = OfficialDoc()
    p = d.title(["武进区商务局", "2026年", "政府工作报告", "目标任务", "第一季度推进情况"])
    assert len(p._p.findall(".//" + qn("w:br"))) == 1
    assert d.document.core_properties.title == "武进区商务局2026年政府工作报告目标任务第一季度推进情况"
