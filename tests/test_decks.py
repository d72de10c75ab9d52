"""Decks (dashboard/decks.py): the shipped files parse, filters are validated like URLs, a deck survives the
TOML file and the `d=` link unchanged, and every bad deck gets a sentence (DeckError), never a traceback.
QR codes (dashboard/qr.py) decode to the view's URL; serve.py takes --public-url."""
from __future__ import annotations

import base64
import os
import zlib

import cv2
import numpy as np
import pytest

from dashboard import decks, qr, serve
from dashboard.filters import Filters
from dashboard.panels import PANELS
from dashboard.query import Database
from dashboard.snapshot import open_snapshot


@pytest.fixture(scope="module")
def vocab():
    return decks.vocabulary(Database(open_snapshot()).run)


def test_every_shipped_deck_loads(vocab):
    assert decks.deck_names()[0] == "default"
    for name in decks.deck_names():
        deck = decks.load_deck(name, vocab)
        assert deck.slides and all(s.panel_id in PANELS for s in deck.slides)


def test_default_deck(vocab):
    deck = decks.load_deck("default", vocab)
    assert deck.title == "事業の概要" and deck.name == "default"
    assert [s.panel_id for s in deck.slides] == ["key_figures", "selections_by_year", "project_map", "tech_counts",
                                                  "tech_by_region", "survey_findings", "program_events"]
    assert deck.slides[4].filters == Filters(techs=("自動運転",), statuses=())
    assert deck.slides[4].query == "tech=自動運転&status=all"  # readable in the file
    assert deck.slides[0].filters == Filters() and deck.slides[0].query == ""
    assert deck.slides[0].note


def test_load_by_path_equals_by_name(vocab):
    by_path = decks.load_deck(decks.DECKS / "default.toml", vocab)
    assert by_path.slides == decks.load_deck("default", vocab).slides


def test_filters_are_parsed_like_urls(vocab):
    f = decks.parse_filters("fy=2020&fy=2019&status=supported&status=ended&pref=27&region=近畿", vocab)
    assert f == Filters(fys=(2019, 2020), prefs=(27,), regions=("近畿",), statuses=())
    assert decks.parse_filters("?tech=VR%2FAR", vocab).techs == ("VR/AR",)


def _deck_text(panel="key_figures", filters="", extra=""):
    return f'title = "T"\n[[slide]]\npanel = "{panel}"\nfilters = "{filters}"\n{extra}'


@pytest.mark.parametrize("text, message", [
    (_deck_text(panel="no_such_panel"), "1 枚目: 図 ` no_such_panel ` はありません。"),
    (_deck_text(filters="tech=量子"), "1 枚目: 絞り込み条件 tech の値 ` 量子 ` はデータにありません。"),
    (_deck_text(filters="fy=1999"), "1 枚目: 絞り込み条件 fy の値 ` 1999 ` はデータにありません。"),
    (_deck_text(filters="colour=red"), "1 枚目: 絞り込み条件 ` colour ` は使えません（使えるのは tech, fy, pref, region, status です）。"),
    (_deck_text(filters="status=maybe"), "1 枚目: 絞り込み条件 status の値 ` maybe ` はデータにありません。"),
    ('title = "T"\nslide = []\n', "スライドが 1 枚もありません（[[slide]] がありません）。"),
    ('[[slide]]\npanel = "key_figures"\n', "スライドの題名（title）がないか、200 文字を超えています。"),
    ('title = "T"\nslide = [1]\n', "1 枚目: スライドの形式ではありません（panel と filters が必要です）。"),
    ('title = "T"\n[[slide]]\npanel = "key_figures"\nfilters = 3\n',
     "1 枚目: 絞り込み条件（filters）は文字列にしてください（` 3 `）。"),
    (_deck_text(extra="note = 5\n"), "1 枚目: メモ（note）は 2,000 文字までの文字列にしてください。"),
    ("title = ", "ファイルを TOML として読めません"),
    (b"\xff\xfe\x00t", "ファイルが UTF-8 のテキストではありません。"),
    (b"#" * (decks.MAX_BYTES + 1), "ファイルが大きすぎます（上限 64 KB）。"),
    ('title = "T"\n' + '[[slide]]\npanel = "key_figures"\n' * 101, "スライドが 101 枚あり、上限の 100 枚を超えています。"),
])
def test_bad_decks_say_what_is_wrong(vocab, text, message):
    with pytest.raises(decks.DeckError) as e:
        decks.parse_deck(text, vocab)
    assert str(e.value).startswith(message)


def test_second_slide_is_named(vocab):
    text = _deck_text() + '[[slide]]\npanel = "tech_counts"\nfilters = "pref=99"\n'
    with pytest.raises(decks.DeckError, match="^2 枚目: 絞り込み条件 pref の値 ` 99 `"):
        decks.parse_deck(text, vocab)


@pytest.mark.parametrize("name", ["nope", "../app", "default.toml/../x", "", "A" * 80])
def test_unknown_deck_names(vocab, name):
    with pytest.raises(decks.DeckError, match="^スライド .* はありません。$"):
        decks.load_deck(name, vocab)


def test_toml_and_url_round_trip(vocab):
    deck = decks.Deck("題名 \"引用\" \\ と改行\nあり", (
        decks.Slide("tech_counts", decks.parse_filters("tech=VR/AR&tech=自動運転&fy=2020&status=ended", vocab),
                    "メモ\n二行目\t# not a comment"),
        decks.Slide("key_figures"),
        decks.Slide("tech_by_region", decks.parse_filters("region=近畿&pref=27&status=all", vocab)),
    ))
    again = decks.parse_deck(decks.to_toml(deck), vocab)
    assert again == deck
    token = decks.encode(deck)
    assert len(token) < 1000 and all(c.isalnum() or c in "-_" for c in token)
    assert decks.decode(token, vocab) == deck
    assert decks.decode(decks.encode(decks.load_deck("default", vocab)), vocab).slides == \
        decks.load_deck("default", vocab).slides


@pytest.mark.parametrize("token", ["", "not base64!", "AAAA", "eJwrSS0uAQAEXQHB"[:-3],
                                   base64.urlsafe_b64encode(zlib.compress(b"x" * (decks.MAX_BYTES + 10))).decode(),
                                   "A" * (decks.MAX_TOKEN_CHARS + 1)])
def test_broken_links_say_so(vocab, token):
    with pytest.raises(decks.DeckError):
        decks.decode(token.rstrip("="), vocab)


def test_token_of_a_valid_toml_that_is_not_a_deck(vocab):
    token = base64.urlsafe_b64encode(zlib.compress('title = "x"\n'.encode())).decode().rstrip("=")
    with pytest.raises(decks.DeckError, match="スライドが 1 枚もありません"):
        decks.decode(token, vocab)


# --- QR codes ---------------------------------------------------------------------------------

def _decode(png: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert points is not None, "no QR code found"
    return text


def test_qr_decodes_to_the_views_url(vocab):
    base = "https://mirai.example.jp/dash"
    deck = decks.load_deck("default", vocab)
    urls = [qr.view_url(base, s.panel_id, s.filters) for s in deck.slides]
    assert urls[0] == "https://mirai.example.jp/dash/"
    assert urls[2] == "https://mirai.example.jp/dash/map?status=all"
    assert urls[4] == ("https://mirai.example.jp/dash/technologies?tech=%E8%87%AA%E5%8B%95%E9%81%8B%E8%BB%A2"
                       "&status=all")
    assert urls[5] == "https://mirai.example.jp/dash/survey"
    for url in urls:
        assert _decode(qr.png(url)) == url


@pytest.mark.parametrize("value, expected", [
    ("https://a.example/", "https://a.example"), (" http://10.0.0.5:8501 ", "http://10.0.0.5:8501"),
    ("", None), ("ftp://a.example", None), ("a.example", None), ("https://a.example/?x=1", None)])
def test_public_base(value, expected):
    assert qr.public_base(value) == expected


def test_serve_takes_public_url(monkeypatch):
    # setenv first so that monkeypatch records "unset" and removes what take_public_url writes (a bare
    # delenv of an unset variable records nothing, and the URL leaked into later tests' slides).
    monkeypatch.setenv(qr.ENV, "")
    monkeypatch.delenv(qr.ENV)
    assert serve.take_public_url(["--server.port", "1", "--public-url", "https://h.example"]) == ["--server.port", "1"]
    assert os.environ[qr.ENV] == "https://h.example"
    assert serve.take_public_url(["--public-url=https://x.example/"]) == []
    assert qr.public_base() == "https://x.example"
