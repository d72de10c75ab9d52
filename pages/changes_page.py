"""変化: what changed between two snapshots (URL `from=` / `to=`, as-of dates; default the two latest).

Nothing on this page follows the sidebar filters (the header says so): it compares the whole program.
"""
import streamlit as st

from dashboard import compare_state
from dashboard.panels.changes import CHANGE_PANELS
from dashboard.render import changes, page
from dashboard.snapshot import SnapshotError

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("page.changes.title"), ctx, lead=ctx.t("page.changes.lead"))
pair = compare_state.context(ctx)
if pair is not None:
    try:
        for panel in CHANGE_PANELS:
            changes.draw(panel, pair)
    except SnapshotError as e:  # a snapshot folder changed after it was listed: say so, never a traceback
        st.error(ctx.t("snapshot.load_error", message=e), icon=":material/block:")
