"""スライド: the deck built with 「スライドに追加」 — reorder, remove, save as TOML, open from a file, present."""
import streamlit as st

from dashboard import data, decks, sidebar
from dashboard.page_registry import by_path
from dashboard.panels import PANELS
from dashboard.render import deck_builder, export_buttons, page
from dashboard.safe_text import plain

PRESENT = by_path("present").file
_TITLE_INPUT = "_deck_title_input"  # the widget's key; the title itself is kept under deck_builder.TITLE_KEY
_UPLOADED = "_deck_uploaded_file_id"

ctx = page.context(st.session_state["filters"])
st.title(ctx.t("nav.slides"))
st.caption(ctx.t("page.slides.lead"))


def _keep_title() -> None:
    st.session_state[deck_builder.TITLE_KEY] = st.session_state[_TITLE_INPUT]


def _open(uploaded) -> None:
    """Replace the deck in progress by an uploaded file; a bad file changes nothing and says why."""
    if st.session_state.get(_UPLOADED) == uploaded.file_id:
        return  # the uploader keeps its file across reruns; open it once
    st.session_state[_UPLOADED] = uploaded.file_id
    try:
        if uploaded.size > decks.MAX_BYTES:
            raise decks.DeckError(ctx.t("deck.too_large", limit=decks.MAX_BYTES // 1024))
        deck = decks.parse_deck(uploaded.getvalue(), sidebar.vocabulary(), lang=ctx.lang, vocab_at=data.vocabulary_at)
    except decks.DeckError as e:
        st.error(ctx.t("page.slides.upload_error", message=e), icon=":material/block:")
        return
    deck_builder.replace(deck)
    st.success(ctx.t("page.slides.upload_done", title=plain(deck.title), count=len(deck.slides)),
               icon=":material/check:")


uploaded = st.file_uploader(ctx.t("page.slides.upload"), type=["toml"], key="deck_upload")
st.caption(ctx.t("page.slides.upload_help", limit=decks.MAX_BYTES // 1024))  # the file and its limit (theme: uploader)
if uploaded is not None:
    _open(uploaded)

deck = deck_builder.built(ctx)
st.session_state[_TITLE_INPUT] = deck.title
st.text_input(ctx.t("page.slides.title_label"), key=_TITLE_INPUT, on_change=_keep_title, max_chars=200)

st.subheader(ctx.t("page.slides.built_heading", count=len(deck.slides)))
if not deck.slides:
    st.info(ctx.t("page.slides.none"), icon=":material/info:")
for i, item in enumerate(deck.slides):
    text, up, down, remove = st.columns([6, 2, 2, 2], vertical_alignment="center")
    conditions = page.filter_summary(page.context(item.filters, item.as_of))
    text.markdown(ctx.t("page.slides.item_as_of" if item.as_of else "page.slides.item", n=i + 1,
                        title=plain(ctx.t(PANELS[item.panel_id].title_key)), conditions=plain(conditions),
                        as_of=plain(item.as_of or "")))
    up.button(ctx.t("page.slides.up"), key=f"deck_up_{i}", on_click=deck_builder.move, args=(i, -1), disabled=i == 0,
              icon=":material/arrow_upward:")
    down.button(ctx.t("page.slides.down"), key=f"deck_down_{i}", on_click=deck_builder.move, args=(i, 1),
                disabled=i == len(deck.slides) - 1, icon=":material/arrow_downward:")
    remove.button(ctx.t("page.slides.remove"), key=f"deck_remove_{i}", on_click=deck_builder.remove, args=(i,),
                  icon=":material/delete:")

if deck.slides:
    with st.container(horizontal=True):
        st.page_link(PRESENT, label=ctx.t("page.slides.present"), icon=":material/co_present:",
                     query_params={"deck": deck_builder.BUILT, "slide": "1"})
        st.download_button(ctx.t("page.slides.download"), data=decks.to_toml(deck).encode("utf-8"),
                           file_name="slides.toml", mime="application/toml", icon=":material/download:")
        st.button(ctx.t("page.slides.clear"), on_click=deck_builder.clear, icon=":material/delete_sweep:")
    st.caption(ctx.t("page.slides.link", link=f"`/present?d={decks.encode(deck)}`"))
    export_buttons.deck(deck, ctx)  # PPTX / PDF of the deck, made on click

st.subheader(ctx.t("page.slides.shipped_heading"))
for name in decks.deck_names():
    try:
        shipped = decks.load_deck(name, sidebar.vocabulary(), lang=ctx.lang, vocab_at=data.vocabulary_at)
    except decks.DeckError as e:
        st.error(ctx.t("present.deck_error", message=e), icon=":material/block:")
        continue
    # A page link, not a markdown link: page text never carries link syntax (tests/test_url_fuzz.py).
    st.page_link(PRESENT, label=f"{shipped.title_in(ctx.lang)} ({len(shipped.slides)})", icon=":material/slideshow:",
                 query_params={"deck": name})
