"""Presenter mode: part of the URL (`presenter=1`), so a link opens straight onto the projector view.

Read from the URL once per browser session (like the filters), then the toggle is the truth and the URL
follows it. In presenter mode the sidebar is hidden, so the page offers its own way out.
"""
from __future__ import annotations

import streamlit as st

from . import i18n, theme

KEY = "f_present"
PARAM = "presenter"
_LOADED = "_presenter_loaded_from_url"


def _leave() -> None:
    st.session_state[KEY] = False


def render(lang: str = i18n.DEFAULT_LANG) -> bool:
    """Sidebar toggle, URL sync and the mode's CSS; returns whether presenter mode is on."""
    if not st.session_state.get(_LOADED):
        st.session_state[KEY] = st.query_params.get(PARAM) == "1"
        st.session_state[_LOADED] = True
    with st.sidebar:
        st.toggle(i18n.t("presenter.toggle", lang), key=KEY)
    on = bool(st.session_state.get(KEY))
    if on and st.query_params.get(PARAM) != "1":
        st.query_params[PARAM] = "1"
    elif not on and PARAM in st.query_params:
        del st.query_params[PARAM]
    theme.apply(on)
    if on:
        st.button(i18n.t("presenter.leave", lang), on_click=_leave, icon=":material/close_fullscreen:")
    return on
