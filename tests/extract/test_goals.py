"""Goal labels: an inner label merged under a blank outer label (docx), and outer goals a table
numbers but never names (a skip 2 → 4 in the 序号 column), with the check flags they raise."""

from tests_builders import make_docx

from pipeline.review.check import lost_goal_flags
from pipeline.extract import extract

HEAD = "序号\t目标名称\t\t工作标准\t分管领导\t牵头单位\n"


def _pdf_text(tmp_path, second_header: str) -> object:
    """A table as text out of a PDF: goal numbers 1, 2, 4 (goal 3's label never printed), a page
    break before (4) whose repeated header is `second_header`."""
    lines = [
        "测试区2026年目标任务责任分解表",
        HEAD.rstrip("\n"),
        "1\t扩大有效 投资\t抓好 项目\t(1) 新增公共停车泊位1500个。\t王斐\t区城管局",
        "\t\t\t(2) 实施老旧电梯更新454台。\t\t区住建局",
        "2\t提升民生 福祉\t稳定 就业\t(3) 新增城镇就业2.2万人。\t叶青\t区人社局",
        "",
        second_header,
        "\t\t(4) 推进免费学前教育有序实施。\t王婷\t区教育局",
        "\t优化 养老服务\t(5) 新建社区助餐点18个。\t\t区民政局",
        "4\t建设美丽 城区\t深化 污染治理\t(6) 新增口袋公园5个。\t袁士东\t区生态环境局",
    ]
    path = tmp_path / "table.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract(path, district="测试区", year=2026)


def test_a_numbering_skip_at_a_new_section_loses_the_outer_goal(tmp_path):
    result = _pdf_text(tmp_path, "序号\t目标名称\t工 作 标 准\t分管领导\t牵头单位")  # printed differently: a new section
    paths = {t.seq: t.goal_path for t in result.tasks}
    assert paths[3] == ["提升民生福祉", "稳定就业"]
    assert paths[4] == [None, None] and paths[5] == [None, "优化养老服务"]  # the inner label holds from where it is printed
    assert paths[6] == ["建设美丽城区", "深化污染治理"]
    [lost] = result.lost_goals
    assert (lost.after, lost.before, lost.first_seq, lost.last_seq, lost.changed) == (2, 4, 4, 5, True)
    assert any("目标序号 2 之后直接为 4：第3项目标名称缺失，(4)–(5) 的一级目标待核" in w for w in result.warnings)
    flags = lost_goal_flags(result.tasks, result.lost_goals)
    assert [f.seq for f in flags] == [4, 5] and all(f.kind == "lost_goal" for f in flags)


def test_a_numbering_skip_without_layout_evidence_is_reported_not_guessed(tmp_path):
    result = _pdf_text(tmp_path, HEAD.rstrip("\n"))  # the same header again: where goal 3 starts is unknown
    paths = {t.seq: t.goal_path for t in result.tasks}
    assert paths[4] == ["提升民生福祉", "稳定就业"]  # carried down as before
    [lost] = result.lost_goals
    assert not lost.changed and (lost.first_seq, lost.last_seq) == (3, 5)
    flags = lost_goal_flags(result.tasks, result.lost_goals)
    assert [f.seq for f in flags] == [3, 4, 5] and "未标明" in flags[0].reason


def test_task_rows_without_the_layout_flag_null_outer_goals(tmp_path):
    result = _pdf_text(tmp_path, "序号\t目标名称\t工 作 标 准\t分管领导\t牵头单位")
    assert [f.seq for f in lost_goal_flags(result.tasks)] == [4, 5]


def test_an_inner_label_merged_under_a_blank_outer_label(tmp_path):
    header = ["序号", "目标名称", "", "工作内容", "分管领导", "牵头单位"]
    rows = [
        ["1", "扩大有效投资", "抓好项目", "新增公共停车泊位1500个。", "王斐", "城管局"],
        ["2", "", "攻坚重点改革", "优化体制机制。", "叶青", "发改局"],
        ["3", "", None, "深化国企改革。", None, "财政局"],
        ["4", "", None, "推动市场化转型。", None, "国资办"],
    ]
    path = make_docx(tmp_path / "t.docx", rows, header=header)
    paths = [t.goal_path for t in extract(path).tasks]
    assert paths == [["扩大有效投资", "抓好项目"], [None, "攻坚重点改革"], [None, "攻坚重点改革"], [None, "攻坚重点改革"]]
