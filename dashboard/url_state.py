"""Filters <-> URL query parameters, e.g. ?tech=自動運転&fy=2020&pref=27.

`tech` and the others are repeatable; `fy` is the Western start year; `pref` the 2-digit JIS code.
Values that are not valid are dropped and reported, never raised: a shared link that was cut,
edited or tampered with still opens.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .filters import DEFAULT_STATUSES, STATUSES, Filters

MAX_VALUE_CHARS = 60
FILTER_PARAMS = ("tech", "fy", "pref", "region", "status")
STATUS_ALL = "all"


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


def parse(params: dict[str, list[str]], vocab: Vocabulary) -> Parsed:
    """Filters from query parameters (each a list of strings, as Streamlit gives them)."""
    dropped: list[tuple[str, str]] = []
    techs = _names(params.get("tech", []), vocab.techs, "tech", dropped)
    fys = _ints(params.get("fy", []), vocab.fys, "fy", dropped)
    prefs = _ints(params.get("pref", []), vocab.prefs, "pref", dropped)
    regions = _names(params.get("region", []), vocab.regions, "region", dropped)
    statuses = DEFAULT_STATUSES
    status_values = params.get("status", [])
    if status_values:
        valid = [s for s in status_values if s in STATUSES or s == STATUS_ALL]
        dropped += [("status", s) for s in status_values if s not in valid]
        if STATUS_ALL in valid:
            statuses = ()
        elif valid:
            statuses = tuple(s for s in STATUSES if s in valid)
    return Parsed(Filters(techs=techs, fys=fys, prefs=prefs, regions=regions, statuses=statuses), dropped)


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


_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|$~:")


def markdown_escape(text: str) -> str:
    """Text shown through st.markdown exactly as written (no accidental emphasis, links or HTML)."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in str(text))


def shown(value: str) -> str:
    """A dropped value as it may be shown to the user: shortened, with markup characters neutralised."""
    text = value if len(value) <= MAX_VALUE_CHARS else value[:MAX_VALUE_CHARS] + f"…（{len(value)}文字）"
    return markdown_escape(text)
