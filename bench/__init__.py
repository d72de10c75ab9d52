"""`make bench`: speed and memory figures for the query layer and the dashboard pages.

    python -m bench                  # everything (about 5–8 minutes)
    python -m bench --only queries   # A: every queries/*.sql on the real and a 10,000x synthetic snapshot
    python -m bench --only pages     # B: AppTest script runs, headless Chromium navigation/filter clicks, server RSS

Figures are printed as plain-text tables next to their targets; nothing is asserted (tests never assert
speed or memory). A failing measurement prints `error: …` and the run continues.
"""
