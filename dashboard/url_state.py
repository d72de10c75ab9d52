"""Filters <-> URL query parameters, e.g. ?tech=自動運転&fy=2020&pref=27.

`tech` and the others are repeatable; `fy` is the Western start year; `pref` the 2-digit JIS code.
Values that are not valid are dropped and reported, never raised: a shared link that was cut,
edited or tampered with still opens. Repeats are merged and conflicting statuses normalised, so any
combination lands on a state the sidebar can show. Values quoted back to the user go through `shown`
(a code span: markdown never turns it into a link, HTML or formatting).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import i18n
from .filters import DEFAULT_STATUSES, STATUSES, Filters
from .safe_text import code_span, plain

MAX_VALUE_CHARS = 60
FILTER_PARAMS = ("tech", "fy", "pref", "region", "status")
STATUS_ALL = "all"
AS_OF_PARAM = "asof"  # the データ時点: the as-of date (YYYY-MM-DD) of the snapshot shown


@dataclass(frozen=True)
class Vocabulary:
    """What the URL may name; taken from the snapshot."""
    techs: tuple[str, ...]
    fys: tuple[int, ...]
    prefs: tuple[int, ...]
    regions: tuple[str, ...]


@dataclass
class Parsed:
    filters: Filters
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (parameter, value as given)


def _ints(values: list[str], allowed: tuple[int, ...], name: str, dropped: list) -> tuple[int, ...]:
    out = []
    for v in values:
        if v.isascii() and v.isdigit() and len(v) <= 4 and int(v) in allowed:
            if int(v) not in out:
                out.append(int(v))
        else:
            dropped.append((name, v))
    return tuple(sorted(out))


def _names(values: list[str], allowed: tuple[str, ...], name: str, dropped: list) -> tuple[str, ...]:
    out = []
    for v in values:
        if v in allowed:
            if v not in out:
                out.append(v)
        else:
            dropped.append((name, v))
    return tuple(sorted(out, key=allowed.index))


def _statuses(values: list[str], dropped: list) -> tuple[str, ...]:
    """The status filter from `status` values: repeats are merged, unknown values dropped, and every
    combination lands on one of the sidebar's three choices (supported / ended / all).

    'supported' and 'ended' together mean the same as 'all' and become it silently; 'all' together with a
    single status is a conflict: 'all' wins (it shows the most) and the other value is reported as dropped.
    """
    valid = []
    for v in values:
        if v in STATUSES or v == STATUS_ALL:
            if v not in valid:
                valid.append(v)
        else:
            dropped.append(("status", v))
    if not valid:
        return DEFAULT_STATUSES
    named = [s for s in STATUSES if s in valid]
    if named == list(STATUSES):  # every status named: the same as 'all' (with or without 'all')
        return ()
    if STATUS_ALL in valid:
        dropped += [("status", s) for s in named]  # 'all' and one status: 'all' wins
        return ()
    return tuple(named)


def parse(params: dict[str, list[str]], vocab: Vocabulary) -> Parsed:
    """Filters from query parameters (each a list of strings, as Streamlit gives them)."""
    dropped: list[tuple[str, str]] = []
    techs = _names(params.get("tech", []), vocab.techs, "tech", dropped)
    fys = _ints(params.get("fy", []), vocab.fys, "fy", dropped)
    prefs = _ints(params.get("pref", []), vocab.prefs, "pref", dropped)
    regions = _names(params.get("region", []), vocab.regions, "region", dropped)
    statuses = _statuses(params.get("status", []), dropped)
    return Parsed(Filters(techs=techs, fys=fys, prefs=prefs, regions=regions, statuses=statuses), dropped)


def parse_as_of(params: dict[str, list[str]], as_ofs: tuple[str, ...]) -> tuple[str | None, list[tuple[str, str]]]:
    """The snapshot date the URL asks for (`asof=2018-11-16`) and the values dropped.

    A value that is not the as-of date of a usable snapshot (malformed, unknown, in the future, a folder that is
    not usable) is dropped and reported, and the default (the newest snapshot) is shown. Of several values the
    first usable one is kept and the others are reported."""
    chosen, dropped = None, []
    for v in params.get(AS_OF_PARAM, []):
        if chosen is None and v in as_ofs:
            chosen = v
        elif v != chosen:
            dropped.append((AS_OF_PARAM, v))
    return chosen, dropped


def as_of_params(as_of: str, latest: str) -> dict[str, list[str]]:
    """The URL parameter of the shown snapshot; the newest is the default and is left out."""
    return {} if as_of == latest else {AS_OF_PARAM: [as_of]}


def to_params(filters: Filters) -> dict[str, list[str]]:
    """The canonical query parameters of `filters` (defaults are left out, so the plain URL is the default view)."""
    params: dict[str, list[str]] = {}
    if filters.techs:
        params["tech"] = list(filters.techs)
    if filters.fys:
        params["fy"] = [str(y) for y in filters.fys]
    if filters.prefs:
        params["pref"] = [f"{p:02d}" for p in filters.prefs]
    if filters.regions:
        params["region"] = list(filters.regions)
    if filters.statuses != DEFAULT_STATUSES:
        params["status"] = list(filters.statuses) or [STATUS_ALL]
    return params


def markdown_escape(text: str) -> str:
    """Text shown through st.markdown exactly as written (kept for callers; see safe_text.plain)."""
    return plain(text)


EMPTY_VALUE = i18n.t("url_state.empty")


def shown(value: str) -> str:
    """A URL value as it may be shown to the user inside markdown: shortened, as a code span that markdown
    cannot turn into a link, HTML or formatting, control characters as visible escapes."""
    if value == "":
        return EMPTY_VALUE
    if len(value) <= MAX_VALUE_CHARS:
        return code_span(value)
    return code_span(value[:MAX_VALUE_CHARS]) + i18n.t("url_state.shortened", length=len(value))
