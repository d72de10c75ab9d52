"""The sidebar filters: one state for all pages, seeded from the URL and written back to it.

The widgets keep their values in st.session_state under fixed keys. The URL is read once per
browser session (so a shared link opens its view) and rewritten after every run (so the address
bar always reproduces what is on screen).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import streamlit as st

from . import data, formats, i18n, url_state
from .filters import Filters
from .period import in_language, wording
from .render.page import context, period_facts
from .render.shown import cached, filters_in_words
from .safe_text import plain

KEYS = {"techs": "f_tech", "fys": "f_fy", "prefs": "f_pref", "regions": "f_region", "statuses": "f_status"}
AS_OF_KEY = "f_asof"  # the データ時点 selector: the as-of date of the snapshot shown
# The status radio's choices: label (catalogue [status] and sidebar.status_all) -> statuses. The labels are the
# radio's values (tests and the session state use them), in the UI language: a language switch maps the
# stored label to the same choice in the new language (_keep_status).
_STATUS_KEYS = (("status.supported", ("supported",)), ("status.ended", ("ended",)), ("sidebar.status_all", ()))


def status_choices(lang: str | None = None) -> dict[str, tuple[str, ...]]:
    return {i18n.t(key, lang): statuses for key, statuses in _STATUS_KEYS}


STATUS_CHOICES = status_choices(i18n.DEFAULT_LANG)
ALL_LABEL = i18n.t("sidebar.status_all", i18n.DEFAULT_LANG)
_LOADED = "_filters_loaded_from_url"
_DROPPED = "_filters_dropped_from_url"
_AS_OF_LOADED = "_asof_loaded_from_url"
_AS_OF_DROPPED = "_asof_dropped_from_url"


def vocabulary() -> url_state.Vocabulary:
    """What the filters and decks may name in the snapshot shown (decks.vocabulary of its queries), made once per
    process per snapshot: /present and /slides asked for it on every run (four query results unpickled, a tenth of
    a warm /present run, py-spy)."""
    from .decks import vocabulary as of_queries  # decks imports nothing of the sidebar; late to keep import order

    snapshot = data.snapshot_of(data.run)
    if snapshot is None:
        return of_queries(data.run)
    return cached(("vocabulary", snapshot), lambda: of_queries(data.run))


def status_counts() -> dict[str, object]:
    """The period facts plus the projects the status filter can name: ended_named (ended projects with a
    published name), all_named (every named project) and ended_unnamed (ended projects without a name)."""
    period = in_language(period_facts(data.run), i18n.current())
    named = {key: int(data.run("project_match_count", Filters(statuses=statuses)).iloc[0]["total_count"])
             for key, statuses in (("ended_named", ("ended",)), ("all_named", ()))}
    unnamed = int(period["ended_total"]) - named["ended_named"] if "ended_total" in period else 0
    return {**period, **named, "ended_unnamed": unnamed}


def _status_label(statuses: tuple[str, ...]) -> str:
    """The radio choice showing `statuses`; a set the radio has no choice for (url_state.parse never yields
    one, but a crash here blanks every page) shows everything rather than failing."""
    choices = status_choices()
    return next((label for label, value in choices.items() if value == statuses), next(iter(reversed(choices))))


def _keep_status() -> None:
    """After a language switch the stored label is in the other language: show the same choice in this one."""
    stored = st.session_state.get(KEYS["statuses"])
    if stored in status_choices():
        return
    for lang in i18n.LANGS:
        if stored in (choices := status_choices(lang)):
            st.session_state[KEYS["statuses"]] = _status_label(choices[stored])
            return


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


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def choose_snapshot() -> str:
    """Pick this run's snapshot before any query: the selector's date, seeded once per session from the URL's
    `asof` (a value that is no usable snapshot's date is reported and the newest is shown)."""
    listing = data.snapshots()
    if not st.session_state.get(_AS_OF_LOADED):
        asked, dropped = url_state.parse_as_of(_url_params(), listing.as_ofs)
        st.session_state[AS_OF_KEY] = asked or listing.as_ofs[0]
        st.session_state[_AS_OF_DROPPED] = dropped
        st.session_state[_AS_OF_LOADED] = True
    shown = data.choose(st.session_state.get(AS_OF_KEY))
    st.session_state[AS_OF_KEY] = shown  # a snapshot gone since (or never usable) falls back to the newest
    return shown


def _keep_valid(vocab: url_state.Vocabulary) -> None:
    """After the データ時点 changes, drop chosen filter values the shown snapshot does not have (e.g. a year
    selected later than it): a multiselect cannot show a value outside its options."""
    for key, allowed in ((KEYS["techs"], vocab.techs), (KEYS["fys"], vocab.fys), (KEYS["prefs"], vocab.prefs),
                         (KEYS["regions"], vocab.regions)):
        chosen = st.session_state.get(key)
        if chosen and any(v not in allowed for v in chosen):
            st.session_state[key] = [v for v in chosen if v in allowed]


def _as_of_label(as_of: str, latest: str, lang: str) -> str:
    """A データ時点 as the selector shows it, in the run's language (bound when drawn: AppTest formats the
    options again outside the session)."""
    day = formats.date(dt.date.fromisoformat(as_of), lang)
    return i18n.t("sidebar.as_of_latest", lang, date=day) if as_of == latest else day


@dataclass(frozen=True)
class _Labels:
    """What the sidebar shows for one snapshot and language, as plain values: a page run looks labels up in dicts
    instead of formatting every option again (format_func runs for every option on every run: with 47
    prefectures and the status captions it was a quarter of a warm page run's CPU, py-spy)."""
    vocab: url_state.Vocabulary
    techs: dict[str, str]
    fys: dict[int, str]
    regions: dict[str, str]
    prefs: dict[int, str]
    captions: tuple[str, ...]
    status_help: str


def _make_labels(lang: str) -> _Labels:
    vocab = vocabulary()
    prefs = data.run("prefecture_options").set_index("pref_code")
    tech_names = data.run("technology_options").set_index("technology")["technology_en"]
    counts = status_counts()
    t = i18n.t
    return _Labels(
        vocab=vocab,
        techs={v: str(tech_names.get(v) or v) if lang == "en" else v for v in vocab.techs},
        fys={y: formats.fy(y) for y in vocab.fys},
        regions={r: region_name(r) for r in vocab.regions},
        prefs={c: t("sidebar.pref_option", name=pref_name(prefs.loc[c]), code=f"{c:02d}") for c in vocab.prefs},
        captions=tuple(t(wording(f"sidebar.caption_{k}", counts), **counts) for k in ("supported", "ended", "all")),
        status_help=t(wording("sidebar.status_help", counts), **counts))


def _labels() -> _Labels:
    """The labels of the session's snapshot in its language, made once per process (shared and never changed)."""
    lang = i18n.current()
    return cached(("sidebar", data.snapshot_of(data.run), data.listing_key(), lang), lambda: _make_labels(lang))


def _keep_chosen() -> None:
    """On a page without filter widgets, keep what the widgets held: Streamlit deletes the value of a widget a run
    does not draw, and a value set by the script survives (Streamlit's documented way to keep widget state across
    pages). The filters then come back as they were on the next filtered page."""
    for key in KEYS.values():
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _chosen(vocab: url_state.Vocabulary, choices: dict[str, tuple[str, ...]]) -> Filters:
    """The filters the widgets hold: drawn this run, or kept from the last run that drew them (_keep_chosen)."""
    state = st.session_state
    return Filters(techs=tuple(state.get(KEYS["techs"]) or ()), fys=tuple(sorted(state.get(KEYS["fys"]) or ())),
                   prefs=tuple(sorted(state.get(KEYS["prefs"]) or ())),
                   regions=tuple(r for r in vocab.regions if r in (state.get(KEYS["regions"]) or ())),
                   statuses=choices.get(state.get(KEYS["statuses"]), choices[next(reversed(choices))]))


def render(filtered: bool = True) -> Filters:
    """Draw the データ時点 selector and the filters in the sidebar and return the current state. On a page whose
    numbers do not follow the filters (`filtered` False, page_registry) only a note and the conditions kept for the
    other pages are shown."""
    as_of = choose_snapshot()
    labels = _labels()
    vocab = labels.vocab
    _load_url_once(vocab)
    _keep_valid(vocab)
    _keep_status()
    choices = status_choices()
    t = i18n.t
    as_ofs = data.snapshots().as_ofs
    with st.sidebar:
        st.selectbox(t("sidebar.as_of"), as_ofs, key=AS_OF_KEY, help=t("sidebar.as_of_help"),
                     format_func=partial(_as_of_label, latest=as_ofs[0], lang=i18n.current()))
        st.markdown("### " + t("sidebar.heading"))
        if not filtered:
            _keep_chosen()
            filters = _chosen(vocab, choices)
            st.caption(t("sidebar.not_filtered"))
            if filters != Filters():
                st.caption(t("sidebar.kept", conditions=plain(filters_in_words(context(filters)))))
            _write_url(filters, as_of, as_ofs[0])
            return filters
        st.multiselect(t("sidebar.tech"), vocab.techs, key=KEYS["techs"], placeholder=t("sidebar.tech_placeholder"),
                       format_func=partial(_label, labels.techs))
        st.multiselect(t("sidebar.fy"), vocab.fys, key=KEYS["fys"], format_func=partial(_label, labels.fys),
                       placeholder=t("sidebar.fy_placeholder"))
        st.multiselect(t("sidebar.region"), vocab.regions, key=KEYS["regions"],
                       format_func=partial(_label, labels.regions),
                       placeholder=t("sidebar.region_placeholder"))
        st.multiselect(t("sidebar.pref"), vocab.prefs, key=KEYS["prefs"],
                       placeholder=t("sidebar.pref_placeholder"), format_func=partial(_label, labels.prefs))
        # The captions say on the sidebar itself what 「すべて」 counts: the ended projects without a published
        # name are in no list, so 「すべて」 is the named projects only (the header's x / y says the same count).
        st.radio(t("sidebar.status"), list(choices), key=KEYS["statuses"], captions=list(labels.captions),
                 help=labels.status_help)
        st.button(t("sidebar.clear"), on_click=_reset, width="stretch")
    filters = _chosen(vocab, choices)  # a keyed widget's value is in st.session_state under its key
    _write_url(filters, as_of, as_ofs[0])
    return filters


def _label(labels: dict, value) -> str:
    """An option's label; a value the dict lacks (a stale session value) shows as itself rather than failing."""
    return labels.get(value, str(value))


def region_name(region: str) -> str:
    """A region in the UI language (the catalogue's [names.region]; the published name when it has none)."""
    key = f"names.region.{region}"
    return i18n.t(key) if i18n.has(key) else region


def pref_name(row) -> str:
    """A prefecture's name in the UI language: its official English name with lang=en."""
    return str(row["pref_name_en"]) if i18n.current() == "en" else str(row["pref_name"])


def _write_url(filters: Filters, as_of: str, latest: str) -> None:
    """Rewrite only the filter parameters and the データ時点; pages may keep their own (e.g. a chosen municipality)."""
    wanted = {**url_state.to_params(filters), **url_state.as_of_params(as_of, latest)}
    for name in (*url_state.FILTER_PARAMS, url_state.AS_OF_PARAM):
        current = st.query_params.get_all(name)
        if name in wanted and current != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and current:
            del st.query_params[name]


def dropped_notice() -> None:
    """Tell the user which URL values were ignored (once, on the page the link opened)."""
    for _, value in st.session_state.pop(_AS_OF_DROPPED, None) or ():
        listing = data.snapshots()
        st.warning(i18n.t("url_state.as_of_dropped", value=url_state.shown(value), latest=listing.as_ofs[0],
                          choices=i18n.t("url_state.joiner").join(listing.as_ofs)), icon=":material/warning:")
    dropped = st.session_state.pop(_DROPPED, None)
    if dropped:
        t = i18n.t
        items = t("url_state.joiner").join(t("url_state.item", name=name, value=url_state.shown(value))
                                           for name, value in dropped[:8])
        more = t("url_state.more", count=len(dropped) - 8) if len(dropped) > 8 else ""
        st.warning(t("url_state.dropped", items=items, more=more), icon=":material/warning:")
