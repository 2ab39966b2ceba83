"""PDF cell text from character geometry, and rows split by page breaks — on synthetic
characters and records, so they run without LibreOffice."""

from pipeline.extract.records import Record
from pipeline.extract.table import _join_page_splits
from pipeline.readers.base import Cell
from pipeline.readers.pdf import _wrapped
from pipeline.schema import Source


def line(text, x0=10.0, size=10.0):
    return [{"text": ch, "x0": x0 + i * size, "x1": x0 + (i + 1) * size, "size": size} for i, ch in enumerate(text)]


def test_full_line_wrapped_short_line_did_not():
    right = 10 + 8 * 10  # room for 8 characters
    assert _wrapped(line("区文商旅发展促进"), line("中心"), right)  # full: the unit continues
    assert not _wrapped(line("王斐"), line("王婷"), right)  # a name, then the next name
    assert not _wrapped(line("孙益锋"), line("王婷"), 10 + 4 * 10 + 2)  # one more character fitted


def test_line_breaking_rules():
    right = 10 + 8 * 10
    # "、" may not start a line: "区、" came down together although 区 alone would have fitted
    assert _wrapped(line("相关镇、开发"), line("区、街道"), right)
    # a closing mark pulls the last character with it
    assert _wrapped(line("区应急管理局（安"), line("委）"), right + 5)
    # a run of digits moves as one piece
    assert _wrapped(line("签约落地"), line("2000万元"), 10 + 5 * 10)


def rec(content, leader="", unit="", page_break=False, line_no=1):
    return Record(source=Source(path="t.pdf", page=1, row=line_no), content=Cell(text=content), leader=Cell(text=leader), lead_unit=Cell(text=unit), goals=[Cell()], page_break_before=page_break)


def test_page_split_row_joined_cell_by_cell():
    rows = [rec("（1）实施老旧电梯更新，推动", "王旭锋", "区住建局"), rec("保障性安居工程惠及1500户。", "王行杰", "", page_break=True), rec("（2）新增泊位1200个。", "", "区城管局")]
    out = _join_page_splits(rows)
    assert len(out) == 2
    assert out[0].content.text == "（1）实施老旧电梯更新，推动保障性安居工程惠及1500户。"
    assert out[0].leader.text == "王旭锋\n王行杰"


def test_unit_cut_mid_name_continues():
    rows = [rec("（1）推进工作，", "王旭锋", "相关镇、开发"), rec("落实到位。", "", "区、街道", page_break=True)]
    assert _join_page_splits(rows)[0].lead_unit.text == "相关镇、开发区、街道"


def test_a_finished_row_is_not_joined_and_a_spilled_cell_is():
    rows = [rec("新增泊位1200个。", "王旭锋", "区城管局"), rec("完成公积金扩面。", "裴晓冬", "公积金管理中心", page_break=True)]
    assert len(_join_page_splits(rows)) == 2
    rows = [rec("新增泊位1200个。", "王斐", "城管局"), rec("", "袁士东", "", page_break=True)]
    out = _join_page_splits(rows)
    assert len(out) == 1 and out[0].leader.text == "王斐\n袁士东"
