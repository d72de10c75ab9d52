"""phone.level_columns: column names under a phone's plot on two lines where one line does not fit, so plotly.js
draws them level (it turned them by 30° and drew the chart a second time for the room they then took)."""
from __future__ import annotations

import math

from dashboard.phone import level_columns

YEARS = ["H30 (2018)", "R1 (2019)", "R2 (2020)", "R3 (2021)", "R4 (2022)"]
BROKEN = ["H30<br>(2018)", "R1<br>(2019)", "R2<br>(2020)", "R3<br>(2021)", "R4<br>(2022)"]


def columns(x, **axis) -> dict:
    return {"data": [{"type": "bar", "x": x, "y": [14, 8, 12, 9, 10][:len(x)]}], "layout": {"xaxis": axis}}


def test_year_columns_get_two_lines():
    out = level_columns(columns(YEARS, automargin=True))
    assert out["layout"]["xaxis"] == {"automargin": True, "tickmode": "array", "tickvals": YEARS, "ticktext": BROKEN}
    assert columns(YEARS, automargin=True)["layout"]["xaxis"] == {"automargin": True}  # not changed in place


def test_tick_text_gets_two_lines():
    out = level_columns(columns([0, 1, 2, 3, 4], tickvals=[0, 1, 2, 3, 4], ticktext=YEARS))
    assert out["layout"]["xaxis"]["ticktext"] == BROKEN and out["layout"]["xaxis"]["tickvals"] == [0, 1, 2, 3, 4]


def test_what_fits_or_is_not_a_column_name_is_left_alone():
    english = ["FY2018", "FY2019", "FY2020", "FY2021", "FY2022"]
    for figure in (columns(english), columns([2018, 2019, 2020]), columns(["2022-10-27", "2022-10-28", "2023-02-21"]),
                   columns(["10.5", "20", "30"]), columns(YEARS, tickangle=45), columns(YEARS, side="top"),
                   columns([f"Averyveryverylongname{i}" for i in range(5)])):  # not even on two lines
        assert level_columns(figure) is figure
    two_axes = columns(YEARS)
    two_axes["layout"]["xaxis2"] = {}
    assert level_columns(two_axes) is two_axes


def test_names_above_bars_keep_clear_of_labels_on_top():
    """The first name above its bar rises above the plot (its line less half the gap): a top axis's labels stand off
    by that much more (the support timeline's years were half covered at 390x844); a bottom axis is left alone."""
    from dashboard.chart_margins import preset
    from dashboard.phone import names_above_bars

    def timeline(side: str) -> dict:
        return {"data": [{"type": "bar", "orientation": "h", "y": ["H30-01　北海道", "H30-02　宮城県仙台市"], "x": [5, 5]}],
                "layout": {"margin": {"l": 10, "r": 10, "t": 10, "b": 40},
                           "xaxis": {"automargin": True, "side": side, "range": [0, 10]},
                           "yaxis": {"automargin": True, "autorange": "reversed"}}}

    top = names_above_bars(timeline("top"))["layout"]["xaxis"]
    assert top["ticklabelstandoff"] == 11  # one line of 21 px less half a 25 px gap, rounded up, and 2 px
    assert "ticklabelstandoff" not in names_above_bars(timeline("bottom"))["layout"]["xaxis"]
    plain = names_above_bars(timeline("top"))
    plain["layout"]["xaxis"] = {k: v for k, v in top.items() if k != "ticklabelstandoff"}
    assert preset(names_above_bars(timeline("top")))["t"] == preset(plain)["t"] + 11


def test_names_above_bars_keep_clear_of_a_legend_above():
    """Without a top axis the first name rose into the legend above the plot (the English survey's legend was cut at
    its foot at 390x844): the first row starts lower inside the plot, by the name's rise, and the chart is as much
    higher, so the bars keep their pitch."""
    from dashboard.phone import BAR_PX, LINE_PX, names_above_bars

    def chart(side: str) -> dict:
        return {"data": [{"type": "bar", "orientation": "h", "y": ["a", "b", "c"], "x": [5, 6, 7], "name": "legend"}],
                "layout": {"margin": {"l": 10, "r": 10, "t": 40, "b": 40}, "xaxis": {"side": side},
                           "yaxis": {"autorange": "reversed"}}}

    top, bottom = names_above_bars(chart("top"))["layout"], names_above_bars(chart("bottom"))["layout"]
    gap = LINE_PX + 4
    rise = math.ceil(LINE_PX - gap / 2)
    assert "range" not in top["yaxis"]  # the top axis's labels stand off instead (above)
    assert bottom["yaxis"]["range"] == [2.5, -0.5 - rise / (BAR_PX + gap)]
    assert bottom["height"] == top["height"] + rise
