"""Sign-in, role pages, registration and the admin page under AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from portal.accounts.demo import DEMO_PASSWORD
from portal.ui.auth import SESSION_ID
from tests.app.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]


def texts(at: AppTest) -> str:
    """Everything the page shows as text, to check what is (not) on it."""
    parts = [e.value for kind in ("title", "markdown", "caption", "error", "warning", "info", "success")
             for e in getattr(at, kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    ("role", "page", "allowed"),
    [
        ("resident", "pages/staff_queue.py", False),
        ("resident", "pages/admin.py", False),
        ("resident", "pages/account.py", True),
        ("staff", "pages/staff_queue.py", True),
        ("staff", "pages/admin.py", False),
        ("coach", "pages/staff_queue.py", False),
        ("admin", "pages/admin.py", True),
        ("admin", "pages/staff_queue.py", True),
    ],
)
def test_each_role_reaches_only_its_pages(app, role, page, allowed):
    """Signed in through the form, then the page file run directly, as a deep link can do."""
    sign_in(app, f"demo-{role}", DEMO_PASSWORD)
    assert app.session_state["portal_actor"].role == role
    direct = AppTest.from_file(str(ROOT / page), default_timeout=60)
    direct.session_state[SESSION_ID] = app.session_state[SESSION_ID]
    direct.run()
    assert not direct.exception
    refused = [e.value for e in direct.error if "cannot" in e.value]
    assert bool(refused) is not allowed
    assert bool(direct.title) is allowed


def test_the_menu_offers_staff_pages_to_staff_only(app):
    sign_in(app, "demo-staff", DEMO_PASSWORD)
    app.switch_page("pages/staff_queue.py").run()
    assert app.title[0].value == "Staff queue"


@pytest.mark.parametrize("page", ["pages/staff_queue.py", "pages/admin.py", "pages/account.py"])
def test_anonymous_deep_links_show_nothing_of_restricted_pages(app, page):
    direct = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert "Please sign in" in direct.warning[0].value
    assert not direct.title and not direct.dataframe


def test_a_wrong_password_is_refused_and_logged(app):
    sign_in(app, "demo-staff", "not-the-password")
    assert "not right" in texts(app)
    assert app.session_state["portal_actor"].signed_in is False


def test_the_sign_in_page_says_demo_mode(app):
    app.switch_page("pages/sign_in.py").run()
    assert "Demo mode" in texts(app)


def test_registration_keeps_the_form_on_a_weak_password(app):
    app.switch_page("pages/sign_in.py").run()
    fields = {w.label: w for w in app.text_input[2:]}
    fields["Username"].input("newcomer")
    fields["Display name"].input("New Comer")
    fields["Email"].input("new@example.org")
    fields["Password"].input("password12")
    fields["Password again"].input("password12")
    next(b for b in app.button if b.label == "Register").click().run()
    assert "too weak" in texts(app)
    assert {w.label: w.value for w in app.text_input[2:]}["Username"] == "newcomer"


def test_admin_changes_a_role_and_the_audit_log_shows_it(app):
    sign_in(app, "demo-admin", DEMO_PASSWORD)
    app.switch_page("pages/admin.py").run()
    account = next(s for s in app.selectbox if s.label == "Account")
    account.select(next(o for o in account.options if o.startswith("demo-coach"))).run()
    next(s for s in app.selectbox if s.label == "Role" and s.value == "coach").select("staff").run()
    next(b for b in app.button if b.label == "Save role").click().run()
    assert "demo-coach is now staff" in texts(app)
    assert not app.exception


def test_no_password_or_hash_reaches_the_page(app):
    sign_in(app, "demo-admin", DEMO_PASSWORD)
    app.switch_page("pages/admin.py").run()
    shown = texts(app) + "".join(str(df.value) for df in app.dataframe)
    assert "$2b$" not in shown and DEMO_PASSWORD not in shown


@pytest.mark.parametrize("password", ["  Tremont-Lamp-Owl-2931", "Tremont-Lamp-Owl-2931 "])
def test_a_password_with_spaces_registers_and_signs_in_exactly_as_typed(app, password):
    app.switch_page("pages/sign_in.py").run()
    fields = {w.label: w for w in app.text_input[2:]}
    for label, value in (("Username", "newcomer"), ("Display name", "New Comer"), ("Email", "new@example.org"),
                         ("Password", password), ("Password again", password)):  # fmt: skip
        fields[label].input(value)
    next(b for b in app.button if b.label == "Register").click().run()
    assert "Your account is ready" in texts(app)
    sign_in(app, "newcomer", password.strip())
    assert "not right" in texts(app) and not app.session_state["portal_actor"].signed_in
    sign_in(app, "newcomer", password)
    assert app.session_state["portal_actor"].username == "newcomer"


def test_signing_out_ends_the_session(app):
    sign_in(app, "demo-staff", DEMO_PASSWORD).switch_page("router.py").run()  # the menu, with "Sign out"
    assert app.session_state["portal_actor"].signed_in
    next(b for b in app.button if b.label == "Sign out").click().run()
    assert not app.session_state["portal_actor"].signed_in
    assert SESSION_ID not in app.session_state
