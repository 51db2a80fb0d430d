"""The absolute addresses messages link to. Emails leave the browser, so every link starts with
`PORTAL_PUBLIC_URL` (pages) or `PORTAL_FEEDS_URL` (Atom feeds)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from portal.config import feeds_url, public_url


def request_link(public_id: str) -> str:
    """A report's public page, `/request?id=ID` (the stable address `reports.public_page` serves)."""
    return f"{public_url()}/request?id={quote(public_id)}"


def token_link(token: str, **extra: str) -> str:
    """The page that follows an emailed one-click link (`pages/link.py`)."""
    return f"{public_url()}/link?{urlencode({'t': token, **extra})}"


def manage_link(signed: str) -> str:
    """Where a recipient changes what they receive, without signing in (`pages/link.py?manage=`)."""
    return f"{public_url()}/link?{urlencode({'manage': signed})}"


def page_link(url_path: str) -> str:
    return f"{public_url()}/{url_path}"


def feed_link(feed_token: str) -> str:
    return f"{feeds_url()}/feeds/follow/{quote(feed_token)}.atom"
