"""Word documents in the layout Chinese government offices circulate (GB/T 9704-2012 style).

    style.py     the style file (templates/docx_style.json) as :class:`DocStyle`
    page.py      page size and margins, the line grid, the page-number footers
    fonts.py     fonts on runs, the Chinese language and theme, the font table's fallbacks
    title.py     where a long title breaks between its parts
    table.py     tables: widths, header row, rows kept whole
    document.py  :class:`OfficialDoc`, the document built paragraph by paragraph, and saving it

Layout rules (all numbers come from ``templates/docx_style.json``, loaded as :class:`DocStyle`):

* A4 portrait, margins top 3.7 / bottom 3.5 / left 2.8 / right 2.6 cm (a 15.6 × 22.5 cm text block).
* 附件 line at the top left in 黑体 三号; title centred in 小标宋 二号 (22 pt) followed by a blank line;
  subtitle (unit / period) centred in 楷体 三号.
* Headings carry no automatic numbering — callers write 一、 / （一） / 1. themselves: level 1 黑体,
  level 2 楷体, level 3 body font bold; all 三号, indented two characters, kept with the next paragraph
  and given an outline level so Word's navigation pane lists them.
* 22 lines × 28 characters: a line grid (``w:docGrid`` type lines) and body characters set ¼ pt
  closer (28 三号 characters would be 448 pt on a 442 pt line); table cells, pictures and footers
  keep their own pitch (``w:snapToGrid="0"``).
* Body text 仿宋 三号, exact 28 pt line spacing (22 lines a page), first line indented two characters
  (``w:firstLineChars="200"`` plus the equivalent twips for readers that ignore character units).
* Tables use "Table Grid", body font 小四 (12 pt), single spacing, header row bold, centred and repeated
  on every page (``w:tblHeader``), rows never split (``w:cantSplit``), widths written to both
  ``w:gridCol`` (LibreOffice lays out by the grid) and each cell.
* Page numbers: "— N —" (PAGE field between em dashes) in 宋体 四号, odd pages right and even pages
  left, one character in from the text block (odd and even footers).
* East Asian language zh-CN (run defaults, theme language) and Chinese theme fonts; core properties name the
  issuing unit and the time of generation. A long title breaks between its parts, evenly.
* ``landscape=True`` turns the page and the text block with it (for table documents: summaries).

Font fallbacks: every run names the FIRST font of its list as ``w:eastAsia`` (and the latin font as
``w:ascii``/``w:hAnsi``). The rest of the list becomes real fallbacks through the font table
(``word/fontTable.xml``): on save each name gets a ``<w:font>`` entry with charset 86 (GB2312), a panose
hint where the style file knows one, and ``<w:altName>`` naming the NEXT font in its list — a chain
(方正小标宋简体 → 华文中宋 → 宋体), because the schema allows one altName per entry. Word and WPS substitute
the altName when a font is missing; LibreOffice falls back through fontconfig (charset 86 steers it to a
CJK face). python-docx's default template ships a fontTable part as an opaque blob; we parse it, edit
it, and write the blob back (or edit the element if the part was loaded as XML); a template without one
gets a new part related by the fontTable relationship.
"""
