"""Every new report stores an address: the one typed, else the known address nearest its pin."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.permissions import ANONYMOUS
from portal.reports import filing
from portal.reports.models import Report, ServiceType
from portal.reports.photostore import LocalPhotoStore
from tests.unit.geocode_fixtures import fixture_gazetteer  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fixture_gazetteer")

ANNUNCIATION = (42.33472, -71.09438)  # a few metres from 80 Annunciation Rd


@pytest.mark.parametrize(
    ("where", "typed", "stored"),
    [
        (ANNUNCIATION, "", "80 Annunciation Rd, Mission Hill"),
        (ANNUNCIATION, "  Outside the church  ", "Outside the church"),
        ((42.3601, -71.0589), "", ""),  # City Hall Plaza: no address of this gazetteer within 250 m
    ],
)
def test_a_report_stores_the_typed_address_or_the_nearest_known_one(session, tmp_path, where, typed, stored):
    kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                       name="Request for Pothole Repair", department="PWDx")  # fmt: skip
    session.add(kind)
    session.flush()
    draft = filing.ReportDraft(kind.id, "Deep pothole", "", *where, address=typed)
    filed = filing.file_report(session, ANONYMOUS, draft, LocalPhotoStore(tmp_path), session_id="browser-1",
                               client_token="t1")  # fmt: skip
    assert session.scalar(select(Report.address).where(Report.public_id == filed.public_id)) == stored
