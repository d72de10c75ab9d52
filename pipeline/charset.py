"""Characters an official would not type, and what they should have been.

The source PDFs were extracted with Kangxi-radical and CJK-radical code points in place of
ordinary kanji (e.g. U+2F83 '⾃' for '自'), half-width katakana and vertical-form punctuation.
Published data must contain the ordinary characters, so the build rejects these ranges.
"""
from __future__ import annotations

import re
import unicodedata

# NFKC maps most Kangxi radicals to the ordinary kanji, but not all of them to the one a
# Japanese reader expects, and CJK Radicals Supplement code points have no mapping at all.
_EXPLICIT = {
    "\u2F3E": "戸",  # KANGXI RADICAL DOOR: NFKC gives 戶 (U+6236), Japanese uses 戸 (U+6238)
    "\u2ED1": "長",  # CJK RADICAL LONG ONE
    "\u2EA0": "民",  # CJK RADICAL CIVILIAN
    "\uFE13": "：",  # PRESENTATION FORM FOR VERTICAL COLON
}

# (first, last, what it is) — code point ranges that never belong in published text.
SUSPICIOUS_RANGES = (
    (0x2E80, 0x2EFF, "CJK radical supplement (look-alike of an ordinary kanji)"),
    (0x2F00, 0x2FDF, "Kangxi radical (look-alike of an ordinary kanji)"),
    (0xF900, 0xFAFF, "CJK compatibility ideograph (look-alike of an ordinary kanji)"),
    (0xFE10, 0xFE1F, "vertical presentation form"),
    (0xFF61, 0xFF9F, "half-width katakana"),
    (0xFFFD, 0xFFFD, "replacement character (broken encoding)"),
)


def problem_of(ch: str) -> str | None:
    """Why `ch` may not appear in published text, or None when it is fine."""
    cp = ord(ch)
    for first, last, what in SUSPICIOUS_RANGES:
        if first <= cp <= last:
            return what
    if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r":
        return "control or invisible formatting character"
    return None


def first_problem(text: str) -> tuple[int, str, str] | None:
    """(1-based position, character, reason) of the first unacceptable character, if any."""
    for i, ch in enumerate(text, start=1):
        why = problem_of(ch)
        if why:
            return i, ch, why
    return None


_HALF_WIDTH_KANA_RUN = re.compile("[\uFF61-\uFF9F]+")


def suggest(text: str) -> str:
    """The ordinary-character spelling of `text` (used in error messages and transcription)."""
    # Half-width voiced marks (ﾞ ﾟ) only combine when a whole run is normalised at once;
    # other full-width characters (（）、：) are ordinary Japanese and must stay as they are.
    text = _HALF_WIDTH_KANA_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    out = []
    for ch in text:
        if ch in _EXPLICIT:
            out.append(_EXPLICIT[ch])
        elif problem_of(ch):
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out)
