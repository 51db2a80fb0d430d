"""Email in a real browser, through a real SMTP server (aiosmtpd) and the real worker (`outbox run --once`):
an anonymous reporter confirms their address, staff close the report with an after photo, the email
arrives with the photo and its "not fixed" link reopens the report; and a password reset end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ROOT, SLOW, click, empty_database, file_report, go, open_case, settle, signed_in, \
    streamlit_server  # fmt: skip
from tests.smtpserver import SmtpServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def mail_app(request, tmp_path_factory, smtp_server: SmtpServer):
    """One server for the module, its database URL (for the worker) and the SMTP server it mails through."""
    database_url = empty_database(request, tmp_path_factory, "portal_e2e_messages")
    with streamlit_server(database_url, tmp_path_factory) as server:
        yield server.url, database_url, smtp_server


def deliver(database_url: str, smtp: SmtpServer) -> None:
    """The worker as `make run` starts it, once: what is due goes out now."""
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_SMTP_URL": smtp.url,
           "PORTAL_MAIL_FROM": "Boston Civic Portal <portal@example.org>"}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "portal", "outbox", "run", "--once"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr


def link_in(message, app_url: str, label_text: str = "/link?") -> str:
    """The first link of that kind in the email's text, on this test's server (the email's origin is
    PORTAL_PUBLIC_URL, which the test server does not set)."""
    text = message.get_body(("plain",)).get_content()
    found = next(word for word in text.split() if label_text in word)
    parts = urlsplit(found)
    return f"{app_url}{parts.path}?{parts.query}"


def after_photo(path) -> str:
    out = BytesIO()
    Image.new("RGB", (120, 90), (20, 140, 20)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_anonymous_report_confirm_close_with_photo_and_not_fixed_reopens(browser: Browser, mail_app, tmp_path):
    app_url, database_url, smtp = mail_app
    smtp.clear()
    visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    visitor.goto(app_url)
    expect(visitor.get_by_role("link", name="Live map")).to_be_visible(timeout=3 * SLOW)
    public_id = file_report(visitor, "Broken streetlight flickering all night", email="anon.reporter@example.org")

    deliver(database_url, smtp)
    confirm = smtp.wait_for("anon.reporter@example.org", "confirm")
    visitor.goto(link_in(confirm, app_url))
    expect(visitor.get_by_text("is confirmed")).to_be_visible(timeout=SLOW)

    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    staff.get_by_role("tab", name="Close").click()
    staff.get_by_label("How was it resolved?").fill("Replaced the lamp")
    staff.locator("input[type=file]").last.set_input_files(after_photo(tmp_path / "after.jpg"))
    expect(staff.get_by_text("after.jpg")).to_be_visible(timeout=SLOW)
    settle(staff)
    click(staff, "Close report")
    expect(staff.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=SLOW)

    deliver(database_url, smtp)
    assert smtp.wait_for("anon.reporter@example.org", "We received")
    closed = smtp.wait_for("anon.reporter@example.org", "was closed")
    assert "Replaced the lamp" in closed.get_body(("plain",)).get_content()
    photos = [part for part in closed.walk() if part.get_content_maintype() == "image"]
    assert len(photos) == 1 and photos[0].get_content()[:2] == b"\xff\xd8"  # the crew's JPEG, inline

    visitor.goto(link_in(closed, app_url, "answer=not_fixed"))
    expect(visitor.get_by_role("heading", name=f"Is report {public_id} fixed?")).to_be_visible(timeout=SLOW)
    visitor.get_by_text("👎 poor").click()
    visitor.get_by_label("Anything the crew should know? (optional)").fill("Still dark at night")
    click(visitor, "Send my answer")
    expect(visitor.get_by_text("back in the city's queue")).to_be_visible(timeout=SLOW)

    visitor.goto(f"{app_url}/request?id={public_id}")
    expect(visitor.get_by_text("Reopened: not fixed").first).to_be_visible(timeout=SLOW)
    deliver(database_url, smtp)
    assert smtp.wait_for("anon.reporter@example.org", "open again")
    for page in (visitor, staff):
        page.context.close()


def test_password_reset_by_emailed_link(browser: Browser, mail_app):
    app_url, database_url, smtp = mail_app
    smtp.clear()
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{app_url}/reset_password")
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible(timeout=3 * SLOW)
    page.get_by_label("Your username or email").fill("demo-resident")
    click(page, "Email me a link")
    expect(page.get_by_text("a link to choose a new password is on its way")).to_be_visible(timeout=SLOW)

    deliver(database_url, smtp)
    reset = smtp.wait_for("demo-resident@example.org", "Reset your password")
    link = link_in(reset, app_url)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible(timeout=SLOW)
    new_password = "violet harbour lantern 2026"
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("New password again").fill(new_password)
    click(page, "Set the new password")
    expect(page.get_by_text("Your password is changed")).to_be_visible(timeout=SLOW)

    page.goto(link)
    expect(page.get_by_text("already used")).to_be_visible(timeout=SLOW)
    page.goto(app_url)
    page.get_by_role("link", name="Sign in").click()
    settle(page)
    page.get_by_label("Username").first.fill("demo-resident")
    page.get_by_label("Password").first.fill(new_password)
    click(page, "Sign in")
    expect(page.get_by_text("Signed in as demo-resident")).to_be_visible(timeout=SLOW)
    deliver(database_url, smtp)
    assert smtp.wait_for("demo-resident@example.org", "Your account: Your password was reset")
    page.context.close()
