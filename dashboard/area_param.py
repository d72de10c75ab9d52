"""The 自治体 page's own URL parameter, ?area=<code> (2-digit prefecture or 5-digit municipality code).

The sidebar manages only the filter parameters and leaves `area` alone; this module reads and writes it.
A value that names no area with projects is reported (shortened, markup neutralised) and ignored, never
raised: a link that was cut, edited or tampered with still opens the page.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

import streamlit as st

from .i18n import t as catalogue_t
from .url_state import shown

PARAM = "area"
WIDGET_KEY = "muni_area"
_SEEN = "_muni_area_seen_in_url"  # the URL value this session last acted on
_CODE = re.compile(r"^(?:\d{2}|\d{5})$")


@dataclass
class Parsed:
    area_code: str | None
    rejected: list[str] = field(default_factory=list)  # values naming no area with projects, as given
    extra: list[str] = field(default_factory=list)  # further valid values (only one area is shown)


def parse(values: list[str], known: Collection[str]) -> Parsed:
    """The first value that names a known area; the others are reported."""
    parsed = Parsed(None)
    for v in values:
        if not (_CODE.match(v) and v in known):
            parsed.rejected.append(v)
        elif parsed.area_code is None:
            parsed.area_code = v
        elif v != parsed.area_code:
            parsed.extra.append(v)
    return parsed


def notices(parsed: Parsed, t=catalogue_t) -> list[str]:
    """What the user is told about the URL's area values (each value shortened, markup neutralised)."""
    out = []
    joiner = t("page.municipality.url_joiner")
    if parsed.rejected:
        items = joiner.join(shown(v) for v in parsed.rejected[:5])
        more = t("page.municipality.url_more", count=len(parsed.rejected) - 5) if len(parsed.rejected) > 5 else ""
        out.append(t("page.municipality.url_rejected", items=items, more=more))
    if parsed.extra:
        out.append(t("page.municipality.url_extra", area=parsed.area_code,
                     items=joiner.join(shown(v) for v in parsed.extra[:5])))
    return out


def seed_from_url(known: Collection[str]) -> None:
    """Before the chooser is drawn: take the area from the URL when it is new to this session's page view.

    The URL is read when it changed since we last looked (a link, an edited address) or when the chooser has
    no state (the page was just opened: Streamlit drops a widget's state on pages it is not drawn on).
    """
    values = st.query_params.get_all(PARAM)
    current = values[0] if len(values) == 1 else (tuple(values) or None)
    if WIDGET_KEY in st.session_state and current == st.session_state.get(_SEEN):
        return
    parsed = parse(values, known)
    for text in notices(parsed):
        st.warning(text, icon=":material/warning:")
    st.session_state[WIDGET_KEY] = parsed.area_code
    st.session_state[_SEEN] = current


def write_to_url(area_code: str | None) -> None:
    """After the chooser: the address bar names what is shown (and drops a rejected value)."""
    if area_code is None:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get_all(PARAM) != [area_code]:
        st.query_params[PARAM] = area_code
    st.session_state[_SEEN] = area_code
