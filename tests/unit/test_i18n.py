"""The current language (per context), the browser's language, and dates, numbers and money per locale."""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from portal import i18n
from portal.i18n import (
    current_language,
    format_cents,
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    language,
    negotiate,
    ngettext,
    text_direction,
)


@pytest.mark.parametrize(
    ("browser", "expected"),
    [("es-MX", "es"), ("es", "es"), ("en-US", "en"), (None, "en"), ("", "en"), ("de-DE", "en"),
     ("fr", "en"), ("zh-CN", "zh_Hans" if "zh_Hans" in i18n.COMPLETE else "en"),
     ("zh-TW", "zh_Hant" if "zh_Hant" in i18n.COMPLETE else "en"),
     ("zh-Hant-HK", "zh_Hant" if "zh_Hant" in i18n.COMPLETE else "en")],  # fmt: skip
)
def test_browser_language(browser, expected):
    assert negotiate(browser) == expected


@pytest.mark.parametrize(
    ("code", "day", "number", "money"),
    [("en", "Mar 4, 2015", "12,345.5", "$1,234.50"),
     ("es", "4 mar 2015", "12.345,5", "1.234,50\xa0US$"),
     ("pt", "4 de mar. de 2015", "12.345,5", "US$\xa01.234,50"),
     ("vi", "4 thg 3, 2015", "12.345,5", "1.234,50\xa0US$")],  # fmt: skip
)
def test_locale_formats(code, day, number, money):
    with language(code):
        assert format_date(date(2015, 3, 4)) == day
        assert format_decimal(Decimal("12345.5")) == number
        assert format_currency(Decimal("1234.50")) == money
        assert format_cents(123450) == money


def test_times_are_read_in_boston():
    # 02:30 UTC on March 5 is still March 4 in Boston.
    moment = datetime(2015, 3, 5, 2, 30, tzinfo=timezone.utc)
    assert format_date(moment) == "Mar 4, 2015"
    assert format_datetime(moment, "short") == "3/4/15, 9:30\u202fPM"
    assert format_date(None) == format_datetime(None) == "—"


def test_language_is_per_context_and_restored():
    seen = {}
    with language("es"):
        thread = threading.Thread(target=lambda: seen.setdefault("thread", current_language()))
        thread.start()
        thread.join()
        assert current_language() == "es"
    assert current_language() == "en"
    assert seen["thread"] == "en"  # another run (another thread) is not switched by this one


def test_unknown_language_is_english():
    with language("xx"):
        assert current_language() == "en"


@pytest.mark.parametrize(("code", "count", "expected"), [("en", 1, "in 1 day"), ("en", 2, "in 2 days"),
                                                         ("es", 1, "en 1 día"), ("es", 3, "en 3 días")])  # fmt: skip
def test_plurals(code, count, expected):
    with language(code):
        assert ngettext("in {count} day", "in {count} days", count).format(count=count) == expected



def test_direction():
    assert text_direction("en") == "ltr"
    assert text_direction("ar") == "rtl"
