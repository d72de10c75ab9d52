"""D. Exports: a panel as PNG (cold and warm), the default deck as PPTX and as PDF, as `make export` makes them."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .report import Budget, error_text, fmt_ms, heading, p50, p95, progress, say, table

PNG_PANELS = ("tech_counts", "project_map")  # a bar chart, and the heaviest figure
AIMS = {"png_warm": 1000.0, "pptx": 5000.0}  # issue 9: warm PNG ≤ 1 s, PPTX deck ≤ 5 s


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def run(budget: Budget, *, quick: bool = False) -> None:
    heading("D. Exports — real snapshot, in this process (no server): dashboard.render via dashboard.export")
    say("    PNG: png.panel_png(panel, context) at 1920×1080 ×2; cold = the first picture of this process (kaleido starts")
    say("    Debian's Chromium), warm = the same panel again. Deck: export.export_deck(default deck, fmt, folder) as")
    say("    `make export DECK=decks/default.toml FORMAT=pptx|pdf` runs it, file written included; first = the first")
    say("    deck of its format in this process.")
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    from dashboard import decks, export
    from dashboard.filters import Filters
    from dashboard.panels import PANELS
    from dashboard.render import png

    run_query = export.default_run()
    ctx = export.context(Filters(), run_query)
    rows: list[list[str]] = []
    warm_n = 2 if quick else 5

    for i, panel_id in enumerate(PNG_PANELS):
        try:
            first = _timed(lambda: png.panel_png(PANELS[panel_id], ctx))
            progress(f"png {panel_id}: first {first:.0f} ms")
            warm = [_timed(lambda: png.panel_png(PANELS[panel_id], ctx)) for _ in range(warm_n)]
            aim = AIMS["png_warm"]
            rows.append([f"PNG {panel_id} ({'cold' if i == 0 else 'first'} / warm)", fmt_ms(first), fmt_ms(p50(warm)),
                         fmt_ms(p95(warm)), str(len(warm)),
                         f"{'ok' if p50(warm) <= aim else 'MISS'} warm ≤{aim:.0f}"])
        except Exception as e:
            rows.append([f"PNG {panel_id}", "", "", "", "", error_text(e)])

    deck = decks.load_deck(decks.DEFAULT, decks.vocabulary(run_query))
    for fmt, n in (("pptx", 2 if quick else 4), ("pdf", 1 if quick else 3)):
        try:
            with tempfile.TemporaryDirectory(prefix=f"mirai-bench-{fmt}-") as tmp:
                times = []
                for k in range(n):
                    out = Path(tmp) / str(k)
                    out.mkdir()
                    times.append(_timed(lambda: export.export_deck(deck, fmt, out, run_query)))
                    progress(f"{fmt} deck: {times[-1]:.0f} ms")
                    if budget.left_s < 30 and k >= 1:
                        break
            aim = AIMS.get(fmt)
            later = times[1:] or times
            rows.append([f"{fmt.upper()} default deck ({len(deck.slides)} slides)", fmt_ms(times[0]),
                         fmt_ms(p50(later)), fmt_ms(p95(later)), str(len(later)),
                         f"{'ok' if p50(later) <= aim else 'MISS'} ≤{aim:.0f}" if aim else "—"])
        except Exception as e:
            rows.append([f"{fmt.upper()} default deck", "", "", "", "", error_text(e)])
    say(table(["export", "first ms", "p50 ms", "p95 ms", "n", "aim"], rows,
              right=[False, True, True, True, True, False]))
    say("    p50/p95 are over the runs after the first (warm kaleido, cached queries).")
