"""Exports (issue 9 §4): the default deck as PPTX with native charts holding the queries' numbers, a panel as a
3840×2160 PNG, the deck as a PDF handout with embedded fonts; footers with 出典 and データ時点; no network."""
from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from dashboard import decks, export
from dashboard.filters import Filters
from dashboard.panels import PANELS
from dashboard.render import captions, png, pptx

EA = "Noto Sans CJK JP"


@pytest.fixture(scope="module")
def no_network():
    """Any Internet socket opened by this process fails the test (the browser talks over pipes)."""
    real = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network request to {address}")
        return real(sock, address)
    socket.socket.connect = guarded
    yield
    socket.socket.connect = real


@pytest.fixture(scope="module")
def run():
    return export.default_run()


@pytest.fixture(scope="module")
def deck(run):
    return decks.load_deck("decks/default.toml", decks.vocabulary(run))


@pytest.fixture(scope="module")
def pptx_file(deck, run, tmp_path_factory, no_network):
    out = tmp_path_factory.mktemp("pptx")
    [path] = export.export_deck(deck, "pptx", out, run)
    return path


def _slide(prs, title):
    for slide in prs.slides:
        if any(s.name == "title" and s.text_frame.text == title for s in slide.shapes):
            return slide
    raise AssertionError(f"no slide {title}")


def _chart(slide):
    [chart] = [s.chart for s in slide.shapes if s.has_chart]
    return {s.name: list(s.values) for s in chart.plots[0].series}, list(chart.plots[0].categories)


def test_pptx_named_after_deck_and_as_of_date(pptx_file, deck):
    assert pptx_file.name == "default_2023-02-21.pptx"
    prs = Presentation(pptx_file)
    assert len(prs.slides) == len(deck.slides) == 7
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    for slide, spec in zip(prs.slides, deck.slides):
        assert slide.notes_slide.notes_text_frame.text == spec.note


def test_pptx_charts_hold_the_query_results(pptx_file, run):
    prs = Presentation(pptx_file)
    t = export.context(Filters(), run).t
    by_year = run("selections_by_year")
    series, categories = _chart(_slide(prs, t("panel.selections_by_year.title")))
    assert categories == ["H30 (2018)", "R1 (2019)", "R2 (2020)", "R3 (2021)", "R4 (2022)"]
    assert series[t("panel.selections_by_year.supported")] == list(by_year["supported_count"].astype(float))
    assert series[t("panel.selections_by_year.ended")] == list(by_year["ended_count"].astype(float))
    assert [sum(v) for v in zip(*series.values())] == [14, 8, 12, 9, 10] == list(by_year["selected_count"])

    counts = run("technology_counts", Filters()).set_index("technology")
    series, categories = _chart(_slide(prs, t("panel.tech_counts.title")))
    assert sorted(categories) == sorted(counts.index)
    totals = dict(zip(categories, (sum(v) for v in zip(*series.values()))))
    assert totals["自動運転"] == 27
    assert totals == {k: float(v) for k, v in counts["project_count"].items()}
    assert sorted(map(float, counts["list_ends_with_more_count"])) in [sorted(v) for v in series.values()]


def test_pptx_every_chart_equals_its_panels_figure(pptx_file, deck, run):
    """Generic: each native chart holds exactly the numbers of the panel's traces (built from the queries)."""
    prs = Presentation(pptx_file)
    charts = 0
    for slide, spec in zip(prs.slides, deck.slides):
        out = PANELS[spec.panel_id].build(export.context(spec.filters, run))
        expected = pptx.chart_series(out.figure) if out.figure is not None else None
        got = [s.chart for s in slide.shapes if s.has_chart]
        if expected is None:
            assert not got
            continue
        charts += 1
        _, categories, series = expected
        assert list(got[0].plots[0].categories) == categories
        assert [(s.name, list(s.values)) for s in got[0].plots[0].series] == \
            [(name, [v for v in values]) for name, values in series]
    assert charts >= 3  # selections_by_year, tech_counts, program_events
    kinds = {spec.panel_id: slide for slide, spec in zip(prs.slides, deck.slides)}
    assert any(s.shape_type == 13 for s in kinds["project_map"].shapes)  # the map as a picture
    assert any(s.has_table for s in kinds["tech_by_region"].shapes)  # a heatmap as a native table


def test_pptx_footer_names_source_and_as_of(pptx_file, deck, run):
    prs = Presentation(pptx_file)
    sources = run("source_list").set_index("source_id")
    ctx = export.context(Filters(), run)
    for n, (slide, spec) in enumerate(zip(prs.slides, deck.slides), 1):
        [footer] = [s for s in slide.shapes if s.name == "footer"]
        text = footer.text_frame.text
        assert text.startswith("出典: "), text
        for source_id, _ in captions.resolve(PANELS[spec.panel_id].sources, ctx):  # roles: this snapshot's pages
            row = sources.loc[source_id]
            assert row["title"] in text and row["publisher"] in text
            assert f"データ時点 {row['as_of'].date().isoformat()}" in text
        assert f"{n} / {len(deck.slides)}" in text
        assert "\\" not in text  # plain text, no markdown escapes


def test_pptx_east_asian_font(pptx_file):
    prs = Presentation(pptx_file)
    theme = prs.slide_masters[0].part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    assert f'<a:ea typeface="{EA}"/>' in theme.blob.decode()
    runs = 0
    for slide in prs.slides:
        for rpr in slide.shapes._spTree.iter(qn("a:rPr")):
            runs += 1
            assert rpr.find(qn("a:ea")) is not None and rpr.find(qn("a:ea")).get("typeface") == EA
        for shape in slide.shapes:
            if shape.has_chart:
                assert f'<a:ea typeface="{EA}"/>' in shape.chart.part.blob.decode()
    assert runs > 7 * 3


def test_png_of_a_panel(run, no_network, tmp_path):
    """3840×2160, not blank, named after the panel and the as-of date (through the CLI)."""
    assert export.main(["--panel", "tech_counts", "--format", "png", "--out", str(tmp_path)]) == 0
    [path] = tmp_path.iterdir()
    assert path.name == "tech_counts_2023-02-21.png"
    image = Image.open(path).convert("RGB")
    assert image.size == (3840, 2160)
    small = image.resize((384, 216))
    pixels = list(small.getdata())
    assert sum(p != (255, 255, 255) for p in pixels) > 0.05 * len(pixels)
    assert len(set(pixels)) > 20


def test_kaleido_page_is_local():
    """kaleido's page loads plotly.js from the installed package and no MathJax: nothing from a CDN."""
    from kaleido._page_generator import PageGenerator
    page = PageGenerator(plotly=str(png.PLOTLY_JS), mathjax=False).generate_index()
    assert "http://" not in page and "https://" not in page
    assert png.PLOTLY_JS.is_file()


def test_pdf_handout(deck, run, no_network, tmp_path):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts missing: apt-get install poppler-utils")
    [path] = export.export_deck(deck, "pdf", tmp_path, run)
    assert path.name == "default_2023-02-21.pdf"
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(deck.slides)}" in info
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
    # Named TrueType CID subsets of the Japanese font (e.g. "AAAAAA+BIZUDPGothic-Bold  CID TrueType"), never the
    # unnamed Type 3 glyph procedures Chromium writes for a CFF font such as Noto Sans CJK.
    assert all(re.match(r"[A-Z]{6}\+BIZUDPGothic-\S+\s+CID TrueType\s", line) for line in fonts), fonts
    ctx = export.context(Filters(), run)
    for n, spec in enumerate(deck.slides, 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), path, "-"], capture_output=True,
                              text=True, check=True).stdout
        # Vector text in Japanese (extractable, so not an image): the title, 出典 and データ時点 of the page.
        assert ctx.t(PANELS[spec.panel_id].title_key) in text
        assert "出典" in text and "データ時点" in text


def test_file_names_use_as_of(run):
    ctx = export.context(Filters(), run)
    assert captions.as_of((("001", 2),), ctx) == "2023-02-21"
    assert export.file_name("key_figures", (("001", 1),), ctx, "png") == "key_figures_2023-02-21.png"


def test_page_download_buttons_are_lazy(monkeypatch):
    """Every panel on a page has 「PNG」「PPTX」 downloads named after the panel and the as-of date, in a menu whose
    buttons are sent only while it is open, and a page run builds no export (the callable runs only when the
    button is pressed)."""
    from tests.apptest_helpers import open_app, open_lazy

    def refuse(*args, **kwargs):
        raise AssertionError("an export was built during a page run")
    monkeypatch.setattr(export, "panel_bytes", refuse)
    monkeypatch.setattr(png, "render", refuse)
    at, _ = open_app("pages/overview_page.py")
    assert len(at.get("download_button")) == 0  # the menus are closed
    labels = {p.proto.popover.label for p in at.get("popover")}
    assert labels == {"スライドに追加・ダウンロード"}
    assert not [b for b in at.button if (b.key or "").startswith("add_slide_")]  # in the closed menus too
    open_lazy(at)
    buttons = [b.proto for b in at.get("download_button")]
    labels = {(b.label, b.id.rsplit("-", 1)[-1]) for b in buttons}
    for panel_id in ("key_figures", "selections_by_year"):
        assert ("PNG", f"{panel_id}_export_png") in labels and ("PPTX", f"{panel_id}_export_pptx") in labels
        assert at.button(key=f"add_slide_{panel_id}").label == "スライドに追加"


def test_project_panels_menu_has_downloads_only():
    """A municipality's project panels have ids no deck can name: their menu offers the downloads only."""
    from tests.apptest_helpers import open_app, open_lazy

    at, _ = open_app("pages/municipality_page.py", {"area": "27216"})
    assert [p.proto.popover.label for p in at.get("popover")] == ["ダウンロード（PNG・PPTX）"] * 2
    open_lazy(at)
    assert len(at.get("download_button")) == 4
    assert not [b for b in at.button if (b.key or "").startswith("add_slide_")]


def _name_labels(data) -> list[str]:
    """The prefecture names a map figure draws (its names traces), each label as written ('北海道 2')."""
    return [label for trace in data if str(trace.get("name") or "").startswith("names-") and "leader" not in trace["name"]
            for label in trace.get("text") or ()]


def test_map_picture_names_each_place_once(run):
    """A picture has no CSS to pick the names placed for its width: the sheet (PNG, PDF) and the slide keep one
    tier. Before, every tier's names were drawn on top of one another ('北海道 2' three times)."""
    from dashboard.figures import map as project_map

    panel = PANELS["project_map"]
    ctx = export.context(Filters(statuses=()), run)
    out = captions.build(panel, ctx)
    every_tier = _name_labels(out.figure.to_dict()["data"])
    assert every_tier.count("北海道 2") >= 2  # the page's figure: one set of names per column width
    for figure in (png.sheet(panel, out, ctx).to_dict(), project_map.names_at(out.figure.to_dict(), 1)):
        labels = _name_labels(figure["data"])
        assert labels.count("北海道 2") == 1
        assert len(labels) == len(set(labels)) > 20


@pytest.mark.parametrize("panel_id", ["program_events", "tech_counts"])
def test_picture_bar_labels_do_not_shrink_below_its_text(run, panel_id):
    """A bar label in a picture (PNG, PDF) is the picture's text size or hidden, never shrunk to the screen's 15 px:
    the events chart's labels all shrank with its narrowest bar's to about 15 px of 1080 while the rest was 24."""
    ctx = export.context(Filters(), run)
    panel = PANELS[panel_id]
    out = captions.build(panel, ctx)
    assert out.figure.layout.uniformtext.minsize < png.TEXT_PX  # the page's figure: the screen's size
    assert png.sheet(panel, out, ctx).layout.uniformtext.minsize == png.TEXT_PX


def test_picture_text_wraps_at_spaces_by_width():
    """The 出典 of a picture wraps by width (a full-width character counts two half-width ones) and, in English, at a
    space: counted in characters and cut anywhere, it broke "Future T" / "echnology" and took three lines."""
    english = ("Source: Regional Revitalization Promotion Secretariat, Cabinet Office, “Future Technology Social "
               "Implementation Project” (our translation of “未来技術社会実装事業”), p.6, p.7 (data as of 2023-02-21)")
    lines = png.wrap(english, 80).split("<br>")
    assert lines == [english[:english.index(" “未来")], english[english.index("“未来"):]]
    japanese = "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.6、p.7（データ時点 2023-02-21）"
    assert png.wrap(japanese, 80) == japanese
    assert png.wrap("あ" * 100, 30).split("<br>") == ["あ" * 30] * 3 + ["あ" * 10]
    assert png.wrap("", 5) == "" and png.wrap("ab", 0) == "a<br>b"


def test_picture_source_lines_get_room(run):
    """Every line of a picture's 出典 is inside the picture: a 出典 of more than two lines widens the bottom margin."""
    from dashboard.render.png import MARGIN, SOURCE_LINE_PX

    ctx = export.context(Filters(), run, "en")
    panel = PANELS["program_events"]
    fig = png.sheet(panel, captions.build(panel, ctx), ctx)
    [note] = [a for a in fig.layout.annotations if str(a.text).startswith("Source:")]
    extra = note.text.count("<br>") - 1
    assert fig.layout.margin.b == MARGIN["b"] + SOURCE_LINE_PX * max(extra, 0)


def test_picture_text_has_no_markdown_marks():
    """Prose in a picture is plain text: bold and italic marks go (「*(our translation)*」 showed its stars), an
    escaped star and a multiplication stay."""
    assert png.plain_markdown("*(our translation)*") == "(our translation)"
    assert png.plain_markdown("**bold** and *it*") == "bold and it"
    assert png.plain_markdown(r"a \*star\* b") == "a *star* b"
    assert png.plain_markdown("3 * 4 * 5") == "3 * 4 * 5"


def test_picture_text_in_japanese_does_not_break_at_a_list_mark():
    """A Japanese list item's only space is after its mark: the line is cut where it is full, not after '-'."""
    item = "- 項目別では、「インフラ整備の主体検討と費用確保」「持続可能なビジネスモデルの検討」「サービスインを見据えた体制整備」「担い手の確保」等が課題として多く発生している。"
    lines = png.wrap(item, 70).split("<br>")
    assert lines[0].startswith("- 項目別では") and len(lines) == 2
    assert "".join(lines) == item
