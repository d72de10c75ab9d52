"""UI words by key, from one catalogue file per language (locales/<lang>.toml).

Pages and panels never hold UI literals: they ask `t("panel.tech_counts.title")`. A second language is
one more file with the same keys (tests/test_catalogue.py checks that every key exists in every file).
Values are templates with `{name}` placeholders: period facts (R4, 45) are passed in from the data, never
typed. Plotly's own `%{y}` placeholders pass through untouched (so hover templates can live here too).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANG = "ja"
LANGS = ("ja", "en")  # a language is listed here once its catalogue is complete
_PLACEHOLDER = re.compile(r"(?<!%)\{([a-z_]+)\}")


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


@lru_cache(maxsize=None)
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Every key of locales/<lang>.toml as 'section.key' -> template."""
    with open(LOCALES / f"{lang}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


# Who says which language this run speaks: dashboard.lang installs a resolver reading the session;
# outside Streamlit (tests, exports) it stays the default language.
_resolver: Callable[[], str] = lambda: DEFAULT_LANG


def set_resolver(resolver: Callable[[], str]) -> None:
    global _resolver
    _resolver = resolver


def current() -> str:
    """The language of this run (the default outside a Streamlit session)."""
    try:
        lang = _resolver()
    except Exception:  # no session (bare mode, exports): the default language, never a traceback
        return DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = None, /, **values) -> str:
    """The text of `key` in `lang` (the current language when None), with `{name}` placeholders filled.

    An unknown key raises KeyError: a missing word is a bug to find in tests, not a blank on stage.
    Plurals: when `count` is 1 and the catalogue has `<key>_one`, that template is used ("1 project")."""
    lang = lang or current()
    words = catalogue(lang)
    template = words[f"{key}_one"] if f"{key}_one" in words and _is_one(values.get("count")) else words[key]
    return _PLACEHOLDER.sub(lambda m: _filled(m.group(1), values[m.group(1)], lang), template)


# Placeholders that hold counts (not years, codes or page numbers, which keep their digits as written): an integer
# there gets the language's separators from formats.number (Babel), e.g. 10,000 rows.
_COUNT_NAME = re.compile(r"(^|_)(count|total|pct|sum)(_|$)|^(n|m|matched|shown|left|limit|rows|implied|inferred)$")


def _filled(name: str, value, lang: str) -> str:
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and _COUNT_NAME.search(name):
        from dashboard import formats  # formats asks this module for the current language

        return formats.number(int(value), lang)
    return str(value)


def _is_one(count) -> bool:
    try:
        return bool(count == 1)
    except (TypeError, ValueError):  # an array or anything else that is not a number: not singular
        return False


def has(key: str, lang: str | None = None) -> bool:
    return key in catalogue(lang or current())
