"""Every page on a snapshot published by `make add-year` (the fictional FY R5 fixture, in a temporary data folder):
no exception, the new snapshot is the one shown, R5 where the page speaks of years, and nothing empty ("None",
"nan", an empty 「（）」) in either language. The exact R5 figures are pinned in tests/test_add_year.py."""
from __future__ import annotations

import re

import pytest

from dashboard.page_registry import PAGES
from tests.apptest_helpers import open_app, shown_text
from tests.test_add_year import published, r5_app  # noqa: F401  (fixtures: publish R5 once, point the app at it)

EMPTY = re.compile(r"\bNone\b(?! (?:of|is))|\bnan\b|（）")  # not the data README's "None of them is …"
# Pages whose figures follow the supported list: they show the R5 list's 42 projects in the match count.
MATCH_COUNT = {"home": "42 / 42 事業", "map": "42 / 42 事業", "technologies": "42 / 42 事業",
               "selections": "42 / 42 事業"}


def _texts(at) -> list[str]:
    out = [shown_text(m.value) for m in at.main.markdown] + [shown_text(c.value) for c in at.main.caption]
    out += [f"{m.label} {m.value}" for m in at.main.metric]
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.url_path)
def test_every_page_on_the_r5_snapshot(r5_app, page, lang):  # noqa: F811
    at, _ = open_app(page.file, {"lang": lang} if lang == "en" else None)
    assert not at.exception
    if page.url_path != "present":  # /present has no sidebar
        assert at.sidebar.selectbox[0].value == "2024-02-20"
    texts = _texts(at)
    assert not [t for t in texts if EMPTY.search(t)]
    if lang == "ja" and page.url_path in MATCH_COUNT:
        assert [m.value for m in at.main.metric][0] == MATCH_COUNT[page.url_path]
    if lang == "ja" and page.url_path in ("home", "selections"):
        assert any("R5" in t for t in texts)
    if lang == "en" and page.url_path in ("home", "selections"):
        assert any("FY2023" in t for t in texts)
