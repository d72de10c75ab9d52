"""The UI language: part of the URL (`lang=en`), so a shared link opens in the language it was sent in.

Read from the URL once per browser session (like presenter=1 and the filters), then the sidebar toggle
is the truth and the URL follows it. Japanese is the default and is not written into the URL.
"""
from __future__ import annotations

from functools import lru_cache

import streamlit as st

from . import i18n

KEY = "f_lang"
PARAM = "lang"
_LOADED = "_lang_loaded_from_url"


def _name(lang: str) -> str:
    """Each language named in itself (日本語 / English): the toggle's labels never change with the language."""
    return i18n.t("lang.name", lang)


def _from_session() -> str:
    return _BY_NAME().get(st.session_state.get(KEY), i18n.DEFAULT_LANG)


@lru_cache(maxsize=1)
def _BY_NAME() -> dict[str, str]:  # noqa: N802  (a constant made on first use: the catalogue loads lazily)
    """Language by its name in itself; i18n.current() asks on every catalogue lookup, many times a run."""
    return {_name(lang): lang for lang in i18n.LANGS}


def load() -> str:
    """Seed the language from the URL once per session and make it the catalogue's current language."""
    if not st.session_state.get(_LOADED):
        asked = st.query_params.get(PARAM)
        st.session_state[KEY] = _name(asked if asked in i18n.LANGS else i18n.DEFAULT_LANG)
        st.session_state[_LOADED] = True
    i18n.set_resolver(_from_session)
    return current()


def current() -> str:
    return i18n.current()


def render() -> str:
    """The toggle at the top of the sidebar (each language named in itself) and the URL kept in step."""
    with st.sidebar:
        # A segmented control (not a radio): one click, both names visible, and the page's own radios keep
        # their places (tests and readers find the status filter as the first radio).
        st.segmented_control(i18n.t("lang.label"), [_name(lang) for lang in i18n.LANGS], key=KEY, required=True,
                             label_visibility="collapsed")
    lang = current()
    if lang == i18n.DEFAULT_LANG:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != lang:
        st.query_params[PARAM] = lang
    return lang

