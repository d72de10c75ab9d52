"""The sidebar on pages whose numbers do not follow the filters (page_registry's `filtered`): no filter widgets, a
note and the conditions kept for the other pages, in both languages; the link keeps the filters."""
from __future__ import annotations

import pytest

from dashboard.page_registry import PAGES, address
from tests.apptest_helpers import open_app, shown_text

LINK = {"tech": "AI", "fy": "2020"}
NOTE = {"ja": "このページの数字は絞り込みで変わらないため、条件は選べません。選んだ条件は他のページでそのまま使われます。",
        "en": "The numbers on this page do not follow the filters, so none can be chosen here. The conditions you "
              "chose stay in use on the other pages."}
KEPT = {"ja": "選んでいる条件: 支援中　｜　技術: AI　｜　年度: R2 (2020)",
        "en": "Conditions chosen: Supported  |  Technology: AI  |  Fiscal year: FY2020"}
UNFILTERED = [p for p in PAGES if not p.filtered]


def test_the_pages_without_filters():
    assert [address(p) for p in UNFILTERED] == ["/changes", "/survey", "/municipality", "/slides", "/file_check",
                                                "/present"]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("spec", UNFILTERED, ids=lambda p: p.url_path)
def test_no_filter_widgets_and_the_kept_conditions(spec, lang):
    at, _ = open_app(spec.file, {**LINK, "lang": lang})
    assert not at.multiselect and not at.radio
    assert [shown_text(c.value) for c in at.sidebar.caption] == [NOTE[lang], KEPT[lang]]
    assert (at.query_params["tech"], at.query_params["fy"]) == ("AI", "2020")


@pytest.mark.parametrize("spec", [p for p in PAGES if p.filtered and not p.hidden], ids=lambda p: p.url_path)
def test_filtered_pages_draw_the_filters(spec):
    at, _ = open_app(spec.file, LINK)
    assert at.multiselect(key="f_tech").value == ["AI"] and at.multiselect(key="f_fy").value == [2020]
    assert NOTE["ja"] not in [c.value for c in at.sidebar.caption]


def test_a_language_switch_on_such_a_page_keeps_the_filters():
    """The status radio's value is its label in the UI language (sidebar._keep_status): switched while no radio is
    drawn, it comes back in the new language on the next filtered page."""
    at, _ = open_app("pages/survey_page.py", {"status": "ended", "tech": "AI"})
    at.button_group(key="f_lang").set_value("English").run()
    assert not at.exception
    assert [shown_text(c.value) for c in at.sidebar.caption] == [
        NOTE["en"], "Conditions chosen: Support ended (published names)  |  Technology: AI"]
    at.switch_page("pages/technology_page.py").run()
    assert (at.radio(key="f_status").value, at.multiselect(key="f_tech").value) == ("Support ended", ["AI"])
    at.button_group(key="f_lang").set_value("日本語").run()
    at.switch_page("pages/changes_page.py").run()
    at.switch_page("pages/map_page.py").run()
    assert not at.exception
    assert (at.radio(key="f_status").value, at.multiselect(key="f_tech").value) == ("支援終了", ["AI"])
