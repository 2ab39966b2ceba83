"""Fonts in a document: each run names the first font of its list (East Asian) and the latin
font; the document's language and theme are made Chinese; and on save the font table lists every
font of the style with charset 86 and its fallback (``w:altName``, the next font of its list)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from pipeline.draft.officedoc.style import DocStyle, FontList

_EMPTY_FONTS = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


def set_font(font: Font, names: FontList, size: float, latin: str, bold: bool | None = None) -> None:
    font.name = latin  # w:ascii / w:hAnsi
    font.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), names[0])
    font.size, font.bold = Pt(size), bold


def add_run(p: Paragraph, text: str, names: FontList, size: float, latin: str, bold: bool | None = None) -> Run:
    r = p.add_run(text)
    set_font(r.font, names, size, latin, bold)
    return r


def make_chinese(document: DocxDocument, style: DocStyle) -> None:
    """Chinese throughout: the East Asian language of the run defaults (docDefaults) and of the
    theme zh-CN, and the theme's East Asian fonts Chinese — python-docx's template says en-US with a
    ja-JP theme, which makes LibreOffice pick Japanese glyph variants for missing fonts."""
    styles = document.styles.element
    rPr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    for el in (rPr, document.styles["Normal"].element.get_or_add_rPr()):
        if el is None:
            continue
        lang = el.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            el.append(lang)
        # Western text (digits, Latin) stays en-US as Chinese Word writes it: with zh-CN there
        # LibreOffice breaks lines inside numbers (超1亿元项目11 / 9个以上)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    settings = document.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:val"), "en-US")
        tfl.set(qn("w:eastAsia"), "zh-CN")
    theme = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.THEME and not r.is_external), None)
    if theme is not None:
        root = theme.element if isinstance(theme, XmlPart) else parse_xml(theme.blob)
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        for kind, face in (("majorFont", style.fonts.heading1[0]), ("minorFont", style.fonts.body[0])):
            for font in root.iter(a + kind):
                ea = font.find(a + "ea")
                if ea is not None:
                    ea.set("typeface", face)
                for sub in font.findall(a + "font"):
                    if sub.get("script") == "Jpan":
                        font.remove(sub)
        if not isinstance(theme, XmlPart):
            theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_font_table(document: DocxDocument, style: DocStyle) -> None:
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.FONT_TABLE and not r.is_external), None)
    if part is None:
        part = Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, _EMPTY_FONTS, document.part.package)
        document.part.relate_to(part, RT.FONT_TABLE)
    root = part.element if isinstance(part, XmlPart) else parse_xml(part.blob)
    f = style.fonts
    alts: dict[str, str | None] = {}
    for names in (f.title, f.heading1, f.heading2, f.body, f.table, f.page_number):
        for i, name in enumerate(names):
            if alts.get(name) is None:
                alts[name] = names[i + 1] if i + 1 < len(names) else None
    for name, alt in alts.items():
        entry = next((e for e in root.findall(qn("w:font")) if e.get(qn("w:name")) == name), None)
        if entry is None:
            entry = etree.SubElement(root, qn("w:font"))
            entry.set(qn("w:name"), name)
            for tag, val in (("w:panose1", style.panose.get(name)), ("w:charset", "86"), ("w:family", "auto"), ("w:pitch", "variable")):
                if val is not None:
                    etree.SubElement(entry, qn(tag)).set(qn("w:val"), val)
        if alt is not None and entry.find(qn("w:altName")) is None:
            el = etree.Element(qn("w:altName"))
            el.set(qn("w:val"), alt)
            entry.insert(0, el)  # CT_Font: altName comes first
    if not isinstance(part, XmlPart):
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
