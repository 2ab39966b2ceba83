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

from pipeline.draft import charts
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
    monkeypatch.delenv(charts.ENV_VAR, raising=False)
    charts._find_cjk_family.cache_clear()
    yield
    charts._find_cjk_family.cache_clear()


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
    width_in, height_in = charts._fig_size(n_bars, legend)
    assert abs(img.shape[1] - width_in * DPI) <= 2 and abs(img.shape[0] - height_in * DPI) <= 2
    assert 15 < width_in * 2.54 < 17  # fits an A4 page
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
    assert charts._covers(str(found), getattr(found, "face_index", 0))
    assert not charts._covers(findfont(FontProperties(family="DejaVu Sans")))


def test_does_not_switch_global_backend(tmp_path, need_cjk):
    before = matplotlib.get_backend()
    charts.targets_by_goal(GOALS, tmp_path / "g.png", dpi=DPI)
    assert matplotlib.get_backend() == before


@pytest.mark.parametrize("bad", ["/nonexistent/font.ttf", "No Such Font Family 123",
                                 os.path.join(matplotlib.get_data_path(), "fonts/ttf/DejaVuSans.ttf")])
def test_unusable_env_font_warns_and_falls_back(bad, monkeypatch):
    """Decision: a missing / glyph-less GOVTASKS_CJK_FONT warns, then the normal search runs."""
    normal = charts.cjk_font()
    charts._find_cjk_family.cache_clear()
    monkeypatch.setenv(charts.ENV_VAR, bad)
    with pytest.warns(UserWarning, match="GOVTASKS_CJK_FONT"):
        fallback = charts.cjk_font()
    assert (fallback and fallback.get_family()) == (normal and normal.get_family())


def test_env_font_file_and_family_are_used(monkeypatch, need_cjk):
    default = charts.cjk_font()
    path = findfont(default, fallback_to_default=False)
    monkeypatch.setenv(charts.ENV_VAR, str(path))
    from_file = charts.cjk_font()
    assert from_file is not None
    if charts._simplified(default.get_family()[0]):  # e.g. the SC face of a .ttc, not JP
        assert charts._simplified(from_file.get_family()[0])
    monkeypatch.setenv(charts.ENV_VAR, default.get_family()[0])
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


def test_lead_matrix_sorts_by_lead_then_name_and_caps_top():
    units, series = charts._lead_matrix(LEADS, top=3)
    assert units == [LONG, "区教育局", "区财政局"]  # 12, 7, 7 (name order breaks the tie)
    assert series == {"牵头": [12, 7, 7], "参与": [5, 9, 2]}


def test_short_names():
    assert charts._short("区教育局") == "区教育局"
    assert charts._short(LONG) == LONG[:13] + "…" and len(charts._short(LONG)) == 14


def test_scan_finds_font_when_no_preferred_family(monkeypatch, need_cjk):
    monkeypatch.setattr(charts, "PREFERRED_FAMILIES", ())
    via_fc_list = charts.cjk_font()
    charts._find_cjk_family.cache_clear()
    monkeypatch.setattr(charts, "_fc_list_zh", lambda: [])
    via_ttflist = charts.cjk_font()
    for font in (via_fc_list, via_ttflist):
        assert font is not None
        found = findfont(font, fallback_to_default=False)
        assert charts._covers(str(found), getattr(found, "face_index", 0))


def test_placeholder_font_is_not_coverage():
    """matplotlib's bundled Last Resort font maps every CJK char to one box glyph."""
    last_resort = Path(matplotlib.get_data_path(), "fonts/ttf/LastResortHE-Regular.ttf")
    if not last_resort.exists():
        pytest.skip("this matplotlib does not bundle the Last Resort font")
    assert not charts._covers(str(last_resort))
