"""A tiny labelled set for the triage tests: three types, four short descriptions each."""

from __future__ import annotations

import csv
from pathlib import Path

TINY_ROWS = [
    ("big pothole in the road", "Pothole"), ("deep pothole on the street", "Pothole"),
    ("pothole damaged my tire", "Pothole"), ("the road has a pothole", "Pothole"),
    ("street light is out", "Light"), ("the street light flickers", "Light"),
    ("light out on the corner", "Light"), ("broken street light at night", "Light"),
    ("graffiti on the wall", "Graffiti"), ("graffiti tags on the school wall", "Graffiti"),
    ("spray paint graffiti", "Graffiti"), ("wall covered in graffiti", "Graffiti"),
]  # fmt: skip


def write_tiny_csv(path: Path, text_column: str = "what", label_column: str = "kind") -> Path:
    with open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", text_column, label_column])
        writer.writerows((number, text, label) for number, (text, label) in enumerate(TINY_ROWS))
    return path
