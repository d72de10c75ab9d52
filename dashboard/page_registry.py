"""The dashboard's pages, declared once: app.py builds its navigation from this list, and the tests and
the benchmark iterate over it (no second list of pages anywhere)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    url_path: str  # the address: /map, /technologies …
    file: str  # the script, relative to the repo root (named *_page.py, see app.py)
    icon: str  # a Material icon (drawn, not read aloud: see layout.header)
    hidden: bool = False  # reachable by its address but not listed in the navigation (the presenter view)
    # Its first view draws a chart: the page starts loading the chart code at once (dashboard/chart_preload.py);
    # a page without one only fetches it when the browser is idle, for the next page.
    charts: bool = True
    # Its numbers follow the sidebar filters. A page whose numbers do not (published aggregates, a whole-program
    # comparison, one municipality's dossier, an uploaded file, slides that carry their own filters) gets no filter
    # widgets in the sidebar, only a note and the conditions kept for the other pages (sidebar.render), and its
    # header says so (page.header): widgets that change nothing misled, and drawing them cost each such page about
    # 50-60 ms in the browser.
    filtered: bool = True

    @property
    def title_key(self) -> str:
        return f"nav.{self.url_path}"


OVERVIEW = PageSpec("home", "pages/overview_page.py", ":material/dashboard:")
PAGES: tuple[PageSpec, ...] = (
    OVERVIEW,
    PageSpec("map", "pages/map_page.py", ":material/map:"),
    PageSpec("technologies", "pages/technology_page.py", ":material/memory:"),
    PageSpec("selections", "pages/selections_page.py", ":material/bar_chart:"),
    PageSpec("changes", "pages/changes_page.py", ":material/compare_arrows:", filtered=False),
    PageSpec("survey", "pages/survey_page.py", ":material/quiz:", filtered=False),
    PageSpec("program", "pages/program_page.py", ":material/account_tree:"),
    PageSpec("municipality", "pages/municipality_page.py", ":material/location_city:", charts=False, filtered=False),
    PageSpec("data", "pages/data_page.py", ":material/download:", charts=False),
    PageSpec("slides", "pages/slides_page.py", ":material/slideshow:", charts=False, filtered=False),
    PageSpec("file_check", "pages/file_check_page.py", ":material/fact_check:", charts=False, filtered=False),
    PageSpec("present", "pages/present_page.py", ":material/co_present:", hidden=True, charts=False, filtered=False),
)
# The default page is served at "/" only (Streamlit ignores its url_path), so /overview is a hidden alias:
# without it, /overview showed a "Page not found" dialog.
OVERVIEW_ALIAS = "overview"


def by_path(url_path: str) -> PageSpec:
    return next(p for p in PAGES if p.url_path == url_path)


def of_url_path(url_path: str) -> PageSpec:
    """The page st.navigation chose, by its url_path ('' for the default page, OVERVIEW_ALIAS for /overview)."""
    return next((p for p in PAGES if p.url_path == url_path), OVERVIEW)


def address(page: PageSpec) -> str:
    """The path a browser opens: '/' for the default page."""
    return "/" if page is OVERVIEW else f"/{page.url_path}"
