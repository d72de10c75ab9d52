"""The deck being built in this browser session: 「スライドに追加」 in every panel's menu, and its state.

The slides live in st.session_state (one list per session, never shared); the 「スライド」 page
(pages/slides_page.py) reorders, removes, saves and opens them, and /present?deck=built shows them.
"""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.decks import Deck, Slide
from dashboard.panels import PANELS
from dashboard.panels.spec import Context, Panel

KEY = "_deck_in_progress"  # list[Slide]
TITLE_KEY = "deck_title"  # the title input on the slides page
BUILT = "built"  # /present?deck=built shows this session's deck


def slides() -> list[Slide]:
    return st.session_state.setdefault(KEY, [])


def replace(deck: Deck) -> None:
    """Make `deck` the deck in progress (opened from a file)."""
    st.session_state[KEY] = list(deck.slides)
    st.session_state[TITLE_KEY] = deck.title


def built(ctx: Context) -> Deck:
    title = st.session_state.get(TITLE_KEY) or ctx.t("page.slides.title_default")
    return Deck(title, tuple(slides()))


def _add(panel_id: str, ctx: Context) -> None:
    """The panel with the filters on screen, and the データ時点 shown when it is not the latest (so the slide shows
    the same data when presented, whatever date the presenter's session shows)."""
    shown = str(ctx.period.get("as_of") or "")
    slides().append(Slide(panel_id, ctx.filters, as_of=shown if shown and shown != data.latest_as_of() else None))
    st.toast(ctx.t("page.slides.added", count=len(slides())), icon=":material/slideshow:")


def can_add(panel: Panel) -> bool:
    """Whether a deck can hold `panel`: panels bound to one object (a municipality's project) have ids no deck can
    name."""
    return panel.id in PANELS


def add_button(panel: Panel, ctx: Context, where) -> None:
    """A 「スライドに追加」 button in `where` (the panel's menu, export_buttons.panel): the panel with the filters now
    on screen goes to the deck in progress."""
    if not can_add(panel):
        return
    where.button(ctx.t("page.slides.add"), key=f"add_slide_{panel.id}", on_click=_add, args=(panel.id, ctx),
                 icon=":material/add_to_queue:", help=ctx.t("page.slides.add_help"), width="stretch")


def move(index: int, step: int) -> None:
    items = slides()
    j = index + step
    if 0 <= index < len(items) and 0 <= j < len(items):
        items[index], items[j] = items[j], items[index]


def remove(index: int) -> None:
    items = slides()
    if 0 <= index < len(items):
        del items[index]


def clear() -> None:
    st.session_state[KEY] = []
