"""The words around a panel that every target repeats: the 出典 line and the filters in words.

No Streamlit here: the page renderer, the PPTX/PNG/PDF exports and the slides all cite the same way.
"""
from __future__ import annotations

from dashboard import i18n
from dashboard.panels.spec import Context
from dashboard.safe_text import plain
from pipeline import fiscal_year

try:  # fiscal years in the UI language ('R2 (2020)' / 'FY2020') once dashboard.formats exists
    from dashboard.formats import fy as _fy
except ImportError:
    def _fy(year: int, lang: str | None = None) -> str:
        return fiscal_year.display(year)


def _as_is(text: str) -> str:
    return text


def source_line(refs: tuple[tuple[str, int], ...], ctx: Context, *, markdown: bool = True) -> str:
    """'出典: 発行者「資料」p.2、p.3（データ時点 2023-02-21）': each document with its own as-of date.

    markdown=False gives plain text for files (PPTX, PNG, PDF), where markdown escapes would show."""
    escape = plain if markdown else _as_is
    sources = ctx.run("source_list").set_index("source_id")
    pages: dict[str, list[int]] = {}
    for source_id, page in refs:
        pages.setdefault(source_id, []).append(page)
    cited = []
    for source_id, numbers in pages.items():
        row = sources.loc[source_id]
        unit = ctx.t("source.unit_slide") if source_id == "000" else ctx.t("source.unit_page")  # 000 has no numbers
        text = ctx.t("source.list_joiner").join(
            ctx.t("source.cite", publisher=escape(row["publisher"]),
                  title=_source_title(source_id, escape(row["title"]), ctx), unit=unit, page=n)
            if i == 0
            else f"{unit}{n}" for i, n in enumerate(numbers))
        cited.append(text + ctx.t("source.as_of", as_of=row["as_of"].date().isoformat()))
    return ctx.t("source.prefix") + ctx.t("source.list_joiner").join(cited)


def _source_title(source_id: str, title: str, ctx: Context) -> str:
    """The document's title in the UI language (English: our rendering with the published title beside it)."""
    key = f"names.source.title_{source_id}"
    return ctx.t(key, title=title) if i18n.has(key, ctx.lang) else title


def as_of(refs: tuple[tuple[str, int], ...], ctx: Context) -> str:
    """The latest データ時点 among the cited documents (ISO date), for file names."""
    sources = ctx.run("source_list").set_index("source_id")
    ids = {source_id for source_id, _ in refs} or set(sources.index)
    return max(sources.loc[i, "as_of"] for i in ids).date().isoformat()


def filter_summary(ctx: Context) -> str:
    """The filters in words, as plain text (escape it with safe_text.plain before it goes into markdown)."""
    f = ctx.filters
    joiner = ctx.t("filters.joiner")
    parts = [ctx.t({("supported",): "status.supported", ("ended",): "status.ended_named"}.get(f.statuses, "status.all"))]
    if f.techs:
        parts.append(ctx.t("filters.summary_tech", values=joiner.join(f.techs)))
    if f.fys:
        parts.append(ctx.t("filters.summary_fy", values=joiner.join(_fy(y, ctx.lang) for y in f.fys)))
    if f.regions:
        parts.append(ctx.t("filters.summary_region", values=joiner.join(f.regions)))
    if f.prefs:
        names = ctx.run("prefecture_options").set_index("pref_code")["pref_name"]
        parts.append(ctx.t("filters.summary_pref", values=joiner.join(names[p] for p in f.prefs)))
    return ctx.t("filters.separator").join(parts)
