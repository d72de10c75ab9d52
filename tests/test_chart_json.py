"""The JSON a page sends for a kept chart (render/shown.for_browser): no template where it changes nothing, a data
revision that follows the data, plain arrays with the same numbers."""
from __future__ import annotations

import copy
import json
from functools import partial

import numpy as np
import plotly.graph_objects as go
import pytest

from dashboard.chart_style import style
from dashboard.render import shown
from tests.apptest_helpers import plotly_values


def _bars(values) -> go.Figure:
    fig = go.Figure([go.Bar(x=["R1", "R2", "R3"], y=np.array(values)),
                     go.Scatter(x=["R1", "R2", "R3"], y=np.array(values), mode="text", text=[str(v) for v in values])])
    return style(fig)


def _sent(fig: go.Figure) -> dict:
    return json.loads(shown.frozen(fig).spec.json)


def test_a_styled_chart_is_sent_without_the_template_and_with_its_numbers():
    fig = _bars([3, 5, 8])
    assert "template" in fig.to_dict()["layout"]  # plotly.py's default (Streamlit's) is there to begin with
    sent = _sent(fig)
    assert "template" not in sent["layout"]
    assert sent["data"][0]["y"] == [3, 5, 8]  # a JSON list, not a typed array (bdata)
    assert sent["layout"]["colorway"] == list(fig.layout.colorway) and sent["layout"]["font"]["size"] == fig.layout.font.size


def test_the_data_revision_follows_the_data():
    first, same, other = _sent(_bars([3, 5, 8])), _sent(_bars([3, 5, 8])), _sent(_bars([3, 5, 9]))
    assert first["layout"]["datarevision"] == same["layout"]["datarevision"]
    assert first["layout"]["datarevision"] != other["layout"]["datarevision"]


def test_a_heatmap_keeps_its_numbers_and_shape():
    z = np.arange(12, dtype="int64").reshape(3, 4)
    fig = style(go.Figure(go.Heatmap(z=z, colorscale=[[0, "#ffffff"], [1, "#0b4f8a"]])))
    sent = _sent(fig)
    assert sent["data"][0]["z"] == z.tolist()
    assert plotly_values(fig.to_dict()["data"][0]["z"]) == z.tolist()
    assert "template" not in sent["layout"]


def test_the_template_stays_where_it_would_change_the_chart():
    layout = {"colorway": ["#000000"], "template": {"layout": {}}}
    assert shown.template_inert([{"type": "bar", "y": [1]}], layout)
    # A colour scale the figure leaves to the template, a trace type the check does not know, no colourway of its own,
    # bubbles whose line width the template sets: kept.
    assert not shown.template_inert([{"type": "heatmap", "z": [[1]]}], layout)
    assert not shown.template_inert([{"type": "scatter", "marker": {"color": [1, 2]}}], layout)
    assert not shown.template_inert([{"type": "pie", "values": [1]}], layout)
    assert not shown.template_inert([{"type": "bar", "y": [1]}], {"template": {}})
    assert not shown.template_inert([{"type": "scatter", "marker": {"size": [4, 9]}}], layout)
    assert shown.template_inert([{"type": "scatter", "marker": {"size": [4, 9], "line": {"width": 0}}}], layout)
    assert shown.template_inert([{"type": "scatter", "marker": {"color": ["#000000", "#ffffff"]}}], layout)
    kept = shown.for_browser({"data": [{"type": "pie", "values": [1]}], "layout": {"template": {"layout": {}}}})
    assert "template" in kept["layout"] and kept["layout"]["datarevision"]


def test_a_kept_figure_holds_its_json_and_gives_the_figure_again():
    fig = _bars([3, 5, 8])
    kept = shown.frozen(fig)
    assert not isinstance(kept, go.Figure) and shown.frozen(kept) is kept  # no plotly objects kept
    again = kept.figure()  # made again from the JSON: the same traces and layout, the default template back
    assert [list(t.y) for t in again.data] == [[3, 5, 8], [3, 5, 8]] and list(again.data[1].text) == ["3", "5", "8"]
    assert again.layout.colorway == fig.layout.colorway and again.layout.template == fig.layout.template
    assert again.layout.datarevision is None
    assert copy.deepcopy(kept).to_dict() == again.to_dict() and [t.type for t in kept.data] == ["bar", "scatter"]


def test_a_phone_makes_its_layout_of_a_kept_figure_once(monkeypatch):
    from dashboard import phone

    names = ["キャッシュレス決済", "自動運転", "ドローン", "ブロックチェーン", "遠隔医療", "AI", "IoT", "5G"] * 2
    heat = go.Figure(go.Heatmap(z=np.ones((16, 30)), x=[f"FY{2000 + i}" for i in range(30)], y=names,
                                colorscale=[[0, "#ffffff"], [1, "#0b4f8a"]]))
    plain = style(heat)
    kept = shown.frozen(style(heat))
    touch = partial(phone._touch, names="tech_pairs")
    first = shown.derived(kept, "touch:tech_pairs", touch), phone._chart_px("tech_pairs", kept)
    assert first[1] == phone.chart_px("tech_pairs", plain.to_dict()) == phone._chart_px("tech_pairs", plain)
    assert first[1] is not None  # drawn in a sideways box
    # A warm run reads what was made: neither the figure's dict nor plotly's Figure is made again.
    monkeypatch.setattr(shown.KeptFigure, "to_dict", lambda self: pytest.fail("the kept figure's dict made again"))
    assert (shown.derived(kept, "touch:tech_pairs", touch), phone._chart_px("tech_pairs", kept)) == first
    assert isinstance(first[0], shown.KeptFigure)


def _sent_through_to_dict(fig: go.Figure) -> str:
    """The JSON a kept figure had when frozen() read it through Figure.to_dict() (a copy, numpy arrays as base64)."""
    return shown.figure_utf8(shown.for_browser(fig.to_dict())).decode()


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("presenter", [False, True, "slide"])
def test_a_kept_figure_is_written_from_the_figure_s_own_dicts_as_from_its_copy(db, lang, presenter):
    """frozen() writes the figure's own data and layout without copying them (shown._own_dict): the JSON is the same,
    byte for byte, as from to_dict()'s copy, and the figure is unchanged (its numpy arrays stay arrays)."""
    from dashboard import geo, i18n
    from dashboard.figures import map as figures
    from dashboard.filters import Filters

    f = Filters(techs=("自動運転",))

    def t(key, **values):
        return i18n.t(key, lang, **values)

    made = [figures.project_map(db.run("prefecture_project_counts", f), db.run("map_points", f, row_limit=5),
                                db.run("prefecture_projects", f, row_limit=100), geo.prefecture_features(), t,
                                presenter=presenter),
            _bars([3, 5, 8]),
            style(go.Figure(go.Heatmap(z=np.arange(10, dtype="float64").reshape(5, 2) / 3,
                                       colorscale=[[0, "#ffffff"], [1, "#0b4f8a"]]))),
            style(go.Figure(go.Bar(x=["a", "b"], y=np.array([1.5, np.nan]), marker={"color": np.array([1, 2])})))]
    for fig in made:
        before = fig.to_dict()
        assert shown.frozen(fig).spec.json.decode() == _sent_through_to_dict(fig)
        assert fig.to_dict() == before
