"""The 'only the first N are shown' sentences (panels/spec.py capped_line): the real snapshot never reaches the caps
(45 bars, at most 44 sharing projects, 2 projects per area), so the caps are lowered here to see the sentences as a reader
would, in both languages, with the counts they must state."""
from __future__ import annotations

import pytest

from dashboard.panels import municipality as muni_panels
from dashboard.panels import program as program_panels
from dashboard.panels import spec
from dashboard.render import shown
from tests.apptest_helpers import open_app, plotly_charts


@pytest.fixture
def small_caps(monkeypatch):
    # Panels are kept per filter set and language (render/shown.py), not per cap: start and end with none kept.
    shown.clear()
    monkeypatch.setattr(program_panels, "CHART_ROWS", 5)
    monkeypatch.setattr(muni_panels, "LIST_ROWS", 3)
    monkeypatch.setattr(spec, "DOSSIER_ROWS", 1)  # pages/municipality_page.py imports it on every run
    yield
    shown.clear()


def texts(at) -> list[str]:
    return [e.value for kind in (at.markdown, at.caption, at.info, at.warning) for e in kind]


def bars(at) -> int:
    specs = [c for c in plotly_charts(at).values() if c["layout"].get("xaxis", {}).get("title", {}).get("text")
             in ("年度", "Fiscal year")]
    return max(len(t["y"]) for t in specs[0]["data"])


@pytest.mark.parametrize("lang, sentence", [
    ("ja", "件数が多いため、条件に合う 45 件のうち先頭の 5 件だけを表示しています（表とダウンロードも同じ）。"
           "すべてを見るには、サイドバーの「絞り込み」で 5 件以下に絞り込んでください。"),
    ("en", "Too many to show: the first 5 of the 45 matching are shown (the table and downloads too). "
           "To see them all, narrow the sidebar filters to 5 or fewer."),
])
def test_support_timeline_says_how_many_bars_it_left_out(small_caps, lang, sentence):
    at = open_app("pages/program_page.py", {"lang": lang} if lang == "en" else {})[0]
    assert any(sentence in t for t in texts(at)), texts(at)
    assert bars(at) <= 5


@pytest.mark.parametrize("lang, sentence", [
    ("ja", "件数が多いため、上位 3 件だけを表示しています（全 26 件）。"),
    ("en", "Too many to show: the top 3 of 26 are listed."),
])
def test_sharing_list_and_dossiers_say_how_many_they_left_out(small_caps, lang, sentence):
    at = open_app("pages/municipality_page.py", {"area": "27216", **({"lang": lang} if lang == "en" else {})})[0]
    shown_texts = texts(at)
    assert any(sentence in t for t in shown_texts), shown_texts
    first = {"ja": "件数が多いため、採択年度の古い順に先頭の 1 件だけを表示しています（全 2 件）。",
             "en": "Too many to show: the first 1 of 2 by selection year are shown."}[lang]
    assert first in shown_texts
    dossiers = [m for m in at.markdown if m.value.startswith("- **")]  # a dossier is a list of bold labels
    assert len(dossiers) == 1  # the first of the area's two projects, not both
