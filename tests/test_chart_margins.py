"""dashboard/chart_margins.py: the margins a chart is sent with cover what plotly.js's automargin needs (so it draws
the chart once), by little more; figures it cannot estimate are left alone. The needs pinned here were measured in
headless Chromium (plotly.js's layout of the pages' own charts, Noto Sans CJK JP, 900 px wide)."""
from __future__ import annotations

import numpy as np
import pytest

from dashboard.chart_margins import em_width, preset, text_box

TECHS = ["自動運転", "AI", "IoT", "ドローン", "ロボット", "VR/AR", "キャッシュレス", "5G", "クラウドコンピューティング",
         "ブロックチェーン", "ビッグデータ"]
FONT = {"size": 15}
AXIS = {"automargin": True, "tickfont": FONT, "title": {"font": FONT}}
LEGEND = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": FONT}
WASTE_PX = 16  # at most this much more room than plotly.js took, per side


def bars(y, x, **layout) -> dict:
    base = {"font": FONT, "height": 530, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "legend": LEGEND,
            "xaxis": {**AXIS, "title": {"text": "事業数（下限）", "font": FONT}, "range": [0, 42.2]},
            "yaxis": {**AXIS, "autorange": "reversed"}}
    return {"data": [{"type": "bar", "orientation": "h", "y": y, "x": x, "name": "技術の一覧が「等」で終わる事業"},
                     {"type": "bar", "orientation": "h", "y": y, "x": x, "name": "技術の一覧が「等」で終わらない事業"}],
            "layout": {**base, **layout}}


def test_widths():
    assert em_width("自動運転") == 4 and em_width("") == 0
    assert em_width("AI") == pytest.approx(1.4) and em_width("12") == pytest.approx(1.12)
    assert em_width("<b>東北</b>") == 2  # markup is not drawn
    assert text_box("地域へのサービ<br>ス浸透〔推定〕", 15) == (7 * 15, 2 * 15 * 1.3)


def test_a_technology_chart_gets_its_measured_room():
    # Chromium: plotly.js took l=205 (the labels), t=51 (the legend), b=59 (ticks and the x title) for this chart.
    margin = preset(bars(TECHS, list(range(11))))
    for side, need in {"l": 205, "t": 51, "b": 59}.items():
        assert need <= margin[side] <= need + WASTE_PX, (side, margin)
    assert margin["r"] == 10


def test_broken_labels_and_numeric_axes():
    # /survey: labels broken in two lines (l=176 in Chromium); the overview: a count axis with its title (l=43, b=45)
    survey = bars(["x"] * 7, [1] * 7, yaxis={**AXIS, "tickmode": "array", "tickvals": list(range(7)), "ticktext": [
        "インフラ整備の主体検<br>討と費用確保〔推定〕", "持続可能なビジネスモ<br>デルの検討〔推定〕", "煩雑な手続き〔推定〕",
        "コミュニケーショ<br>ンの不足〔推定〕", "実装を見据えると足枷に<br>なる規制がある〔推定〕", "さらなる技術の<br>進展〔推定〕",
        "地域へのサービ<br>ス浸透〔推定〕"]})
    assert 176 <= preset(survey)["l"] <= 176 + WASTE_PX
    counts = {"data": [{"type": "bar", "x": ["H30", "R1", "R2"], "y": np.array([10, 12, 16]), "name": "支援中"}],
              "layout": {"font": FONT, "height": 420, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "legend": LEGEND,
                         "xaxis": {**AXIS, "title": {"text": "採択年度", "font": FONT}},
                         "yaxis": {**AXIS, "range": [0, 16.8], "title": {"text": "事業数", "font": FONT}}}}
    margin = preset(counts)
    assert 43 <= margin["l"] <= 43 + 2 * WASTE_PX and 45 <= margin["b"] <= 45 + 2 * WASTE_PX


def test_columns_with_slanted_labels():
    # /technologies' heatmap by region: names turned 45° above the plot. Chromium, 900 px: t=138, r=82.
    regions = ["北海道（2事業）", "東北（4事業）", "関東（8事業）", "中部（9事業）", "近畿（11事業）", "中国（4事業）",
               "四国（1事業）", "九州・沖縄（6事業）"]
    figure = {"data": [{"type": "heatmap", "x": regions, "y": TECHS[:8], "z": [[1] * 8] * 8}],
              "layout": {"font": FONT, "height": 528, "showlegend": False, "margin": {"l": 10, "r": 10, "t": 90, "b": 10},
                         "xaxis": {**AXIS, "side": "top", "tickangle": -45, "type": "category"},
                         "yaxis": {**AXIS, "type": "category"}}}
    margin = preset(figure)
    assert 138 <= margin["t"] <= 138 + WASTE_PX and 82 <= margin["r"] <= 82 + 2 * WASTE_PX  # r: taken narrow
    figure["layout"]["xaxis"]["tickangle"] = 45  # above the plot, running off to the left: plotly's to size
    assert preset(figure) is None


def test_tick_values_without_a_mode_are_the_labels():
    # /program's timeline: ticktext in two lines at given tick values, no tickmode (plotly takes "array")
    top = {**AXIS, "side": "top", "tickangle": 0, "range": [2018, 2027], "tickvals": [2018.5, 2020.5],
           "ticktext": ["H30<br>(2018)", "R2<br>(2020)"]}
    figure = bars(TECHS, [2019] * 11, xaxis=top, showlegend=False)
    assert preset(figure)["t"] >= 2 * 15 * 1.3 + 14


def test_odd_values_never_break_a_figure():
    # A count missing in a year (NaN), an infinite range end, or a dtick plotly takes as text ("M1"): the estimate
    # skips what it cannot read, or leaves the figure to plotly; the page's figure is still sent.
    counts = {"data": [{"type": "bar", "x": ["H30", "R1"], "y": [float("nan"), 12], "name": "支援中"}],
              "layout": {"font": FONT, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "legend": LEGEND,
                         "xaxis": dict(AXIS), "yaxis": {**AXIS, "range": [0, float("inf")]}}}
    assert preset(counts)["l"] >= 15 * 1.12 + 14
    counts["data"][0]["y"] = [float("nan")] * 2
    counts["layout"]["yaxis"]["range"] = None
    assert preset(counts) is None
    counts["data"][0]["y"] = [3, 12]
    counts["layout"]["yaxis"]["dtick"] = "M1"
    assert preset(counts) is None


def test_notes_take_no_room_and_a_legend_in_the_figures_room_pushes_nothing():
    # plotly.js pushes no margin for annotations (checked in Chromium: a note above or beside the plot, same margins)
    figure = bars(TECHS, [1] * 11, annotations=[{"xref": "paper", "yref": "paper", "x": 0, "y": 1.2, "text": "注"}])
    assert preset(figure) == preset(bars(TECHS, [1] * 11))
    figure = bars(TECHS, [1] * 11, legend={**LEGEND, "yref": "container", "y": 1, "yanchor": "top"})
    assert preset(figure)["t"] == 40  # /program's timeline: the builder's top margin holds its legend


def test_margins_only_grow_and_other_keys_stay():
    figure = bars(TECHS, [1] * 11)
    figure["layout"]["margin"] = {"l": 400, "r": 10, "t": 300, "b": 200, "pad": 2}
    assert preset(figure) is None  # already enough everywhere: the figure is sent as it is
    figure["layout"]["margin"] = {"l": 10, "r": 10, "t": 300, "b": 200, "pad": 2}
    margin = preset(figure)
    assert margin["t"] == 300 and margin["b"] == 200 and margin["pad"] == 2 and margin["l"] > 200


@pytest.mark.parametrize("change", [
    lambda f: f["data"].append({"type": "scattergeo", "lat": [35], "lon": [139]}),
    lambda f: f["layout"].update(geo={}),
    lambda f: f["layout"]["xaxis"].update(tickangle=-45),  # turned labels: plotly's own room
    lambda f: f["layout"].update(legend={**LEGEND, "orientation": "v"}),
    lambda f: f["layout"]["yaxis"].update(tickmode="array"),  # no labels to measure
])
def test_what_it_cannot_estimate_is_left_to_plotly(change):
    figure = bars(TECHS, [1] * 11)
    change(figure)
    assert preset(figure) is None


def test_a_wide_legend_takes_more_rows():
    one = preset(bars(TECHS, [1] * 11))["t"]
    names = bars(TECHS, [1] * 11)
    for trace in names["data"]:
        trace["name"] *= 3
    assert preset(names)["t"] >= one + 15 * 1.3


def test_a_kept_figure_sends_the_preset_and_gives_back_the_builders_margins():
    # A phone's layout (phone.names_above_bars) is made from the kept figure's dict and hides the tick labels: with
    # the page's preset it kept a 213 px left margin for labels no longer drawn (seen at 390x844 on /technologies).
    import orjson
    import plotly.graph_objects as go

    from dashboard.render.shown import frozen

    figure = bars(TECHS, list(range(11)))
    kept = frozen(go.Figure(figure))
    sent = orjson.loads(kept.spec.json)["layout"]["margin"]
    assert sent["l"] >= 205 and kept.to_dict()["layout"]["margin"] == {"l": 10, "r": 10, "t": 40, "b": 10}
    plain = frozen(go.Figure({"data": [{"type": "scattergeo", "lat": [35], "lon": [139]}],
                              "layout": {"margin": {"l": 4, "r": 4, "t": 4, "b": 8}}}))
    assert plain.to_dict()["layout"]["margin"] == {"l": 4, "r": 4, "t": 4, "b": 8}


# Measured in Chromium at 390x844 with a phone's user agent (phone.COLUMN_PX = 358 px charts): what plotly.js took.
def test_a_phone_chart_with_names_above_its_bars():
    # /technologies' counts on a phone: no y labels (the names are above the bars), "0" at the plot's left end,
    # the legend in two rows. plotly.js took l=14, r=10, t=77.
    figure = bars(TECHS, [16, 10, 6, 7, 4, 2, 4, 1, 0, 1, 0], margin={"l": 10, "r": 10, "t": 58, "b": 69},
                  xaxis={**AXIS, "range": [0, 47.04], "dtick": 5}, yaxis={**AXIS, "showticklabels": False})
    margin = preset(figure, chart_px=358)
    assert 14 <= margin["l"] <= 14 + WASTE_PX and 10 <= margin["r"] <= 10 + WASTE_PX
    assert 77 <= margin["t"] <= 77 + WASTE_PX
    assert preset(figure)["t"] < margin["t"]  # one row at a desktop's width


def test_a_tick_suffix_is_part_of_the_label():
    # /survey's shares on a phone: "0%" at the left end, "100%" at the right (range 0-100, no dtick): l=14 measured
    # for "0" alone; "0%" is wider.
    plain = bars(TECHS[:3], [81, 78, 75], xaxis={**AXIS, "range": [0, 100]}, yaxis={**AXIS, "showticklabels": False})
    suffixed = bars(TECHS[:3], [81, 78, 75], xaxis={**AXIS, "range": [0, 100], "ticksuffix": "%"},
                    yaxis={**AXIS, "showticklabels": False})
    assert preset(suffixed, chart_px=358)["l"] > preset(plain, chart_px=358)["l"] >= 14


def test_the_last_label_near_the_end_of_its_axis():
    # range 0-25.5 with dtick 5: "25" 0.5 of a unit inside the plot's right end; plotly.js took r=12 at 390 px.
    near = bars(TECHS[:2], [17, 16], xaxis={**AXIS, "range": [0, 25.5], "dtick": 5}, yaxis={**AXIS, "showticklabels": False})
    far = bars(TECHS[:2], [17, 16], xaxis={**AXIS, "range": [0, 29], "dtick": 5}, yaxis={**AXIS, "showticklabels": False})
    assert 12 <= preset(near, chart_px=358)["r"] <= 12 + WASTE_PX
    assert preset(far, chart_px=358)["r"] < preset(near, chart_px=358)["r"]


def test_a_legend_that_wraps_gives_every_entry_the_widest_ones_room():
    # plotly.js (legend/draw.js): entries that do not fit in one row are laid out in columns as wide as the widest.
    # /program's audiences in English on a phone: three entries, one per row (plotly.js took t=92 for the legend).
    names = ["Local governments", "Ministries", "Private companies"]
    figure = {"data": [{"type": "bar", "orientation": "h", "y": ["a"], "x": [1], "name": n} for n in names],
              "layout": {"font": FONT, "height": 346, "margin": {"l": 20, "r": 10, "t": 50, "b": 69}, "legend": LEGEND,
                         "xaxis": {**AXIS, "range": [0, 96.2]}, "yaxis": {**AXIS, "showticklabels": False}}}
    assert preset(figure, chart_px=358)["t"] >= 92


def test_labels_given_as_tick_text_at_the_ends_of_a_top_axis():
    # /program's support timeline on a phone: years from 2018 to 2027 across the top, 'H30<br>(2018)' half a year
    # from the left end; plotly.js took l=13, r=13 at 390 px (10 given).
    figure = {"data": [{"type": "bar", "orientation": "h", "y": ["a", "b"], "x": [5, 5], "base": [2018, 2019]}],
              "layout": {"font": FONT, "height": 400, "margin": {"l": 10, "r": 10, "t": 155, "b": 40},
                         "xaxis": {**AXIS, "side": "top", "tickangle": 0, "range": [2018, 2027],
                                   "tickvals": [2018.5, 2020.5, 2022.5, 2024.5, 2026.5],
                                   "ticktext": ["H30<br>(2018)", "R2<br>(2020)", "R4<br>(2022)", "R6<br>(2024)", "R8<br>(2026)"]},
                         "yaxis": {**AXIS, "showticklabels": False}}}
    margin = preset(figure, chart_px=358)
    assert 13 <= margin["l"] <= 13 + WASTE_PX and 13 <= margin["r"] <= 13 + WASTE_PX
