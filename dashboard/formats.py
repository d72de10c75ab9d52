"""Years, dates and numbers in the UI language.

Japanese shows fiscal years as 「R2 (2020)」 (the published 和暦 with the Western year); English as
"FY2020". Numbers and dates use the locale's conventions through Babel, never hand formatting.
`lang=None` means the current language (dashboard.i18n.current), so figure builders need no argument.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from pipeline import fiscal_year

from . import i18n


def _lang(lang: str | None) -> str:
    return lang or i18n.current()


def fy(year: int, lang: str | None = None) -> str:
    """A fiscal year in full: 'R2 (2020)' / 'FY2020'."""
    return fiscal_year.display(int(year)) if _lang(lang) == "ja" else f"FY{int(year)}"


def fy_short(year: int, lang: str | None = None) -> str:
    """A fiscal year in running text: 'R2' / 'FY2020'."""
    return fiscal_year.to_label(int(year)) if _lang(lang) == "ja" else f"FY{int(year)}"


def fy_label(label: str, lang: str | None = None) -> str:
    """A published label ('R4') in the language: 'R4' / 'FY2022' (an unknown label passes through)."""
    year = fiscal_year.to_western(label)
    return label if year is None or _lang(lang) == "ja" else f"FY{year}"


def date(day: dt.date, lang: str | None = None) -> str:
    """'2023-02-21' in Japanese (ISO, as the sources print it), '21 Feb 2023' in English."""
    if _lang(lang) == "ja":
        return day.isoformat()
    return format_date(day, "d MMM y", locale="en_GB")


def date_weekday(day: dt.date) -> str:
    """An English date with its weekday, 'Thu 27 Oct 2022' (Japanese dates with 曜日 come from the query)."""
    return format_date(day, "EEE d MMM y", locale="en_GB")


def number(n: float, lang: str | None = None, digits: int | None = None) -> str:
    """A number for display with the locale's separators: 1,234 / 1,234.5; `digits`: exactly that many decimals
    (60.0). The one place the UI formats numbers: catalogue texts get theirs through i18n.t."""
    locale = "ja_JP" if _lang(lang) == "ja" else "en_US"
    try:
        return _decimal(n, locale, digits)
    except TypeError:  # an unhashable number-like value: formatted, not remembered
        return _decimal.__wrapped__(n, locale, digits)


@lru_cache(maxsize=4096)
def _decimal(n: float, locale: str, digits: int | None) -> str:
    """Remembered: Babel parses the locale and the pattern on every call, and the sidebar's and pages' counts are
    the same few numbers on every page run (a few percent of a warm run's CPU, py-spy)."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(n, format=pattern, locale=locale)
