"""Floor for memory: the dashboard's stack doing the least a page can do. The real snapshot loaded as the dashboard
loads it (DuckDB over its Parquet files), one question asked, its answer as one table and one plotly chart; no
navigation, no sidebar, none of the dashboard's pages, panels or caches."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from dashboard.filters import Filters

frame = data.run("selections_by_year", Filters())
st.write("ok")
st.dataframe(frame, hide_index=True)
st.plotly_chart(go.Figure(go.Bar(x=[str(v) for v in frame.iloc[:, 0]], y=list(range(len(frame))))), theme=None)
