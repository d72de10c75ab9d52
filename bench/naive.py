"""The naive alternative to the query layer: pandas reads the CSV sources on every call and computes the answer.

This is what a dashboard without the snapshot/DuckDB layer would do. Projects come from
supported_projects.csv (支援中) plus h30_selections.csv rows absent from it (支援終了), as in
pipeline/tables.py; an applicant's prefecture and region come from the prefecture name it starts with
(data/reference/municipalities.csv; all areas of one applicant lie in that prefecture).

Specific baselines compute the same answer as the query (checked against DuckDB on the real data);
every other query gets the generic baseline: read the CSVs its tables come from, filter, count rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from dashboard.filters import Filters

FOCUS_PROGRAM = "未来技術社会実装事業"
PROJECT_CSVS = ("supported_projects.csv", "h30_selections.csv")
REFERENCE = "municipalities.csv"
FILTER_PARAMS = {"tech", "fy", "pref", "region", "status"}

# Which CSV sources each snapshot table is built from (pipeline/tables.py).
TABLE_SOURCES: dict[str, tuple[str, ...]] = {
    "projects": PROJECT_CSVS,
    "projects_with_area_keys": PROJECT_CSVS + (REFERENCE,),
    "filtered_projects": PROJECT_CSVS + (REFERENCE,),
    "project_areas": PROJECT_CSVS + (REFERENCE,),
    "prefectures": (REFERENCE,),
    "programs": ("programs.csv",),
    "program_selections": ("program_selections.csv", "programs.csv"),
    "program_budgets": ("programs.csv",),
    "program_totals": ("program_totals.csv",),
    "survey_responses": ("survey_responses.csv",),
    "events": ("events.csv",),
    "council_members": ("council_members.csv",),
    "program_facts": ("program_facts.csv",),
    "slide_notes": ("slide_notes.csv",),
    "technologies": ("technologies.csv",),
    "sources": ("sources.csv",),
}
_TABLE_REF = re.compile(r"\b(?:from|join)\s+([a-z_][a-z_0-9]*)", re.IGNORECASE)


def fiscal_years(labels: pd.Series) -> pd.Series:
    """'H30' -> 2018, 'R2' -> 2020."""
    n = labels.str[1:].astype(int)
    return pd.Series(np.where(labels.str[0] == "H", 1988 + n, 2018 + n), index=labels.index)


class NaiveSources:
    def __init__(self, sources: Path, reference: Path):
        self.sources = sources
        self.reference = reference  # data/reference/municipalities.csv

    def _path(self, name: str) -> Path:
        return self.reference if name == REFERENCE else self.sources / name

    def read(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self._path(name))

    # -- projects with their filter keys, read from the CSVs every time ------------------------------
    def projects(self) -> pd.DataFrame:
        supported = self.read("supported_projects.csv")
        h30 = self.read("h30_selections.csv")
        supported["status"] = "supported"
        ended = h30[~h30["project_id"].isin(supported["project_id"])].copy()
        ended["status"] = "ended"
        ended["technologies"] = np.nan
        ended["technologies_more"] = np.nan
        df = pd.concat([supported, ended], ignore_index=True)
        df["selected_fy"] = fiscal_years(df["selected_fy_label"])
        ref = self.read(REFERENCE)
        prefs = ref[ref["municipality_name"].isna()].set_index("pref_name")
        # Prefecture names are 3 or 4 characters (神奈川県, 和歌山県, 鹿児島県): look both prefixes up.
        pref_name = df["applicant"].str[:4].where(df["applicant"].str[:4].isin(prefs.index), df["applicant"].str[:3])
        df["pref_code"] = pref_name.map(prefs["pref_code"])
        df["region"] = pref_name.map(prefs["region"])
        return df

    def filtered(self, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(all projects, those matching `filters`)."""
        df = self.projects()
        keep = pd.Series(True, index=df.index)
        if filters.techs:
            want = set(filters.techs)
            keep &= df["technologies"].str.split("、").apply(
                lambda techs: isinstance(techs, list) and not want.isdisjoint(techs))
        if filters.fys:
            keep &= df["selected_fy"].isin(filters.fys)
        if filters.statuses:
            keep &= df["status"].isin(filters.statuses)
        if filters.prefs:
            keep &= df["pref_code"].isin(filters.prefs)
        if filters.regions:
            keep &= df["region"].isin(filters.regions)
        return df, df[keep]

    # -- specific baselines: the same answer as the query --------------------------------------------
    def project_match_count(self, filters: Filters, **_) -> pd.DataFrame:
        df, matched = self.filtered(filters)
        total = df["status"].isin(filters.statuses).sum() if filters.statuses else len(df)
        return pd.DataFrame({"matched_count": [len(matched)], "total_count": [int(total)]})

    def technology_counts(self, filters: Filters, **_) -> pd.DataFrame:
        _, matched = self.filtered(filters)
        techs = self.read("technologies.csv")
        uses = matched[["project_id", "technologies_more"]].assign(tech_list=matched["technologies"].str.split("、"))
        uses = uses.explode("tech_list").dropna(subset=["tech_list"])
        uses["technologies_more"] = uses["technologies_more"].astype(bool)
        counted = uses.groupby("tech_list").agg(project_count=("project_id", "size"),
                                                list_ends_with_more_count=("technologies_more", "sum"))
        out = techs.merge(counted, left_on="technology", right_index=True, how="left")
        out[["project_count", "list_ends_with_more_count"]] = out[["project_count", "list_ends_with_more_count"]].astype("float64").fillna(0).astype(int)
        listed = int(matched["technologies"].notna().sum())  # ended H30 projects publish no technology list
        out["share_of_matching_pct"] = (100.0 * out["project_count"] / listed).round(1) if listed else np.nan
        return out.sort_values(["project_count", "display_order"], ascending=[False, True]).reset_index(drop=True)

    def selections_by_year(self, filters: Filters, **_) -> pd.DataFrame:
        df, matched = self.filtered(filters)
        sel = self.read("program_selections.csv")
        sel = sel[sel["program"] == FOCUS_PROGRAM].copy()
        sel["fiscal_year"] = fiscal_years(sel["fiscal_year_label"])
        sel = sel.sort_values("fiscal_year")
        named = df.groupby("selected_fy")["status"].agg(
            supported_count=lambda s: int((s == "supported").sum()),
            ended_named_count=lambda s: int((s == "ended").sum()))
        matching = matched.groupby("selected_fy").size().rename("matching_count")
        out = sel[["fiscal_year", "fiscal_year_label", "selected_count"]].merge(
            named, left_on="fiscal_year", right_index=True, how="left").merge(
            matching, left_on="fiscal_year", right_index=True, how="left").fillna(0)
        out["cumulative_selected_count"] = out["selected_count"].cumsum()
        out["ended_count"] = out["selected_count"] - out["supported_count"]
        out["ended_unnamed_count"] = out["ended_count"] - out["ended_named_count"]
        return out.reset_index(drop=True)

    def prefectures_covered(self, filters: Filters, **_) -> pd.DataFrame:
        _, matched = self.filtered(filters)
        return pd.DataFrame({"pref_count": [matched["pref_code"].nunique()]})

    def prefecture_project_counts(self, filters: Filters, **_) -> pd.DataFrame:
        _, matched = self.filtered(filters)
        ref = self.read(REFERENCE)
        prefs = ref[ref["municipality_name"].isna()][["pref_code", "pref_name", "region"]]
        counts = matched.groupby("pref_code").size().rename("project_count")
        out = prefs.merge(counts, left_on="pref_code", right_index=True, how="left").fillna({"project_count": 0})
        out["project_count"] = out["project_count"].astype(int)
        return out.sort_values("pref_code").reset_index(drop=True)

    # -- generic baseline ---------------------------------------------------------------------------
    @staticmethod
    def _generic_plan(sql: str, filters: Filters, params: dict) -> tuple[Filters | None, tuple[str, ...]]:
        """(filters applied to projects, or None if the query reads no project table; other CSVs read)."""
        tables = {t.lower() for t in _TABLE_REF.findall(re.sub(r"--[^\n]*", "", sql))}
        uses_projects = bool(tables & {"projects", "project_areas", "filtered_projects", "projects_with_area_keys"})
        csvs = tuple(sorted({c for t in tables for c in TABLE_SOURCES.get(t, ())} - set(PROJECT_CSVS)))
        project_filters = (filters if "filtered_projects" in tables else Filters(statuses=())) if uses_projects else None
        return project_filters, csvs

    def generic_key(self, sql: str, filters: Filters, **params) -> tuple:
        """Equal keys mean the same naive work: the same project filtering (reading the two project CSVs dominates;
        the small reference CSVs take < 1 ms each) or, for queries without projects, the same CSVs."""
        project_filters, csvs = self._generic_plan(sql, filters, params)
        if project_filters is None:
            return ("generic", None, csvs, tuple(sorted(params.items())))
        return ("generic", project_filters, tuple(sorted(params.items())))

    def generic(self, sql: str, filters: Filters, **params) -> int:
        """Read every CSV the query's tables come from, filter projects / match extra params; row count."""
        project_filters, csvs = self._generic_plan(sql, filters, params)
        rows = 0
        if project_filters is not None:
            _, matched = self.filtered(project_filters)
            for name, value in params.items():
                if name in matched.columns:
                    matched = matched[matched[name] == value]
            rows += len(matched)
        for name in csvs:
            df = self.read(name)
            for param, value in params.items():
                if param in df.columns:
                    df = df[df[param].astype(str) == str(value)]
            rows += len(df)
        return rows


SPECIFIC: dict[str, str] = {  # query name -> NaiveSources method computing the same answer
    "project_match_count": "project_match_count",
    "technology_counts": "technology_counts",
    "selections_by_year": "selections_by_year",
    "prefectures_covered": "prefectures_covered",
    "prefecture_project_counts": "prefecture_project_counts",
}

# Columns compared between the naive answer and DuckDB's (same row order) on the real data.
COMPARE: dict[str, tuple[str, ...]] = {
    "project_match_count": ("matched_count", "total_count"),
    "technology_counts": ("technology", "project_count", "list_ends_with_more_count", "share_of_matching_pct"),
    "selections_by_year": ("fiscal_year", "selected_count", "cumulative_selected_count", "supported_count",
                           "ended_count", "ended_named_count", "ended_unnamed_count", "matching_count"),
    "prefectures_covered": ("pref_count",),
    "prefecture_project_counts": ("pref_code", "project_count"),
}


@dataclass(frozen=True)
class Baseline:
    kind: str                      # "same answer" | "generic"
    run: Callable[..., object]     # run(filters, **params)
    key: Callable[..., tuple]      # key(filters, **params): equal keys = identical work


def baseline(naive: NaiveSources, name: str, sql: str) -> Baseline:
    if name in SPECIFIC:
        method = getattr(naive, SPECIFIC[name])
        return Baseline("same answer", method,
                        lambda filters, **params: (name, filters, tuple(sorted(params.items()))))
    return Baseline("generic", lambda filters, **params: naive.generic(sql, filters, **params),
                    lambda filters, **params: naive.generic_key(sql, filters, **params))


def same_answer(name: str, naive_df: pd.DataFrame, duck_df: pd.DataFrame) -> bool | None:
    columns = COMPARE.get(name)
    if not columns or not isinstance(naive_df, pd.DataFrame):
        return None
    if len(naive_df) != len(duck_df):
        return False
    for c in columns:
        a, b = naive_df[c].reset_index(drop=True), duck_df[c].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            a, b = a.astype("float64").fillna(-1), b.astype("float64").fillna(-1)
            if not np.allclose(a, b, atol=0.051):  # rounding to 1 decimal: half-even vs half-away
                return False
        elif list(a.astype(str)) != list(b.astype(str)):
            return False
    return True
