"""app.py's navigation: the st.Page of every page in page_registry, made once per language and copied for each run.

Why: st.Page resolves its script's path and checks the file on disk each time it is made (13 pages on every page
run), a tenth of a loaded server's CPU when a hall's phones open warm pages (py-spy, 100 sessions, --hall). A copy
is a new object (st.navigation marks the chosen copy runnable, so runs never share that state) with the same title,
icon, address and script. The titles are the language's, so the pages are kept per language.
"""
from __future__ import annotations

import copy
import threading

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from . import i18n, page_registry
from .page_registry import OVERVIEW

_MADE: dict[tuple, tuple] = {}  # (language, the main script's folder) -> the pages as st.Page made them
_LOCK = threading.Lock()


def _make(lang: str) -> tuple:
    pages = [st.Page(p.file, title=i18n.t(p.title_key, lang), icon=p.icon, url_path=p.url_path, default=p is OVERVIEW,
                     visibility="hidden" if p.hidden else "visible")
             for p in page_registry.PAGES]
    pages.append(st.Page(OVERVIEW.file, title=i18n.t(OVERVIEW.title_key, lang), icon=OVERVIEW.icon,
                         url_path=page_registry.OVERVIEW_ALIAS, visibility="hidden"))
    return tuple(pages)


def pages() -> list:
    """The navigation's pages in the session's language: fresh copies of the ones made for it."""
    lang = i18n.current()
    ctx = get_script_run_ctx()
    if ctx is None:  # outside a script run st.Page keeps no path: nothing to keep
        return list(_make(lang))
    key = (lang, str(ctx.pages_manager.main_script_parent))
    made = _MADE.get(key)
    if made is None:
        with _LOCK:
            made = _MADE.get(key) or _make(lang)
            _MADE[key] = made
    return [copy.copy(page) for page in made]


_RUNNING = "_page_running"  # the url_path of the page this run shows (set by app.py before the sidebar is drawn)


def begin(page) -> page_registry.PageSpec:
    """Note which page this run shows (the page st.navigation chose) and return its declaration."""
    spec = page_registry.of_url_path(page.url_path)
    st.session_state[_RUNNING] = spec.url_path
    return spec


def running() -> page_registry.PageSpec:
    """The declaration of the page this run shows (the overview outside a run of app.py)."""
    return page_registry.of_url_path(st.session_state.get(_RUNNING, OVERVIEW.url_path))
