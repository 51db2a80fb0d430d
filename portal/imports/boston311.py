"""Reading the City of Boston 311 open-data CSV in any of its three layouts into one shape.

Boston has published the same cases under three headers: the 2015 export (upper-case
`CASE_ENQUIRY_ID`, US-style local dates), the 2020s export (lower-case `case_enquiry_id`, ISO local
dates) and the new CRM export (`case_id`, UTC dates). Each layout is a column map onto `FIELDS`;
parsing is vectorised per chunk with pandas, so a million rows take seconds, and every row that
cannot be used comes back as a `Reject` with its line number and a reason: an overlong field, a NUL
character, or a case id the file already had (the first row of a case is the one kept, whichever
chunk the repeat falls in) refuse that row only, never the file.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa

from portal.config import BOSTON_TZ, CITY_HALL_PLACEHOLDER
from portal.maps.geo import Neighborhoods

US_DATE_FORMAT = "%m/%d/%Y %I:%M:%S %p"
US_DATE_PATTERN = r"(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/\d{4} (0[1-9]|1[0-2]):[0-5]\d:[0-5]\d [AP]M"
FIELDS = (
    "case_id", "opened", "target", "closed", "status", "closure_reason", "title",
    "subject", "reason", "type", "department", "lat", "lon", "neighborhood", "address", "source",
)  # fmt: skip


@dataclass(frozen=True)
class Layout:
    name: str
    columns: dict[str, str]  # our field -> the file's column
    date_format: str | None  # None: ISO dates with an explicit UTC offset
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other names seen over the years

    def column_for(self, wanted: str, header: list[str]) -> str | None:
        for column in (self.columns.get(wanted), *self.alternatives.get(wanted, ())):
            if column in header:
                return column
        return None


LAYOUTS = (
    Layout(
        "2015",
        {
            "case_id": "CASE_ENQUIRY_ID", "opened": "OPEN_DT", "target": "TARGET_DT",
            "closed": "CLOSED_DT", "status": "CASE_STATUS", "closure_reason": "CLOSURE_REASON",
            "title": "CASE_TITLE", "subject": "SUBJECT", "reason": "REASON", "type": "TYPE",
            "department": "Department", "lat": "LATITUDE", "lon": "LONGITUDE",
            "neighborhood": "neighborhood", "address": "Location", "source": "Source",
        },
        US_DATE_FORMAT,
    ),
    Layout(
        "2020s",
        {
            "case_id": "case_enquiry_id", "opened": "open_dt", "target": "target_dt",
            "closed": "closed_dt", "status": "case_status", "closure_reason": "closure_reason",
            "title": "case_title", "subject": "subject", "reason": "reason", "type": "type",
            "department": "department", "lat": "latitude", "lon": "longitude",
            "neighborhood": "neighborhood", "address": "location", "source": "source",
        },
        "%Y-%m-%d %H:%M:%S",
        {"target": ("sla_target_dt",)},
    ),
    Layout(
        "crm",
        {
            "case_id": "case_id", "opened": "open_date", "target": "target_close_date",
            "closed": "close_date", "status": "case_status", "closure_reason": "closure_reason",
            "title": "service_name", "subject": "assigned_department", "reason": "case_topic",
            "type": "service_name", "department": "assigned_department", "lat": "latitude",
            "lon": "longitude", "neighborhood": "neighborhood", "address": "full_address",
            "source": "report_source",
        },
        None,
    ),
)  # fmt: skip

CASE_ID_LIMIT = 40  # reports.external_case_id
# Python's csv module refuses a longer field by default, which used to fail the whole file. The reader
# takes fields up to READ_LIMIT and the row is refused when a field we use is over FIELD_LIMIT.
FIELD_LIMIT = 131_072
READ_LIMIT = 64 * 1024 * 1024
REQUIRED = ("case_id", "opened", "status", "type", "lat", "lon")
TEXT_LIMITS = {"title": 200, "address": 200, "subject": 120, "reason": 120, "type": 160,
               "department": 60, "source": 60, "neighborhood": 80}  # fmt: skip


class MalformedFileError(ValueError):
    """The file as a whole cannot be imported; nothing from it was written."""


@dataclass(frozen=True)
class Reject:
    line: int
    reason: str
    row: dict[str, str]


@dataclass
class Chunk:
    """Parsed rows ready for the database, and the rows that were refused."""

    records: pd.DataFrame
    rejects: list[Reject]


def open_text(path: Path) -> tuple[io.TextIOWrapper, BinaryIO]:
    """Open a CSV or .csv.gz; also return the raw file, whose position measures progress."""
    raw = open(path, "rb")
    stream = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""), raw


def detect_layout(header: list[str]) -> Layout:
    for layout in LAYOUTS:
        if layout.columns["case_id"] in header:
            missing = [f for f in REQUIRED if layout.column_for(f, header) is None]
            if missing:
                names = ", ".join(layout.columns[f] for f in missing)
                raise MalformedFileError(
                    f"This looks like the Boston 311 {layout.name} layout but lacks the column(s) {names}."
                )
            return layout
    raise MalformedFileError(
        "This is not a Boston 311 CSV: the first line should be a header with a case id column "
        "(CASE_ENQUIRY_ID, case_enquiry_id or case_id). "
        f"Found: {', '.join(header[:6]) or 'an empty line'}."
    )


def read_chunks(
    path: Path, neighborhoods: Neighborhoods, chunk_size: int = 50_000
) -> Iterator[tuple[Chunk, int, int]]:
    """Yield parsed chunks with (bytes read, file size) so callers can show progress."""
    size = path.stat().st_size
    text, raw = open_text(path)
    csv.field_size_limit(max(csv.field_size_limit(), READ_LIMIT))
    seen: dict[str, int] = {}  # case id -> the line that had it first
    with text:
        reader = csv.reader(text)
        try:
            header = next(reader, [])
            layout = detect_layout(header)
            rows: list[list[str]] = []
            lines: list[int] = []
            rejects: list[Reject] = []
            for row in reader:
                if len(row) != len(header):
                    rejects.append(
                        Reject(reader.line_num, f"has {len(row)} fields, the header has {len(header)}",
                               dict(zip(header, row)))
                    )  # fmt: skip
                    continue
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) >= chunk_size:
                    yield _parse(layout, header, rows, lines, rejects, neighborhoods, seen), raw.tell(), size
                    rows, lines, rejects = [], [], []
            yield _parse(layout, header, rows, lines, rejects, neighborhoods, seen), raw.tell(), size
        except (UnicodeDecodeError, csv.Error, gzip.BadGzipFile, EOFError) as error:
            raise MalformedFileError(
                f"{path.name} is not a readable CSV file (near line {reader.line_num}): {error}"
            ) from error


def _parse(
    layout: Layout,
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    rejects: list[Reject],
    neighborhoods: Neighborhoods,
    seen: dict[str, int],
) -> Chunk:
    # Only the columns we use become a frame: one of all ~35 columns cost more than the parsing below.
    index = pd.Index(lines, name="line")
    frame = pd.DataFrame({name: _field(layout, header, rows, name, index) for name in FIELDS})

    reasons = pd.Series("", index=frame.index)

    def refuse(mask: pd.Series, reason: str | pd.Series) -> None:
        fresh = mask & (reasons == "")
        reasons[fresh] = reason[fresh] if isinstance(reason, pd.Series) else reason

    def quoted(name: str, mask: pd.Series) -> pd.Series:
        """The raw value as repr() shows it, worked out only for the rows about to be refused."""
        return frame[name].where(~mask, frame.loc[mask, name].map(repr))

    for name in FIELDS:
        column = layout.column_for(name, header) or name
        for bad, reason in ((frame[name].str.len() > FIELD_LIMIT, f"is longer than {FIELD_LIMIT:,} characters"),
                            (frame[name].str.contains("\x00", regex=False), "holds a NUL character")):  # fmt: skip
            if bad.any():  # rare: most files never pay for a refusal
                refuse(bad, f"{column} {reason}")
    refuse(frame["case_id"] == "", "no case id")
    refuse(frame["case_id"].str.len() > CASE_ID_LIMIT, f"the case id is longer than {CASE_ID_LIMIT} characters")
    refuse(frame["type"] == "", "no request type")
    for name in ("opened", "target", "closed"):
        parsed = _parse_times(frame[name], layout.date_format)
        bad = parsed.isna() & ((frame[name] != "") | (name == "opened"))
        refuse(bad, f"{name} date " + quoted(name, bad) + " is not a usable date")
        frame[name] = parsed

    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    placeholder = (lat.round(4) == CITY_HALL_PLACEHOLDER[0]) & (lon.round(4) == CITY_HALL_PLACEHOLDER[1])
    located = lat.notna() & lon.notna() & ~placeholder
    inside = pd.Series(False, index=frame.index)
    if located.any():
        inside[located] = neighborhoods.in_city(lat[located].to_numpy(), lon[located].to_numpy())
    refuse(located & ~inside, "coordinates " + frame["lat"] + ", " + frame["lon"] + " are outside Boston")
    for name, number, label in (("lat", lat, "latitude"), ("lon", lon, "longitude")):
        bad = (frame[name] != "") & number.isna()
        refuse(bad, f"{label} " + quoted(name, bad) + " is not a number")

    _refuse_repeats(frame["case_id"], reasons, seen)
    refused = (reasons != "").to_numpy()
    rejects = rejects + [
        Reject(lines[at], reasons.iat[at], dict(zip(header, rows[at]))) for at in np.flatnonzero(refused)
    ]
    frame = frame[~refused].copy()
    frame["lat"] = lat[~refused].where(located[~refused])
    frame["lon"] = lon[~refused].where(located[~refused])
    frame["status"] = np.where(frame["status"].str.lower() == "closed", "closed", "open")
    _fill_neighborhoods(frame, neighborhoods)
    for name, limit in TEXT_LIMITS.items():
        frame[name] = frame[name].str.slice(0, limit)
    frame["title"] = frame["title"].where(frame["title"] != "", frame["type"])
    return Chunk(frame, sorted(rejects, key=lambda r: r.line))


def _refuse_repeats(case_ids: pd.Series, reasons: pd.Series, seen: dict[str, int]) -> None:
    """Refuse a usable row whose case id an earlier usable row of the file had, in any chunk.

    An earlier chunk's case is stored by then, so a repeat would otherwise be a false "update".
    """
    usable = reasons == ""
    for line, case_id in zip(case_ids.index[usable].tolist(), case_ids[usable].tolist()):
        first = seen.setdefault(case_id, line)
        if first != line:
            reasons[line] = f"duplicate case id in this file, first on line {first}"


def _field(layout: Layout, header: list[str], rows: list[list[str]], name: str, index: pd.Index) -> pd.Series:
    """One of our fields as stripped text, straight from the csv rows; blank where the layout lacks it."""
    column = layout.column_for(name, header)
    if column is None:
        return pd.Series("", index=index)
    at = header.index(column)
    values = pa.array([row[at] for row in rows], type=pa.large_string())
    return pd.Series(pd.arrays.ArrowStringArray(values), index=index).str.strip()


def _parse_times(values: pd.Series, date_format: str | None) -> pd.Series:
    """Parse to aware UTC timestamps; local layouts are read as Boston time."""
    if date_format is None:
        return pd.to_datetime(values, errors="coerce", utc=True, format="ISO8601")
    local = _parse_local_times(values, date_format)
    # Boston time, one repeated hour a year: read it as standard time rather than refuse the row.
    aware = local.dt.tz_localize(BOSTON_TZ.key, ambiguous="NaT", nonexistent="shift_forward")
    aware = aware.copy()
    repeated = aware.isna() & local.notna()
    if repeated.any():
        aware.loc[repeated] = local[repeated].dt.tz_localize(
            BOSTON_TZ.key, ambiguous=np.zeros(int(repeated.sum()), dtype=bool)
        )
    return aware.dt.tz_convert("UTC")


def _parse_local_times(values: pd.Series, date_format: str) -> pd.Series:
    """Naive local timestamps, NaT where a value does not fit `date_format`.

    pandas parses an AM/PM format value by value, about thirty times slower than ISO text. So values
    in the exact zero-padded US shape are rearranged into ISO text and shifted by twelve hours where
    the clock says so; anything else (blank, unpadded, lower-case "pm") takes the general route.
    """
    if date_format != US_DATE_FORMAT:
        return pd.to_datetime(values, errors="coerce", format=date_format)
    exact = values.str.fullmatch(US_DATE_PATTERN).fillna(False).astype(bool)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if exact.any():
        text = values[exact]
        iso = (text.str.slice(6, 10) + "-" + text.str.slice(0, 2) + "-" + text.str.slice(3, 5)
               + " " + text.str.slice(11, 19))  # fmt: skip
        clock = pd.to_datetime(iso, errors="coerce", format="%Y-%m-%d %H:%M:%S")
        afternoon = (text.str.slice(20, 22) == "PM").astype(bool)
        twelve = (text.str.slice(11, 13) == "12").astype(bool)
        shift = pd.Timedelta(hours=12) * (afternoon.astype(int) - twelve.astype(int))
        parsed.loc[exact] = (clock + shift).to_numpy()
    other = ~exact & (values != "")
    if other.any():
        parsed.loc[other] = pd.to_datetime(values[other], errors="coerce", format=date_format).to_numpy()
    return parsed


def _fill_neighborhoods(frame: pd.DataFrame, neighborhoods: Neighborhoods) -> None:
    """Keep the neighborhood the city gave; where it gave none, look the point up."""
    blank = (frame["neighborhood"] == "") & frame["lat"].notna()
    if blank.any():
        frame.loc[blank, "neighborhood"] = neighborhoods.names_at(
            frame.loc[blank, "lat"].to_numpy(), frame.loc[blank, "lon"].to_numpy()
        )
    frame["neighborhood"] = frame["neighborhood"].replace("", None)


def write_rejects(path: Path, rejects: list[Reject]) -> None:
    """One row per refused line: its line number, the reason, then the original columns."""
    columns: dict[str, None] = {}
    for reject in rejects:
        columns.update(dict.fromkeys(reject.row))
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["line", "reason", *columns])
        writer.writeheader()
        for reject in rejects:
            writer.writerow({"line": reject.line, "reason": reject.reason, **reject.row})
