"""発表 (/present): one panel per slide, full screen. ?deck=<name> (decks/<name>.toml, default 「事業の概要」),
?d=<token> (a deck carried in the link) or ?deck=built (this session's 「スライド」), and &slide=n (1-based)."""
import streamlit as st

from dashboard import decks, qr, theme, url_state
from dashboard.page_registry import OVERVIEW, by_path
from dashboard.render import deck_builder, page, slide

ctx = page.context(st.session_state["filters"])
st.html(theme.slide_css())


def _deck() -> decks.Deck:
    name = st.query_params.get("deck") or decks.DEFAULT
    if name == deck_builder.BUILT and not st.query_params.get("d"):
        return deck_builder.built(ctx)
    return slide.deck(ctx, token=st.query_params.get("d"), name=name)


def _number(raw: str | None, m: int) -> tuple[int, bool]:
    """The slide to show and whether `raw` had to be corrected (missing means 1, silently)."""
    if raw is None:
        return 1, False
    if raw.isascii() and raw.isdigit() and len(raw) <= 6:
        n = int(raw)
        return (n, False) if 1 <= n <= m else (min(max(n, 1), m), True)
    return 1, True


def _go(n: int) -> None:
    st.query_params["slide"] = str(n)


try:
    deck = _deck()
except decks.DeckError as e:
    st.error(ctx.t("present.deck_error", message=e), icon=":material/block:")
    st.page_link(OVERVIEW.file, label=ctx.t("present.back"), icon=":material/arrow_back:")
    st.stop()
m = len(deck.slides)
if m == 0:  # only the deck in progress can be empty: files and links without slides are refused by decks.py
    st.info(ctx.t("present.empty_built"), icon=":material/info:")
    st.page_link(by_path("slides").file, label=ctx.t("present.slides_page"), icon=":material/slideshow:")
    st.stop()

raw = st.query_params.get("slide")
n, corrected = _number(raw, m)
if corrected:
    st.warning(ctx.t("present.clamped", given=url_state.shown(raw), m=m, n=n), icon=":material/warning:")
if raw != str(n):
    st.query_params["slide"] = str(n)  # the URL names the slide shown, so a reload stays on it


def _buttons() -> None:
    """The slide's buttons (slide.draw puts them under the footer's lines, beside the QR code)."""
    # What a clicker sends (PageDown/PageUp), the arrows, Space, Home and End; Streamlit's shortcuts ignore keys
    # typed into inputs. The PageDown/PageUp/Space buttons are hidden (theme.slide_css): the visible row suffices.
    with st.container(key="present_nav", horizontal=True, vertical_alignment="center"):
        st.button(ctx.t("present.first"), key="present_first", shortcut="Home", on_click=_go, args=(1,),
                  disabled=n == 1, icon=":material/first_page:")
        st.button(ctx.t("present.prev"), key="present_prev", shortcut="ArrowLeft", on_click=_go, args=(max(n - 1, 1),),
                  disabled=n == 1, icon=":material/chevron_left:")
        st.button(ctx.t("present.next"), key="present_next", shortcut="ArrowRight", on_click=_go, args=(min(n + 1, m),),
                  disabled=n == m, icon=":material/chevron_right:")
        st.button(ctx.t("present.last"), key="present_last", shortcut="End", on_click=_go, args=(m,),
                  disabled=n == m, icon=":material/last_page:")
        st.page_link(OVERVIEW.file, label=ctx.t("present.back"), icon=":material/close_fullscreen:")
    # Shown on a touch screen only (theme.slide_css), where the keys printed on the buttons are hidden.
    with st.container(key="present_touch_hint"):
        st.markdown(ctx.t("present.touch_hint"))
    with st.container(key="present_hidden_keys"):
        st.button(ctx.t("present.next_page"), key="present_pagedown", shortcut="PageDown", on_click=_go,
                  args=(min(n + 1, m),))
        st.button(ctx.t("present.next_space"), key="present_space", shortcut="Space", on_click=_go,
                  args=(min(n + 1, m),))
        st.button(ctx.t("present.prev_page"), key="present_pageup", shortcut="PageUp", on_click=_go,
                  args=(max(n - 1, 1),))


slide.draw(deck.slides[n - 1], n, m, public_base=qr.public_base(), buttons=_buttons)
