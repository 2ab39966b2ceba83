"""pipeline.draft.charts: PNGs open, are not blank, and Chinese renders without missing glyphs."""

import os
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.image import imread

from pipeline.draft import chart_font, charts
from pipeline.errors import GovTasksError

DPI = 60  # small images keep the tests fast; geometry scales with dpi
LONG = "常州市武进区发展和改革局（区粮食和物资储备局）"
LEADS = {LONG: (12, 5), "区教育局": (7, 9), "区财政局": (7, 2), "区住建局": (0, 4)}
GOALS = {"一、经济发展目标": 8, "二、社会民生": 5, "三、生态环境保护和高质量发展目标任务": 0}
STATUS = {"区教育局": {"完成": 3, "推进中": 4, "滞后": 1},
          "区财政局": {"未填报": 2, "完成": 6},
          LONG: {"滞后": 5, "推进中": 2}}


@pytest.fixture(autouse=True)
def _fresh_font_cache(monkeypatch):
    monkeypatch.delenv(chart_font.ENV_VAR, raising=False)
    chart_font._find_cjk_family.cache_clear()
    yield
    chart_font._find_cjk_family.cache_clear()


@pytest.fixture
def need_cjk():
    if charts.cjk_font() is None:
        pytest.skip("no CJK font installed (apt install fonts-noto-cjk)")


def _missing_glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


CASES = [
    (charts.tasks_per_unit, LEADS, 4, True),
    (charts.targets_by_goal, GOALS, 3, False),
    (charts.status_by_unit, STATUS, 3, True),
]


@pytest.mark.parametrize("chart, data, n_bars, legend", CASES, ids=lambda x: getattr(x, "__name__", ""))
def test_chart_writes_readable_png_without_missing_glyphs(chart, data, n_bars, legend, tmp_path, need_cjk):
    out = tmp_path / "chart.png"
    missing = _missing_glyph_warnings(lambda: chart(data, out, dpi=DPI))
    assert missing == []
    assert chart(data, out, dpi=DPI) == out
    assert not Path(str(out) + ".part").exists()

    img = imread(out)
    width_in, height_in = charts._fig_size(list(data), legend, title=True)
    assert len(data) == n_bars
    assert abs(img.shape[1] - width_in * DPI) <= 2 and abs(img.shape[0] - height_in * DPI) <= 2
    assert width_in * 2.54 == pytest.approx(15)  # placed at 15 cm in the report: printed at its own size
    colours = np.unique((img[..., :3] * 255).round().reshape(-1, 3), axis=0)
    assert len(colours) > 20  # bars, anti-aliased text: not a blank canvas


def test_missing_glyph_check_can_fail(need_cjk):
    """The same Chinese text in DejaVu Sans does warn, so the assertion above is meaningful."""
    def draw_dejavu():
        fig = Figure(figsize=(3, 1), dpi=DPI)
        FigureCanvasAgg(fig)
        fig.text(0.1, 0.5, "各单位牵头/参与任务数", fontproperties=FontProperties(family="DejaVu Sans"))
        fig.canvas.draw()
    assert _missing_glyph_warnings(draw_dejavu)


def test_found_font_really_has_chinese_glyphs(need_cjk):
    found = findfont(charts.cjk_font(), fallback_to_default=False)
    assert chart_font._covers(str(found), getattr(found, "face_index", 0))
    assert not chart_font._covers(findfont(FontProperties(family="DejaVu Sans")))


def test_does_not_switch_global_backend(tmp_path, need_cjk):
    before = matplotlib.get_backend()
    charts.targets_by_goal(GOALS, tmp_path / "g.png", dpi=DPI)
    assert matplotlib.get_backend() == before


@pytest.mark.parametrize("bad", ["/nonexistent/font.ttf", "No Such Font Family 123",
                                 os.path.join(matplotlib.get_data_path(), "fonts/ttf/DejaVuSans.ttf")])
def test_unusable_env_font_warns_and_falls_back(bad, monkeypatch):
    """Decision: a missing / glyph-less GOVTASKS_CJK_FONT warns, then the normal search runs."""
    normal = charts.cjk_font()
    chart_font._find_cjk_family.cache_clear()
    monkeypatch.setenv(chart_font.ENV_VAR, bad)
    with pytest.warns(UserWarning, match="GOVTASKS_CJK_FONT"):
        fallback = charts.cjk_font()
    assert (fallback and fallback.get_family()) == (normal and normal.get_family())


def test_env_font_file_and_family_are_used(monkeypatch, need_cjk):
    default = charts.cjk_font()
    path = findfont(default, fallback_to_default=False)
    monkeypatch.setenv(chart_font.ENV_VAR, str(path))
    from_file = charts.cjk_font()
    assert from_file is not None
    if chart_font._simplified(default.get_family()[0]):  # e.g. the SC face of a .ttc, not JP
        assert chart_font._simplified(from_file.get_family()[0])
    monkeypatch.setenv(chart_font.ENV_VAR, default.get_family()[0])
    assert charts.cjk_font().get_family() == default.get_family()


def test_no_font_raises_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    with pytest.raises(charts.NoCJKFont) as err:
        charts.status_by_unit(STATUS, tmp_path / "s.png", dpi=DPI)
    assert isinstance(err.value, GovTasksError)
    assert "\n" not in str(err.value) and "fonts-noto-cjk" in str(err.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("chart", [charts.tasks_per_unit, charts.targets_by_goal, charts.status_by_unit])
def test_empty_input_raises(chart, tmp_path):
    with pytest.raises(ValueError, match="nothing to chart"):
        chart({}, tmp_path / "x.png")


def test_status_matrix_orders_and_fills_zeros():
    units, series = charts._status_matrix(STATUS)
    assert units == ["区教育局", "区财政局", LONG]  # total desc (8, 8, 7), then name
    assert list(series) == ["完成", "推进中", "滞后", "未填报"]
    assert series == {"完成": [3, 6, 0], "推进中": [4, 0, 2], "滞后": [1, 0, 5], "未填报": [0, 2, 0]}
    with pytest.raises(ValueError, match="unknown status"):
        charts._status_matrix({"区教育局": {"已完成": 1}})


def testlead_matrix_sorts_by_lead_then_name_and_caps_top():
    units, series = charts.lead_matrix(LEADS, top=3)
    assert units == [LONG, "区教育局", "区财政局"]  # 12, 7, 7 (name order breaks the tie)
    assert series == {"牵头": [12, 7, 7], "参与": [5, 9, 2]}


def test_long_names_wrap_instead_of_being_cut():
    assert charts.label_lines("区教育局") == ["区教育局"]
    goal = "完善全面覆盖的社会保障网络体系建设"  # 17 characters: two lines, nothing lost
    assert "".join(charts.label_lines(goal)) == goal and len(charts.label_lines(goal)) == 2
    lines = charts.label_lines(LONG)  # 常州市武进区发展和改革局（区粮食和物资储备局）
    assert lines[0] == "常州市武进区发展和改革局" and lines[1].startswith("（区粮食")  # broken before the bracket
    assert charts.label_lines("一" * 40)[-1].endswith("…") and len(charts.label_lines("一" * 40)) == charts.MAX_LINES


def _render_texts(chart, data, tmp_path, **kw):
    """The strings a chart draws (labels, numbers, legend), read back from its figure."""
    drawn = []
    real = charts.Figure.savefig

    def spy(fig, *a, **k):
        fig.canvas.draw()
        for ax in fig.axes:  # numbers on and beside the bars, legend entries (not the axis ticks)
            legend = ax.get_legend()
            drawn.extend(t.get_text() for t in [*ax.texts, *(legend.get_texts() if legend else [])] if t.get_visible() and t.get_text())
        drawn.extend(["<bold>"] * sum(1 for t in fig.findobj(matplotlib.text.Text) if t.get_text() and t.get_fontweight() not in ("normal", 400)))
        return real(fig, *a, **k)

    import unittest.mock as mock
    with mock.patch.object(charts.Figure, "savefig", spy):
        chart(data, tmp_path / "x.png", dpi=DPI, **kw)
    return drawn


def test_each_value_is_printed_once_and_empty_series_have_no_legend(tmp_path, need_cjk):
    # 牵头 only (no unit takes part anywhere): one number per bar, no 参与 legend entry
    drawn = _render_texts(charts.tasks_per_unit, {"区商务局": (9, 0), "区财政局": (4, 0)}, tmp_path, title="")
    assert drawn.count("9") == 1 and drawn.count("4") == 1 and "参与" not in drawn and "牵头" not in drawn
    # two segments: the segments inside and the total at the end, each once
    drawn = _render_texts(charts.tasks_per_unit, {"区商务局": (9, 3)}, tmp_path)
    assert drawn.count("9") == 1 and drawn.count("3") == 1 and drawn.count("12") == 1 and {"牵头", "参与"} <= set(drawn)
    # a unit whose tasks all have one status: the total only
    drawn = _render_texts(charts.status_by_unit, {"区教育局": {"未填报": 5}, "区财政局": {"完成": 2, "滞后": 1}}, tmp_path)
    assert drawn.count("5") == 1 and drawn.count("2") == 1 and drawn.count("3") == 1
    assert "推进中" not in drawn and {"完成", "滞后", "未填报"} <= set(drawn)
    assert "<bold>" not in drawn


def test_units_beyond_the_top_are_counted_for_the_caption(tmp_path, need_cjk):
    many = {f"单位{i:02d}": (i, 0) for i in range(30)}
    drawn = _render_texts(charts.tasks_per_unit, many, tmp_path)
    assert "29" in drawn and "15" in drawn and "14" not in drawn  # the 15 units with most tasks (unit i leads i)
    assert charts.shown(30) == charts.TOP == 15 and charts.shown(7) == 7


def test_a_chart_fits_half_a_page_with_its_caption():
    labels = [f"单位{i}" for i in range(charts.TOP)]
    w, h = charts._fig_size(labels, legend=True)
    assert h * 2.54 <= 22.5 / 2 + 1 and w * 2.54 == pytest.approx(15)


def test_regular_face_registered_when_matplotlib_cache_predates_the_fonts(monkeypatch, need_cjk):
    """On a fresh machine the fonts arrive after matplotlib built its cache: the fc-list fallback
    registers a file itself, and must take the Regular face (NotoSansCJK-Bold.ttc sorts first)."""
    from matplotlib import font_manager

    fm = font_manager.fontManager
    monkeypatch.setattr(fm, "ttflist", [e for e in fm.ttflist if "CJK" not in e.name and "Droid" not in e.name])
    monkeypatch.setattr(chart_font, "PREFERRED_FAMILIES", ())
    for cached in (getattr(fm, "_findfont_cached", None), getattr(font_manager, "_get_font", None)):
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()
    chart_font._find_cjk_family.cache_clear()  # need_cjk searched with the full cache
    font = charts.cjk_font()
    assert font is not None
    entries = [e for e in fm.ttflist if e.name == font.get_family()[0]]
    assert entries and all(e.weight in (400, "normal", "regular") for e in entries), [(e.fname, e.weight) for e in entries]


def test_scan_finds_font_when_no_preferred_family(monkeypatch, need_cjk):
    monkeypatch.setattr(chart_font, "PREFERRED_FAMILIES", ())
    via_fc_list = charts.cjk_font()
    chart_font._find_cjk_family.cache_clear()
    monkeypatch.setattr(chart_font, "_fc_list_zh", lambda: [])
    via_ttflist = charts.cjk_font()
    for font in (via_fc_list, via_ttflist):
        assert font is not None
        found = findfont(font, fallback_to_default=False)
        assert chart_font._covers(str(found), getattr(found, "face_index", 0))


def test_placeholder_font_is_not_coverage():
    """matplotlib's bundled Last Resort font maps every CJK char to one box glyph."""
    last_resort = Path(matplotlib.get_data_path(), "fonts/ttf/LastResortHE-Regular.ttf")
    if not last_resort.exists():
        pytest.skip("this matplotlib does not bundle the Last Resort font")
    assert not chart_font._covers(str(last_resort))
