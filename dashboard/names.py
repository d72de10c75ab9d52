"""Data names in the UI language: technologies (technology_en), prefectures (pref_name_en), regions (catalogue)
and our English renderings of programs, councils, members and survey items (translations_en).

Japanese is the published source of truth: with lang=en a name we translated reads "… (our translation)" and
the Japanese original stays beside it (tables keep the Japanese column; hover/notes name the original).
No Streamlit here: builders call these with their Context.
"""
from __future__ import annotations

import pandas as pd

from . import i18n


def _en(ctx) -> bool:
    return getattr(ctx, "lang", i18n.DEFAULT_LANG) == "en"


def technologies(ctx) -> dict[str, str]:
    """Japanese technology -> its name in the UI language."""
    options = ctx.run("technology_options")
    if not _en(ctx):
        return dict(zip(options["technology"], options["technology"]))
    return dict(zip(options["technology"], options["technology_en"].fillna(options["technology"])))


def prefectures(ctx) -> dict[str, str]:
    """Japanese prefecture name -> its name in the UI language (official English names with lang=en)."""
    options = ctx.run("prefecture_options")
    column = "pref_name_en" if _en(ctx) and "pref_name_en" in options else "pref_name"
    return dict(zip(options["pref_name"], options[column]))


def region(name: str, lang: str | None = None) -> str:
    return listed("region", name, lang)


def listed(section: str, name: str, lang: str | None = None) -> str:
    """A word of a small closed set kept in the catalogue ([names.region], [names.unit], [names.ministry]);
    the published word when the catalogue has none."""
    key = f"names.{section}.{name}"
    return i18n.t(key, lang) if i18n.has(key, lang) else name


def translations(ctx, table: str, column: str) -> dict[str, str]:
    """Published Japanese value -> our English rendering for one column (empty in Japanese)."""
    if not _en(ctx):
        return {}
    rows = ctx.run("translations_en")
    rows = rows[(rows["table"] == table) & (rows["column"] == column)]
    return dict(zip(rows["value_ja"], rows["value_en"]))


def translated(ctx, table: str, column: str, value: str) -> str:
    """'English (our translation)' with lang=en where we have a rendering; otherwise the published value."""
    english = translations(ctx, table, column).get(value)
    if english is None:
        return value
    return i18n.t("names.our_translation", ctx.lang, en=english, ja=value)


def localise(df: pd.DataFrame, ctx, **columns: str) -> pd.DataFrame:
    """A copy of `df` whose columns hold names in the UI language: localise(df, ctx, technology="technology",
    region="region", pref_name="pref", ministry="ministry", program="programs.program"). A translated column keeps
    the published Japanese as `<column>_ja` (tables show it beside). Unchanged in Japanese."""
    if not _en(ctx) or df.empty:
        return df
    out = df.copy()
    for column, kind in columns.items():
        if column not in out:
            continue
        if kind == "technology":
            out[column] = out[column].map(lambda v, m=technologies(ctx): m.get(v, v))
        elif kind == "region":
            out[column] = out[column].map(lambda v: region(v, ctx.lang) if isinstance(v, str) else v)
        elif kind == "pref":
            out[column] = out[column].map(lambda v, m=prefectures(ctx): m.get(v, v))
        elif kind in ("ministry", "unit"):
            out[column] = out[column].map(lambda v, k=kind: listed(k, v, ctx.lang) if isinstance(v, str) else v)
        else:  # "<table>.<column>" of translations_en: our rendering, the published value kept as <column>_ja
            table, source_column = kind.split(".")
            mapping = translations(ctx, table, source_column)
            out[f"{column}_ja"] = out[column]
            out[column] = out[column].map(lambda v, m=mapping: m.get(v, v))
    return out
