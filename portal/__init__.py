"""Civic Portal: Boston 311 reports, triage, Street Bump, recognition and third-spaces projects.

Everything here is plain Python, importable without a running Streamlit server; `portal.ui` is
the only package that talks to Streamlit.
"""
