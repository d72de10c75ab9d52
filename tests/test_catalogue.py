"""Every UI word lives in the catalogue (locales/*.toml): no page, panel, figure or renderer holds one.

A UI literal is a string constant in code that contains Japanese script (kana or kanji) and is not a
docstring. Comments are not string constants, so they may quote the documents. Every language file
has exactly the keys of the Japanese one.
"""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from dashboard import i18n
from tests.conftest import ROOT

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
CHECKED = ["app.py", "pages", "dashboard/panels", "dashboard/render", "dashboard/figures", "dashboard/presenter.py",
           "dashboard/theme.py", "dashboard/chart_style.py", "dashboard/project_text.py", "dashboard/area_param.py",
           "dashboard/sidebar.py", "dashboard/layout.py", "dashboard/url_state.py", "dashboard/downloads.py",
           "dashboard/snapshot.py", "dashboard/data.py", "dashboard/data_tables.py", "dashboard/decks.py",
           "dashboard/qr.py"]


def _files() -> list[Path]:
    out = []
    for entry in CHECKED:
        path = ROOT / entry
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def ui_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and JAPANESE.search(node.value)]


# Files still being moved to panels and the catalogue; each leaves this set when its page is a panel list.
PENDING: set[str] = set()


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_ui_literal_outside_the_catalogue(path):
    if str(path.relative_to(ROOT)) in PENDING:
        pytest.xfail("not yet a panel list")
    assert ui_literals(path) == []


def test_every_language_has_every_key():
    keys = set(i18n.catalogue("ja"))
    for file in sorted(i18n.LOCALES.glob("*.toml")):
        lang = file.stem
        assert set(i18n.catalogue(lang)) == keys, lang


def test_every_catalogue_key_parses_and_every_placeholder_is_a_name():
    for file in sorted(i18n.LOCALES.glob("*.toml")):
        with open(file, "rb") as f:
            tomllib.load(f)
    for key, template in i18n.catalogue("ja").items():
        assert "{}" not in template, key


def test_panel_words_exist_for_every_panel():
    from dashboard.panels import PANELS
    for panel in PANELS.values():
        assert i18n.has(panel.title_key), panel.id
        for column in panel.columns:
            assert i18n.has(column.glossary_key), (panel.id, column.field)
