"""Geocoding: normalising typed addresses, the offline gazetteer (numbers, sides, towns, crossings),
reverse lookups, suggestions, the configured provider and its fallback, and building the file.

The gazetteer here is `fixtures/gazetteer.csv`: 100 real rows cut from the shipped file (Annunciation
Rd, Washington St in Brighton and in Dorchester, E Seventh St, Saint Botolph St, Albany St and
Massachusetts Ave, two intersections).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from geopy.exc import GeocoderUnavailable
from geopy.geocoders import ArcGIS, Nominatim, Pelias
from geopy.location import Location

from portal.config import DATA_DIR, geocoder_settings
from portal.maps import geocode as geocoding
from portal.maps.geo import boston
from portal.maps.geocode_build import gazetteer_rows, split_record, write_gazetteer
from portal.maps.geocode_gazetteer import load_gazetteer, metres
from portal.maps.geocode_text import parse_address, street_key
from tests.unit.geocode_fixtures import FIXTURE_GAZETTEER, fixture_gazetteer  # noqa: F401 (a fixture)

FIXTURE = FIXTURE_GAZETTEER


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(FIXTURE)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = metres([a[0], b[0]], [a[1], b[1]])
    return math.hypot(ax - bx, ay - by)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Annunciation Road", "ANNUNCIATION RD"),
        ("annunciation rd.", "ANNUNCIATION RD"),
        ("Saint Botolph Street", "ST BOTOLPH ST"),
        ("St. Botolph St", "ST BOTOLPH ST"),
        ("East 7th St", "E SEVENTH ST"),
        ("E Seventh Street", "E SEVENTH ST"),
        ("West Broadway", "W BROADWAY"),
        ("South St", "SOUTH ST"),  # a street called South, not "S St"
        ("Massachusetts Avenue", "MASSACHUSETTS AVE"),
        ("Mass Ave", "MASSACHUSETTS AVE"),
        ("Mount Vernon St", "MT VERNON ST"),
        ("O'Connell  Terrace", "OCONNELL TER"),
    ],
)
def test_street_names_have_one_key(typed, key):
    assert street_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "number", "words", "places", "zip_code"),
    [
        ("86 Annunciation Rd, Mission Hill", 86, ("ANNUNCIATION", "RD"), ("MISSION HILL",), None),
        ("86 annunciation road mission hill boston ma 02120", 86, ("ANNUNCIATION", "RD", "MISSION", "HILL", "BOSTON"),
         (), "02120"),
        ("86-88 Annunciation Rd Apt 3B, Boston, MA 02120-1234", 86, ("ANNUNCIATION", "RD"), ("BOSTON",), "02120"),
        ("86A Annunciation Rd #2", 86, ("ANNUNCIATION", "RD"), (), None),
        ("Annunciation Rd Unit 4, JP", None, ("ANNUNCIATION", "RD"), ("JAMAICA PLAIN",), None),
        ("1 Massachusetts Ave, Boston, Massachusetts", 1, ("MASSACHUSETTS", "AVE"), ("BOSTON",), None),
    ],
)  # fmt: skip
def test_typed_addresses_are_split_into_number_street_and_places(typed, number, words, places, zip_code):
    parsed = parse_address(typed)
    assert (parsed.number, parsed.words, parsed.places, parsed.zip_code) == (number, words, places, zip_code)


@pytest.mark.parametrize(
    "typed",
    ["Albany St & Massachusetts Ave", "albany street and massachusetts avenue", "Albany St at Mass Ave",
     "INTERSECTION of Albany St & Massachusetts Ave  Roxbury  MA", "corner of Albany St / Massachusetts Ave"],
)  # fmt: skip
def test_intersections_are_recognised_in_their_usual_spellings(typed):
    parsed = parse_address(typed)
    assert (
        parsed.number is None
        and parsed.words == ("ALBANY", "ST")
        and parsed.cross[:2] == ("MASSACHUSETTS", "AVE")
    )


@pytest.mark.parametrize("typed", ["", "   ", ", ,", "#3", "MA 02120"])
def test_text_without_a_street_parses_to_nothing(typed):
    assert parse_address(typed) is None


@pytest.mark.parametrize(
    ("typed", "point", "address"),
    [
        # a recorded number, as typed in many ways
        ("80 Annunciation Rd", (42.3347, -71.0944), "80 Annunciation Rd, Mission Hill"),
        ("80 ANNUNCIATION ROAD, MISSION HILL, BOSTON MA 02120", (42.3347, -71.0944), "80 Annunciation Rd, Mission Hill"),
        ("80 Annunciation Rd Apt 2", (42.3347, -71.0944), "80 Annunciation Rd, Mission Hill"),
        ("80 Anunciation Rd", (42.3347, -71.0944), "80 Annunciation Rd, Mission Hill"),  # misspelt
        ("80 Annunciation, Mission Hill", (42.3347, -71.0944), "80 Annunciation Rd, Mission Hill"),  # no suffix
        ("41 St. Botolph Street", (42.3464, -71.0792), "41 Saint Botolph St, Back Bay-Bay Village"),
        # inside a recorded range (452-454), and just past a street's last recorded number
        ("453 E Seventh St", (42.3323, -71.0430), "453 E Seventh St, South Boston"),
        ("86 Annunciation Rd, Mission Hill", (42.3347, -71.0944), "86 Annunciation Rd, Mission Hill"),
        # between recorded numbers on the same side: even 60 → 76, odd 451 → 481
        ("70 Annunciation Rd", (42.33466, -71.09376), "70 Annunciation Rd, Mission Hill"),
        ("475 East 7th Street", (42.33208, -71.04134), "475 E Seventh St, South Boston"),
        ("470 E Seventh St", (42.3323, -71.04225), "470 E Seventh St, South Boston"),
        # one street name in two towns: the place typed decides, else the nearest recorded number
        ("100 Washington St, Dorchester", (42.3060, -71.0804), "100 Washington St, Dorchester"),
        ("100 Washington St, Brighton", (42.34415, -71.1441), "100 Washington St, Brighton"),
        ("100 Washington St 02135", (42.34415, -71.1441), "100 Washington St, Brighton"),
        ("100 Washington St", (42.3060, -71.0804), "100 Washington St, Dorchester"),
        # a street without a number: somewhere along it in that town
        ("Annunciation Rd", (42.3350, -71.0930), "Annunciation Rd, Mission Hill"),
        # intersections, recorded
        ("Albany St & Massachusetts Ave", (42.3335, -71.0735), "Albany St & Massachusetts Ave, Roxbury"),
        ("Boylston Street at Arlington Street", (42.3519, -71.0707), "Arlington St & Boylston St, Back Bay-Bay Village"),
    ],
)  # fmt: skip
def test_addresses_are_placed_within_25_m(gazetteer, typed, point, address):
    found = gazetteer.geocode(typed)
    assert found is not None, typed
    assert distance_m((found.lat, found.lon), point) < 25
    assert found.address == address


def test_an_unrecorded_crossing_is_where_the_two_streets_meet(gazetteer):
    found = gazetteer.geocode("Massachusetts Ave & Albany St, South End")
    assert distance_m((found.lat, found.lon), (42.3335, -71.0735)) < 150


@pytest.mark.parametrize(
    "typed",
    ["nowhere in particular", "12 Nonexistent Way", "Mission Hill", "999 Annunciation Rd",
     "Washington St & Annunciation Rd", "Albany St & Nowhere Pl", "MA 02120"],
)  # fmt: skip
def test_what_cannot_be_placed_is_none(gazetteer, typed):
    assert gazetteer.geocode(typed) is None


@pytest.mark.parametrize(
    ("point", "address"),
    [
        ((42.3347, -71.0944), "80 Annunciation Rd, Mission Hill"),
        ((42.33472, -71.09438), "80 Annunciation Rd, Mission Hill"),
        ((42.3073, -71.0823), "40-44 Washington St, Dorchester"),
        ((42.40, -71.20), None),  # Arlington, beyond 250 m of any address here
    ],
)
def test_reverse_names_the_nearest_recorded_address(gazetteer, point, address):
    assert gazetteer.reverse(*point) == address


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("80 Annun", ["80 Annunciation Rd, Mission Hill"]),
        ("86 annunciation ro", ["86 Annunciation Rd, Mission Hill"]),
        ("Annunciation", ["Annunciation Rd, Mission Hill"]),
        ("Washington", ["Washington St, Brighton", "Washington St, Dorchester"]),
        ("100 Washington St", ["100 Washington St, Dorchester", "100 Washington St, Brighton"]),
        ("Seventh", ["E Seventh St, South Boston"]),
        ("zzz", []),
        ("", []),
    ],
)
def test_suggestions_complete_the_typed_start(gazetteer, prefix, expected):
    assert gazetteer.suggest(prefix, 8) == expected


def test_suggestions_stop_at_the_limit(gazetteer):
    assert len(gazetteer.suggest("a", 2)) == 2
    assert gazetteer.suggest("a", 0) == []


@pytest.mark.usefixtures("fixture_gazetteer")
def test_module_functions_use_the_configured_gazetteer():
    assert geocoding.geocode("80 Annunciation Rd") == geocoding.Match(
        42.3347, -71.0944, "80 Annunciation Rd, Mission Hill", "Mission Hill"
    )
    assert geocoding.geocode("  ") is None
    assert geocoding.geocode("80 Annunciation Rd " * 20) is None
    assert geocoding.reverse_geocode(42.3347, -71.0944) == "80 Annunciation Rd, Mission Hill"
    assert geocoding.reverse_geocode(math.nan, -71.0944) is None
    assert geocoding.suggest_addresses("Washington", limit=1) == ["Washington St, Brighton"]


def test_the_shipped_gazetteer_is_small_and_knows_mission_hill():
    path = DATA_DIR / "boston_gazetteer.csv.gz"
    assert path.stat().st_size < 5_000_000
    found = load_gazetteer(path).geocode("86 Annunciation Rd, Mission Hill")
    assert (
        found.neighborhood == "Mission Hill" and distance_m((found.lat, found.lon), (42.3347, -71.0944)) < 150
    )


# --- configuration and the online providers (no network: geopy objects are only constructed) ------


@pytest.mark.parametrize(
    ("environment", "kind", "domain"),
    [
        ({"PORTAL_GEOCODER": "nominatim"}, Nominatim, "nominatim.openstreetmap.org"),
        ({"PORTAL_GEOCODER": "Nominatim", "PORTAL_GEOCODER_URL": "https://geo.example.org/nominatim/"}, Nominatim,
         "geo.example.org/nominatim"),
        ({"PORTAL_GEOCODER": "arcgis"}, ArcGIS, "geocode.arcgis.com"),
        ({"PORTAL_GEOCODER": "pelias", "PORTAL_GEOCODER_URL": "pelias.example.org", "PORTAL_GEOCODER_KEY": "k"},
         Pelias, "pelias.example.org"),
    ],
)  # fmt: skip
def test_the_online_provider_is_chosen_by_configuration(monkeypatch, environment, kind, domain):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PORTAL_GAZETTEER", str(FIXTURE))
    geocoder = geocoding.make_geocoder(geocoder_settings())
    assert isinstance(geocoder, geocoding.OnlineGeocoder) and isinstance(geocoder.provider, kind)
    assert geocoder.provider.domain == domain


def test_offline_is_the_default(monkeypatch):
    monkeypatch.delenv("PORTAL_GEOCODER", raising=False)
    monkeypatch.setenv("PORTAL_GAZETTEER", str(FIXTURE))
    assert not isinstance(geocoding.make_geocoder(geocoder_settings()), geocoding.OnlineGeocoder)


@pytest.mark.parametrize(
    ("environment", "message"),
    [({"PORTAL_GEOCODER": "google"}, "must be one of offline, nominatim, arcgis, pelias"),
     ({"PORTAL_GEOCODER": "pelias"}, "needs PORTAL_GEOCODER_URL")],
)  # fmt: skip
def test_a_wrong_setting_says_what_to_set(monkeypatch, environment, message):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PORTAL_GEOCODER_URL", raising=False)
    with pytest.raises(ValueError, match=message):
        geocoder_settings()


class FakeProvider:
    """Stands in for a geopy geocoder: answers with `answer`, or raises it."""

    def __init__(self, answer):
        self.answer = answer
        self.queries: list = []

    def _reply(self, query):
        self.queries.append(query)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def geocode(self, query, exactly_one, timeout):
        return self._reply(query)

    def reverse(self, query, exactly_one, timeout):
        return self._reply(query)


CITY_HALL = Location("1 City Hall Sq, Boston, MA 02201", (42.3603, -71.0580), {})
LINCOLNSHIRE = Location("Boston, Lincolnshire, England", (52.9789, -0.0266), {})


@pytest.mark.parametrize(
    ("answer", "address"),
    [
        (CITY_HALL, "1 City Hall Sq, Boston, MA 02201"),
        (GeocoderUnavailable("down"), "80 Annunciation Rd, Mission Hill"),
        (None, "80 Annunciation Rd, Mission Hill"),
        (LINCOLNSHIRE, "80 Annunciation Rd, Mission Hill"),  # found, but not in Boston
    ],
)
def test_online_geocoding_falls_back_to_the_gazetteer(gazetteer, answer, address):
    provider = FakeProvider(answer)
    found = geocoding.OnlineGeocoder(provider, gazetteer).geocode("80 Annunciation Rd")
    assert found.address == address
    assert provider.queries == ["80 Annunciation Rd, Boston, MA"]


@pytest.mark.parametrize(
    ("answer", "address"),
    [(CITY_HALL, "1 City Hall Sq, Boston, MA 02201"), (GeocoderUnavailable("down"), "80 Annunciation Rd, Mission Hill")],
)  # fmt: skip
def test_online_reverse_falls_back_to_the_gazetteer(gazetteer, answer, address):
    assert geocoding.OnlineGeocoder(FakeProvider(answer), gazetteer).reverse(42.3347, -71.0944) == address


def test_suggestions_never_go_online(gazetteer):
    provider = FakeProvider(CITY_HALL)
    assert geocoding.OnlineGeocoder(provider, gazetteer).suggest("80 Annun", 8) == [
        "80 Annunciation Rd, Mission Hill"
    ]
    assert provider.queries == []


# --- building ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        ("86 Annunciation Rd  Roxbury  MA  02120", ("86 Annunciation Rd", "Roxbury", "02120")),
        ("70 Ceylon St, Dorchester, MA 02121", ("70 Ceylon St", "Dorchester", "02121")),
        ("INTERSECTION of Albany St & Massachusetts Ave  Roxbury  MA",
         ("INTERSECTION of Albany St & Massachusetts Ave", "Roxbury", "")),
        ("", None),
    ],
)  # fmt: skip
def test_city_addresses_split_into_street_town_and_zip(address, parts):
    assert split_record(address) == parts


def test_building_keeps_the_median_point_per_address_and_crossing(tmp_path):
    records = pd.DataFrame(
        [
            ("80 Annunciation Rd  Roxbury  MA  02120", 42.3347, -71.0944),
            ("80 Annunciation Road  Roxbury  MA  02120", 42.3349, -71.0946),
            ("80 Annunciation Rd  Roxbury  MA  02120", 42.3347, -71.0944),
            ("60-66 Annunciation Rd  Roxbury  MA  02120", 42.3346, -71.0932),
            ("0 Annunciation Rd  Roxbury  MA  02120", 42.3346, -71.0932),  # not a house
            ("INTERSECTION of Tremont St & Annunciation Rd  Roxbury  MA", 42.3338, -71.0955),
            ("INTERSECTION of Annunciation Rd & Tremont St  Roxbury  MA", 42.3340, -71.0957),
            ("12 Nowhere St  Roxbury  MA  02120", None, None),  # not geocoded by the city
        ],
        columns=["address", "lat", "lon"],
    )
    rows = gazetteer_rows(records, boston())
    assert rows[["street", "number", "number_to", "cross", "count"]].values.tolist() == [
        ["Annunciation Rd", "60", "66", "", 1],
        ["Annunciation Rd", "80", "", "", 3],
        ["Annunciation Rd", "", "", "Tremont St", 2],
    ]
    assert rows.loc[1, ["lat", "lon", "town", "zip", "neighborhood"]].tolist() == [
        42.3347,
        -71.0944,
        "Roxbury",
        "02120",
        "Mission Hill",
    ]
    path = tmp_path / "gazetteer.csv.gz"
    write_gazetteer(rows, path)
    built = load_gazetteer(path)
    assert built.geocode("64 annunciation rd").address == "64 Annunciation Rd, Mission Hill"
    assert built.geocode("Tremont St & Annunciation Rd").lat == 42.3339
