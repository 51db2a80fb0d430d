"""Open311 GeoReport v2: the city's requests and request types for other apps, over the same database.

`app.py` is the ASGI service (`python -m portal serve-open311`); the other modules hold what it says
(`schemas.py`), what it reads and files (`services.py`, `service_requests.py`), who may post
(`keys.py`), and its errors and formats (`errors.py`, `formats.py`).

`export` writes the same records (and CSV / GeoJSON) for the nightly open-data files and the map's
downloads.

May import: `config`, `db`, `display`, `accounts`, `maps`, `analytics` and `reports`.
"""
