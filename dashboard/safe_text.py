"""Text from the data or from a URL, made safe to put inside our markdown (st.markdown, st.caption, st.info, …).

Only our own constant markup may format the page. Anything else is shown exactly as written:

- every ASCII punctuation character is backslash-escaped, so `**x**`, `[x](javascript:…)`, `<img …>`, `$x$`,
  `:red[x]` or `# x` stay text;
- Streamlit's markdown turns bare URLs, `www.` names and e-mail addresses into links *after* parsing
  (remark-gfm's autolink-literal transform works on the decoded text, so backslash escapes and HTML entities do
  not stop it). A word that could become such a link is therefore shown as an inline code span: code is never
  linkified, formatted or parsed. So is a word holding an emoji or icon shortcode (`:smile:`,
  `:material/home:`), which Streamlit also replaces after parsing;
- control characters (NUL, ESC, line breaks, bidi overrides, …) are shown as visible escapes such as `\\x1b`
  or `\\u202e`, never raw.

No Streamlit here, so tests can pin the exact output.
"""
from __future__ import annotations

import re
import string
import unicodedata

_PUNCTUATION = frozenset(string.punctuation)
# Invisible characters that change how text reads (bidi overrides and isolates, line/paragraph separators).
_INVISIBLE = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
                       "\ufeff")
# Words shown as code, because Streamlit's markdown changes them after parsing, when backslash escapes are gone:
# what remark-gfm may linkify (bare URLs, www. names, e-mail addresses), emoji shortcodes (`:smile:`, replaced
# once any `:name:` is in the source) and icon shortcodes (`:material/home:`, `:material_home:`). A superset:
# a false positive only costs a code span.
_NEEDS_CODE = re.compile(r"(?i)(?:https?:|www\.|mailto:|xmpp:|@|:[\w+-]+:|:material)")
# Streamlit rewrites ':material/' to ':material_' everywhere in the source, code spans included.
_ICON_PREFIX = ":material/"
_WORD = re.compile(r"\S+|\s+")


def _visible_char(c: str) -> str:
    code = ord(c)
    if unicodedata.category(c) == "Cc" or c in _INVISIBLE or 0xD800 <= code <= 0xDFFF:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return c


def visible(text: object) -> str:
    """`text` with control and invisible formatting characters replaced by visible escapes."""
    return "".join(_visible_char(c) for c in str(text))


def code_span(text: object) -> str:
    """`text` as a markdown inline code span that shows it literally (whatever backticks it holds)."""
    body = visible(text)
    # Cut at ':material/' (so the source never holds it) and show that colon as escaped text between two spans.
    first, *rest = body.split(_ICON_PREFIX)
    return "\\:".join([_one_code_span(first) if first else ""]
                       + [_one_code_span(_ICON_PREFIX[1:] + part) for part in rest])


def _one_code_span(body: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    # One space inside each fence is removed by the parser; it lets the text start or end with a backtick.
    return f"{fence} {body} {fence}"


def _escaped(text: str) -> str:
    return "".join(f"\\{c}" if c in _PUNCTUATION else c for c in text)


def plain(text: object) -> str:
    """`text` (from the data or a URL) ready to be placed inside our markdown, shown exactly as written."""
    out = []
    for word in _WORD.findall(visible(text)):
        out.append(code_span(word) if _NEEDS_CODE.search(word) else _escaped(word))
    return "".join(out)
