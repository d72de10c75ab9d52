"""What a panel is: one chart or one set of headline numbers, declared once as data.

A declaration names everything a target needs to show the panel on its own: the words (catalogue keys
derived from the id), the questions it asks (queries/*.sql), whether the sidebar filters apply, how to
build the figure from the answers, the sources as (document, page) or by role (Cites) where the document
depends on the snapshot, and the table behind it with labels from the glossary. Renderers
(dashboard/render/) draw the same declaration on a page; slides and exports are further renderers of the
same object, so nothing here may depend on Streamlit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.filters import Filters


@dataclass(frozen=True)
class Column:
    """A table column: the query's field and the glossary key of its label (default: the field name)."""
    field: str
    label: str | None = None
    # A field of the same table saying how each value was obtained (e.g. count_basis: published | counted). When
    # every row says the same, the label is glossary.<label>_<value> if the catalogue has it (counted:
    # 「選定数（資料の一覧から数えた値）」); when rows differ, glossary.<label>_mixed; else the plain label.
    basis: str | None = None

    @property
    def glossary_key(self) -> str:
        return f"glossary.{self.label or self.field}"

    def label_key(self, table: pd.DataFrame, lang: str | None = None) -> str:
        """The glossary key of this column's label for the rows of `table` (see `basis`)."""
        if not self.basis or self.basis not in table:
            return self.glossary_key
        values = set(table[self.basis].dropna())
        key = f"{self.glossary_key}_{values.pop()}" if len(values) == 1 else \
            f"{self.glossary_key}_mixed" if values else self.glossary_key
        return key if i18n.has(key, lang) else self.glossary_key


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    help: str | None = None


@dataclass
class Output:
    """What a panel's builder returns for one set of filters; any part may be absent.

    Text fields are markdown made by the builder from catalogue templates; every value from the data
    inside them must go through dashboard.safe_text.plain (only our own markup may format)."""
    figure: go.Figure | None = None
    metrics: tuple[Metric, ...] = ()
    table: pd.DataFrame | None = None
    notice: str | None = None  # shown above the figure (e.g. what the counts leave out)
    empty: str | None = None  # shown instead of the figure and table when there is nothing to draw
    paragraphs: tuple[str, ...] = ()  # prose below the figure (explanations computed from the data)
    deck: Any = None  # a pydeck.Deck (the map); drawn with single-object selection under the panel id
    deck_height: int = 600
    alt: str | None = None  # accessible name of the figure or map (what a screen reader announces)
    select_points: bool = False  # draw the figure with plotly point selection (one click selects) under the panel id
    # CSS that sizes the figure to its width (the map): `{box}` stands for the selector of the container the
    # renderer draws the figure in; the figure then takes the height the CSS gives it instead of its own.
    fit_css: str | None = None
    # False: built from a stand-in for reference data that failed to load (the map without its boundary file); a
    # page shows it but does not keep it (render/shown.py), so the next run tries the file again.
    keep: bool = True


@dataclass
class Context:
    """Everything a builder may use: the filters, the language, a query runner and the period facts."""
    filters: Filters
    run: Callable[..., pd.DataFrame]  # run(name, filters=None, **params) -> DataFrame
    period: dict[str, object] = field(default_factory=dict)
    lang: str = i18n.DEFAULT_LANG
    presenter: bool = False

    def t(self, key: str, **values) -> str:
        """Catalogue text with the period facts (first_fy, last_fy, supported_fy …) always available."""
        return i18n.t(key, self.lang, **{**self.period, **values})


@dataclass(frozen=True)
class Cites:
    """A source a panel names by role where the document depends on the snapshot: a later year's snapshot prints
    its totals, per-year counts and list in its own document (make add-year). render/captions.py resolves the role
    to the (source_id, page) pairs the snapshot shown has for it (queries/cited_pages.sql: totals, counts, list,
    projects, ended); where it has none, to `fallback` (then named in the 'no data for this date' message)."""
    role: str
    fallback: tuple[str, int]


TOTALS = Cites("totals", ("001", 1))  # the published totals (selected / supported / ended)
COUNTS = Cites("counts", ("001", 2))  # the program's published selection counts per fiscal year
LIST = Cites("list", ("001", 3))  # the list of supported projects
PROJECTS = Cites("projects", ("001", 3))  # the lists every project comes from (supported and ended)
ENDED = Cites("ended", ("000", 5))  # the lists naming the projects whose support ended

# The most rows a panel asks for where its rows grow with the data (a line, a bar or a table row per project): the real
# snapshot has 50 projects, the bench's 10,000x 500,000, which no page, slide or picture can show and which took the
# questions 0.1-3.4 s (python -m bench --only queries). Such a question takes $row_limit and says in row_count how
# many rows there are in all; a panel that reaches the cap says how many it shows (catalogue panel.capped*).
LIST_ROWS = 100  # lines of prose: the dossier's other projects sharing technologies
DOSSIER_ROWS = 20  # projects of one area, each with its dossier (the real data: at most 2)
CHART_ROWS = 200  # bars of a chart with one bar per project: the support timeline
PLACE_ROWS = 100  # projects of each prefecture on the map page: its list below the map and a chosen place's table


def capped_line(ctx: "Context", rows, key: str = "panel.capped") -> str | None:
    """The sentence saying that only the first len(rows) of rows.row_count[0] are shown; None when all are."""
    total = int(rows["row_count"].iloc[0]) if len(rows) and "row_count" in rows else len(rows)
    return ctx.t(key, shown=len(rows), total=total) if total > len(rows) else None


Ref = tuple[str, int] | Cites  # a fixed (source_id, page): facts only ever published in that document


@dataclass(frozen=True)
class Panel:
    id: str  # stable: used as the Streamlit key, in URLs, file names, slides and exports
    queries: tuple[str, ...]
    sources: tuple[Ref, ...]  # (source_id, page) as printed in the document, or a role (Cites) per snapshot
    build: Callable[[Context], Output]
    uses_filters: bool = True  # False: the panel shows published aggregates and says so on screen
    columns: tuple[Column, ...] = ()  # the table behind the panel, in order; empty = no table
    # Period facts (dashboard/period.py) the panel cannot do without, e.g. list_ref (a published list of supported
    # projects): a snapshot where one is empty has no data for the panel, which says so (render/captions.py).
    requires: tuple[str, ...] = ()

    @property
    def title_key(self) -> str:
        return f"panel.{self.id}.title"

    @property
    def note_key(self) -> str:
        return f"panel.{self.id}.note"
