"""Names a PDF cell ran together are split back by what their pieces are; whole names never are."""

import pytest

from pipeline.extract.glued import split_glued
from pipeline.extract.names import split_names


def test_people_split_into_names_the_table_prints_alone_or_by_shape():
    known = {"王斐", "王婷", "叶青", "王斐王婷", "孙益锋朱慧峰"}
    assert split_glued(["王斐王婷"], known, people=True) == ["王斐", "王婷"]
    assert split_glued(["孙益锋朱慧峰"], known, people=True) == ["孙益锋", "朱慧峰"]  # never alone: read by shape
    assert split_glued(["欧阳娜娜"], known, people=True) == ["欧阳娜娜"]  # one person


def test_units_split_by_the_table_and_the_department_list():
    known = {"商务局", "商务局文体广旅局", "区住建局新运集团", "区委社会工作部", "区财政局（国资办）"}
    assert split_glued(["商务局文体广旅局"], known, people=False) == ["商务局", "文体广旅局"]
    assert split_glued(["区住建局新运集团"], known, people=False) == ["区住建局", "新运集团"]  # 住建局 is a department; 新运集团 by shape
    assert split_glued(["区委社会工作部"], known, people=False) == ["区委社会工作部"]  # a whole name stays
    assert split_glued(["区财政局（国资办）"], known, people=False) == ["区财政局（国资办）"]
    assert split_glued(["各镇、开发区、街道"], known, people=False) == ["各镇、开发区、街道"]


def test_collective_entries_start_and_end_names():
    assert split_names("相关单位湖塘镇") == ["相关单位", "湖塘镇"]
    assert split_names("先行集团相关镇、开发区、街道") == ["先行集团", "相关镇、开发区、街道"]
    assert split_names("政府办（金融）、国经集团") == ["政府办（金融）", "国经集团"]
    assert split_names("教育局、公安分局、团区委、妇联") == ["教育局", "公安分局", "团区委", "妇联"]
    assert split_names("各镇、开发区、街道") == ["各镇、开发区、街道"]


@pytest.mark.slow
def test_tables_typed_by_another_hand_extract_exactly(tmp_path):
    """Both gold tables in the layout with rows and merged goal cells split across pages, as
    .docx and as the PDF LibreOffice prints (skipped without LibreOffice)."""
    from pipeline.evaluate.extraction import FIELDS, score
    from pipeline.evaluate.gold import all_gold
    from pipeline.evaluate.layouts.word import build
    from pipeline.extract import extract
    from pipeline.readers.legacy import soffice_binary

    if not soffice_binary():
        pytest.skip("LibreOffice is not installed (make system-deps)")
    for g in all_gold():
        built = build(g, "mixed_breaks", tmp_path)
        fields = tuple(f for f in FIELDS if f != "source" and not (f == "number" and g.doc_id.startswith("wujin")))  # this layout numbers 武进's rows 1..N
        for fmt in ("docx", "pdf"):
            s = score(g, extract(built[fmt]).tasks, label=fmt, fields=fields)
            assert s.predicted_rows == s.gold_rows and s.field_exact_strict >= 0.99, (g.doc_id, fmt, s.mismatches[:5])
