"""Reading a Street Bump upload: raw phone sensor readings, or jolt events a phone detected itself.

The format is told by the header, so one upload box and one command take both. Every row that cannot
be used comes back as a `Reject` with its line number and a reason a person can act on, in the current
language (the uploader's on the page, English for the command); the good rows are kept. Coordinates are
checked at this boundary: a point outside Boston is refused here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pandas as pd

from portal.display import CONTROL_CHARACTERS
from portal.i18n import N_, _, format_decimal, ngettext
from portal.imports.boston311 import MalformedFileError, Reject
from portal.maps.geo import Neighborhoods

DEVICE_ID_LIMIT = 64
REASONS_SHOWN = 3  # of a file with no usable row: enough to see what is wrong with it
# The upload box takes files this large: about two hours of one phone's sensor readings at 50 Hz.
# The largest any uploader accepts, so also Streamlit's `server.maxUploadSize` (.streamlit/config.toml).
MAX_UPLOAD_MB = 50
# Phones' clocks in the challenge data are from 2011; anything outside these years is a broken value.
EARLIEST_MS = pd.Timestamp("2000-01-01", tz="UTC").value // 1_000_000
LATEST_MS = pd.Timestamp("2100-01-01", tz="UTC").value // 1_000_000
AWARE_ISO_TIME = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)"


@dataclass(frozen=True)
class Format:
    name: str  # marked N_, translated where shown
    columns: dict[str, str]  # our field -> the file's column (matched without regard to case)
    optional: tuple[str, ...] = ()


SENSOR = Format(
    N_("sensor readings"),
    {"device_id": "device_id", "time": "Time", "lat": "Latitude", "lon": "Longitude",
     "accel_x": "AccelX", "accel_y": "AccelY", "accel_z": "AccelZ", "speed": "Speed",
     "gps_accuracy": "gpsAccuracy"},
    optional=("device_id",),
)  # fmt: skip
JOLTS = Format(
    N_("jolt events"),
    {"device_id": "device_id", "time": "timestamp", "lat": "lat", "lon": "lon",
     "magnitude": "magnitude", "speed": "speed", "gps_accuracy": "gps_accuracy"},
)  # fmt: skip
FORMATS = (SENSOR, JOLTS)


@dataclass
class Upload:
    """The usable rows (indexed by their line in the file), the refused ones, and how many were read."""

    format: Format
    frame: pd.DataFrame
    rejects: list[Reject]
    rows_read: int

    def rejected_rows(self) -> pd.DataFrame:
        """Line and reason of each refused row, to show a person what to fix."""
        return pd.DataFrame([(r.line, r.reason) for r in self.rejects], columns=["line", "reason"])


def detect_format(header: list[str]) -> Format:
    names = {column.strip().lower() for column in header}
    for candidate in FORMATS:
        required = [c for f, c in candidate.columns.items() if f not in candidate.optional]
        if all(column.lower() in names for column in required):
            return candidate
    raise MalformedFileError(
        _("This is not a Street Bump CSV. The first line must be a header: either sensor readings "
          "(Time, Longitude, Latitude, AccelX, AccelY, AccelZ, Speed, gpsAccuracy, …) or jolt events "
          "(device_id, timestamp, lat, lon, magnitude, speed, gps_accuracy). Found: {found}.")
        .format(found=", ".join(header[:8]) or _("nothing"))
    )


def read_upload(stream: BinaryIO, neighborhoods: Neighborhoods) -> Upload:
    """Parse a whole upload; raise `MalformedFileError` only when the file as a whole is unusable."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = [column.strip() for column in next(reader, [])]
        found = detect_format(header)
        rows, lines, rejects = [], [], []
        for row in reader:
            if not any(value.strip() for value in row):
                continue
            if len(row) != len(header):
                reason = _("has {count} fields, the header has {header}").format(count=len(row), header=len(header))
                rejects.append(Reject(reader.line_num, reason, dict(zip(header, row))))
                continue
            rows.append(row)
            lines.append(reader.line_num)
    except (UnicodeDecodeError, csv.Error) as error:
        raise MalformedFileError(_("This is not a readable CSV file (near line {line}): {error}")
                                 .format(line=reader.line_num, error=error)) from error
    finally:
        text.detach()
    frame, refused = _parse(found, header, rows, lines, neighborhoods)
    upload = Upload(found, frame, sorted(rejects + refused, key=lambda r: r.line), len(rows) + len(rejects))
    if frame.empty:
        raise MalformedFileError(_nothing_usable(upload))
    return upload


def _nothing_usable(upload: Upload) -> str:
    if not upload.rejects:
        return _("This file of {format} has a header but no rows; nothing was stored.").format(
            format=_(upload.format.name))
    shown = "; ".join(_("line {line}: {reason}").format(line=r.line, reason=r.reason)
                      for r in upload.rejects[:REASONS_SHOWN])  # fmt: skip
    more = len(upload.rejects) - REASONS_SHOWN
    none = ngettext("The {count} row cannot be used, so nothing was stored. {reasons}",
                    "None of the {count} rows can be used, so nothing was stored. {reasons}",
                    len(upload.rejects)).format(count=format_decimal(len(upload.rejects)), reasons=shown)  # fmt: skip
    return none + (_("; and {count} more.").format(count=format_decimal(more)) if more > 0 else ".")


def _parse(
    found: Format, header: list[str], rows: list[list[str]], lines: list[int], neighborhoods: Neighborhoods
) -> tuple[pd.DataFrame, list[Reject]]:
    positions = {column.lower(): at for at, column in enumerate(header)}
    raw = pd.DataFrame(
        {field: [row[positions[column.lower()]].strip() for row in rows] if column.lower() in positions
         else [""] * len(rows) for field, column in found.columns.items()},
        index=pd.Index(lines, name="line"), dtype=object,
    )  # fmt: skip
    reasons = pd.Series("", index=raw.index, dtype=object)

    def refuse(mask: pd.Series, reason: Callable[[pd.Series], pd.Series] | str) -> None:
        fresh = mask & (reasons == "")
        if fresh.any():
            reasons[fresh] = reason(fresh) if callable(reason) else reason

    frame = pd.DataFrame(index=raw.index)
    for field, column in found.columns.items():
        if field in ("device_id", "time"):
            continue
        frame[field] = pd.to_numeric(raw[field], errors="coerce")
        not_a_number = _worded(_("{column} {value} is not a number"), raw[field].map(repr), column=column)
        refuse(frame[field].isna(), not_a_number)
    frame["time"] = _times(found, raw["time"])
    refuse(frame["time"].isna(), _worded(_time_hint(found), raw["time"].map(repr), column=found.columns["time"]))
    frame["device_id"] = raw["device_id"]
    too_long = frame["device_id"].str.len() > DEVICE_ID_LIMIT
    refuse(too_long, _("device_id is longer than {limit} characters").format(limit=DEVICE_ID_LIMIT))
    unprintable = frame["device_id"].str.contains(CONTROL_CHARACTERS, regex=True)
    refuse(unprintable, _("device_id holds a control character (such as NUL); device ids are plain text"))
    if found is JOLTS:
        refuse(frame["device_id"] == "", _("device_id is empty"))
        for field in ("magnitude", "speed", "gps_accuracy"):
            refuse(frame[field] < 0, _("{column} is negative").format(column=found.columns[field]))
    located = frame["lat"].notna() & frame["lon"].notna()
    inside = pd.Series(False, index=frame.index)
    if located.any():
        points = frame.loc[located, ["lat", "lon"]].to_numpy()
        inside[located] = neighborhoods.in_city(points[:, 0], points[:, 1])
    # TRANSLATORS: {value} is a latitude and a longitude, "42.3467, -71.0972".
    refuse(located & ~inside, _worded(_("coordinates {value} are outside Boston"), raw["lat"] + ", " + raw["lon"]))
    refused = (reasons != "").to_numpy()
    rejects = [
        Reject(int(line), reasons.iat[at], dict(zip(header, rows[at])))
        for at, line in zip(np.flatnonzero(refused), raw.index[refused])
    ]
    return frame[~refused], rejects


def _times(found: Format, values: pd.Series) -> pd.Series:
    """Aware UTC times: Unix milliseconds for sensor readings, ISO 8601 with an offset for jolt events."""
    if found is SENSOR:
        millis = pd.to_numeric(values, errors="coerce")
        millis = millis.where((millis >= EARLIEST_MS) & (millis < LATEST_MS))
        return pd.to_datetime(millis, unit="ms", utc=True)
    aware = values.str.fullmatch(AWARE_ISO_TIME).fillna(False).astype(bool)
    return pd.to_datetime(values.where(aware), errors="coerce", utc=True, format="ISO8601")


def _worded(template: str, values: pd.Series, **fixed: str) -> Callable[[pd.Series], pd.Series]:
    """The reasons of the refused rows, `template` with each one's value: only those rows are worded, so a big
    file's good rows cost no formatting."""
    return lambda refused: values[refused].map(lambda value: template.format(value=value, **fixed))


def _time_hint(found: Format) -> str:
    if found is SENSOR:
        return _("{column} {value} is not a Unix time in milliseconds")
    return _("{column} {value} is not an ISO 8601 time with a time zone, such as 2026-03-01T14:03:22Z")
