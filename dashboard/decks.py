"""Slide decks: an ordered list of (panel id, filters, optional note), kept as small TOML files in decks/.

File format (decks/<name>.toml, versioned with the code)::

    title = "事業の概要"
    title_en = "Program overview"             # optional: the title shown with lang=en

    [[slide]]
    panel = "key_figures"
    filters = ""                              # the URL query string of the view, e.g. "tech=自動運転&status=all"
    note = "話すこと（省略可）"
    asof = "2018-11-16"                       # optional: the slide's データ時点 (absent: the one being shown)

API (no Streamlit here: the present page, the 「スライド」 area and the exports all use it)::

    load_deck(path_or_name, vocab=None, lang="ja", vocab_at=None) -> Deck(title, slides=(Slide(panel_id,
                                                    filters: Filters, note, as_of, query), ...), name)
    parse_deck(text, vocab, name=None, lang="ja") -> Deck       # TOML text, e.g. an uploaded file
    to_toml(deck) -> str                                         # the file a download gives (parse_deck reads it back)
    encode(deck) -> str / decode(token, vocab) -> Deck           # `d=` in a URL: base64url of the zlib'd TOML
    deck_names() -> list[str]                                    # decks/*.toml without the suffix
    vocabulary(run) -> url_state.Vocabulary                      # what filters may name, from a Database.run

Filters are parsed with dashboard.url_state.parse, so a deck is validated exactly as a shared link is, except
that here nothing is silently dropped: an unknown panel id, an unknown parameter or a value the data does not
know raises DeckError whose message (from the catalogue, section [deck]) names the slide and the value.
Callers show `str(error)`; nothing in a deck may produce a traceback.

A slide's `asof` (a データ時点, YYYY-MM-DD) is checked as a link's is: a slide added while an earlier date was shown
carries it, and its filters are checked against that snapshot (`vocab_at(as_of)`). A date no usable snapshot has
keeps the slide and its `asof` (nothing is lost when the deck is saved again); it is shown with the latest data
and the usual notice (render/slide.py). A value that is no date at all raises DeckError.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import tomllib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from . import i18n, url_state
from .filters import Filters

DECKS = Path(__file__).resolve().parent.parent / "decks"
DEFAULT = "default"
MAX_BYTES = 64 * 1024  # a deck of 100 slides with notes is ~10 KB; anything larger is not a deck
MAX_SLIDES = 100
MAX_NOTE_CHARS = 2000
MAX_TOKEN_CHARS = 8000  # `d=` in a URL; serve.py refuses query strings above 64 KB anyway
_NAME = re.compile(r"[a-z0-9_-]{1,40}")


class DeckError(ValueError):
    """A deck that cannot be used; str(error) is a user-facing sentence in the UI language."""


@dataclass(frozen=True)
class Slide:
    panel_id: str
    filters: Filters = field(default_factory=Filters)
    note: str = ""
    as_of: str | None = None  # the slide's データ時点 when it is not the one being shown (None: the one shown)

    @property
    def query(self) -> str:
        """The slide's filters as a readable query string ('tech=自動運転&status=all'; '' for the defaults):
        only the characters that would change the parse are %-escaped, so deck files stay readable."""
        return "&".join(f"{name}={_readable(value)}" for name, values in url_state.to_params(self.filters).items()
                        for value in values)

    @property
    def url_query(self) -> str:
        """The same filters %-encoded for a URL (links and QR codes)."""
        return urlencode(url_state.to_params(self.filters), doseq=True)


def _readable(value: str) -> str:
    return "".join(quote(ch, safe="") if ch in "&=%#+;" or ch.isspace() or not ch.isprintable() else ch
                   for ch in value)


@dataclass(frozen=True)
class Deck:
    title: str
    slides: tuple[Slide, ...] = ()
    name: str | None = None  # the file name in decks/ (None for a built or uploaded deck)
    title_en: str | None = None  # optional English title (decks/*.toml `title_en`), shown with lang=en

    def title_in(self, lang: str) -> str:
        """The title in the UI language: title_en with lang=en where the deck has one, else the title."""
        return self.title_en if lang == "en" and self.title_en else self.title


def _err(lang: str, key: str, **values) -> DeckError:
    return DeckError(i18n.t(f"deck.{key}", lang, **values))


VocabularyAt = Callable[[str], "url_state.Vocabulary | None"]  # a データ時点 -> its vocabulary, None when unknown


def vocabulary(run: Callable) -> url_state.Vocabulary:
    """What deck filters may name, from a Database.run-like function (same as the sidebar's vocabulary)."""
    prefs = run("prefecture_options")
    return url_state.Vocabulary(
        techs=tuple(run("technology_options")["technology"]),
        fys=tuple(int(y) for y in run("selection_year_options")["fiscal_year"]),
        prefs=tuple(int(p) for p in prefs["pref_code"]),
        regions=tuple(dict.fromkeys(prefs["region"])))


def _snapshot_vocabulary() -> url_state.Vocabulary:
    from .query import Database
    from .snapshot import open_snapshot
    return vocabulary(Database(open_snapshot()).run)


def _snapshot_vocabulary_at(as_of: str) -> url_state.Vocabulary | None:
    """The vocabulary of the usable snapshot of `as_of` (outside Streamlit: exports, tests), None when none."""
    from .query import Database
    from .snapshot import SnapshotError, usable_snapshots
    try:
        found = usable_snapshots().find(as_of)
    except SnapshotError:
        return None
    return vocabulary(Database(found).run) if found is not None else None


def parse_as_of(value: object, *, lang: str = i18n.DEFAULT_LANG, where: str = "") -> str | None:
    """A slide's `asof`: None when absent, the ISO date as written, DeckError when it is no YYYY-MM-DD date."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):  # TOML's bare date: asof = 2018-11-16
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _err(lang, "bad_as_of", where=where, value=url_state.shown(str(value)))


def panel_ids() -> set[str]:
    from .panels import PANELS  # imported late: panels import plotly, the deck format does not need it
    return set(PANELS)


def parse_filters(query: str, vocab: url_state.Vocabulary, *, lang: str = i18n.DEFAULT_LANG,
                  where: str = "") -> Filters:
    """Filters from a URL query string; any unknown parameter or value raises DeckError."""
    if not isinstance(query, str):
        raise _err(lang, "bad_filters", where=where, value=url_state.shown(repr(query)))
    params = parse_qs(query.lstrip("?"), keep_blank_values=True)
    unknown = [name for name in params if name not in url_state.FILTER_PARAMS]
    if unknown:
        raise _err(lang, "unknown_param", where=where, name=url_state.shown(unknown[0]))
    parsed = url_state.parse(params, vocab)
    if parsed.dropped:
        name, value = parsed.dropped[0]
        raise _err(lang, "bad_value", where=where, name=name, value=url_state.shown(value))
    return parsed.filters


def from_data(data: object, vocab: url_state.Vocabulary, *, name: str | None = None,
              lang: str = i18n.DEFAULT_LANG, panels: set[str] | None = None,
              vocab_at: VocabularyAt | None = None) -> Deck:
    """A Deck from parsed TOML/JSON data; DeckError on anything unexpected. A slide without `asof` is checked
    against `vocab`, one with it against `vocab_at(asof)` (`vocab` when that date has no usable snapshot)."""
    panels = panel_ids() if panels is None else panels
    vocab_at = vocab_at or _snapshot_vocabulary_at
    vocabs: dict[str, url_state.Vocabulary | None] = {}
    if not isinstance(data, dict):
        raise _err(lang, "not_a_deck")
    title = data.get("title", "")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        raise _err(lang, "bad_title")
    title_en = data.get("title_en")
    if title_en is not None and (not isinstance(title_en, str) or not title_en.strip() or len(title_en) > 200):
        raise _err(lang, "bad_title")
    raw = data.get("slide", [])
    if not isinstance(raw, list) or not raw:
        raise _err(lang, "no_slides")
    if len(raw) > MAX_SLIDES:
        raise _err(lang, "too_many", count=len(raw), limit=MAX_SLIDES)
    slides = []
    for n, item in enumerate(raw, start=1):
        where = i18n.t("deck.where", lang, n=n)
        if not isinstance(item, dict):
            raise _err(lang, "not_a_slide", where=where)
        panel = item.get("panel")
        if not isinstance(panel, str) or panel not in panels:
            raise _err(lang, "unknown_panel", where=where, panel=url_state.shown(str(panel)))
        note = item.get("note", "")
        if not isinstance(note, str) or len(note) > MAX_NOTE_CHARS:
            raise _err(lang, "bad_note", where=where, limit=MAX_NOTE_CHARS)
        as_of = parse_as_of(item.get("asof"), lang=lang, where=where)
        if as_of is not None and as_of not in vocabs:
            vocabs[as_of] = vocab_at(as_of)
        slide_vocab = (vocabs[as_of] if as_of is not None else None) or vocab
        filters = parse_filters(item.get("filters", ""), slide_vocab, lang=lang, where=where)
        slides.append(Slide(panel, filters, note, as_of))
    return Deck(title.strip(), tuple(slides), name, title_en.strip() if title_en is not None else None)


def parse_deck(text: str | bytes, vocab: url_state.Vocabulary | None = None, *, name: str | None = None,
               lang: str = i18n.DEFAULT_LANG, panels: set[str] | None = None,
               vocab_at: VocabularyAt | None = None) -> Deck:
    """A Deck from TOML text (a file in decks/ or an upload); DeckError on anything unexpected."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise _err(lang, "too_large", limit=MAX_BYTES // 1024)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _err(lang, "not_utf8") from None
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise _err(lang, "too_large", limit=MAX_BYTES // 1024)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _err(lang, "not_toml", detail=url_state.shown(str(e))) from None
    return from_data(data, vocab or _snapshot_vocabulary(), name=name, lang=lang, panels=panels, vocab_at=vocab_at)


def deck_names() -> list[str]:
    """Decks shipped in decks/, default first."""
    names = sorted(p.stem for p in DECKS.glob("*.toml") if _NAME.fullmatch(p.stem))
    return sorted(names, key=lambda n: n != DEFAULT)


def path_of(name: str, lang: str = i18n.DEFAULT_LANG) -> Path:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or not (DECKS / f"{name}.toml").is_file():
        raise _err(lang, "unknown_deck", name=url_state.shown(str(name)))
    return DECKS / f"{name}.toml"


def load_deck(path_or_name: str | Path = DEFAULT, vocab: url_state.Vocabulary | None = None, *,
              lang: str = i18n.DEFAULT_LANG, panels: set[str] | None = None,
              vocab_at: VocabularyAt | None = None) -> Deck:
    """A deck by name (decks/<name>.toml) or by file path; DeckError when missing or invalid."""
    if isinstance(path_or_name, Path) or "/" in str(path_or_name) or str(path_or_name).endswith(".toml"):
        path = Path(path_or_name)
        name = path.stem
        if not path.is_file():
            raise _err(lang, "unknown_deck", name=url_state.shown(str(path_or_name)))
    else:
        path, name = path_of(str(path_or_name), lang), str(path_or_name)
    return parse_deck(path.read_bytes(), vocab, name=name, lang=lang, panels=panels, vocab_at=vocab_at)


def _toml_string(s: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes, except that TOML has no \\/)."""
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def to_toml(deck: Deck) -> str:
    """The deck as a readable TOML file (what a download gives; parse_deck reads it back unchanged)."""
    lines = [f"title = {_toml_string(deck.title)}"]
    if deck.title_en:
        lines.append(f"title_en = {_toml_string(deck.title_en)}")
    lines.append("")
    for slide in deck.slides:
        lines += ["[[slide]]", f"panel = {_toml_string(slide.panel_id)}", f"filters = {_toml_string(slide.query)}"]
        if slide.note:
            lines.append(f"note = {_toml_string(slide.note)}")
        if slide.as_of:
            lines.append(f"asof = {_toml_string(slide.as_of)}")
        lines.append("")
    return "\n".join(lines)


def encode(deck: Deck) -> str:
    """A compact URL token (`d=`): base64url without padding of the zlib-compressed TOML."""
    return base64.urlsafe_b64encode(zlib.compress(to_toml(deck).encode("utf-8"), 9)).decode("ascii").rstrip("=")


def decode(token: str, vocab: url_state.Vocabulary | None = None, *, lang: str = i18n.DEFAULT_LANG,
           panels: set[str] | None = None, vocab_at: VocabularyAt | None = None) -> Deck:
    """The deck of a `d=` token; DeckError when the token is cut, tampered with or not a deck."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS \
            or not re.fullmatch(r"[A-Za-z0-9_-]+", token):
        raise _err(lang, "bad_token")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(raw, MAX_BYTES + 1)
        if inflater.unconsumed_tail or len(text) > MAX_BYTES:
            raise _err(lang, "too_large", limit=MAX_BYTES // 1024)
    except (binascii.Error, ValueError, zlib.error) as e:
        if isinstance(e, DeckError):
            raise
        raise _err(lang, "bad_token") from None
    return parse_deck(text, vocab, lang=lang, panels=panels, vocab_at=vocab_at)
