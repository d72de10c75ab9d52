"""The sidebar filters: one state for all pages, seeded from the URL and written back to it.

The widgets keep their values in st.session_state under fixed keys. The URL is read once per
browser session (so a shared link opens its view) and rewritten after every run (so the address
bar always reproduces what is on screen).
"""
from __future__ import annotations

import streamlit as st

from pipeline import fiscal_year

from . import data, url_state
from .filters import Filters

KEYS = {"techs": "f_tech", "fys": "f_fy", "prefs": "f_pref", "regions": "f_region", "statuses": "f_status"}
STATUS_CHOICES = {"支援中": ("supported",), "支援終了": ("ended",), "すべて": ()}
_LOADED = "_filters_loaded_from_url"
_DROPPED = "_filters_dropped_from_url"


def vocabulary() -> url_state.Vocabulary:
    prefs = data.run("prefecture_options")
    return url_state.Vocabulary(
        techs=tuple(data.run("technology_options")["technology"]),
        fys=tuple(int(y) for y in data.run("selection_year_options")["fiscal_year"]),
        prefs=tuple(int(p) for p in prefs["pref_code"]),
        regions=tuple(dict.fromkeys(prefs["region"])),
    )


def _status_label(statuses: tuple[str, ...]) -> str:
    """The radio choice showing `statuses`; a set the radio has no choice for (url_state.parse never yields
    one, but a crash here blanks every page) shows everything rather than failing."""
    return next((label for label, value in STATUS_CHOICES.items() if value == statuses), "すべて")


def _seed(filters: Filters) -> None:
    st.session_state[KEYS["techs"]] = list(filters.techs)
    st.session_state[KEYS["fys"]] = list(filters.fys)
    st.session_state[KEYS["prefs"]] = list(filters.prefs)
    st.session_state[KEYS["regions"]] = list(filters.regions)
    st.session_state[KEYS["statuses"]] = _status_label(filters.statuses)


def _reset() -> None:
    _seed(Filters())


def _load_url_once(vocab: url_state.Vocabulary) -> None:
    if st.session_state.get(_LOADED):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    parsed = url_state.parse(params, vocab)
    _seed(parsed.filters)
    st.session_state[_DROPPED] = parsed.dropped
    st.session_state[_LOADED] = True


def render() -> Filters:
    """Draw the filters in the sidebar and return the current state."""
    vocab = vocabulary()
    _load_url_once(vocab)
    prefs = data.run("prefecture_options").set_index("pref_code")
    with st.sidebar:
        st.markdown("### 絞り込み")
        techs = st.multiselect("活用技術（いずれかを含む）", vocab.techs, key=KEYS["techs"], placeholder="すべての技術")
        fys = st.multiselect("採択年度", vocab.fys, key=KEYS["fys"], format_func=fiscal_year.display,
                             placeholder="すべての年度")
        regions = st.multiselect("地方", vocab.regions, key=KEYS["regions"], placeholder="すべての地方")
        prefs_chosen = st.multiselect("都道府県", vocab.prefs, key=KEYS["prefs"], placeholder="すべての都道府県",
                                      format_func=lambda c: f"{prefs.at[c, 'pref_name']}（{c:02d}）")
        status = st.radio("支援状況", list(STATUS_CHOICES), key=KEYS["statuses"], horizontal=True,
                          help="支援中: R4年度に支援中の45事業。支援終了: R3年度末までに終了した8事業のうち名称が公表されている5事業。")
        st.button("条件をクリア", on_click=_reset, width="stretch")
    filters = Filters(techs=tuple(techs), fys=tuple(sorted(fys)), prefs=tuple(sorted(prefs_chosen)),
                      regions=tuple(r for r in vocab.regions if r in regions), statuses=STATUS_CHOICES[status])
    _write_url(filters)
    return filters


def _write_url(filters: Filters) -> None:
    """Rewrite only the filter parameters; pages may keep their own (e.g. a chosen municipality)."""
    wanted = url_state.to_params(filters)
    for name in url_state.FILTER_PARAMS:
        current = st.query_params.get_all(name)
        if name in wanted and current != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and current:
            del st.query_params[name]


def dropped_notice() -> None:
    """Tell the user which URL values were ignored (once, on the page the link opened)."""
    dropped = st.session_state.pop(_DROPPED, None)
    if dropped:
        items = "、".join(f"{name}={url_state.shown(value)}" for name, value in dropped[:8])
        more = f" ほか{len(dropped) - 8}件" if len(dropped) > 8 else ""
        st.warning(f"URL の条件のうち、認識できない値を無視しました: {items}{more}", icon=":material/warning:")
