"""Open311 search arguments, dates, statuses and API keys, without a server."""

from datetime import datetime, timezone

import pytest

from portal.accounts.permissions import SYSTEM, Actor, PermissionDenied
from portal.open311.errors import Open311Error
from portal.open311.keys import ApiKeyError, issue_key, key_holder, list_keys, revoke_key
from portal.open311.schemas import open311_status, parse_w3c, w3c
from portal.open311.service_requests import MAX_SPAN, parse_query
from portal.reports.models import ReportStatus
from tests.unit.open311_fixtures import build_city

NOW = datetime(2015, 6, 30, 12, tzinfo=timezone.utc)
JAN = datetime(2015, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"start": NOW - MAX_SPAN, "end": NOW}),
        ({"start_date": "2015-01-01T00:00:00Z"}, {"start": JAN, "end": JAN + MAX_SPAN}),
        ({"end_date": "2015-01-01T00:00:00Z"}, {"start": JAN - MAX_SPAN, "end": JAN}),
        ({"start_date": "2015-01-01", "end_date": "2015-01-02"},
         {"start": datetime(2015, 1, 1, 5, tzinfo=timezone.utc), "end": datetime(2015, 1, 2, 5, tzinfo=timezone.utc)}),
        ({"status": "open,closed", "service_code": "3, 4"}, {"statuses": ("open", "closed"), "type_ids": (3, 4)}),
        ({"service_request_id": "ab1,CD2", "status": "nonsense"}, {"ids": ("AB1", "CD2"), "start": None}),
    ],
)  # fmt: skip
def test_search_arguments(params, expected):
    query = parse_query(params, now=NOW)
    assert {name: getattr(query, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start_date": "01/01/2015"}, "W3C"),
        ({"end_date": "2015-01-01T10:00"}, "time zone"),
        ({"start_date": "2015-01-01T00:00:00Z", "end_date": "2015-04-02T00:00:01Z"}, "90 days"),
        ({"start_date": "2015-02-01T00:00:00Z", "end_date": "2015-01-01T00:00:00Z"}, "before"),
        ({"status": "open,pending"}, "'pending'"),
        ({"service_code": "1;drop"}, "service_code"),
        ({"service_request_id": ",".join(["X"] * 1001)}, "1000"),
    ],
)  # fmt: skip
def test_bad_search_arguments_are_400s(params, words):
    with pytest.raises(Open311Error) as caught:
        parse_query(params, now=NOW)
    assert caught.value.status == 400 and words in caught.value.description


@pytest.mark.parametrize(("ours", "theirs"), [(ReportStatus.OPEN, "open"), (ReportStatus.ACKNOWLEDGED, "open"),
                                              (ReportStatus.CLOSED, "closed")])  # fmt: skip
def test_status_mapping(ours, theirs):
    assert open311_status(ours) == theirs


def test_times_go_out_in_boston_time_with_their_offset_and_come_back_equal():
    assert w3c(JAN) == "2014-12-31T19:00:00-05:00"
    assert w3c(datetime(2015, 7, 1, tzinfo=timezone.utc)) == "2015-06-30T20:00:00-04:00"
    assert parse_w3c("start_date", w3c(JAN)) == JAN
    assert parse_w3c("start_date", "2015-01-01T00:00:00Z") == JAN


def test_keys_are_stored_hashed_act_for_their_owner_and_stop_when_revoked(session):
    city = build_city(session)
    key = issue_key(session, SYSTEM, city.owner_id, "  Partner app ")
    holder = key_holder(session, key)
    assert holder.actor.id == city.owner_id and holder.actor.role == "resident"
    [row] = list_keys(session, SYSTEM)
    assert (row.label, row.owner, row.last_used_at is not None) == ("Partner app", "partner-app", True)
    assert key_holder(session, key + "x") is None and key_holder(session, "") is None
    revoke_key(session, SYSTEM, row.id)
    assert key_holder(session, key) is None


@pytest.mark.parametrize(("label", "owner_ok"), [("", True), ("x" * 81, True), ("App", False)])
def test_a_key_needs_a_label_and_an_active_owner(session, label, owner_ok):
    city = build_city(session)
    with pytest.raises(ApiKeyError):
        issue_key(session, SYSTEM, city.owner_id if owner_ok else 99_999, label)


def test_only_admins_issue_keys(session):
    city = build_city(session)
    with pytest.raises(PermissionDenied):
        issue_key(session, Actor(city.owner_id, "partner-app", "staff"), city.owner_id, "App")
