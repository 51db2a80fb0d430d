"""Reading the City of Boston 311 open-data CSV in any of its three layouts into one shape.

Boston has published the same cases under three headers: the 2015 export (upper-case
`CASE_ENQUIRY_ID`, US-style local dates), the 2020s export (lower-case `case_enquiry_id`, ISO local
dates) and the new CRM export (`case_id`, UTC dates). Each layout is a column map onto `FIELDS`;
pyarrow reads only the columns a layout maps (Python's csv module where rows span lines) and
parsing is vectorised per chunk with pandas, so a million rows take seconds, and every row that
cannot be used comes back as a `Reject` with its line number and a reason: an overlong field, a NUL
character, or a case id the file already had (the first row of a case is the one kept, whichever
chunk the repeat falls in) refuse that row only, never the file.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

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
READ_BUFFER = 1024 * 1024  # bytes of a .gz file decompressed at a time
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
    csv.field_size_limit(max(csv.field_size_limit(), READ_LIMIT))
    seen: dict[str, int] = {}  # case id -> the line that had it first
    with open(path, "rb") as raw:  # its position measures progress
        # GzipFile.readline is Python; a large buffer over it reads the lines in C.
        stream = io.BufferedReader(gzip.GzipFile(fileobj=raw), READ_BUFFER) if path.suffix == ".gz" else raw
        reader = _Reader(stream, chunk_size)
        try:
            # Bytes split lines at "\n" only; the csv module also ends one at a bare "\r".
            first = stream.readline().decode("utf-8-sig")
            header_line = io.StringIO(first, newline="").readline()
            header = _csv_fields(header_line)
            layout = detect_layout(header)
            used = list(
                dict.fromkeys(column for name in FIELDS if (column := layout.column_for(name, header)))
            )
            for rows in reader.rows(header, used, first[len(header_line) :].encode()):
                yield _parse(layout, header, rows, neighborhoods, seen), raw.tell(), size
        except (UnicodeDecodeError, csv.Error, gzip.BadGzipFile, EOFError) as error:
            raise MalformedFileError(
                f"{path.name} is not a readable CSV file (near line {reader.line}): {error}"
            ) from error


@dataclass
class _Rows:
    """Rows as read, before parsing: the file's columns we use, as text, and each row's physical line.

    `fields_of(i)` gives back every field of row i, for the few refused rows whose values travel with
    the reason. `may_hold_unstorable` is False when the rows' text as a whole was seen to hold no NUL
    and no line as long as `FIELD_LIMIT`, so that no field needs checking for either.
    """

    columns: dict[str, pa.Array]  # the file's column -> one text per row
    lines: list[int]
    rejects: list[Reject]  # rows refused before parsing: a field count unlike the header's
    fields_of: Callable[[int], list[str]]
    may_hold_unstorable: bool = True


class _Reader:
    """The data rows of a file, about `chunk_size` at a time, each with the physical line it starts on.

    pyarrow's CSV parser reads the columns we use several times faster than Python's csv module, but
    cannot say on which line a row starts. Where every row is one line it need not: a block's rows
    are its lines. So each block of lines is parsed by pyarrow and its rows counted; as many rows as
    lines means one row per line. The last line might begin a row that a quoted line break carries
    into the next block, so it is read again at the start of that one. A block with fewer rows than
    lines (a quoted line break, a blank line) or with a bare carriage return goes, with the rest of
    the file, to the csv module, which counts the lines itself.
    """

    def __init__(self, stream: BinaryIO, chunk_size: int) -> None:
        self.stream = stream
        self.chunk_size = chunk_size
        self.line = 2  # the physical line the next block starts on, after the header

    def rows(self, header: list[str], used: list[str], rest_of_first_line: bytes) -> Iterator[_Rows]:
        lines = [rest_of_first_line] if rest_of_first_line else []  # then the line carried over
        while True:
            read = list(islice(self.stream, self.chunk_size))
            at_end = len(read) < self.chunk_size
            lines += read
            if not lines:
                return
            block = b"".join(lines)
            _check_utf8(block)
            parsed = _parse_lines(block, header, used)
            if parsed is None or parsed[0].num_rows + len(parsed[1]) != len(lines):
                yield from self._csv_rows(header, used, block)
                return
            kept = len(lines) if at_end else len(lines) - 1
            if kept:
                unstorable = b"\x00" in block or max(map(len, lines)) > FIELD_LIMIT
                yield _line_rows(header, lines[:kept], self.line, unstorable, *parsed)
            self.line += kept
            if at_end:
                return
            lines = lines[kept:]

    def _csv_rows(self, header: list[str], used: list[str], block: bytes) -> Iterator[_Rows]:
        """Rows from `block` (which starts at `self.line`) to the end of the file by the csv module."""
        before = self.line - 1
        rest = io.TextIOWrapper(self.stream, encoding="utf-8", newline="")
        reader = csv.reader(chain(io.StringIO(block.decode("utf-8"), newline=""), rest))
        rows: list[list[str]] = []
        lines: list[int] = []
        rejects: list[Reject] = []
        for row in reader:
            self.line = before + reader.line_num
            if len(row) != len(header):
                rejects.append(_field_count_reject(self.line, header, row))
                continue
            rows.append(row)
            lines.append(self.line)
            if len(rows) >= self.chunk_size:
                yield _list_rows(header, used, rows, lines, rejects)
                rows, lines, rejects = [], [], []
        rest.detach()  # the file stays open: its position still measures progress
        yield _list_rows(header, used, rows, lines, rejects)


def _check_utf8(block: bytes) -> None:
    """Raise UnicodeDecodeError unless all of `block` is UTF-8: pyarrow checks only the columns it converts.

    Arrow's check of the bytes as one string is some twenty times quicker than decoding them.
    """
    offsets = pa.py_buffer(np.array([0, len(block)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(block)]).validate(full=True)
    except pa.ArrowInvalid:
        block.decode("utf-8")  # raises the error that says where


def _parse_lines(block: bytes, header: list[str], used: list[str]) -> tuple[pa.Table, dict[int, str]] | None:
    """pyarrow's rows of `block`, and the text of each row with another field count, by its index.

    None where pyarrow would not read it as the csv module does: a bare carriage return (pyarrow ends
    a row there, but the line count does not), or a quoted field whose line breaks run past
    pyarrow's own block of a megabyte (it gives up).
    """
    if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
        return None
    refused: dict[int, str] = {}

    def refuse(row: pa_csv.InvalidRow) -> str:
        refused[row.number - 1] = row.text
        return "skip"

    try:
        table = pa_csv.read_csv(
            pa.py_buffer(block),
            # One thread: only then does pyarrow number the rows it refuses.
            read_options=pa_csv.ReadOptions(column_names=header, use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=refuse),
            convert_options=pa_csv.ConvertOptions(include_columns=used,
                                                  column_types=dict.fromkeys(used, pa.string())),
        )  # fmt: skip
    except pa.ArrowInvalid:
        return None
    return table, refused


def _line_rows(
    header: list[str],
    lines: list[bytes],
    first: int,
    may_hold_unstorable: bool,
    table: pa.Table,
    refused: dict[int, str],
) -> _Rows:
    """The rows on `lines`, one per line from line `first` on (pyarrow's further rows are left out)."""
    kept = [at for at in range(len(lines)) if at not in refused]
    rejects = [_field_count_reject(first + at, header, _csv_fields(text))
               for at, text in refused.items() if at < len(lines)]  # fmt: skip
    return _Rows(
        {name: table.column(name).slice(0, len(kept)).combine_chunks() for name in table.column_names},
        [first + at for at in kept],
        rejects,
        lambda row: _csv_fields(lines[kept[row]].decode("utf-8")),
        may_hold_unstorable,
    )


def _list_rows(
    header: list[str], used: list[str], rows: list[list[str]], lines: list[int], rejects: list[Reject]
) -> _Rows:
    """Rows the csv module read, as columns."""
    columns = {name: pa.array([row[at] for row in rows], type=pa.string())
               for name in used for at in [header.index(name)]}  # fmt: skip
    return _Rows(columns, lines, rejects, rows.__getitem__)


def _csv_fields(line: str) -> list[str]:
    """The fields of one line as the csv module reads them (none for a blank line)."""
    return next(csv.reader([line]), [])


def _field_count_reject(line: int, header: list[str], row: list[str]) -> Reject:
    return Reject(line, f"has {len(row)} fields, the header has {len(header)}", dict(zip(header, row)))


def _parse(
    layout: Layout, header: list[str], rows: _Rows, neighborhoods: Neighborhoods, seen: dict[str, int]
) -> Chunk:
    # Only the columns we use become a frame: one of all ~35 columns cost more than the parsing below.
    lines = rows.lines
    index = pd.Index(lines, name="line")
    frame = pd.DataFrame({name: _field(layout, header, rows, name, index) for name in FIELDS})

    reasons = pd.Series("", index=frame.index)

    def refuse(mask: pd.Series, reason: str, *shown: str) -> None:
        """Give rows not yet refused the reason, filled in with their values of the fields `shown`.

        Only the refused rows' reasons are built: most files never pay for a refusal.
        """
        fresh = mask & (reasons == "")
        if fresh.any():
            values = zip(*(frame.loc[fresh, name] for name in shown))
            reasons[fresh] = [reason.format(*row) for row in values] if shown else reason

    if rows.may_hold_unstorable:
        for name in FIELDS:
            column = layout.column_for(name, header) or name
            refuse(frame[name].str.len() > FIELD_LIMIT, f"{column} is longer than {FIELD_LIMIT:,} characters")
            refuse(frame[name].str.contains("\x00", regex=False), f"{column} holds a NUL character")
    refuse(frame["case_id"] == "", "no case id")
    refuse(frame["case_id"].str.len() > CASE_ID_LIMIT, f"the case id is longer than {CASE_ID_LIMIT} characters")
    refuse(frame["type"] == "", "no request type")
    for name in ("opened", "target", "closed"):
        parsed = _parse_times(frame[name], layout.date_format)
        bad = parsed.isna() & ((frame[name] != "") | (name == "opened"))
        refuse(bad, f"{name} date {{!r}} is not a usable date", name)
        frame[name] = parsed

    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    placeholder = (lat.round(4) == CITY_HALL_PLACEHOLDER[0]) & (lon.round(4) == CITY_HALL_PLACEHOLDER[1])
    located = lat.notna() & lon.notna() & ~placeholder
    inside = pd.Series(False, index=frame.index)
    if located.any():
        inside[located] = neighborhoods.in_city(lat[located].to_numpy(), lon[located].to_numpy())
    refuse(located & ~inside, "coordinates {}, {} are outside Boston", "lat", "lon")
    for name, number, label in (("lat", lat, "latitude"), ("lon", lon, "longitude")):
        bad = (frame[name] != "") & number.isna()
        refuse(bad, f"{label} {{!r}} is not a number", name)

    _refuse_repeats(frame["case_id"], reasons, seen)
    refused = (reasons != "").to_numpy()
    rejects = rows.rejects + [
        Reject(lines[at], reasons.iat[at], dict(zip(header, rows.fields_of(at))))
        for at in np.flatnonzero(refused)
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


def _field(layout: Layout, header: list[str], rows: _Rows, name: str, index: pd.Index) -> pd.Series:
    """One of our fields as stripped text; blank where the layout lacks it."""
    column = layout.column_for(name, header)
    if column is None:
        return pd.Series("", index=index)
    return pd.Series(pd.arrays.ArrowStringArray(rows.columns[column]), index=index).str.strip()


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
