"""The JSON a page sends for a kept chart (render/shown.for_browser): no template where it changes nothing, a data
revision that follows the data, plain arrays with the same numbers."""
from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go

from dashboard.chart_style import style
from dashboard.render import shown
from tests.apptest_helpers import plotly_values


def _bars(values) -> go.Figure:
    fig = go.Figure([go.Bar(x=["R1", "R2", "R3"], y=np.array(values)),
                     go.Scatter(x=["R1", "R2", "R3"], y=np.array(values), mode="text", text=[str(v) for v in values])])
    return style(fig)


def _sent(fig: go.Figure) -> dict:
    return json.loads(vars(shown.frozen(fig))[shown._SPEC].json)


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
