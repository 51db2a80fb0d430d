"""The public feed: what was reported and what was fixed, newest first, and the same as an Atom feed.

Reads like Citizens Connect's stream ("New: Pothole on Tremont St", "Fixed in 2 days: Street light on
Beacon St"). It shows no reporter names: only the type, the street and the times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.i18n import _, current_language, ngettext
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.photo_records import thumbnails_for
from portal.reports.public_page import request_path

FEED_LIMIT = 50
_HOUSE_NUMBER = re.compile(r"^[\d\-–A-Za-z]*\d[\d\-–A-Za-z]*\s+")


@dataclass(frozen=True)
class FeedEntry:
    kind: str  # "new" | "fixed"
    headline: str
    at: datetime
    public_id: str
    neighborhood: str | None
    thumbnail_key: str | None


def street_of(address: str) -> str:
    """"145-151 Ipswich St  Boston  MA  02215" -> "Ipswich St": the street, without house or town."""
    first = re.split(r"\s{2,}|,", address.strip(), maxsplit=1)[0] if address.strip() else ""
    return _HOUSE_NUMBER.sub("", first).strip()


def took(opened: datetime, closed: datetime) -> str:
    days = (closed - opened).total_seconds() / 86_400
    if days < 1:
        return _("in under a day")
    return ngettext("in {count} day", "in {count} days", round(days)).format(count=round(days))


def headline(kind: str, type_name: str, address: str, opened: datetime, closed: datetime | None) -> str:
    """The entry's one line in the current language; the type's name translated, the street as written."""
    street, what = street_of(address), _(type_name)
    if kind == "fixed" and closed is not None:
        fixed = _("Fixed {took}: {type} on {street}") if street else _("Fixed {took}: {type}")
        return fixed.format(took=took(opened, closed), type=what, street=street)
    return (_("New: {type} on {street}") if street else _("New: {type}")).format(type=what, street=street)



def feed_entries(session: Session, neighborhoods: tuple[str, ...] = (), type_ids: tuple[int, ...] = (),
                 limit: int = FEED_LIMIT, where: tuple = ()) -> list[FeedEntry]:  # fmt: skip
    """The newest openings and fixes, merged by time. Merged duplicates are not news. `where`: more
    conditions on `Report` (an area follow's place, `portal.messages.feeds`)."""
    base = select(Report.public_id, ServiceType.name, Report.address, Report.opened_at, Report.closed_at,
                  Report.neighborhood, Report.id).join(ServiceType).where(Report.merged_into_id.is_(None), *where)  # fmt: skip
    if neighborhoods:
        base = base.where(Report.neighborhood.in_(neighborhoods))
    if type_ids:
        base = base.where(Report.service_type_id.in_(type_ids))
    opened = session.execute(base.order_by(Report.opened_at.desc()).limit(limit)).all()
    fixed = session.execute(base.where(Report.status == ReportStatus.CLOSED, Report.closed_at.is_not(None))
                            .order_by(Report.closed_at.desc()).limit(limit)).all()  # fmt: skip
    thumbs = thumbnails_for(session, list({row.id for row in (*opened, *fixed)}))
    entries = [FeedEntry("new", headline("new", r[1], r[2], r[3], None), r[3], r[0], r[5], thumbs.get(r.id))
               for r in opened]  # fmt: skip
    entries += [FeedEntry("fixed", headline("fixed", r[1], r[2], r[3], r[4]), r[4], r[0], r[5], thumbs.get(r.id))
                for r in fixed]  # fmt: skip
    return sorted(entries, key=lambda e: e.at, reverse=True)[:limit]


def atom_feed(entries: list[FeedEntry], site_url: str) -> bytes:
    """An Atom document other tools can follow, in the current language (the API's public feed is English, a
    follow's feed its follower's); titles are plain text, links go to each report's page."""
    feed = FeedGenerator()
    feed.id(f"{site_url}/feed")
    feed.title(_("Boston 311: reported and fixed"))
    feed.link(href=f"{site_url}/feed", rel="alternate")
    feed.language(current_language().replace("_", "-"))
    feed.updated(entries[0].at if entries else datetime(2015, 1, 1).astimezone())
    for entry in reversed(entries):  # feedgen puts the last added first
        item = feed.add_entry()
        link = site_url + request_path(entry.public_id)
        item.id(f"{link}#{entry.kind}")
        item.title(entry.headline)
        item.updated(entry.at)
        item.link(href=link)
        item.summary(_("{headline} — {place} (report {id})").format(
            headline=entry.headline, place=entry.neighborhood or "Boston", id=entry.public_id))
    return feed.atom_str(pretty=True)
