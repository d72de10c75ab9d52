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


# --- containers drawn only while open (expanders, popovers and tabs with on_change="rerun") ---------------------

def _blocks(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _blocks(child)


def _user_key(element_id: str) -> str | None:
    """The key a page gave a stateful container ('$$ID-<hash>-<key>'), or None for a container without one."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] not in ("", "None") else None


def lazy_keys(at: AppTest) -> tuple[list[str], dict[str, list[str]]]:
    """Keys of the expanders and popovers that draw their content only while open, and of each such tab
    container (only its selected tab is drawn) with its tab labels."""
    opened, tabs = [], {}
    for node in _blocks(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if getattr(node, "type", None) == "expander":
            key = _user_key(proto.id)
        elif getattr(node, "type", None) == "popover":
            key = _user_key(proto.popover.id)
        elif getattr(node, "type", None) == "tab_container":
            key = _user_key(proto.tab_container.id)
            if key:
                tabs[key] = [tab.label for tab in node.children.values()]
            continue
        else:
            continue
        if key:
            opened.append(key)
    return opened, tabs


def open_lazy(at: AppTest) -> AppTest:
    """Open every expander and popover drawn only while open (as a reader clicking each one) and run again."""
    opened, _ = lazy_keys(at)
    for key in opened:
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def add_slide(at: AppTest, panel_id: str) -> AppTest:
    """「スライドに追加」 for `panel_id`, as a reader does it: open the panel's menu (a popover that reruns when
    opened, render/export_buttons.panel), then press the button in it."""
    at.session_state[f"{panel_id}_export"] = True
    at.run()
    at.button(key=f"add_slide_{panel_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tables(at: AppTest) -> AppTest:
    """Open every panel's table expander (drawn only while open, render/page.closed_table), as a reader clicking
    「表で見る」, and run again; the page as it was when every one is open already."""
    closed = [key for key in lazy_keys(at)[0] if key.endswith("_table_open")
              and not (key in at.session_state and at.session_state[key])]
    if closed:
        for key in closed:
            at.session_state[key] = True
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def every_view(at: AppTest):
    """The page with every lazy expander and popover open, once per tab of its lazy tabs (all of them, for checks
    that must see everything a reader can open)."""
    open_lazy(at)
    _, tabs = lazy_keys(at)
    if not tabs:
        yield at
        return
    for key, labels in tabs.items():
        for label in labels:
            at.session_state[key] = label
            open_lazy(at)  # a newly drawn tab may hold lazy containers of its own
            yield at
        at.session_state[key] = labels[0]
    at.run()


def paragraphs(markdowns) -> list[str]:
    """The paragraphs of markdown elements, in order: a panel's consecutive paragraphs are one element
    (render/page.joined, blank lines between)."""
    return [paragraph for m in markdowns for paragraph in m.value.split("\n\n")]
