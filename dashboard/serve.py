"""Start the dashboard server: `python -m dashboard.serve [streamlit options]` (what `make run` does).

Streamlit treats an app with a `pages/` folder beside its entry script as a legacy multipage app
until st.navigation is first called. The first browser session after server start then runs its
first script pass inside a generated legacy page: a direct link such as /survey briefly shows
"Page not found", and widget identities change after the first pass. Switching the legacy mode off
before the server starts avoids both. app.py still copes when started with plain `streamlit run`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
