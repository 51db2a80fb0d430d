"""Building the offline gazetteer from the city's own 311 records.

Boston's 311 cases carry the address the city's geocoder chose ("86 Annunciation Rd  Roxbury  MA
02120", or "INTERSECTION of Albany St & Massachusetts Ave  Roxbury  MA") beside its point. Every
record of one address votes: the gazetteer keeps the median point per house number (or range) per
street per postal town, and per pair of crossing streets, with the street spelt as the city spells
it most often and the neighborhood of the outlines. `python -m portal build-gazetteer` feeds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from portal.config import PROJECT_ROOT
from portal.maps.geo import Neighborhoods
from portal.maps.geocode_gazetteer import COLUMNS
from portal.maps.geocode_text import STATE_WORDS, house_range, street_key

_PARTS = re.compile(r"\s{2,}|\s*,\s*")
_ZIP = re.compile(r"^0[12]\d{3}$")
_INTERSECTION = re.compile(r"^INTERSECTION\s+(?:of\s+)?(.+?)\s+&\s+(.+)$", re.IGNORECASE)


def split_record(address: str) -> tuple[str, str, str] | None:
    """A 311 address → (street part, postal town, ZIP); None when it names no street."""
    parts = [part for part in _PARTS.split(address.strip()) if part]
    if not parts:
        return None
    town, zip_code = "", ""
    for part in parts[1:]:
        words = part.split()
        if _ZIP.match(words[-1]):
            zip_code = words.pop()
        words = [word for word in words if word.upper() not in STATE_WORDS]
        if words and not town:
            town = " ".join(words)
    return parts[0], town, zip_code


def gazetteer_rows(records: pd.DataFrame, neighborhoods: Neighborhoods) -> pd.DataFrame:
    """Records with `address`, `lat`, `lon` (un-geocoded ones without a point) → gazetteer rows."""
    records = records.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    records = records[records["address"].fillna("") != ""]
    split = records["address"].map(split_record)
    records = records[split.notna()]
    split = split[split.notna()]
    frame = pd.DataFrame(split.tolist(), columns=["first", "town", "zip"], index=records.index)
    frame["lat"], frame["lon"] = records["lat"].astype(float), records["lon"].astype(float)
    addresses = _addresses(frame)
    crossings = _crossings(frame)
    rows = pd.concat([addresses, crossings], ignore_index=True)
    rows["neighborhood"] = [
        n or "" for n in neighborhoods.names_at(rows["lat"].to_numpy(), rows["lon"].to_numpy())
    ]
    rows["lat"], rows["lon"] = rows["lat"].round(5), rows["lon"].round(5)
    rows = rows.sort_values(["street", "cross", "town", "number_sort"], kind="stable")
    return rows[list(COLUMNS)].reset_index(drop=True)


def _addresses(frame: pd.DataFrame) -> pd.DataFrame:
    words = frame["first"].str.split(n=1)
    numbers = words.str[0].map(house_range)
    street = words.str[1]
    # A street name is words ending in a word ("-155B Poplar St", "Annunciation Rd C" are typing slips).
    usable = numbers.notna() & street.str.fullmatch(r"[A-Za-z][A-Za-z' .-]*[A-Za-z]{2}", na=False)
    found = frame[usable].assign(
        number=numbers[usable].str[0], number_to=numbers[usable].str[1], street=street[usable].str.strip()
    )
    found["key"] = found["street"].map({name: street_key(name) for name in found["street"].unique()})
    found["street"] = found["key"].map(_spellings(found))
    grouped = found.groupby(["key", "town", "number", "number_to"], sort=False).agg(
        street=("street", "first"), zip=("zip", _most_common), lat=("lat", "median"), lon=("lon", "median"),
        count=("lat", "size"),
    ).reset_index()  # fmt: skip
    grouped["number_sort"] = grouped["number"]
    grouped["number_to"] = np.where(
        grouped["number_to"] == grouped["number"], "", grouped["number_to"].astype(str)
    )
    grouped["number"] = grouped["number"].astype(str)
    grouped["cross"] = ""
    return grouped


def _crossings(frame: pd.DataFrame) -> pd.DataFrame:
    pairs = frame["first"].str.extract(_INTERSECTION)
    found = frame.assign(one=pairs[0].str.strip(), other=pairs[1].str.strip()).dropna(subset=["one"])
    keys = {name: street_key(name) for name in pd.concat([found["one"], found["other"]]).unique()}
    first_is_lower = found["one"].map(keys) <= found["other"].map(keys)
    found["street"] = found["one"].where(first_is_lower, found["other"])
    found["cross"] = found["other"].where(first_is_lower, found["one"])
    grouped = found.groupby(["street", "cross", "town"], sort=False).agg(
        zip=("zip", _most_common), lat=("lat", "median"), lon=("lon", "median"), count=("lat", "size")
    ).reset_index()  # fmt: skip
    return grouped.assign(number="", number_to="", number_sort=0)


def _spellings(found: pd.DataFrame) -> dict[str, str]:
    """Each street key → the city's most frequent spelling of it ("Saint Botolph St", not "St Botolph St")."""
    counts = found.groupby(["key", "street"]).size().reset_index(name="n")
    counts = counts.sort_values(["key", "n", "street"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("key")[["key", "street"]].itertuples(index=False))


def _most_common(values: pd.Series) -> str:
    values = values[values != ""]
    return values.mode().iat[0] if len(values) else ""


def write_gazetteer(rows: pd.DataFrame, path: Path) -> None:
    """Gzip CSV, written to a temporary name and moved into place, so a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    rows.to_csv(partial, index=False, compression={"method": "gzip", "mtime": 0})
    partial.replace(path)


def default_sources() -> list[Path]:
    """The 311 exports in `../shared/data/boston311/` that the shipped gazetteer is built from."""
    folder = PROJECT_ROOT.parent / "shared" / "data" / "boston311"
    return sorted(folder.glob("*.csv.gz")) + sorted((folder / "schema_samples").glob("*.csv"))
