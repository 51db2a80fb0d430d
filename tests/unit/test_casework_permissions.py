"""Staff-only casework checks who is acting before it writes anything."""

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.accounts.permissions import ANONYMOUS, Actor, PermissionDenied
from portal.db import transaction
from portal.reports import casework
from portal.reports.models import Report, ReportEvent, ServiceType
from portal.triage.models import TriageCorrection

TABLES = (Report, ReportEvent, TriageCorrection)


@pytest.fixture
def setup(engine) -> dict:
    with transaction(engine) as session:
        pothole = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                              name="Request for Pothole Repair", department="PWDx")  # fmt: skip
        lights = ServiceType(subject="Public Works Department", reason="Street Lights",
                             name="Street Light Outages", department="PWDx")  # fmt: skip
        resident = User(username="res", email="r@example.org", display_name="R", role=Role.RESIDENT)
        session.add_all([pothole, lights, resident])
        session.flush()
        for public_id in ("KEEP000001", "DUPE000001"):
            session.add(Report(public_id=public_id, service_type_id=pothole.id, title="Pothole",
                               opened_at=func.now(), source="Civic Portal"))  # fmt: skip
        return {"lights": lights.id, "resident": Actor(resident.id, resident.username, resident.role)}


def snapshot(engine) -> dict:
    with engine.connect() as connection:
        counts = {m.__tablename__: connection.scalar(select(func.count()).select_from(m)) for m in TABLES}
        counts["reports"] = connection.execute(
            select(Report.public_id, Report.service_type_id, Report.status, Report.version).order_by(
                Report.id
            )
        ).all()
    return counts


ACTIONS = {
    "recategorise": lambda session, actor, ids: casework.recategorise(
        session, actor, "DUPE000001", 1, ids["lights"]
    ),
    "merge": lambda session, actor, ids: casework.merge(session, actor, "DUPE000001", 1, "KEEP000001"),
}


@pytest.mark.parametrize("who", ["resident", "anonymous"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_resident_calling_staff_actions_changes_nothing(engine, setup, action, who):
    actor = setup["resident"] if who == "resident" else ANONYMOUS
    before = snapshot(engine)
    with transaction(engine) as session:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](session, actor, setup)
        # Even a caller that carries on and commits must find nothing written.
    assert snapshot(engine) == before
