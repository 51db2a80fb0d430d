"""Importing Boston 311 CSVs: the three layouts, re-imports, refused rows and refused files."""

import csv
import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.imports.boston311 import MalformedFileError
from portal.imports.importer import import_311
from portal.reports.models import Report, ReportEvent
from tests.conftest import FIXTURES

QSV_SAMPLE = "qsv_boston311-100_2022.csv"
CRM_SAMPLE = "boston311_new_crm_2025-08_first50.csv"
EXPORT_2015 = "boston311_2015_first50.csv"

# Only the columns each layout cannot do without.
MINIMAL_HEADERS = {
    "2015": "CASE_ENQUIRY_ID,OPEN_DT,CASE_STATUS,TYPE,LATITUDE,LONGITUDE",
    "2020s": "case_enquiry_id,open_dt,case_status,type,latitude,longitude",
    "crm": "case_id,open_date,case_status,service_name,latitude,longitude",
}


def stored(session, case_id: str) -> Report:
    return session.scalars(select(Report).where(Report.external_case_id == case_id)).one()


@pytest.fixture(params=["2015", "2020s", "crm"])
def real_export(request, real_sample_head) -> Path:
    """A small real export in each layout (the 94k-row 2015 file is cut to its first 50 cases)."""
    return {
        "2015": lambda: real_sample_head(EXPORT_2015, 50),
        "2020s": lambda: FIXTURES / QSV_SAMPLE,
        "crm": lambda: real_sample_head(CRM_SAMPLE, 50),
    }[request.param]()


@pytest.mark.parametrize(
    ("sample", "rows", "not_geocoded", "case_id", "expected"),
    [
        pytest.param(
            EXPORT_2015, 50, 3, "101001240735",
            {"status": "closed", "title": "PRINTED", "address": "145-151 Ipswich St  Boston  MA  02215",
             "opened_at": datetime(2015, 1, 1, 5, 25, 23, tzinfo=UTC),
             "target_at": datetime(2015, 1, 16, 13, 30, tzinfo=UTC),
             "closed_at": datetime(2015, 1, 2, 21, 17, 43, tzinfo=UTC),
             "latitude": 42.3474, "longitude": -71.0944, "source": "Citizens Connect App",
             "neighborhood": "Fenway / Kenmore / Audubon Circle / Longwood"},
            id="2015",
        ),
        pytest.param(
            QSV_SAMPLE, 100, 19, "101004130437",
            {"status": "closed", "title": "Needle Pickup", "address": "42 Cross St  Boston  MA  02113",
             "opened_at": datetime(2022, 1, 19, 16, 18, tzinfo=UTC), "target_at": None,
             "closed_at": datetime(2022, 1, 19, 16, 42, 16, tzinfo=UTC),
             "latitude": 42.3634, "longitude": -71.0566, "source": "Constituent Call",
             "neighborhood": "Boston",
             "closure_reason": "Case Closed. Closed date : Wed Jan 19 11:42:16 EST 2022 Resolved Removed df"},
            id="2020s",
        ),
        pytest.param(
            CRM_SAMPLE, 50, 0, "BCS-00065327",
            {"status": "closed", "title": "Domestic Animal Issue",
             "address": "70 Ceylon St, Dorchester, MA 02121",
             "opened_at": datetime(2025, 8, 1, 6, 35, 6, 539000, tzinfo=UTC),
             "target_at": datetime(2025, 8, 4, 6, 35, 6, 539000, tzinfo=UTC),
             "closed_at": datetime(2025, 8, 1, 8, 0, 9, tzinfo=UTC),
             "latitude": 42.310332, "longitude": -71.072802, "source": "Call",
             "neighborhood": "Dorchester", "closure_reason": "Resolved"},
            id="crm",
        ),
    ],
)  # fmt: skip
def test_real_exports_import_in_each_layout(
    engine, session, real_sample_head, sample, rows, not_geocoded, case_id, expected
):
    summary = import_311(engine, real_sample_head(sample, rows))

    assert (summary.read, summary.inserted, summary.rejected) == (rows, rows, 0)
    assert summary.not_geocoded == not_geocoded
    report = stored(session, case_id)
    assert {name: getattr(report, name) for name in expected} == expected
    assert len(report.public_id) == 10


def test_the_type_hierarchy_comes_from_the_export(engine, session, real_sample_head):
    import_311(engine, real_sample_head(CRM_SAMPLE, 5))
    service_type = stored(session, "BCS-00065327").service_type
    assert (service_type.name, service_type.department) == ("Domestic Animal Issue", "Animal Care & Control")


def test_reimporting_the_same_file_changes_nothing(engine, real_export, table_counts):
    first = import_311(engine, real_export)
    counts = table_counts()

    again = import_311(engine, real_export)

    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.inserted)
    assert table_counts() == counts
    assert counts["report_events"] == 0


def test_a_newer_export_updates_the_status_and_records_the_change(engine, session, write_2015_csv):
    import_311(engine, write_2015_csv([{"CASE_ENQUIRY_ID": "1"}, {"CASE_ENQUIRY_ID": "2"}]))
    newer = write_2015_csv(
        [
            {"CASE_ENQUIRY_ID": "1", "CASE_STATUS": "Closed", "CLOSED_DT": "03/05/2015 04:15:00 PM",
             "CLOSURE_REASON": "Case Resolved. Lamp replaced"},
            {"CASE_ENQUIRY_ID": "2"},
        ],
        name="newer.csv",
    )  # fmt: skip

    summary = import_311(engine, newer)

    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 1)
    report = stored(session, "1")
    assert report.status == "closed"
    assert report.closed_at == datetime(2015, 3, 5, 21, 15, tzinfo=UTC)
    assert report.closure_reason == "Case Resolved. Lamp replaced"
    assert [(e.kind, e.from_status, e.to_status) for e in report.events] == [
        ("imported_update", "open", "closed")
    ]
    assert stored(session, "2").events == []

    # The same newer export once more is not a second change.
    assert import_311(engine, newer).unchanged == 2
    assert len(session.scalars(select(ReportEvent)).all()) == 1


def test_a_new_case_in_a_later_export_is_added(engine, session, write_2015_csv):
    import_311(engine, write_2015_csv([{"CASE_ENQUIRY_ID": "1"}]))
    summary = import_311(engine, write_2015_csv([{"CASE_ENQUIRY_ID": "1"}, {"CASE_ENQUIRY_ID": "2"}]))
    assert (summary.inserted, summary.unchanged) == (1, 1)


@pytest.mark.parametrize(
    ("given", "latitude", "longitude", "neighborhood"),
    [
        ({"neighborhood": ""}, 42.3467, -71.0972, "Fenway-Kenmore"),
        ({"neighborhood": "  "}, 42.3467, -71.0972, "Fenway-Kenmore"),
        ({"neighborhood": "", "LATITUDE": "42.3663", "LONGITUDE": "-71.0544"},
         42.3663, -71.0544, "North End"),
        # The city's own (combined) name wins over the lookup.
        ({}, 42.3467, -71.0972, "Fenway / Kenmore / Audubon Circle / Longwood"),
        # City Hall placeholder: "not geocoded", never a real place to look up.
        ({"LATITUDE": "42.3594", "LONGITUDE": "-71.0587", "neighborhood": ""}, None, None, None),
        ({"LATITUDE": "42.35940", "LONGITUDE": "-71.05870", "neighborhood": ""}, None, None, None),
        ({"LATITUDE": "42.3594", "LONGITUDE": "-71.0587", "neighborhood": "Downtown / Financial District"},
         None, None, "Downtown / Financial District"),
        ({"LATITUDE": "", "LONGITUDE": "", "neighborhood": "Roxbury"}, None, None, "Roxbury"),
    ],
)  # fmt: skip
def test_where_a_case_is_stored(engine, session, write_2015_csv, given, latitude, longitude, neighborhood):
    summary = import_311(engine, write_2015_csv([{"CASE_ENQUIRY_ID": "1", **given}]))

    report = stored(session, "1")
    assert (report.latitude, report.longitude, report.neighborhood) == (latitude, longitude, neighborhood)
    assert summary.not_geocoded == (latitude is None)


@pytest.mark.parametrize(
    ("layout", "opened", "expected"),
    [
        ("2015", "01/14/2015 03:04:41 PM", "2015-01-14 20:04:41"),  # EST, UTC-5
        ("2015", "07/04/2015 12:00:00 PM", "2015-07-04 16:00:00"),  # EDT, UTC-4
        ("2015", "07/04/2015 12:30:00 AM", "2015-07-04 04:30:00"),  # 12 AM is just after midnight
        ("2015", "11/01/2015 01:30:00 AM", "2015-11-01 06:30:00"),  # the repeated hour: read as EST
        ("2015", "03/08/2015 02:30:00 AM", "2015-03-08 07:00:00"),  # the skipped hour: moved to 3 AM EDT
        ("2015", "12/31/2015 12:00:00 AM", "2015-12-31 05:00:00"),
        ("2015", "12/31/2015 11:59:59 PM", "2016-01-01 04:59:59"),
        ("2015", "3/2/2015 9:05:00 PM", "2015-03-03 02:05:00"),  # not zero-padded
        ("2015", "03/02/2015 09:05:00 pm", "2015-03-03 02:05:00"),  # lower-case pm
        ("2020s", "2022-01-21 13:47:00", "2022-01-21 18:47:00"),
        ("2020s", "2022-07-21 13:47:00", "2022-07-21 17:47:00"),
        ("crm", "2025-08-01 06:35:06.539+00", "2025-08-01 06:35:06.539"),  # already UTC
        ("crm", "2025-08-01 02:35:06-04", "2025-08-01 06:35:06"),
    ],
)
def test_open_dates_become_utc_instants(engine, session, tmp_path, layout, opened, expected):
    path = tmp_path / f"{layout}.csv"
    path.write_text(f"{MINIMAL_HEADERS[layout]}\n1,{opened},Open,Sign Repair,42.3467,-71.0972\n")

    import_311(engine, path)

    assert stored(session, "1").opened_at == datetime.fromisoformat(expected).replace(tzinfo=UTC)


def test_statuses_other_than_closed_count_as_open(engine, session, write_2015_csv):
    import_311(
        engine,
        write_2015_csv(
            [{"CASE_ENQUIRY_ID": "1", "CASE_STATUS": "CLOSED", "CLOSED_DT": "03/03/2015 10:00:00 AM"},
             {"CASE_ENQUIRY_ID": "2", "CASE_STATUS": "In progress"}]
        ),
    )  # fmt: skip
    assert (stored(session, "1").status, stored(session, "2").status) == ("closed", "open")


GOOD = {"CASE_ENQUIRY_ID": "201"}


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        pytest.param({"LATITUDE": "42.3736", "LONGITUDE": "-71.1097"},
                     "coordinates 42.3736, -71.1097 are outside Boston", id="cambridge"),
        pytest.param({"LATITUDE": "0", "LONGITUDE": "0"},
                     "coordinates 0, 0 are outside Boston", id="null-island"),
        pytest.param({"LATITUDE": "-71.0972", "LONGITUDE": "42.3467"},
                     "coordinates -71.0972, 42.3467 are outside Boston", id="swapped"),
        pytest.param({"LATITUDE": "north"}, "latitude 'north' is not a number", id="latitude-text"),
        pytest.param({"OPEN_DT": "31/31/2015 10:00:00 AM"},
                     "opened date '31/31/2015 10:00:00 AM' is not a usable date", id="open-date"),
        pytest.param({"OPEN_DT": ""}, "opened date '' is not a usable date", id="no-open-date"),
        pytest.param({"OPEN_DT": "02/30/2015 10:00:00 AM"},
                     "opened date '02/30/2015 10:00:00 AM' is not a usable date", id="february-30"),
        pytest.param({"OPEN_DT": "2015-03-02 10:00:00"},
                     "opened date '2015-03-02 10:00:00' is not a usable date", id="iso-in-the-2015-layout"),
        pytest.param({"CLOSED_DT": "yesterday"},
                     "closed date 'yesterday' is not a usable date", id="closed-date"),
        pytest.param({"CASE_ENQUIRY_ID": ""}, "no case id", id="no-case-id"),
        pytest.param({"TYPE": ""}, "no request type", id="no-type"),
        pytest.param(["202", "03/02/2015 10:00:00 AM", "Open"], "has 3 fields, the header has 16",
                     id="wrong-field-count"),
    ],
)  # fmt: skip
def test_unusable_rows_are_refused_with_line_and_reason(
    engine, session, write_2015_csv, tmp_path, bad, reason
):
    bad_row = {"CASE_ENQUIRY_ID": "202", **bad} if isinstance(bad, dict) else bad
    rejects = tmp_path / "rejects.csv"

    summary = import_311(
        engine, write_2015_csv([GOOD, bad_row, {"CASE_ENQUIRY_ID": "203"}]), rejects_path=rejects
    )

    assert (summary.read, summary.inserted, summary.rejected) == (3, 2, 1)
    assert sorted(session.scalars(select(Report.external_case_id))) == ["201", "203"]
    with open(rejects, newline="", encoding="utf-8") as file:
        refused = list(csv.DictReader(file))
    assert [(row["line"], row["reason"]) for row in refused] == [("3", reason)]
    # The original values travel with the reason, so the row can be fixed and sent again.
    case_id = bad_row[0] if isinstance(bad_row, list) else bad_row["CASE_ENQUIRY_ID"]
    assert refused[0]["CASE_ENQUIRY_ID"] == case_id


@pytest.mark.parametrize("chunk_size", [50_000, 2, 1], ids=["one-chunk", "across-chunks", "row-by-row"])
def test_a_case_repeated_in_one_file_keeps_its_first_row(engine, session, write_2015_csv, tmp_path, chunk_size):
    # The repeat is refused wherever it falls; across a chunk boundary it used to pass as an "update".
    rejects = tmp_path / "rejects.csv"
    path = write_2015_csv([{"CASE_ENQUIRY_ID": "1"}, {"CASE_ENQUIRY_ID": "2"},
                           {"CASE_ENQUIRY_ID": "1", "CASE_STATUS": "Closed"}, {"CASE_ENQUIRY_ID": "3"}])  # fmt: skip

    summary = import_311(engine, path, rejects_path=rejects, chunk_size=chunk_size)

    assert (summary.inserted, summary.updated, summary.rejected) == (3, 0, 1)
    assert stored(session, "1").status == "open"
    assert '4,"duplicate case id in this file, first on line 2"' in rejects.read_text()


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"CLOSURE_REASON": "x" * 131_073}, "CLOSURE_REASON is longer than 131,072 characters"),
        ({"Location": "y" * 200_000}, "Location is longer than 131,072 characters"),
        ({"CASE_ENQUIRY_ID": "20\x002"}, "CASE_ENQUIRY_ID holds a NUL character"),
        ({"CASE_TITLE": "Pot\x00hole"}, "CASE_TITLE holds a NUL character"),
        ({"CLOSURE_REASON": "done\x00"}, "CLOSURE_REASON holds a NUL character"),
    ],
    ids=["long-closure-reason", "long-location", "nul-case-id", "nul-title", "nul-closure-reason"],
)
def test_a_row_the_database_could_not_take_is_refused_and_the_rest_land(
    engine, session, write_2015_csv, tmp_path, bad, reason
):
    rejects = tmp_path / "rejects.csv"
    path = write_2015_csv([GOOD, {"CASE_ENQUIRY_ID": "202", **bad}, {"CASE_ENQUIRY_ID": "203"}])

    summary = import_311(engine, path, rejects_path=rejects)

    assert (summary.inserted, summary.rejected) == (2, 1)
    assert sorted(session.scalars(select(Report.external_case_id))) == ["201", "203"]
    with open(rejects, newline="", encoding="utf-8") as file:
        assert [(row["line"], row["reason"]) for row in csv.DictReader(file)] == [("3", reason)]


REFUSED_BELOW_ONE_LINE_CASE = [("3", "no request type"), ("4", "has 2 fields, the header has 16")]
REFUSED_BELOW_TWO_LINE_CASE = [("4", "no request type"), ("5", "has 2 fields, the header has 16")]


@pytest.mark.parametrize("chunk_size", [50_000, 2, 1], ids=["one-chunk", "across-chunks", "row-by-row"])
@pytest.mark.parametrize(
    ("note", "edit", "refused"),
    [
        pytest.param("Lamp replaced.", lambda text: text, REFUSED_BELOW_ONE_LINE_CASE, id="one-line-each"),
        pytest.param("Lamp replaced.\nCrew 4", lambda text: text, REFUSED_BELOW_TWO_LINE_CASE,
                     id="quoted-line-break"),
        pytest.param("Lamp replaced.\nCrew 4", lambda text: text.replace("\r\n", "\n"),
                     REFUSED_BELOW_TWO_LINE_CASE, id="unix-line-ends"),
        pytest.param("Lamp replaced.", lambda text: text.replace("\r\n", "\r"), REFUSED_BELOW_ONE_LINE_CASE,
                     id="old-mac-line-ends"),
        pytest.param("Lamp replaced.", lambda text: text.replace("\r\n2,", "\r\n\r\n2,"),
                     [("3", "has 0 fields, the header has 16"),
                      ("4", "no request type"), ("5", "has 2 fields, the header has 16")],
                     id="blank-line"),
        # More line breaks than pyarrow reads at once; a refused row's line is the one it ends on.
        pytest.param("Crew 4\n" * 200_000, lambda text: text,
                     [("200002", "CLOSURE_REASON is longer than 131,072 characters"),
                      ("200003", "no request type"), ("200004", "has 2 fields, the header has 16")],
                     id="line-breaks-past-a-block"),
    ],
)  # fmt: skip
def test_reject_lines_are_the_lines_an_editor_shows(
    engine, write_2015_csv, tmp_path, chunk_size, note, edit, refused
):
    # Line numbers are the ones an editor shows, so a multi-line closure note above shifts them,
    # wherever the file is cut into chunks.
    rejects = tmp_path / "rejects.csv"
    path = write_2015_csv([{"CASE_ENQUIRY_ID": "1", "CLOSURE_REASON": note}, {"CASE_ENQUIRY_ID": "2", "TYPE": ""},
                           ["3", "03/02/2015 10:00:00 AM"], {"CASE_ENQUIRY_ID": "4"}])  # fmt: skip
    path.write_bytes(edit(path.read_bytes().decode()).encode())

    summary = import_311(engine, path, rejects_path=rejects, chunk_size=chunk_size)

    assert summary.rejected == len(refused)
    with open(rejects, newline="", encoding="utf-8") as file:
        assert [(row["line"], row["reason"]) for row in csv.DictReader(file)] == refused


def test_a_clean_file_writes_an_empty_rejects_file(engine, write_2015_csv, tmp_path):
    rejects = tmp_path / "rejects.csv"
    import_311(engine, write_2015_csv([GOOD]), rejects_path=rejects)
    assert rejects.read_text().splitlines() == ["line,reason"]


def valid_lines(write_2015_csv, count: int) -> bytes:
    return write_2015_csv([{"CASE_ENQUIRY_ID": str(n)} for n in range(count)], name="valid.csv").read_bytes()


def first_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


# What the uploaded file holds, given the bytes of 300 good rows in the 2015 layout.
MALFORMED = {
    "wrong-header": lambda valid: b"Time,Longitude,Latitude\n1,-71.1,42.3\n",
    "missing-column": lambda valid: (
        b"CASE_ENQUIRY_ID,OPEN_DT,CASE_STATUS,TYPE,LONGITUDE\n1,03/02/2015 10:00:00 AM,Open,X,-71.1\n"
    ),
    "empty": lambda valid: b"",
    "binary": lambda valid: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "latin-1": lambda valid: valid.decode().replace("Jersey", "Jérsey").encode("latin-1"),
    # Well past the reader's buffer, so many good rows are parsed before the bad bytes.
    "garbage-after-good-rows": lambda valid: valid + b"\xff\xfe\x00\x81garbage\n",
    "gzip-cut-short": lambda valid: first_half(gzip.compress(valid)),
    "gzip-name-plain-text": lambda valid: valid,
}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("wrong-header", r"not a Boston 311 CSV.*Found: Time, Longitude, Latitude"),
        ("missing-column", r"2015 layout but lacks the column\(s\) LATITUDE"),
        ("empty", r"not a Boston 311 CSV.*an empty line"),
        ("binary", "not a readable CSV file"),
        ("latin-1", "not a readable CSV file"),
        ("garbage-after-good-rows", "not a readable CSV file"),
        ("gzip-cut-short", "not a readable CSV file"),
        ("gzip-name-plain-text", "not a readable CSV file"),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(
    engine, write_2015_csv, tmp_path, table_counts, damage, message
):
    valid = valid_lines(write_2015_csv, 300)
    assert len(valid) > 3 * 8192
    path = tmp_path / ("upload.csv.gz" if damage.startswith("gzip") else "upload.csv")
    path.write_bytes(MALFORMED[damage](valid))

    with pytest.raises(MalformedFileError, match=message):
        import_311(engine, path)

    assert table_counts() == {"reports": 0, "service_types": 0, "report_events": 0}


class Cancelled(Exception):
    pass


def test_an_import_stopped_after_a_stored_batch_leaves_nothing(engine, write_2015_csv, table_counts):
    # The progress callback runs after a batch is stored; failing there must undo that batch too.
    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        import_311(engine, write_2015_csv([GOOD]), progress=cancel)

    assert table_counts() == {"reports": 0, "service_types": 0, "report_events": 0}


def test_a_malformed_file_leaves_earlier_imports_alone(engine, write_2015_csv, tmp_path, table_counts):
    import_311(engine, write_2015_csv([GOOD]))
    before = table_counts()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(valid_lines(write_2015_csv, 300) + b"\xff")

    with pytest.raises(MalformedFileError):
        import_311(engine, broken)

    assert table_counts() == before


def test_a_file_with_only_a_header_imports_nothing(engine, write_2015_csv, table_counts):
    summary = import_311(engine, write_2015_csv([]))
    assert (summary.read, summary.inserted, summary.rejected) == (0, 0, 0)
    assert table_counts()["reports"] == 0


def test_overlong_text_is_cut_to_fit_the_columns(engine, session, write_2015_csv):
    # PostgreSQL would refuse the whole import over one staff-typed novel in CASE_TITLE.
    path = write_2015_csv([{"CASE_ENQUIRY_ID": "1", "CASE_TITLE": "x" * 300, "Location": "y" * 300}])
    import_311(engine, path)
    report = stored(session, "1")
    assert (len(report.title), len(report.address)) == (200, 200)


def test_an_overlong_case_id_is_refused_like_any_unusable_row(engine, session, write_2015_csv, tmp_path):
    rejects = tmp_path / "rejects.csv"

    summary = import_311(
        engine, write_2015_csv([GOOD, {"CASE_ENQUIRY_ID": "9" * 41}]), rejects_path=rejects
    )

    assert (summary.inserted, summary.rejected) == (1, 1)
    with open(rejects, newline="", encoding="utf-8") as file:
        [refused] = csv.DictReader(file)
    assert refused["line"] == "3" and "case id" in refused["reason"]
