"""The load generator (issue 10, part 3): it refuses anything but this machine and out-of-bounds runs, and
a short run against one real server finishes pages without errors and prints every summary line."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench import loadgen
from deploy.cluster import free_port, healthy
from tests.conftest import ROOT


@pytest.mark.parametrize("url", ["http://example.com:8501", "http://10.0.0.5:8501", "http://192.168.1.2",
                                 "http://localhost.example.com:8501", "ws://localhost:8501", "file:///etc/passwd"])
def test_refuses_urls_off_this_machine(url, capsys):
    assert loadgen.main(["--url", url, "--sessions", "1", "--seconds", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("loadgen: ") and ("only targets this machine" in err or "must start with http" in err)


@pytest.mark.parametrize("url", ["http://localhost:8501", "http://127.0.0.1:9/", "http://[::1]:8501"])
def test_accepts_loopback(url):
    assert loadgen.check_url(url)[1] in loadgen.LOOPBACK_NAMES


@pytest.mark.parametrize("args", [["--sessions", "1001"], ["--sessions", "0"], ["--seconds", "601"],
                                  ["--after", "-1"], ["--arrive", "-1"], ["--seconds", "10", "--arrive", "11"]])
def test_refuses_unbounded_runs(args, capsys):
    assert loadgen.main(["--url", "http://localhost:8501", *args]) == 2
    assert "must be between" in capsys.readouterr().err


def test_links_use_the_snapshot_vocabulary_and_registry_pages():
    import random

    vocab, note = loadgen.load_vocab()
    assert note == "" and vocab.techs and vocab.fys and vocab.prefs
    assert "" in loadgen.page_names() and "map" in loadgen.page_names()
    rng = random.Random(1)
    queries = [loadgen.random_query(vocab, rng) for _ in range(200)]
    assert any("tech=" in q for q in queries) and any("pref=" in q for q in queries) and "" in queries


def test_short_run_against_one_server():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dashboard.serve", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while not healthy(port) and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert healthy(port), "the dashboard server did not start"
        run = subprocess.run([sys.executable, "-m", "bench.loadgen", "--sessions", "5", "--seconds", "10",
                              "--after", "1", "--url", f"http://127.0.0.1:{port}", "--seed", "7"],
                             cwd=ROOT, capture_output=True, text=True, timeout=240)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    lines = {line.split(":", 1)[0] for line in out.splitlines()}
    assert {"sessions", "page runs", "time to a finished page", "errors", "server RSS"} <= lines, out
    assert "errors: 0 (" in out and "5 simulated visitors, 5 connected" in out
    assert "before n/a" not in out, out  # the server process was found and measured
