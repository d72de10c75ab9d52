"""Timing, percentiles, a run-wide time budget and plain-text tables (CJK-width aware)."""
from __future__ import annotations

import math
import sys
import time
import traceback
import unicodedata
from typing import Callable, Iterable, Sequence


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest); nan when there are none."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def p50(samples: Sequence[float]) -> float:
    return percentile(samples, 50)


def p95(samples: Sequence[float]) -> float:
    return percentile(samples, 95)


def time_ms(fn: Callable[[], object], *, warmup: int, min_n: int, max_n: int, budget_s: float) -> list[float]:
    """Call fn `warmup` times untimed, then at least min_n and at most max_n timed times, stopping after
    budget_s seconds of timed calls once min_n is reached. Returns milliseconds per call."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < max_n:
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= min_n and time.perf_counter() - started > budget_s:
            break
    return samples


class Budget:
    """The run's wall-clock allowance: sections ask before starting optional work."""

    def __init__(self, total_s: float):
        self.started = time.monotonic()
        self.total_s = total_s

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    @property
    def left_s(self) -> float:
        return self.total_s - self.elapsed_s


def fmt_ms(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_ratio(value: float) -> str:
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "—"
    return f"{value:.2f}×" if value < 10 else f"{value:,.0f}×"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, right: Sequence[bool] | None = None) -> str:
    """Aligned plain-text table; numeric-looking columns are right-aligned unless `right` says otherwise."""
    body = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in body:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))
    if right is None:
        right = [i > 0 for i in range(len(headers))]
    lines = ["  ".join(_pad(h, widths[i], right[i]) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in body:
        lines.append("  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)


def say(text: str = "") -> None:
    print(text, flush=True)


def error_text(e: BaseException) -> str:
    """One line for the report: exception type, message and the innermost frame of our code."""
    message = " ".join(str(e).split()) or e.__class__.__name__
    if len(message) > 300:
        message = message[:300] + "…"
    frames = [f for f in traceback.extract_tb(e.__traceback__) if "/site-packages/" not in f.filename]
    where = f" [{frames[-1].filename.rsplit('/', 2)[-2:][-1]}:{frames[-1].lineno}]" if frames else ""
    return f"error: {e.__class__.__name__}: {message}{where}"


def heading(text: str) -> None:
    say()
    say(text)
    say("=" * _width(text))


VERBOSE = False


def progress(text: str) -> None:
    """Progress on stderr with --verbose (the report on stdout stays clean)."""
    if VERBOSE:
        print(f"[bench] {text}", file=sys.stderr, flush=True)
