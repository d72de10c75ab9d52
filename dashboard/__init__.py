"""The Streamlit dashboard's shared code: snapshot access, query layer, filters, charts, layout."""
