"""The offline gazetteer: Boston's addresses as its own 311 records located them.

Each address row is a house number (or a range such as 145-151) on a street in a postal town, with a
point; each intersection row is a pair of streets with a point. A number the city never recorded is
placed between the nearest recorded numbers on the same side of the street (same parity), and a
street name found in several towns (Boston has five Washington Streets) is settled by the
neighborhood, town or ZIP typed with it, else by the nearest recorded number. Reverse lookups use a
KD-tree over the points in metres. Built by `geocode_build` into `data/boston_gazetteer.csv.gz`.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from portal.maps.geocode_text import (
    SUFFIXES,
    WORD_FORMS,
    ParsedAddress,
    clean,
    parse_address,
    place_key,
    street_key,
)

COLUMNS = ("street", "number", "number_to", "cross", "town", "zip", "neighborhood", "lat", "lon", "count")
MAX_NUMBER_GAP = 400  # interpolate between two recorded numbers at most this far apart
MAX_SPAN_M = 1_500  # … and this far apart on the ground: farther, they are not one stretch of street
EDGE_NUMBERS = 30  # past a street's last recorded number, this close still counts as that point
CROSSING_M = 80  # two streets whose recorded points come this close meet there
REVERSE_M = 250  # the nearest address to a point, if it is this close
REVERSE_TIES = 8  # addresses at one point looked at to pick its name
FUZZY_CUTOFF = 0.88  # difflib ratio for a misspelt street ("Anunciation Rd")
_LAT0 = 42.32  # metres per degree are taken at Boston's latitude
_M_PER_DEG_LAT = 111_132.0
_M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(_LAT0))


@dataclass(frozen=True)
class Match:
    """What a lookup found: a point, its label and neighborhood."""

    lat: float
    lon: float
    address: str
    neighborhood: str | None


@dataclass(frozen=True)
class _Candidate:
    score: int  # how many typed places (neighborhood, town, ZIP) agree
    gap: int  # house numbers to the nearest recorded one
    weight: int  # records behind it
    place: Match


def metres(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Points as x/y metres on a local plane; fine for distances across one city."""
    return np.column_stack(
        ((np.asarray(lons) + 71.06) * _M_PER_DEG_LON, (np.asarray(lats) - _LAT0) * _M_PER_DEG_LAT)
    )


def read_rows(path: Path) -> pd.DataFrame:
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    for name in ("lat", "lon"):
        rows[name] = rows[name].astype(float)
    rows["count"] = rows["count"].astype(int)
    return rows


class Gazetteer:
    """Look-ups over one gazetteer file's rows; build once (see `load_gazetteer`), query often."""

    def __init__(self, rows: pd.DataFrame):
        rows = rows.fillna("")
        crossings = rows[rows["cross"] != ""]
        rows = rows[(rows["cross"] == "") & (rows["number"] != "")].copy()
        rows["key"] = rows["street"].map({name: street_key(name) for name in rows["street"].unique()})
        rows["number"] = rows["number"].astype(int)
        rows["number_to"] = rows["number_to"].where(rows["number_to"] != "", rows["number"]).astype(int)
        rows = rows.sort_values(["key", "town", "number"], kind="stable").reset_index(drop=True)
        self._key = rows["key"].to_numpy()
        self._street = rows["street"].to_numpy()
        self._number = rows["number"].to_numpy()
        self._number_to = rows["number_to"].to_numpy()
        self._town = rows["town"].to_numpy()
        self._neighborhood = rows["neighborhood"].to_numpy()
        self._lat = rows["lat"].to_numpy()
        self._lon = rows["lon"].to_numpy()
        self._count = rows["count"].to_numpy()
        place_keys = {name: place_key(name) for name in {*rows["town"], *rows["neighborhood"]}}
        self._place_names = set(place_keys.values()) - {""}
        self._places = [
            {place_keys[t], place_keys[n], z} - {""}
            for t, n, z in zip(rows["town"], rows["neighborhood"], rows["zip"])
        ]
        self._xy = metres(self._lat, self._lon)
        self._tree = cKDTree(self._xy) if len(rows) else None
        groups: dict[str, list[slice]] = defaultdict(list)  # street key → one slice per town
        if len(rows):
            starts = np.flatnonzero(
                np.r_[True, (self._key[1:] != self._key[:-1]) | (self._town[1:] != self._town[:-1])]
            )
            for start, stop in zip(starts, np.r_[starts[1:], len(rows)]):
                groups[self._key[start]].append(slice(int(start), int(stop)))
        self._groups = dict(groups)
        self._records = {
            key: sum(int(self._count[s].sum()) for s in slices) for key, slices in self._groups.items()
        }
        self._names = {key: self._street[slices[0].start] for key, slices in self._groups.items()}
        self._keys_by_use = sorted(self._groups, key=lambda k: (-self._records[k], k))
        self._crossings: dict[frozenset[str], list[Match]] = defaultdict(list)
        self._crossing_places: dict[frozenset[str], list[set[str]]] = defaultdict(list)
        for row in crossings.itertuples():
            pair = frozenset((street_key(row.street), street_key(row.cross)))
            label = f"{row.street} & {row.cross}" + (f", {row.neighborhood}" if row.neighborhood else "")
            self._crossings[pair].append(
                Match(float(row.lat), float(row.lon), label, row.neighborhood or None)
            )
            self._crossing_places[pair].append(
                {place_key(row.town), place_key(row.neighborhood), row.zip} - {""}
            )
        # Streets known only from a crossing ("Arlington St & Boylston St") are streets all the same.
        self._streets_known = set(self._groups) | {key for pair in self._crossings for key in pair}
        self._by_base: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._streets_known):
            words = key.split()
            if len(words) > 1 and words[-1] in SUFFIXES:
                self._by_base[" ".join(words[:-1])].append(key)

    # --- forward -----------------------------------------------------------------------------------
    def geocode(self, text: str) -> Match | None:
        parsed = parse_address(text)
        if parsed is None:
            return None
        if parsed.cross:
            return self._intersection(parsed)
        if parsed.number is None and place_key(" ".join(parsed.words)) in self._place_names:
            return None  # "Mission Hill" is a neighborhood, not Mission St
        keys, rest = self._streets(parsed.words)
        if not keys:
            return None
        hints = self._hints(parsed, rest)
        found = [c for key in keys for c in self._on_street(key, parsed.number, hints)]
        return _best(found)

    def _hints(self, parsed: ParsedAddress, rest: tuple[str, ...]) -> set[str]:
        hints = set(parsed.places) | ({parsed.zip_code} if parsed.zip_code else set())
        if rest:
            hints.add(place_key(" ".join(rest)))
        return hints - {"", "BOSTON"}

    def _streets(self, words: tuple[str, ...]) -> tuple[list[str], tuple[str, ...]]:
        """The street keys the longest run of leading words names, and the words left over."""
        for end in range(len(words), 0, -1):
            name = " ".join(words[:end])
            if name in self._streets_known:
                return [name], words[end:]
            if name in self._by_base:
                return self._by_base[name], words[end:]
        for end in range(len(words), 0, -1):
            close = difflib.get_close_matches(
                " ".join(words[:end]), self._keys_by_use, n=1, cutoff=FUZZY_CUTOFF
            )
            if close:
                return close, words[end:]
        return [], ()

    def _on_street(self, key: str, number: int | None, hints: set[str]) -> list[_Candidate]:
        """A candidate per town the street runs through; a town that matches what was typed rules the
        others out, even when it cannot place the number (no Dorchester answer to a Brighton question)."""
        groups = self._groups.get(key, [])
        scores = [self._score(group, hints) for group in groups]
        found = []
        for group, score in zip(groups, scores):
            if score < max(scores):
                continue
            place = self._middle(group) if number is None else self._number_at(group, number)
            if place is not None:
                gap, at = place
                found.append(_Candidate(score, gap, int(self._count[group].sum()), self._place(at, number)))
        return found

    def _score(self, group: slice, hints: set[str]) -> int:
        return _agree(hints, set().union(*self._places[group])) if hints else 0

    def _middle(self, group: slice) -> tuple[int, int]:
        return 0, group.start + (group.stop - group.start) // 2

    def _number_at(self, group: slice, number: int) -> tuple[int, int | tuple[int, int, float]] | None:
        """(gap, row) for a recorded number, (gap, (below, above, share)) between two, or None."""
        low, high = self._number[group], self._number_to[group]
        exact = np.flatnonzero((low <= number) & (number <= high))
        if len(exact):
            best = exact[np.argmin(high[exact] - low[exact])]
            return 0, group.start + int(best)
        for side in (low % 2 == number % 2, np.ones(len(low), bool)):
            below = np.flatnonzero(side & (high < number))
            above = np.flatnonzero(side & (low > number))
            if len(below) and len(above):
                b, a = below[np.argmax(high[below])], above[np.argmin(low[above])]
                b_row, a_row = group.start + int(b), group.start + int(a)
                span = low[a] - high[b]
                if span <= MAX_NUMBER_GAP and np.hypot(*(self._xy[a_row] - self._xy[b_row])) <= MAX_SPAN_M:
                    gap = int(min(number - high[b], low[a] - number))
                    return gap, (b_row, a_row, float((number - high[b]) / span))
        ends = [(int(number - high[i]), group.start + int(i)) for i in np.flatnonzero(high < number)[-1:]]
        ends += [(int(low[i] - number), group.start + int(i)) for i in np.flatnonzero(low > number)[:1]]
        near = [end for end in ends if end[0] <= EDGE_NUMBERS]
        return min(near) if near else None

    def _place(self, at: int | tuple[int, int, float], number: int | None) -> Match:
        if isinstance(at, tuple):
            below, above, share = at
            lat = self._lat[below] + share * (self._lat[above] - self._lat[below])
            lon = self._lon[below] + share * (self._lon[above] - self._lon[below])
            row = below if share <= 0.5 else above
        else:
            row, lat, lon = at, self._lat[at], self._lon[at]
        label = self._street[row] if number is None else f"{number} {self._street[row]}"
        return self._labelled(float(lat), float(lon), label, self._neighborhood[row])

    @staticmethod
    def _labelled(lat: float, lon: float, label: str, neighborhood: str) -> Match:
        return Match(round(lat, 6), round(lon, 6), f"{label}, {neighborhood}" if neighborhood else label,
                     neighborhood or None)  # fmt: skip

    def _intersection(self, parsed: ParsedAddress) -> Match | None:
        ones, _ = self._streets(parsed.words)
        others, rest = self._streets(parsed.cross)
        hints = self._hints(parsed, rest)
        pairs = [(one, other) for one in ones for other in others if one != other]
        found = [
            _Candidate(_agree(hints, places), 0, 1, place)
            for one, other in pairs
            for place, places in zip(self._crossings.get(frozenset((one, other)), ()),
                                     self._crossing_places.get(frozenset((one, other)), ()))
        ]  # fmt: skip
        if not found:
            found = [c for one, other in pairs for c in self._crossing(one, other, hints)]
        return _best(found)

    def _crossing(self, one: str, other: str, hints: set[str]) -> list[_Candidate]:
        """Where two streets with no recorded intersection come closest, if they nearly touch."""
        if one not in self._groups or other not in self._groups:
            return []
        rows_one = np.concatenate([np.arange(s.start, s.stop) for s in self._groups[one]])
        rows_other = np.concatenate([np.arange(s.start, s.stop) for s in self._groups[other]])
        distances, nearest = cKDTree(self._xy[rows_other]).query(self._xy[rows_one])
        at = int(np.argmin(distances))
        if distances[at] > CROSSING_M:
            return []
        a, b = rows_one[at], rows_other[nearest[at]]
        label = f"{self._street[a]} & {self._street[b]}"
        place = self._labelled((self._lat[a] + self._lat[b]) / 2, (self._lon[a] + self._lon[b]) / 2, label,
                               self._neighborhood[a])  # fmt: skip
        return [_Candidate(_agree(hints, self._places[a] | self._places[b]), int(distances[at]), 1, place)]

    # --- reverse and suggestions ------------------------------------------------------------------
    def reverse(self, lat: float, lon: float) -> str | None:
        if self._tree is None:
            return None
        distances, rows = self._tree.query(
            metres(np.array([lat]), np.array([lon]))[0], k=REVERSE_TIES, distance_upper_bound=REVERSE_M
        )
        near = np.isfinite(distances) & (distances <= distances[0] + 1)
        if not near.any():
            return None
        # The city puts several numbers of one building on one point: name the one recorded most.
        row = max(rows[near], key=lambda r: (self._count[r], -self._number[r]))
        number = str(self._number[row])
        if self._number_to[row] != self._number[row]:
            number += f"-{self._number_to[row]}"
        return self._labelled(0.0, 0.0, f"{number} {self._street[row]}", self._neighborhood[row]).address

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Addresses (or streets, before a number is typed) that start the way `prefix` does."""
        parsed = parse_address(prefix)
        if parsed is None or limit < 1:
            return []
        typed = _completed(" ".join(parsed.words))
        spelt = " ".join(clean(prefix).replace(",", " ").split()[1 if parsed.number is not None else 0 :])
        keys = [
            k for k in self._keys_by_use if k.startswith(typed) or self._names[k].upper().startswith(spelt)
        ]
        if len(keys) < limit:
            keys += [k for k in self._keys_by_use if f" {typed}" in f" {k}" and k not in keys]
        out: list[str] = []
        for key in keys:
            if parsed.number is None:
                labels = self._street_labels(key, limit)
            else:
                found = sorted(self._on_street(key, parsed.number, set()), key=lambda c: (c.gap, -c.weight))
                labels = [c.place.address for c in found if c.gap <= EDGE_NUMBERS]
            for label in labels:
                if label not in out:
                    out.append(label)
            if len(out) >= limit:
                break
        return out[:limit]

    def _street_labels(self, key: str, room: int) -> list[str]:
        """A street once per neighborhood it runs through, busiest first."""
        counts: Counter[str] = Counter()
        for group in self._groups[key]:
            for neighborhood, count in zip(self._neighborhood[group], self._count[group]):
                counts[neighborhood] += int(count)
        name = self._names[key]
        return [f"{name}, {n}" if n else name for n, _ in counts.most_common(max(room, 0))]


def _completed(typed: str) -> str:
    """A half-typed last word in its short form ("… RO" → "… RD"), so the prefix meets the key."""
    words = typed.split()
    if words and words[-1] not in SUFFIXES:
        for full, short in WORD_FORMS.items():
            if len(words[-1]) > 1 and full.startswith(words[-1]) and short in SUFFIXES:
                return " ".join([*words[:-1], short])
    return typed


def _agree(hints: set[str], places: set[str]) -> int:
    """How many typed places name one of `places` ("BACK BAY" names "BACK BAY BAY VILLAGE")."""
    return sum(1 for hint in hints if hint in places or any(f" {hint} " in f" {p} " for p in places))


def _best(found: list[_Candidate]) -> Match | None:
    if not found:
        return None
    return min(found, key=lambda c: (-c.score, c.gap, -c.weight)).place


def load_gazetteer(path: Path) -> Gazetteer:
    return Gazetteer(read_rows(path))
