"""A follow's Atom feed: the public feed (`reports.feed`) narrowed to the followed place, at
`/feeds/follow/TOKEN.atom` on the `serve-open311` server (`open311.app`). The token is the follow's
unguessable `feed_token`; a feed only ever holds what the public feed shows, in the language of the
follower's account (English for a follow by email address alone)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.config import public_url
from portal.i18n import DEFAULT, language
from portal.messages.follows import MAX_RADIUS_M, METRES_PER_DEGREE_LAT, within
from portal.messages.models import AreaFollow
from portal.reports.feed import atom_feed, feed_entries
from portal.reports.models import Report

NEAR_SCANNED = 5_000  # newest reports in a radius follow's latitude band checked by distance


def follow_feed(session: Session, feed_token: str) -> bytes | None:
    """The Atom document of one follow, or None when there is no follow with that token."""
    follow = session.scalar(select(AreaFollow).where(AreaFollow.feed_token == feed_token))
    if follow is None:
        return None
    account = session.get(User, follow.user_id) if follow.user_id is not None else None
    with language(account.language if account else DEFAULT):  # an address without an account: English
        return _follow_feed(session, follow)


def _follow_feed(session: Session, follow: AreaFollow) -> bytes:
    kinds = {"new"} if not follow.fixes else {"fixed"} if not follow.new_reports else {"new", "fixed"}
    if follow.radius_m is None:
        entries = feed_entries(session, (follow.neighborhood,))
    else:
        band = MAX_RADIUS_M / METRES_PER_DEGREE_LAT
        rows = session.execute(
            select(Report.id, Report.latitude, Report.longitude)
            .where(Report.latitude.between(follow.latitude - band, follow.latitude + band))
            .order_by(Report.opened_at.desc()).limit(NEAR_SCANNED)
        ).all()  # fmt: skip
        ids = [r.id for r in rows if within(follow, r.latitude, r.longitude, None)]
        entries = feed_entries(session, where=(Report.id.in_(ids),)) if ids else []
    return atom_feed([e for e in entries if e.kind in kinds], public_url())
