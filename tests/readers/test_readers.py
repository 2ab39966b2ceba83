"""Each reader on documents built in code: merged cells, several paragraphs per cell, title
rows, repeated headers, several sheets, encodings."""

import pytest

from pipeline.extract import extract
from pipeline.readers import read_document
from pipeline.readers.encoding import detect_and_decode
from pipeline.errors import InputError
from tests_builders import HEADER, WORD_TEXT, check_expected, make_docx, make_xlsx, simple_rows


# The text version writes 相关单位 where the docx/xlsx leave the cell empty or merged.
WORD_TEXT_RESP = {2: {"responsible_units": ["相关单位"]}, 3: {"responsible_units": ["相关单位"]}}


def test_docx_merged_cells_paragraphs_and_preamble(tmp_path):
    path = make_docx(tmp_path / "t.docx", simple_rows())
    result = extract(path)
    check_expected(result.tasks)
    assert result.tasks[1].content == "实施老旧电梯更新454台以上。\n同步开展安全评估。"
    assert result.meta.district == "测试区" and result.meta.year == 2026 and result.meta.district_from == "title"
    assert result.tasks[0].source.table == 1 and result.tasks[0].source.row == 2


def test_docx_header_repeated_inside_the_table(tmp_path):
    path = make_docx(tmp_path / "t.docx", simple_rows(), repeat_header_at=2)
    check_expected(extract(path).tasks)


def test_docx_reader_marks_vmerge(tmp_path):
    doc = read_document(make_docx(tmp_path / "t.docx", simple_rows()))
    row2 = doc.grids[0].rows[2]
    assert row2.cells[1].merged_above is True and row2.cells[1].text == ""
    assert row2.cells[2].merged_above is False
    assert doc.preamble[0].startswith("测试区2026年")


def test_xlsx_title_row_merged_ranges_and_extra_sheet(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", simple_rows())
    result = extract(path)
    check_expected(result.tasks)
    assert result.meta.district == "测试区"
    assert result.tasks[0].source.sheet == "分解表" and result.tasks[0].source.row == 3


def test_xlsx_genuinely_empty_cell_stays_empty(tmp_path):
    rows = simple_rows()
    rows[3][5] = ""  # not merged: the 4th row has no responsible unit of its own
    tasks = extract(make_xlsx(tmp_path / "t.xlsx", rows)).tasks
    assert tasks[3].responsible_units == []


def test_word_text_cells_layout(tmp_path):
    p = tmp_path / "word.txt"
    p.write_text(WORD_TEXT, encoding="utf-8")
    result = extract(p)
    check_expected(result.tasks, WORD_TEXT_RESP)
    first = result.tasks[0]
    assert (first.source.line_start, first.source.line_end) == (12, 17)  # the "\t" seq cell through the 责任单位 cell
    assert result.kind == "txt-cells"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_reader_encodings(tmp_path, encoding):
    p = tmp_path / f"t-{encoding}.txt"
    p.write_bytes(WORD_TEXT.encode(encoding))
    check_expected(extract(p).tasks, WORD_TEXT_RESP)


def test_csv_in_gbk_with_merged_blanks(tmp_path):
    lines = [",".join(HEADER)]
    for row in simple_rows():
        lines.append(",".join('"' + (v or "") + '"' for v in row))
    p = tmp_path / "t.csv"
    p.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    tasks = extract(p).tasks
    assert [t.goal_path for t in tasks] == [["扩大有效投资"], ["扩大有效投资"], ["提升民生福祉"], ["提升民生福祉"]]
    assert tasks[1].leaders == ["王斐"]  # blank leader column that merges: inherits


def test_pdf_text_rows_with_drifting_columns(tmp_path):
    text = "\n".join(
        [
            "2026 年《政府工作报告》主要目标任务责任分解表",
            "序号\t目标名称\t\t工作标准\t区政府 分管领导\t牵头单位",
            "1\t坚定不移 壮大都市 产业\t深耕产业 优势\t(1) 新增公共停车泊位 1200 个。\t王行杰\t区住建局 区城管局",
            "\t厚植创新生态\t(2) 力争新增省级以上孵化器 2 家。\t\t江文亭\t区科技局",
            "\t\t(3) 完善机制。\t区委组织部（人才办）\t\t",
            "序号\t目标名称\t工作标准\t区政府 分管领导\t牵头单位",
            "(4) 提升服务。\t\t胡金芳 王行杰\t区文体旅局\t",
        ]
    )
    p = tmp_path / "pdf.txt"
    p.write_text(text, encoding="utf-8")
    tasks = extract(p, district="钟楼区").tasks
    assert [t.number for t in tasks] == ["(1)", "(2)", "(3)", "(4)"]
    assert tasks[0].goal_path == ["坚定不移壮大都市产业", "深耕产业优势"]
    assert tasks[1].goal_path == ["坚定不移壮大都市产业", "厚植创新生态"]
    assert tasks[0].lead_units == ["区住建局", "区城管局"]
    assert tasks[1].leaders == ["江文亭"] and tasks[1].lead_units == ["区科技局"]
    assert tasks[2].leaders == ["江文亭"] and tasks[2].lead_units == ["区委组织部（人才办）"]  # blank leader inherits
    assert tasks[3].leaders == ["胡金芳", "王行杰"] and tasks[3].goal_path == ["坚定不移壮大都市产业", "厚植创新生态"]
    assert tasks[1].targets[0].qualifier == "力争"


def test_encoding_detection_refuses_binary():
    with pytest.raises(InputError, match="binary"):
        detect_and_decode(b"\x00\x01\x02\xff" * 100, "x.txt")
    assert detect_and_decode("目标任务".encode("utf-16"), "x.txt")[0] == "目标任务"
    assert detect_and_decode("目标任务分解表".encode("gb18030"), "x.txt")[1] == "gb18030"
