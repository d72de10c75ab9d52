"""Data names in the UI language: technologies (technology_en), prefectures (pref_name_en), regions (catalogue)
and our English renderings of programs, councils, members and survey items (translations_en).

Japanese is the published source of truth: with lang=en a name we translated reads "… (our translation)" and
the Japanese original stays beside it (tables keep the Japanese column; hover/notes name the original).
No Streamlit here: builders call these with their Context.
"""
from __future__ import annotations

import numpy as np
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


def applicants(ctx, project_ids) -> dict[str, str]:
    """project_id -> its applicant in the official English names of its areas (project_applicants_en), for the
    projects `project_ids`, with lang=en; empty in Japanese (the published applicant is shown). Asked for the
    projects shown only: every project's name was 0.5-0.8 s a call at 10,000x the data."""
    if not _en(ctx):
        return {}
    ids = tuple(sorted({str(i) for i in project_ids if isinstance(i, str)}))
    if not ids:
        return {}
    rows = ctx.run("project_applicants_en", project_ids=ids)
    return dict(zip(rows["project_id"], rows["applicant_en"]))


def areas(ctx) -> dict[str, str]:
    """area_code -> the area's official English name ('Iwamizawa City, Hokkaido') with lang=en; empty in Japanese."""
    if not _en(ctx):
        return {}
    rows = ctx.run("area_names_en")
    return dict(zip(rows["area_code"], rows["area_name_en"]))


def area_labels(ctx, codes, labels) -> list[str]:
    """The labels of the areas `codes` in the UI language (in the codes' order in English; `labels` in Japanese)."""
    mapping = areas(ctx)
    if not mapping:
        return list(labels)
    return [mapping.get(str(c), str(c)) for c in codes]


def short_prefecture(pref_code: int, name: str) -> str:
    """A prefecture's name as printed on the map: 北海道 as is, others without 都/府/県 (大阪, 東京); an English
    name without " Prefecture" (Osaka, Wakayama; Hokkaido and Tokyo have none)."""
    if name.isascii():
        return name.removesuffix(" Prefecture")
    return name if pref_code == 1 else name[:-1]


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
    region="region", pref_name="pref", ministry="ministry", program="programs.program", applicant="applicant"
    (needs project_id), technologies="technologies" (lists), municipality_name="municipality" (needs area_code),
    area_names="area_names" (text joined by 「、」, needs area_codes; joined by "; " in English),
    technologies_text="technologies_text" (joined by ", " in English). A translated or romanised column keeps the published Japanese as `<column>_ja` (tables
    show it beside). Unchanged in Japanese."""
    if not _en(ctx) or df.empty:
        return df
    out = df.copy()
    for column, kind in columns.items():
        if column not in out:
            continue
        if kind == "technology":  # technology_en of the data; the Japanese kept beside (tables show both)
            out[f"{column}_ja"] = out[column]
            out[column] = out[column].map(lambda v, m=technologies(ctx): m.get(v, v))
        elif kind == "technologies":  # a list of technologies (lists stay lists: the table joins them)
            out[column] = out[column].map(lambda v, m=technologies(ctx): [m.get(x, x) for x in v]
                                          if isinstance(v, (list, tuple, np.ndarray)) else v)
        elif kind == "applicant":  # romanised from the areas' official English names: the Japanese kept beside
            mapping = applicants(ctx, out["project_id"])
            out[f"{column}_ja"] = out[column]
            out[column] = [mapping.get(i) or v for i, v in zip(out["project_id"], out[column])]
        elif kind == "municipality":  # the official English name, by the row's area_code
            rows = ctx.run("area_names_en")
            mapping = dict(zip(rows["area_code"], rows["municipality_name_en"]))
            out[f"{column}_ja"] = out[column]
            out[column] = [mapping.get(c) or v if isinstance(v, str) else v for c, v in zip(out["area_code"], out[column])]
        elif kind in ("area_names", "technologies_text"):  # text joined by 「、」 (data page): each part in English
            sep, mapping = "、", areas(ctx) if kind == "area_names" else technologies(ctx)
            # English parts joined the English way; area names hold a comma ('Iwamizawa City, Hokkaido')
            joiner = "; " if kind == "area_names" else ", "
            keys = out["area_codes"] if kind == "area_names" else out[column]
            out[f"{column}_ja"] = out[column]
            out[column] = [joiner.join(mapping.get(k, p) for k, p in zip(str(ks).split(sep), str(v).split(sep)))
                           if isinstance(v, str) and isinstance(ks, str) else v for ks, v in zip(keys, out[column])]
        elif kind == "codes":  # codes joined by 「、」: joined the English way like the other lists (after area_names,
            out[column] = out[column].map(lambda v: v.replace("、", ", ") if isinstance(v, str) else v)  # its keys)
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


# --- published prose (document sentences, titles, notes, budgets as printed) -------------------------------
# One mechanism for every published text that reads as prose: with lang=en a text we translated shows our English
# marked "(our translation)" and the Japanese original one click away; a text we have not translated is shown
# labelled "Japanese only" (names.japanese_only), so a new snapshot's texts are never shown unmarked.
# Japanese is unchanged.


class Prose(str):
    """Markdown of a block of published prose in the UI language. With lang=en, `original` holds the same block
    with the published Japanese (renderers show it one click away, e.g. an expander "Japanese original"); it is
    None where the block holds nothing of ours. Behaves as plain markdown everywhere else (slides, exports)."""
    original: str | None = None

    def __new__(cls, text: str, original: str | None = None):
        out = super().__new__(cls, text)
        out.original = original
        return out


def english(ctx, table: str, column: str, value) -> str | None:
    """Our English rendering of a published value (translations_en), or None (also in Japanese)."""
    if not _en(ctx) or not isinstance(value, str):
        return None
    return translations(ctx, table, column).get(value)


def shown(ctx, table: str, column: str, value):
    """A published value as plain text in the UI language, for a block made by `block`: our English, or the
    value labelled "Japanese only" where we have none. Japanese, and values that are not text, as they are."""
    if not _en(ctx) or not isinstance(value, str) or not value:
        return value
    text = english(ctx, table, column, value)
    return text if text is not None else i18n.t("names.japanese_only", ctx.lang, ja=value)


def inline(ctx, table: str, column: str, value):
    """A short published value inside running text (plain text; escape it): in English 'X (our translation;
    original: 原文)', or the value labelled "Japanese only"; in Japanese the value."""
    text = english(ctx, table, column, value)
    if text is None:
        return shown(ctx, table, column, value)
    return i18n.t("names.with.original", ctx.lang, en=text, ja=value)


def _published(table: str, column: str, value):
    return value


_published.original = True  # the published Japanese block


def block(ctx, make) -> str:
    """A block of published prose: `make(pick)` builds its markdown, calling pick(table, column, value) for each
    published value (and escaping what pick returns). In English the block reads in our translation (marked) with
    the Japanese original kept for the renderer (Prose.original); in Japanese it is make() with the values as
    published, unchanged."""
    if not _en(ctx):
        return make(_published)
    translated: list[bool] = []

    def pick(table: str, column: str, value):
        translated.append(english(ctx, table, column, value) is not None)
        return shown(ctx, table, column, value)
    pick.original = False  # what the block shows (make may pick other English names, e.g. applicants)
    text = make(pick)
    if not any(translated):
        return text
    original = make(_published)
    return Prose(text + "\n\n" + i18n.t("names.our_translation_block", ctx.lang), original)
