"""Reading labelled CSVs, cleaning text, the held-out split and the rows the shipped model learns from."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.reports.models import Report, ServiceType
from portal.triage.corrections import training_rows_from_corrections
from portal.triage.dataset import (
    CITY_SOURCES,
    MAX_TEXT_CHARS,
    TriageError,
    clean_text,
    is_held_out,
    read_labelled_csv,
    shipped_rows,
)
from portal.triage.models import TriageCorrection
from tests.unit.triage_fixtures import write_tiny_csv


@pytest.mark.parametrize(("raw", "clean"), [
    ("  Pothole\n\non  Main St ", "Pothole on Main St"),
    ("<p>Light <b>out</b></p>", "Light out"),
    ("Trees &amp; shrubs", "Trees & shrubs"),
    ("<script>alert(1)</script>", "alert(1)"),
    ("", ""),
    ("x" * (MAX_TEXT_CHARS + 5), "x" * MAX_TEXT_CHARS),
])  # fmt: skip
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_the_split_holds_out_a_fifth_decided_by_the_text_and_seed():
    texts = [f"report number {n}" for n in range(5000)]
    held = [is_held_out(text) for text in texts]
    assert 0.18 < sum(held) / len(texts) < 0.22
    assert held == [is_held_out(text) for text in texts]
    assert held != [is_held_out(text, seed=1) for text in texts]


def test_read_labelled_csv_cleans_and_drops_empty_rows(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('text,label\n"<i>big</i>  pothole",Pothole\n"  ",Pothole\nno label,\n')
    rows = read_labelled_csv(path, "text", "label")
    assert rows.to_dict("records") == [{"text": "big pothole", "label": "Pothole"}]


def test_a_missing_column_is_named_with_the_columns_there_are(tmp_path):
    path = write_tiny_csv(tmp_path / "rows.csv")
    with pytest.raises(TriageError, match=r"no column 'description'; its columns are 'id', 'what', 'kind'"):
        read_labelled_csv(path, "description", "kind")


def write_cities(directory, rows_per_city: dict[str, list[tuple[str, str]]]) -> None:
    for source in CITY_SOURCES:
        lines = [f"{source.text_column},{source.label_column}"]
        lines += [f"{text},{label}" for text, label in rows_per_city.get(source.city, [])]
        (directory / source.file_name).write_text("\n".join(lines) + "\n")


def test_shipped_rows_map_each_city_onto_portal_types_and_add_corrections(tmp_path):
    write_cities(tmp_path, {
        "newhaven": [("hole in road", "Potholes"), ("drugs sold here", "Policing Issue"),
                     ("odd", "Not a category")],
        "newport": [("light is out", "Street Light Issue")],
        "georgia": [("LID IS BROKEN", "Garbage"), ("blank", ""), ("stray", "FALSE")],
    })  # fmt: skip
    rows = shipped_rows(tmp_path, corrections=[("<b>rats</b> in the alley", "Rodent Activity"), ("", "Lost")])
    assert sorted(map(tuple, rows.to_numpy())) == [
        ("LID IS BROKEN", "Missed Trash/Recycling/Yard Waste/Bulk Item"),
        ("hole in road", "Request for Pothole Repair"),
        ("light is out", "Street Light Outages"),
        ("rats in the alley", "Rodent Activity"),
    ]


def test_staff_corrections_become_training_rows(city):
    report = city.scalars(select(Report).order_by(Report.id)).first()
    to_type = city.scalars(select(ServiceType).where(ServiceType.id != report.service_type_id)).first()
    city.add_all([TriageCorrection(report_id=report.id, text=text, from_type_id=report.service_type_id,
                                   to_type_id=to_type.id)
                   for text in ("first words", "second words")])  # fmt: skip
    city.flush()
    rows = training_rows_from_corrections(city)
    assert rows == [("first words", to_type.name), ("second words", to_type.name)]
