"""AppTest helpers shared by the page tests."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


_CODE_SPAN = re.compile(r"(?<![`\\])(`+) (.*?) \1(?!`)", re.S)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown_text(markdown: str) -> str:
    """What the reader sees of markdown built with dashboard.safe_text: code spans unwrapped, backslash escapes
    removed (our own markup such as **bold** is left as it is)."""
    out, last = [], 0
    for m in _CODE_SPAN.finditer(markdown):
        out += [_ESCAPE.sub(r"\1", markdown[last:m.start()]), m.group(2)]
        last = m.end()
    return "".join(out + [_ESCAPE.sub(r"\1", markdown[last:])])


def open_app(page: str, params: dict | None = None) -> tuple[AppTest, list[str]]:
    """The app opened with URL `params` (as a shared link would), then switched to `page`.

    Returns the AppTest and the warnings of the first run as the reader sees them (`shown_text`): the page a
    link opens is where URL notices are shown."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    first_warnings = [shown_text(w.value) for w in at.warning]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, first_warnings


def plotly_values(v):
    """A plotly JSON array: a list, or a typed array {'dtype', 'bdata', 'shape'}."""
    if isinstance(v, dict) and "bdata" in v:
        arr = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if "shape" in v:
            arr = arr.reshape([int(n) for n in str(v["shape"]).split(",")])
        return arr.tolist()
    return v


def plotly_charts(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures as JSON, keyed by the chart's Streamlit key."""
    return {el.proto.id.rsplit("-", 1)[-1]: json.loads(el.proto.spec) for el in at.get("plotly_chart")}
