"""A menu under every panel (「PNG」「PPTX」 downloads and 「スライドに追加」) and 「PPTX」「PDF」 for a deck, made only
when clicked.

st.download_button with a callable: Streamlit calls it when the button is pressed, so a page run never
renders a picture or builds a file (exports take seconds; a page run must not). A failure is a sentence,
never a traceback.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import data
from dashboard.panels.spec import Context, Panel

from . import deck_builder
from .captions import as_of

MIME = {"png": "image/png",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}


def _lazy(make: Callable[[], bytes]) -> Callable[[], bytes]:
    def build() -> bytes:
        return make()
    return build


def panel(panel: Panel, ctx: Context, stamp: str | None = None) -> None:
    """A menu for `panel` as it is shown (same filters and language): 「スライドに追加」 (deck_builder.add_button; for
    panels a deck can name) and PNG, PPTX downloads. `stamp` is the latest データ時点 of its cited documents
    (captions.as_of) when the caller has it already."""
    from dashboard import export  # late: the renderers load kaleido and python-pptx only when used

    # One menu per panel whose buttons are sent only while it is open (a popover that reruns when opened): every
    # element costs the server CPU on each page run. Two download buttons in a row were three of a panel's ~12
    # elements; 「スライドに追加」 beside the menu was one more per panel: /program with it in the menu took 23.1 ms of
    # CPU per warm run against 25.5 with it beside (6 alternated rounds of 40 runs, two servers, busy machine).
    slides = deck_builder.can_add(panel)
    menu = st.popover(ctx.t("export.menu_slides" if slides else "export.menu"), icon=":material/download:",
                      help=ctx.t("export.menu_slides_help" if slides else "export.menu_help"),
                      key=f"{panel.id}_export", on_change="rerun")
    if not menu.open:
        return
    if slides:
        deck_builder.add_button(panel, ctx, menu)
    stamp = stamp or as_of(panel.sources, ctx)
    for fmt in ("png", "pptx"):
        menu.download_button(
            ctx.t(f"export.{fmt}"), data=_lazy(lambda fmt=fmt: export.panel_bytes(panel, ctx, fmt)),
            file_name=f"{panel.id}_{stamp}.{fmt}", mime=MIME[fmt], key=f"{panel.id}_export_{fmt}",
            icon=":material/download:", help=ctx.t(f"export.download_{fmt}"), on_click="ignore")


def deck(deck, ctx: Context) -> None:
    """PPTX and PDF downloads of a deck (decks.Deck) in the language of `ctx`."""
    from dashboard import export

    if not deck.slides:
        return
    # A slide's データ時点 is read from its own snapshot (a date no usable snapshot has: the latest, as on /present).
    slides = lambda: export.deck_slides(  # noqa: E731 — built on click only
        deck, data.run, ctx.lang, run_at=lambda as_of: data.run_at(as_of) or data.run_at(data.latest_as_of()))
    stem = deck.name or "deck"
    stamp = as_of(tuple(ref for s in deck.slides for ref in _panel_sources(s.panel_id)), ctx)
    row = st.container(horizontal=True)
    for fmt in ("pptx", "pdf"):
        row.download_button(
            ctx.t(f"export.{fmt}"),
            data=_lazy(lambda fmt=fmt: export.deck_bytes(slides(), fmt)),
            file_name=f"{stem}_{stamp}.{fmt}", mime=MIME[fmt], key=f"deck_export_{fmt}",
            icon=":material/download:", help=ctx.t(f"export.download_{fmt}"), on_click="ignore")


def _panel_sources(panel_id: str):
    from dashboard.panels import PANELS
    return PANELS[panel_id].sources
