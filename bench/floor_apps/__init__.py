"""The stack's floors (part F of the benchmark, bench/floors.py): the least a page of a Streamlit app can cost with
the dashboard's own navigation, sidebar widgets, one plotly chart, or one query over the real snapshot, served as the
dashboard is (`python -m bench.floor_serve --as-app`). They set what issue 10's aims can be measured against."""
