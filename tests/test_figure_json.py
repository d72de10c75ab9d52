"""A kept figure's JSON (render/shown.figure_utf8, written by orjson) holds the same values as plotly's own JSON
engine writes for it: every panel's figure, in both languages, at each size, unfiltered and filtered."""
from __future__ import annotations

import datetime
import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.filters import Filters
from dashboard.panels import PANELS
from dashboard.panels.spec import Context
from dashboard.period import facts, in_language
from dashboard.render import shown

FILTER_SETS = (Filters(), Filters(techs=("自動運転",), statuses=("supported", "ended")), Filters(prefs=(13, 27)),
               Filters(fys=(2020,), statuses=("ended",)))


def _plotly(figure: dict) -> dict:
    """What plotly.io.to_json writes (its json engine, as before orjson came), read back."""
    return json.loads(shown._plotly_to_json(figure, validate=False, engine="json"))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("presenter", [False, "slide"])
def test_every_panel_s_figure_is_written_with_the_values_plotly_writes(db, lang, presenter):
    compared = 0
    for panel in PANELS.values():
        for filters in FILTER_SETS:
            out = panel.build(Context(filters=filters, run=db.run, lang=lang, presenter=presenter,
                                      period=in_language(facts(db.run), lang)))
            if out.figure is None:
                continue
            figure = shown.for_browser(shown._own_dict(out.figure), own=True)
            written = shown.figure_utf8(figure).decode()
            assert json.loads(written) == _plotly(figure), (panel.id, filters, lang, presenter)
            compared += 1
    assert compared >= 40


def test_odd_values_are_written_as_plotly_writes_them():
    figure = {"data": [{"type": "bar", "x": np.array(["a", "b", "c"], dtype=object),
                        "y": np.array([1.5, np.nan, np.inf]), "customdata": np.array([1, 2, 3], dtype="int64"),
                        "text": (("x", "y")), "ids": [np.int64(4), np.float32(0.5), np.bool_(True)],
                        "meta": [datetime.date(2024, 4, 1), pd.Timestamp("2024-04-01 09:30"), pd.NaT, None,
                                 float("nan"), "「全角」</script>", {1: "one"}]}],
              "layout": {"title": {"text": "キャッシュレス決済 & <b>AI</b>"}}}
    written = json.loads(shown.figure_utf8(figure))
    assert written == _plotly(figure)
    assert written["data"][0]["y"] == [1.5, None, None] and written["data"][0]["meta"][2] is None
    assert not any(isinstance(v, float) and math.isnan(v) for v in written["data"][0]["meta"])


def test_the_json_is_utf_8_text_not_escapes():
    written = shown.figure_utf8({"data": [], "layout": {"title": {"text": "自動運転"}}}).decode()
    assert "自動運転" in written and "\\u" not in written


def test_a_kept_figure_sends_the_json_figure_utf8_writes():
    fig = go.Figure(go.Bar(x=["自動運転", "AI"], y=np.array([3, 5])))
    kept = shown.frozen(fig)
    assert kept.spec.json == shown.figure_utf8(shown.for_browser(shown._own_dict(fig), own=True))
    assert isinstance(kept.spec.json, bytes)  # UTF-8 bytes: a Japanese str is two bytes a character
    assert kept.to_dict()["data"][0]["y"] == [3, 5]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_phone_s_layout_is_sent_as_through_a_validated_figure(db, lang):
    """derived() keeps a phone's layout of a kept figure without making a go.Figure of it (frozen_dict): the JSON holds
    the same values as frozen(go.Figure(...)) gave, for every panel's touch layout and the map's."""
    from functools import partial

    from dashboard import phone

    compared = 0
    for panel in PANELS.values():
        for filters in FILTER_SETS[:3]:
            out = panel.build(Context(filters=filters, run=db.run, lang=lang, period=in_language(facts(db.run), lang)))
            if out.figure is None:
                continue
            kept = shown.frozen(out.figure)
            makes = [partial(phone._touch, names=panel.id)] + ([phone._phone_map] if panel.id == "project_map" else [])
            for make in makes:
                new = json.loads(shown.frozen_dict(make(kept.to_dict())).spec.json)
                old = json.loads(shown.frozen(go.Figure(make(kept.to_dict()))).spec.json)
                # The one difference: go.Figure wrote a bar's numeric labels as text ("14.0", drawn so on a phone);
                # a phone now sends the kept figure's own numbers, drawn "14" as on a desktop.
                for new_trace, old_trace, own in zip(new["data"], old["data"], kept.to_dict()["data"]):
                    if isinstance(new_trace.get("text"), list) and new_trace["text"] != old_trace.get("text"):
                        assert [v if v is None else str(v) for v in new_trace["text"]] == old_trace["text"], (panel.id, filters)
                        assert new_trace["text"] == own["text"]
                        old_trace["text"] = new_trace["text"]
                new["layout"].pop("datarevision"), old["layout"].pop("datarevision")  # a hash of the data
                assert new == old, (panel.id, filters, lang, make)
                compared += 1
    assert compared >= 40


UNVALIDATED = ("tech_by_year", "tech_pairs", "tech_by_region", "sel_status", "program_timeline")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("presenter", [False, "slide"])
def test_figures_built_without_validation_are_what_plotly_validates(db, lang, presenter):
    """Builders that make their traces without plotly's validation (chart_style.validated_from_here): made again from
    their dict by validating plotly, every property is accepted and the JSON is the same; later changes are validated."""
    for panel_id in UNVALIDATED:
        for filters in FILTER_SETS:
            ctx = Context(filters=filters, run=db.run, lang=lang, presenter=presenter,
                          period=in_language(facts(db.run), lang))
            fig = PANELS[panel_id].build(ctx).figure
            if fig is None:
                continue
            assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json()), (panel_id, filters)
            with pytest.raises(ValueError):
                fig.update_layout(no_such_property=1)
            with pytest.raises(ValueError):
                fig.data[0].update(no_such_property=1)
