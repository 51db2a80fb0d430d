"""The only part of `portal` that imports Streamlit: cached resources and small widgets shared by pages.

May import anything in `portal`; nothing in `portal` outside `ui` imports it or Streamlit.
"""
