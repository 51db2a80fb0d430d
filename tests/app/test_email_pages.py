"""The email choices under AppTest: the manage link's page, Area alerts, and My account's "Emails" part."""

from sqlalchemy import select

from portal.accounts.demo import DEMO_PASSWORD
from portal.db import make_engine, session_factory, transaction
from portal.messages.models import AreaFollow, MessagePreference
from portal.messages.tokens import manage_token
from tests.app.conftest import sign_in


def link_page(at, manage: str):
    at.query_params["manage"] = manage
    return at.switch_page("pages/link.py").run()


def test_the_manage_link_saves_choices_and_stops_a_follow(app, app_env):
    engine = make_engine(app_env)
    with transaction(engine) as session:
        session.add(AreaFollow(email="rosa@example.org", place="Fenway", feed_token="rosa-feed"))
    page = link_page(app, manage_token("rosa@example.org"))
    assert not page.exception and "What we send to **rosa@example.org**." in page.markdown[0].value
    assert any("Following **Fenway**" in m.value for m in page.markdown)
    page.checkbox[0].uncheck()
    next(b for b in page.button if b.label == "Save").click().run()
    assert page.success[0].value.startswith("Saved.")
    next(b for b in page.button if b.label == "Stop").click().run()
    with session_factory(engine)() as session:
        assert session.scalar(select(MessagePreference.muted)) == "my_reports"
        assert session.scalar(select(AreaFollow.id)) is None
    engine.dispose()


def test_a_made_up_manage_link_shows_no_form(app):
    page = link_page(app, "bogus.link")
    assert not page.exception and "This link is not valid" in page.error[0].value and not page.checkbox


def test_alerts_and_my_account_show_the_signed_in_persons_choices(app):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    alerts = app.switch_page("pages/alerts.py").run()
    assert not alerts.exception and alerts.text_input[0].value == "demo-resident@example.org"
    account = app.switch_page("pages/account.py").run()
    assert not account.exception and any(b.label == "Save my email choices" for b in account.button)


def test_the_outbox_says_nothing_is_sent_without_smtp(app, monkeypatch):
    monkeypatch.delenv("PORTAL_SMTP_URL", raising=False)
    sign_in(app, "demo-admin", DEMO_PASSWORD)
    page = app.switch_page("pages/outbox.py").run()
    assert not page.exception and page.title[0].value == "Outbox"
    assert page.warning[0].value.startswith("PORTAL_SMTP_URL is not set") and len(page.metric) >= 1


def test_the_outbox_names_its_statuses_in_the_readers_language(app):
    sign_in(app, "demo-admin", DEMO_PASSWORD)
    app.session_state["portal_language"] = "es"
    page = app.switch_page("pages/outbox.py").run()
    assert not page.exception and page.title[0].value == "Bandeja de salida"
    assert {"En espera", "Enviado", "Falló", "Guardado para el resumen diario"} <= {m.label for m in page.metric}
