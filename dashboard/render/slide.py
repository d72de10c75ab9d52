"""Draw one panel as a projector slide: title, the panel's numbers/chart/text, and a footer naming the source.

The same Panel declaration as on the pages (dashboard/render/page.py), built in the "slide" size class
(chart text chart_style.FONT_PX["slide"]) and sized by theme.slide_css: slide title ≥ 48 px, headline
numbers ≥ 96 px at 1920×1080. The footer is on every slide: 出典 (document and page) with each document's
データ時点, the filters in words, slide n / m; a QR code opens the same view on the dashboard when a public
base URL is configured (dashboard/qr.py), and a note says how to set it when not.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from dashboard import data, decks, i18n, phone, qr, sidebar, theme, url_state
from dashboard.chart_style import sized
from dashboard.decks import Deck, Slide
from dashboard.panels import PANELS
from dashboard.panels.spec import Context, Output
from dashboard.safe_text import plain

from . import captions, page
from .shown import Shown, cached, frozen, kept_for

SIZE_CLASS = "slide"


def deck(ctx: Context, *, token: str | None, name: str) -> Deck:
    """The deck a /present link names: carried in the link (?d=<token>) or shipped (decks/<name>.toml); DeckError
    when it cannot be used. Parsed once per process for the same text, language and snapshots (its slides' filters
    are checked against them): every slide change re-ran the TOML parse and the checks, a tenth of a warm /present
    run (py-spy). The shipped file is read on every run, so an edited deck shows at once."""
    text = token if token else decks.path_of(name, ctx.lang).read_bytes()
    snapshot = data.snapshot_of(data.run)

    def parse() -> Deck:
        if token:
            return decks.decode(token, sidebar.vocabulary(), lang=ctx.lang, vocab_at=data.vocabulary_at)
        return decks.parse_deck(text, sidebar.vocabulary(), name=name, lang=ctx.lang, vocab_at=data.vocabulary_at)

    if snapshot is None:
        return parse()
    return cached(("deck", bool(token), name, text, ctx.lang, snapshot, data.listing_key()), parse)


def build(slide: Slide, ctx: Context) -> Output:
    """The panel's output in the slide size class (on a phone in the screen's: laid out for 26 px text, a slide's
    chart drawn in a 358 px column had its names take the whole width).

    Kept per process for the same slide inputs (panel, snapshot, filters, language, size class), its figure frozen
    as the pages' kept panels are (render/shown.py): a slide was built again on every run, a fifth of a warm
    /present run with its footer (py-spy)."""
    panel = PANELS[slide.panel_id]
    with sized(False if phone.is_phone() else SIZE_CLASS):  # context_key reads the size class: inside `sized`
        def make() -> Shown:
            out = captions.build(panel, ctx, "present")  # or that it has no data for the データ時点
            if out.figure is not None and out.keep:  # shared between sessions (when kept): never changed again
                out = replace(out, figure=frozen(out.figure))
            return Shown(out=out)

        return kept_for(ctx, ("slide", panel.id), make).out


def footer_lines(slide: Slide, ctx: Context, n: int, m: int) -> list[str]:
    """The footer as markdown lines: 出典 with データ時点; the filters in words (or that the panel ignores
    them) and slide n / m. Kept per process like the slide itself (the same words for the same inputs)."""
    return kept_for(ctx, ("slide_footer", slide.panel_id, n, m), lambda: _footer_lines(slide, ctx, n, m))


def _footer_lines(slide: Slide, ctx: Context, n: int, m: int) -> list[str]:
    panel = PANELS[slide.panel_id]
    conditions = plain(page.filter_summary(ctx))
    if panel.uses_filters or ctx.filters.is_default:
        condition_line = ctx.t("slide.conditions", conditions=conditions)
    else:
        condition_line = ctx.t("panel.filters_ignored", conditions=conditions)
    cited = page.source_line(panel.sources, ctx)  # '' when the データ時点 has none of the panel's documents
    return [line for line in (cited, condition_line + ctx.t("slide.separator") + ctx.t("slide.counter", n=n, m=m))
            if line]


def _body(panel_id: str, out: Output) -> None:
    if out.empty:
        st.warning(out.empty, icon=":material/warning:")
        return
    if out.notice:
        st.info(out.notice, icon=":material/info:")
    if out.metrics:
        per_row = theme.slide_metrics_per_row([metric.value for metric in out.metrics])
        for start in range(0, len(out.metrics), per_row):
            row = out.metrics[start:start + per_row]
            for column, metric in zip(st.columns(len(row)), row):
                column.metric(metric.label, metric.value)
    if out.figure is not None:
        phone.slide_chart(out, panel_id)  # as before; on a phone drawn as the page draws it there
    if out.deck is not None:
        st.pydeck_chart(out.deck, key=f"slide_{panel_id}", height=out.deck_height)
    for paragraph in out.paragraphs:
        st.markdown(paragraph)


def draw(slide: Slide, n: int, m: int, *, public_base: str | None = None,
         buttons: Callable[[], None] | None = None) -> Context:
    """Draw slide n of m (1-based) and return its context. `buttons` draws the slide's buttons under the footer's
    lines, beside the QR code: below the QR code's row they were under the fold at 1366x768 (and at 1920x1080 on
    the map and the longer charts), and the QR code's row had room for them."""
    panel = PANELS[slide.panel_id]
    ctx = page.context(slide.filters, slide.as_of)  # the slide's データ時点 when it carries one
    if slide.as_of and data.run_at(slide.as_of) is None:  # a date no usable snapshot has: the latest, said so
        as_ofs = data.snapshots().as_ofs
        st.warning(ctx.t("slide.as_of_missing", value=url_state.shown(slide.as_of), latest=as_ofs[0],
                         choices=i18n.t("url_state.joiner", ctx.lang).join(as_ofs)), icon=":material/warning:")
    out = build(slide, ctx)
    with st.container(key="slide_title"):
        st.markdown("# " + plain(ctx.t(panel.title_key)))
    with st.container(key="slide_body"):  # the full width: four headline numbers or a chart need all of it
        _body(panel.id, out)
    # One markdown block with hard line breaks: separate blocks overlap under the slide's tighter spacing.
    lines = footer_lines(slide, ctx, n, m) + ([] if public_base else [ctx.t("slide.qr_hidden")])
    if public_base:
        text, code = st.columns([6, 1], vertical_alignment="bottom")
        with code, st.container(key="slide_qr"):
            shown = str(ctx.period.get("as_of") or "")
            url = qr.view_url(public_base, slide.panel_id, slide.filters,
                              as_of=shown if shown and shown != data.latest_as_of() else None)
            image, modules = qr.screen_png(url)
            st.html(f"<style>{theme.qr_css(modules)}</style>")  # style only: takes no room
            st.image(image, width="content", caption=ctx.t("slide.qr_caption"), alt=ctx.t("slide.qr_alt", url=url))
        with text:
            with st.container(key="slide_footer"):
                st.markdown("  \n".join(lines))
            if buttons is not None:
                buttons()
    else:
        with st.container(key="slide_footer"):
            st.markdown("  \n".join(lines))
        if buttons is not None:
            buttons()
    return ctx
