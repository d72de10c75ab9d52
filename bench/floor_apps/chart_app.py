"""Floor: one line and one plotly chart of three bars (Streamlit's own plotly element, as every chart of the
dashboard is drawn), no navigation and no sidebar."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

st.write("ok")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), theme=None)
