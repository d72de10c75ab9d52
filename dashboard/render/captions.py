"""The words around a panel that every target repeats: the 出典 line and the filters in words.

No Streamlit here: the page renderer, the PPTX/PNG/PDF exports and the slides all cite the same way.
"""
from __future__ import annotations

import pandas as pd

from dashboard import formats, i18n, names, snapshot
from dashboard.panels.spec import Cites, Context, Output, Panel, Ref
from dashboard.safe_text import plain


def _as_is(text: str) -> str:
    return text


def resolve(refs: tuple[Ref, ...], ctx: Context) -> tuple[tuple[str, int], ...]:
    """The (document, page) pairs `refs` name in the snapshot shown, in order, each once: a fixed pair as declared;
    a role (Cites: the totals, the per-year counts, the list …) as the snapshot's own rows say where those figures are
    printed (queries/cited_pages.sql), so an added year's snapshot cites its own document; the role's fallback where
    the snapshot has nothing in that role (a データ時点 before it was published: the panel then says so)."""
    cited = ctx.run("cited_pages") if any(isinstance(ref, Cites) for ref in refs) else None
    out: list[tuple[str, int]] = []
    for ref in refs:
        if isinstance(ref, Cites):
            rows = cited[cited["role"] == ref.role]
            pairs = [(str(r.source_id), int(r.source_page)) for r in rows.itertuples()] or [ref.fallback]
        else:
            pairs = [ref]
        out.extend(pair for pair in pairs if pair not in out)
    return tuple(out)


def present_refs(refs: tuple[Ref, ...], ctx: Context) -> tuple[tuple[str, int], ...]:
    """The (document, page) references (resolved for the snapshot shown) whose document is in that snapshot: a panel
    drawn from documents published after its データ時点 has nothing to show for that date (render.page.draw says so)."""
    known = set(ctx.run("source_list")["source_id"])
    return tuple((source_id, page) for source_id, page in resolve(refs, ctx) if source_id in known)


# The 'no data for this date' message per target: a page points to the sidebar's データ時点 selector; /present
# has no sidebar (a slide's データ時点 is set when it is added); a file (PNG/PPTX/PDF) only states it.
NO_DATA_KEYS = {"page": "panel.no_data_for_date", "present": "panel.no_data_for_date_present",
                "file": "panel.no_data_for_date_file"}


def no_data_for_date(panel: Panel, ctx: Context, where: str = "page") -> str | None:
    """What a panel says instead of its content when none of its documents is in the snapshot shown (a データ時点
    before they were published), or a period fact it requires is empty (Panel.requires); None when it has data
    for that date. Every renderer asks this first; `where` (NO_DATA_KEYS: page, present, file) picks the words
    of what the reader can do there (a page in presenter mode hides its sidebar: there it only states it)."""
    refs = resolve(panel.sources, ctx)
    present = present_refs(refs, ctx)
    if present and all(ctx.period.get(key) for key in panel.requires):
        return None
    missing = [ref for ref in refs if ref not in present] or list(refs)
    # The missing documents are named as source lines name them (publisher, title, page, their own データ時点),
    # read from the snapshots that have them; a document no usable snapshot has keeps its number.
    known = snapshot.documents()
    pages: dict[str, list[int]] = {}
    for source_id, page in missing:
        pages.setdefault(source_id, []).append(page)
    documents = ctx.t("source.list_joiner").join(
        _cite(source_id, known[source_id], numbers, ctx, plain) if source_id in known else plain(source_id)
        for source_id, numbers in pages.items())
    key = NO_DATA_KEYS["file" if where == "page" and ctx.presenter else where]
    return ctx.t(key, title=ctx.t(panel.title_key), as_of=ctx.period.get("as_of", ""), documents=documents)


def build(panel: Panel, ctx: Context, where: str = "file") -> Output:
    """The panel's output for the snapshot shown: its own, or only the 'no data for this date' message (worded
    for `where`: the exports' files by default, /present's slides)."""
    message = no_data_for_date(panel, ctx, where)
    return Output(empty=message) if message else panel.build(ctx)


def source_line(refs: tuple[Ref, ...], ctx: Context, *, markdown: bool = True) -> str:
    """'出典: 発行者「資料」p.2、p.3（データ時点 2023-02-21）': each document of the snapshot shown with its own
    as-of date, then the snapshot's date when it is later than theirs (「／ 表示中のデータ時点 2023-02-21」).

    '' when none of the documents is in the snapshot shown (the panel says it has no data for that date).
    markdown=False gives plain text for files (PPTX, PNG, PDF), where markdown escapes would show."""
    escape = plain if markdown else _as_is
    sources = ctx.run("source_list").set_index("source_id")
    pages: dict[str, list[int]] = {}
    for source_id, page in present_refs(refs, ctx):
        pages.setdefault(source_id, []).append(page)
    if not pages:  # none of the documents is in the snapshot shown: the panel says so (no_data_for_date), no 「出典: 」
        return ""
    cited = [_cite(source_id, sources.loc[source_id], numbers, ctx, escape) for source_id, numbers in pages.items()]
    shown = str(ctx.period.get("as_of") or "")
    dates = {sources.loc[s, "as_of"].date().isoformat() for s in pages}
    later = ctx.t("source.snapshot", as_of=shown) if shown and dates and max(dates) < shown else ""
    return ctx.t("source.prefix") + ctx.t("source.list_joiner").join(cited) + later


def _cite(source_id: str, row, numbers: list[int], ctx: Context, escape) -> str:
    """One document as a source line names it: 発行者「資料」p.2、p.3（データ時点 2023-02-21）. `row` has its
    publisher, title and as_of (a row of sources)."""
    unit = ctx.t("source.unit_slide") if source_id == "000" else ctx.t("source.unit_page")  # 000 has no numbers
    text = ctx.t("source.list_joiner").join(
        ctx.t("source.cite", publisher=ctx.t("names.source.publisher", publisher=escape(
                  names.shown(ctx, "sources", "publisher", row["publisher"]))),
              title=_source_title(source_id, row["title"], ctx, escape), unit=unit, page=n)
        if i == 0
        else f"{unit}{n}" for i, n in enumerate(numbers))
    return text + ctx.t("source.as_of", as_of=pd.Timestamp(row["as_of"]).date().isoformat())


def _source_title(source_id: str, title: str, ctx: Context, escape) -> str:
    """The document's title in the UI language: in English our rendering with the published title beside it (a
    document without one: its title labelled "Japanese only")."""
    key = f"names.source.title_{source_id}"
    if i18n.has(key, ctx.lang):
        return ctx.t(key, title=escape(title))
    english = names.english(ctx, "sources", "title", title)
    if english is not None:
        return ctx.t("names.source.title_translated", en=escape(english), title=escape(title))
    return escape(names.shown(ctx, "sources", "title", title))


def as_of(refs: tuple[Ref, ...], ctx: Context) -> str:
    """The latest データ時点 among the cited documents (ISO date), for file names."""
    sources = ctx.run("source_list").set_index("source_id")
    ids = {source_id for source_id, _ in present_refs(refs, ctx)} or set(sources.index)
    return max(sources.loc[i, "as_of"] for i in ids).date().isoformat()


def filter_summary(ctx: Context) -> str:
    """The filters in words, as plain text (escape it with safe_text.plain before it goes into markdown)."""
    f = ctx.filters
    joiner = ctx.t("filters.joiner")
    parts = [ctx.t({("supported",): "status.supported", ("ended",): "status.ended_named"}.get(f.statuses, "status.all"))]
    if f.techs:
        techs = names.technologies(ctx)
        parts.append(ctx.t("filters.summary_tech", values=joiner.join(techs.get(t, t) for t in f.techs)))
    if f.fys:
        parts.append(ctx.t("filters.summary_fy", values=joiner.join(formats.fy(y, ctx.lang) for y in f.fys)))
    if f.regions:
        parts.append(ctx.t("filters.summary_region", values=joiner.join(names.region(r, ctx.lang) for r in f.regions)))
    if f.prefs:
        column = "pref_name_en" if ctx.lang == "en" else "pref_name"
        prefs = ctx.run("prefecture_options").set_index("pref_code")[column]
        parts.append(ctx.t("filters.summary_pref", values=joiner.join(prefs[p] for p in f.prefs)))
    return ctx.t("filters.separator").join(parts)
