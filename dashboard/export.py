"""Exports from the command line: a deck (or one panel) as PPTX, PDF or PNG.

    python -m dashboard.export --deck decks/default.toml --format pptx|pdf|png --out PATH [--lang ja|en]
    python -m dashboard.export --panel tech_counts --format png --out PATH        # one panel, default filters

`make export DECK=… FORMAT=… OUT=… [LANG=…]` runs the first form. OUT may be a file, or an existing folder
where the file is named after the deck (or panel) and the data's as-of date (default_2023-02-21.pptx). A PNG
of a deck is one image per slide in the folder OUT (01_key_figures_2023-02-21.png, …). No network request:
the data is the local snapshot and pictures come from Debian's Chromium on local files.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from dashboard import decks, i18n
from dashboard.filters import Filters
from dashboard.panels import PANELS, Context, Panel
from dashboard.period import facts, in_language
from dashboard.render.captions import as_of

FORMATS = ("pptx", "pdf", "png")


def context(filters: Filters, run: Callable, lang: str = i18n.DEFAULT_LANG) -> Context:
    """A page's context outside Streamlit: the period facts' fiscal years in the language, as on the page."""
    period = in_language(facts(run), lang)
    return Context(filters=filters, run=run, period=period, lang=lang, presenter=True)


def default_run() -> Callable:
    from dashboard.query import Database
    from dashboard.snapshot import open_snapshot
    return Database(open_snapshot()).run


def file_name(stem: str, refs, ctx: Context, ext: str) -> str:
    """'<deck or panel>_<データ時点>.<ext>' (the latest as-of date among the cited documents)."""
    return f"{stem}_{as_of(tuple(refs), ctx)}.{ext}"


def panel_bytes(panel: Panel, ctx: Context, fmt: str) -> bytes:
    """One panel as a file's bytes (the UI's download buttons use this)."""
    from dashboard.render import pdf, png, pptx
    return {"png": png.panel_png, "pptx": pptx.panel_pptx, "pdf": pdf.panel_pdf}[fmt](panel, ctx)


def _is_folder(out: Path) -> bool:
    """OUT names a folder when it is one or has no suffix (made if missing); else it is the file."""
    if out.is_dir() or not out.suffix:
        out.mkdir(parents=True, exist_ok=True)
        return True
    return False


def snapshot_run_at(as_of: str) -> Callable | None:
    """A run on the usable snapshot of `as_of` (a slide's データ時点), None when no usable snapshot has it."""
    from dashboard.query import Database
    from dashboard.snapshot import SnapshotError, usable_snapshots
    if as_of not in _runs:
        try:
            found = usable_snapshots().find(as_of)
        except SnapshotError:
            found = None
        _runs[as_of] = Database(found).run if found is not None else None
    return _runs[as_of]


_runs: dict[str, Callable | None] = {}


def deck_slides(deck: decks.Deck, run: Callable, lang: str,
                run_at: Callable[[str], Callable | None] | None = None) -> list[tuple[Panel, Context, str]]:
    """Each slide's panel, context and note. A slide with a データ時点 (`as_of`) reads that snapshot
    (`run_at(as_of)`); without one, or with a date no usable snapshot has, it reads `run`."""
    run_at = run_at or snapshot_run_at
    return [(PANELS[s.panel_id], context(s.filters, (run_at(s.as_of) if s.as_of else None) or run, lang), s.note)
            for s in deck.slides]


def deck_bytes(slides: list[tuple[Panel, Context, str]], fmt: str) -> bytes:
    from dashboard.render import pdf, pptx
    if fmt == "pptx":
        return pptx.deck_pptx(slides)
    return pdf.deck_pdf([(panel, ctx) for panel, ctx, _ in slides])


def export_deck(deck: decks.Deck, fmt: str, out: Path, run: Callable, lang: str = i18n.DEFAULT_LANG) -> list[Path]:
    """Write the deck; returns the files written."""
    slides = deck_slides(deck, run, lang)
    refs = [ref for panel, _, _ in slides for ref in panel.sources]
    stem = deck.name or "deck"
    if fmt == "png":
        from dashboard.render import png
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for i, (panel, ctx, _) in enumerate(slides, 1):
            path = out / file_name(f"{i:02d}_{panel.id}", panel.sources, ctx, "png")
            path.write_bytes(png.panel_png(panel, ctx))
            written.append(path)
        return written
    path = out / file_name(stem, refs, slides[0][1], fmt) if _is_folder(out) else out
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(deck_bytes(slides, fmt))
    return [path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.export", description=__doc__.split("\n")[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--deck", help="decks/<name>.toml or a deck name")
    what.add_argument("--panel", choices=sorted(PANELS), metavar="PANEL_ID")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", required=True, type=Path, help="a file, or a folder (PNG of a deck: a folder)")
    parser.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG)
    args = parser.parse_args(argv)
    run = default_run()
    try:
        if args.deck:
            deck = decks.load_deck(args.deck, decks.vocabulary(run), lang=args.lang)
            _say_unknown_dates(deck, args.lang)
            written = export_deck(deck, args.format, args.out, run, args.lang)
        else:
            panel, ctx = PANELS[args.panel], context(Filters(), run, args.lang)
            path = args.out / file_name(panel.id, panel.sources, ctx, args.format) if _is_folder(args.out) \
                else args.out
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(panel_bytes(panel, ctx, args.format))
            written = [path]
    except decks.DeckError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _say_unknown_dates(deck: decks.Deck, lang: str) -> None:
    """A slide whose データ時点 no usable snapshot has is exported with the latest data: say so (stderr)."""
    from dashboard.snapshot import usable_snapshots
    as_ofs = usable_snapshots().as_ofs
    for s in deck.slides:
        if s.as_of and s.as_of not in as_ofs:
            print(i18n.t("slide.as_of_missing", lang, value=s.as_of, latest=as_ofs[0],
                         choices=i18n.t("url_state.joiner", lang).join(as_ofs)), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
