"""The benchmark's floors (bench/floor_apps, part F): each runs, the shell has what every dashboard page has, they are
served as the dashboard is, and part F reads the load generator's memory line as loadgen prints it."""
from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from bench import floor_serve, floors, loadgen
from dashboard import i18n
from dashboard.snapshot import usable_snapshots


@pytest.mark.parametrize("name", ["shell", "chart", "stack"])
def test_each_floor_runs_without_an_error(name):
    at = AppTest.from_file(str(floors.APPS / f"{name}_app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.markdown  # its one line


def test_the_shell_has_the_sidebar_every_page_draws():
    at = AppTest.from_file(str(floors.APPS / "shell_app.py"), default_timeout=60).run()
    assert at.sidebar.selectbox[0].label == i18n.t("sidebar.as_of", "ja")
    assert tuple(at.sidebar.selectbox[0].options) == usable_snapshots().as_ofs
    assert at.sidebar.toggle[0].label == i18n.t("presenter.toggle", "ja")
    assert [c.value for c in at.sidebar.caption] == [i18n.t("sidebar.not_filtered", "ja")]


def test_the_stack_floor_shows_one_table_and_one_chart():
    at = AppTest.from_file(str(floors.APPS / "stack_app.py"), default_timeout=60).run()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 0
    assert len(at.get("plotly_chart")) == 1


def test_a_floor_is_served_as_the_dashboard_is(monkeypatch):
    called = {}
    monkeypatch.setattr(floor_serve.serve, "main", lambda argv, script, floor: called.update(
        argv=argv, script=script, floor=floor) or 0)
    assert floor_serve.main(["--as-app", "bench/floor_apps/chart_app.py", "--server.port", "1"]) == 0
    assert called["floor"] is True and called["argv"] == ["--server.port", "1"]
    assert called["script"] == floors.APPS / "chart_app.py"
    assert floor_serve.main(["--as-app"]) == 2  # no script: the usage


@pytest.mark.parametrize("after", [45, 5, 0.5])
def test_part_f_reads_the_load_generators_memory_line(after):
    line = (f"server RSS: before {loadgen.fmt_mb(1234.4)}, peak {loadgen.fmt_mb(233.0)}, "
            f"{after:g} s after {loadgen.fmt_mb(229.6)}")
    assert floors.RSS_LINE.search(line).groups() == ("1,234", "233", "230")
    assert floors.RSS_LINE.search(f"server RSS: before {loadgen.fmt_mb(math.nan)}, peak 1 MB, 1 s after 1 MB") is None
