"""`python -m bench.floor_serve SCRIPT [streamlit options]`: the benchmark's floor page (a one-line Streamlit app)
served through the dashboard's own server wrapper, as `python -m dashboard.serve` serves app.py.

`python -m bench.floor_serve --as-app SCRIPT [streamlit options]`: one of the stack's floors (bench/floor_apps, part
F of the benchmark) served exactly as the dashboard is (dashboard.serve.main: the wrapper, the chart-code preload,
every memory setting), without the dashboard's own modules imported at start.

Why: dashboard.serve wraps Streamlit's ASGI app (dashboard/static_assets.py gzips the frontend, a guard answers
over-long links) and raises uvicorn's request-head buffer. A floor started with a plain `streamlit run` got the same
frontend uncompressed, so a page/floor ratio compared two servers, not two pages. Only the server wrapper is
installed here; the dashboard's memory tuning (frozen imports, malloc settings) does not change what a browser
receives and is left out, and so is the chart-code preload (dashboard/chart_preload.py): the floor has no chart, and
a page without one would only spend time on it."""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

from dashboard import serve, tcp_nodelay

# What the bench prints about the floor's server (bench/pages.py).
DESCRIPTION = ("`python -m bench.floor_serve` = `streamlit run` behind dashboard.serve's wrapper (gzip frontend, link "
               "guard, TCP_NODELAY; no chart-code preload: the floor has no chart)")


def main(argv: list[str]) -> int:
    if not argv or argv == ["--as-app"]:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "--as-app":
        return serve.main(argv[2:], script=Path(argv[1]).resolve(), floor=True)
    if not serve.install_long_link_guard(preload_charts=False):
        print("bench.floor_serve: could not install dashboard.serve's wrapper; the floor is a plain streamlit run",
              file=sys.stderr)
    tcp_nodelay.install()  # the same sockets as the dashboard's: a comparison of pages, not of servers
    sys.argv = ["streamlit", "run", *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
