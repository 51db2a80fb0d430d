"""Open data exports of reports: CSV, GeoJSON and Open311 JSON, for the city's open-data portal.

The same public columns as the Open311 API (`portal.open311.schemas`) and never anything about the
reporter. Rows are read in batches and written as they come, so a nightly export of a million reports
does not hold them all in memory. The live map's downloads pass its `MapFilter`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine, and_, select, true
from sqlalchemy.orm import Session

from portal.analytics.channels import channel
from portal.db import session_factory
from portal.maps.mapdata import MapFilter, conditions
from portal.open311.schemas import REQUEST_COLUMNS, request_record
from portal.reports.models import Report, ServiceType

FORMATS = ("open311", "geojson", "csv")
BATCH = 10_000
MAP_DOWNLOAD_LIMIT = 50_000  # the newest this many from the map page; the full set is the nightly export
EXTRA_COLUMNS = (Report.neighborhood, Report.source)
EXTRA_FIELDS = ("neighborhood", "channel")  # in CSV and GeoJSON; the Open311 export keeps to the spec


def records(session: Session, f: MapFilter, limit: int | None = None) -> Iterator[dict]:
    """Open311 records of the filtered reports, newest first, with neighborhood and channel added."""
    where = conditions(f)
    query = select(*REQUEST_COLUMNS, *EXTRA_COLUMNS).join(ServiceType).where(and_(true(), *where))
    query = query.order_by(Report.opened_at.desc(), Report.id.desc()).limit(limit)
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        yield {**request_record(row), "neighborhood": row.neighborhood, "channel": channel(row.source)}


CSV_FIELDS = ["service_request_id", "status", "service_code", "service_name", "agency_responsible", "description",
              "status_notes", "requested_datetime", "updated_datetime", "expected_datetime", "address",
              "neighborhood", "lat", "long", "channel", "media_url"]  # fmt: skip


def write_csv(rows: Iterator[dict], out: TextIO) -> int:
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
    return count


def write_geojson(rows: Iterator[dict], out: TextIO) -> int:
    """A FeatureCollection of the located reports (RFC 7946: lon, lat); unlocated ones are left out."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for row in rows:
        if row.get("lat") is None or row.get("long") is None:
            continue
        properties = {k: v for k, v in row.items() if k not in ("lat", "long")}
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["long"], row["lat"]]},
                   "properties": properties}  # fmt: skip
        out.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_open311(rows: Iterator[dict], out: TextIO) -> int:
    """A JSON list of Open311 Request records, as GET requests.json answers, without its 1,000 limit."""
    out.write("[")
    count = 0
    for count, row in enumerate(rows, 1):
        record = {k: v for k, v in row.items() if k not in EXTRA_FIELDS}
        out.write(("," if count > 1 else "") + "\n" + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")
    return count


WRITERS = {"csv": write_csv, "geojson": write_geojson, "open311": write_open311}


def export(session: Session, fmt: str, out: TextIO, f: MapFilter = MapFilter(), limit: int | None = None) -> int:
    """Write the filtered reports to `out` in `fmt`; returns how many were written."""
    return WRITERS[fmt](records(session, f, limit), out)


def map_download(session: Session, f: MapFilter, fmt: str) -> bytes:
    """The live map's download: the newest `MAP_DOWNLOAD_LIMIT` reports matching its filters."""
    buffer = io.StringIO()
    export(session, fmt, buffer, f, MAP_DOWNLOAD_LIMIT)
    return buffer.getvalue().encode()


def export_file(engine: Engine, fmt: str, path: Path) -> int:
    """The nightly export: written beside `path` and moved into place, so a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    with session_factory(engine)() as session, open(partial, "w", encoding="utf-8", newline="") as out:
        count = export(session, fmt, out)
    os.replace(partial, path)
    return count
