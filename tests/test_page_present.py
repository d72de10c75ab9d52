"""The presenter view (/present) and the 「スライド」 page with AppTest: every slide of the default deck with its
exact title and footer, stepping, bad slide numbers and decks, the built deck, uploads and the QR switch."""
from __future__ import annotations

import pytest

from dashboard import decks
from tests.apptest_helpers import add_slide, open_app, shown_text

PRESENT = "pages/present_page.py"
SLIDES = "pages/slides_page.py"
DOC = "内閣府地方創生推進事務局「未来技術社会実装事業」"
AS_OF = "（データ時点 2023-02-21）"
EXPECTED = [  # (title, source line, conditions) of the default deck 「事業の概要」
    ("主な数字", f"出典: {DOC}p.1{AS_OF}", "条件: 支援中"),
    ("年度別の選定数", f"出典: {DOC}p.2、p.3{AS_OF}、内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5"
     "（データ時点 2018-11-16）", "条件: 支援中"),
    ("条件に合う事業の地図", f"出典: {DOC}p.3{AS_OF}、内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5"
     "（データ時点 2018-11-16）", "条件: 支援中＋支援終了"),
    ("技術別の事業数", f"出典: {DOC}p.3{AS_OF}", "条件: 支援中"),
    ("地方別の技術", f"出典: {DOC}p.3{AS_OF}", "条件: 支援中＋支援終了　｜　技術: 自動運転"),
    ("調査の概要と主な結果", None, "条件: 支援中"),
    ("交流会・シンポジウム", None, "条件: 支援中"),
]
QR_NOTE = ("QR コードは表示していません: 公開 URL が未設定です。環境変数 `MIRAI_PUBLIC_URL` か起動オプション "
           "`python -m dashboard.serve --public-url` で設定してください。")


def _slide(at):
    """(title, footer lines) of the slide on screen."""
    md = [m.value for m in at.main.markdown]
    title = next(v for v in md if v.startswith("# "))[2:]
    lines = next(v for v in md if v.startswith("出典: ")).split("  \n")  # one block, hard line breaks
    footer = [shown_text(v) for v in lines if v.startswith("出典: ") or v.startswith("条件: ")]
    return title, footer


def _footer_lines(md: list[str]) -> list[str]:
    return next(v for v in md if v.startswith("出典: ")).split("  \n")


def _open(params: dict | None = None):
    at, _ = open_app(PRESENT, params)
    return at


@pytest.fixture(scope="module")
def walked():
    """The default deck stepped through with the 次へ button, slide by slide (no public URL configured)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MIRAI_PUBLIC_URL", raising=False)
        yield _walk()


def _walk():
    at = _open()
    seen = [(_slide(at), at.query_params["slide"], [m.value for m in at.main.markdown])]
    for _ in range(len(EXPECTED) - 1):
        at.button(key="present_next").click().run()
        assert not at.exception
        seen.append((_slide(at), at.query_params["slide"], [m.value for m in at.main.markdown]))
    return at, seen


def test_every_slide_has_its_title_and_footer(walked):
    _, seen = walked
    m = len(EXPECTED)
    for n, ((title, footer), slide_param, md) in enumerate(seen, start=1):
        exp_title, exp_source, exp_conditions = EXPECTED[n - 1]
        assert title == exp_title
        assert slide_param == str(n)
        assert footer[-1] == f"{exp_conditions}　｜　{n} / {m}"
        assert footer[0].startswith("出典: ") and "データ時点 " in footer[0]
        if exp_source:
            assert footer[0] == exp_source
        assert _footer_lines(md)[-1] == QR_NOTE  # no public URL configured in the tests: the QR is hidden and the note says why


def test_no_chrome_buttons_and_last_slide(walked):
    at, _ = walked
    assert at.button(key="present_next").disabled and at.button(key="present_last").disabled
    assert not at.button(key="present_first").disabled
    at.button(key="present_first").click().run()
    assert _slide(at)[0] == "主な数字" and at.query_params["slide"] == "1"
    at.button(key="present_last").click().run()
    assert at.query_params["slide"] == "7"
    at.button(key="present_pageup").click().run()
    assert at.query_params["slide"] == "6" and _slide(at)[0] == "調査の概要と主な結果"
    at.button(key="present_prev").click().run()
    at.button(key="present_space").click().run()
    at.button(key="present_pagedown").click().run()
    assert at.query_params["slide"] == "7"


def test_slide_in_the_url_opens_that_slide():
    at = _open({"slide": "5"})
    assert _slide(at) == ("地方別の技術", [EXPECTED[4][1], "条件: 支援中＋支援終了　｜　技術: 自動運転　｜　5 / 7"])
    assert not at.main.warning


@pytest.mark.parametrize("given, shown, n", [("0", "0", 1), ("99", "99", 7), ("abc", "abc", 1), ("-3", "-3", 1),
                                             ("2.5", "2.5", 1)])
def test_bad_slide_numbers_clamp_with_a_notice(given, shown, n):
    at = _open({"slide": given})
    assert at.query_params["slide"] == str(n)
    assert _slide(at)[0] == EXPECTED[n - 1][0]
    assert [shown_text(w.value) for w in at.main.warning] == [
        f"スライド {shown} はありません（このスライドは 1〜7 枚）。{n} 枚目を表示しています。"]


@pytest.mark.parametrize("params, message", [
    ({"deck": "nope"}, "スライドを開けません: スライド nope はありません。"),
    ({"deck": "../app"}, "スライドを開けません: スライド ../app はありません。"),
    ({"d": "garbage!"}, "スライドを開けません: リンクのスライド（d=）が壊れています。リンクを最後までコピーしたか確かめてください。"),
])
def test_bad_decks_say_so(params, message):
    at = _open(params)
    assert [shown_text(e.value) for e in at.main.error] == [message]


def test_deck_in_a_link():
    deck = decks.Deck("リンクの資料", (decks.Slide("tech_counts", decks.parse_filters("region=近畿", _vocab())),
                                      decks.Slide("key_figures")))
    at = _open({"d": decks.encode(deck), "slide": "1"})
    assert _slide(at) == ("技術別の事業数", [f"出典: {DOC}p.3{AS_OF}", "条件: 支援中　｜　地方: 近畿　｜　1 / 2"])


def _vocab():
    from dashboard.query import Database
    from dashboard.snapshot import open_snapshot
    return decks.vocabulary(Database(open_snapshot()).run)


def test_build_reorder_and_present_a_deck():
    at, _ = open_app("pages/technology_page.py", {"tech": "AI"})
    add_slide(at, "tech_counts")
    add_slide(at, "tech_pairs")
    at.switch_page(SLIDES).run()
    assert not at.exception
    items = [shown_text(m.value) for m in at.main.markdown if m.value.startswith("**")]
    assert items == ["**1. 技術別の事業数**　支援中　｜　技術: AI", "**2. 技術の組み合わせ**　支援中　｜　技術: AI"]
    at.button(key="deck_down_0").click().run()
    items = [shown_text(m.value) for m in at.main.markdown if m.value.startswith("**")]
    assert items[0].startswith("**1. 技術の組み合わせ**")
    at.switch_page(PRESENT).run()  # ?deck=built (the session's deck) opens through the 「発表を開始」 link
    at.query_params["deck"] = "built"
    at.query_params["slide"] = "2"
    at.run()
    assert _slide(at) == ("技術別の事業数", [f"出典: {DOC}p.3{AS_OF}", "条件: 支援中　｜　技術: AI　｜　2 / 2"])


def test_empty_built_deck_says_how_to_add():
    at = _open({"deck": "built"})
    assert [shown_text(i.value) for i in at.main.info] == [
        "作成中のスライドはまだありません。各ページの図の下のメニュー「スライドに追加・ダウンロード」から加えてください。"]


def test_qr_shown_when_a_public_url_is_set(monkeypatch):
    monkeypatch.setenv("MIRAI_PUBLIC_URL", "https://mirai.example.jp")
    at = _open({"slide": "3"})
    assert QR_NOTE not in _footer_lines([m.value for m in at.main.markdown])
    images = at.get("image")
    assert len(images) == 1  # the QR code itself is decoded in tests/test_decks.py and tests/browser/test_present.py


def test_a_slide_is_built_once_and_an_edited_deck_shows_at_once(monkeypatch, tmp_path):
    """A warm slide costs only its Streamlit calls: the panel, its footer and the deck's parse are kept per process
    (render/slide.py; the map slide was 275 ms of CPU on every run before). The same slide reached again builds
    nothing; a deck file edited on disk is parsed again on the next run."""
    from dashboard.render import captions, shown

    shown.clear()
    built, parsed = [], []
    real_build, real_parse = captions.build, decks.parse_deck
    monkeypatch.setattr(captions, "build", lambda panel, ctx, where="file": built.append(panel.id) or
                        real_build(panel, ctx, where))
    monkeypatch.setattr(decks, "parse_deck", lambda *a, **k: parsed.append(a[0]) or real_parse(*a, **k))
    at = _open({"slide": "3"})
    assert _slide(at)[0] == EXPECTED[2][0]
    assert built == ["project_map"] and len(parsed) == 1
    for _ in range(2):
        at.run()
        assert _slide(at)[0] == EXPECTED[2][0]
    assert built == ["project_map"] and len(parsed) == 1, "a warm slide was built or its deck parsed again"

    monkeypatch.setattr(decks, "DECKS", tmp_path)  # an edited shipped deck: its new text is parsed on the next run
    (tmp_path / f"{decks.DEFAULT}.toml").write_text(
        'title = "差し替え"\n[[slide]]\npanel = "tech_counts"\n', encoding="utf-8")
    at.run()
    assert not at.exception
    assert _slide(at)[0] == EXPECTED[3][0]  # 「技術別の事業数」 (the slide number clamps to the one slide)
    assert len(parsed) == 2


def test_headline_numbers_share_rows_they_fit_in_on_one_line():
    """The key-figures slide in Japanese: 「30 都道府県」 is wider than a quarter of the screen at the slide's number size,
    so its four numbers go in two rows of two; English numbers carry no unit and stay four in a row."""
    from dashboard import theme

    assert theme.slide_metrics_per_row(["53 事業", "45 事業", "8 事業", "30 都道府県"]) == 2
    assert theme.slide_metrics_per_row(["53", "45", "8", "30"]) == 4
    assert theme.slide_metrics_per_row(["1", "2", "3", "4", "5", "30 都道府県"]) == 3  # three fit: 3 + 3
    assert theme.slide_metrics_per_row(["1", "2", "3", "4", "30 都道府県"]) == 3  # 3 + 2, not 4 + 1
    assert theme.slide_metrics_per_row(["14 → 53 (+39)"]) == 1
    assert theme.slide_metrics_per_row([]) == 0
