"""The only part of `portal` that imports Streamlit: cached resources and small widgets shared by pages."""
