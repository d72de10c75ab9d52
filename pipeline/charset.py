"""Characters an official would not type, and what they should have been.

The source PDFs were extracted with Kangxi-radical and CJK-radical code points in place of
ordinary kanji (e.g. U+2F83 '⾃' for '自'), half-width katakana and vertical-form punctuation.
Published data must contain the ordinary characters, so the build rejects these ranges.

Invisible characters are rejected everywhere, notes included: control and formatting characters
(Cc, Cf), line and paragraph separators (Zl, Zp), spaces other than U+0020 and the ideographic
space U+3000, private-use (Co) and unassigned (Cn) code points, variation selectors, and combining
marks (Mn) that do not combine with the character before them.
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


_ALLOWED_SPACES = (" ", "\u3000")  # ASCII space and the ideographic space of Japanese text
_INVISIBLE_CATEGORIES = {
    "Cc": "control character",
    "Cf": "format character",
    "Zl": "line separator",
    "Zp": "paragraph separator",
    "Co": "private-use character (shows differently on every device)",
    "Cn": "unassigned code point",
    "Cs": "lone surrogate",
}


def _is_variation_selector(cp: int) -> bool:
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def lookalike_problem(ch: str) -> str | None:
    """Why `ch` is a look-alike of an ordinary character, or None."""
    cp = ord(ch)
    for first, last, what in SUSPICIOUS_RANGES:
        if first <= cp <= last:
            return what
    return None


def invisible_problem(ch: str, before: str = "") -> str | None:
    """Why `ch` (preceded by `before`, '' at the start of a value) is invisible or out of place, or None."""
    cp = ord(ch)
    if ch in "\t\n\r":
        return None  # the reader decides where line breaks and tabs may stand
    if _is_variation_selector(cp):
        return "variation selector (invisible; changes the glyph, not the text)"
    category = unicodedata.category(ch)
    if category in _INVISIBLE_CATEGORIES:
        return f"control or invisible formatting character ({_INVISIBLE_CATEGORIES[category]})"
    if category == "Zs" and ch not in _ALLOWED_SPACES:
        return "unusual space (only the ordinary space and the ideographic space U+3000 are accepted)"
    if category == "Mn":
        # A combining mark is only ordinary text after a letter it composes with (か + U+3099 = が).
        if not before or not unicodedata.category(before).startswith("L") \
                or len(unicodedata.normalize("NFC", before + ch)) != 1:
            return "combining mark that does not combine with the character before it (invisible or misplaced)"
    return None


def problem_of(ch: str, before: str = "") -> str | None:
    """Why `ch` may not appear in published text, or None when it is fine."""
    return lookalike_problem(ch) or invisible_problem(ch, before)


def first_problem(text: str, *, lookalikes: bool = True) -> tuple[int, str, str] | None:
    """(1-based position, character, reason) of the first unacceptable character, if any.

    lookalikes=False checks invisible characters only (free-text notes document look-alikes they replaced).
    """
    before = ""
    for i, ch in enumerate(text, start=1):
        why = (lookalike_problem(ch) if lookalikes else None) or invisible_problem(ch, before)
        if why:
            return i, ch, why
        before = ch
    return None


_HALF_WIDTH_KANA_RUN = re.compile("[\uFF61-\uFF9F]+")


def suggest(text: str) -> str:
    """The ordinary-character spelling of `text` (used in error messages and transcription)."""
    # Half-width voiced marks (ﾞ ﾟ) only combine when a whole run is normalised at once;
    # other full-width characters (（）、：) are ordinary Japanese and must stay as they are.
    text = _HALF_WIDTH_KANA_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    out = []
    for ch in text:
        before = out[-1][-1:] if out else ""
        if ch in _EXPLICIT:
            out.append(_EXPLICIT[ch])
        elif lookalike_problem(ch):
            out.append(unicodedata.normalize("NFKC", ch))
        elif invisible_problem(ch, before):
            if unicodedata.category(ch) == "Zs":
                out.append(" ")  # an odd space becomes an ordinary one
            # anything else invisible is dropped: it carries nothing a reader can see
        else:
            out.append(ch)
    return "".join(out)
