"""One function per chart: each takes query results and returns a plotly Figure."""
