"""The languages the portal speaks: every person-facing word goes through `_()` / `ngettext()` here, and every
date, number and sum of money a person reads through `format_*` here, in the current language.

At the root of `portal/` because every domain has person-facing text: the pages and widgets of `portal.ui`,
the emails of `portal.messages`, and the errors a person reads that domains raise (`FilingError`,
`PermissionDenied`, `ProjectError`, …), translated where they are raised. Logs and CLI output stay English.

The current language is a context variable, not a global: an email being rendered sets its recipient's
(`language(code)`) whatever the page around it speaks. Where none is set, a source of the language is
asked: `portal.ui.language` makes it the Streamlit session's choice (so a page served by its URL and a
fragment re-run, which run without the entrypoint, speak it too); with no session (the CLI, the API) it
is English.

Catalogs are gettext `.po` files managed with Babel (`make messages` extracts `locale/messages.pot` and
updates every `.po`; `make compile-messages` writes the `.mo` files). A `.po` without an up-to-date `.mo`
beside it is compiled in memory on first use, so a fresh clone works before any `make`.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from portal.config import BOSTON_TZ

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"
# Each language named in itself, as the menu shows it; the keys are the catalogs' folder names.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "ht": "Kreyòl ayisyen",
    "zh_Hans": "简体中文",
    "zh_Hant": "繁體中文",
    "vi": "Tiếng Việt",
    "pt": "Português",
}
SUPPORTED = tuple(LANGUAGES)
# The languages the menu offers: those whose catalog has every string of the template (a test checks).
# Every language is complete today; a new one stays out of here until `tests/unit/test_catalogs.py` passes for it.
COMPLETE = SUPPORTED
RIGHT_TO_LEFT = frozenset({"ar"})
# Browser tags that name a script-specific Chinese by region rather than by script.
_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})

_current: ContextVar[str | None] = ContextVar("portal_language", default=None)
_source: list[Callable[[], str]] = [lambda: DEFAULT]


def current_language() -> str:
    return _current.get() or _source[0]()


def set_language_source(source: Callable[[], str]) -> None:
    """Where the language comes from when no context set one (`portal.ui.language`: the session's)."""
    _source[0] = source


def set_language(code: str) -> None:
    """Make `code` (a key of `LANGUAGES`; anything else means English) this context's language."""
    _current.set(code if code in LANGUAGES else DEFAULT)


@contextmanager
def language(code: str | None) -> Iterator[None]:
    """Everything inside speaks `code` (an email in its recipient's language); the caller's language after."""
    token = _current.set(code if code in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def negotiate(browser_locale: str | None) -> str:
    """The supported language closest to a browser's tag ("es-MX" → es, "zh-TW" → zh_Hant, "zh-CN" → zh_Hans),
    among the complete ones; English when none is close."""
    if not browser_locale:
        return DEFAULT
    parts = browser_locale.replace("_", "-").split("-")
    base = parts[0].lower()
    if base == "zh":
        rest = {p.upper() for p in parts[1:]} | {p.title() for p in parts[1:]}
        code = "zh_Hant" if "Hant" in rest or rest & _TRADITIONAL_REGIONS else "zh_Hans"
    else:
        code = base
    return code if code in COMPLETE else DEFAULT


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog of `code`: its compiled `.mo` when newer than the `.po`, else the `.po` compiled in memory."""
    po = po_path(code)
    if code == DEFAULT or not po.exists():
        return gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as file:
            return gettext.GNUTranslations(file)
    with po.open("rb") as file:
        catalog = read_po(file, locale=babel_locale(code))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """`message` in the current language (itself when the catalog lacks it, or is empty: gettext would give
    the catalog's header for "")."""
    return translations(current_language()).gettext(message) if message else message



def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` the current language uses for `count` (some languages have one, some three)."""
    return translations(current_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where the same English word needs different translations."""
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for the template without translating it: data and constants defined at import time,
    translated with `_()` where they are shown (type names, page titles, category names)."""
    return message


def NP_(context: str, message: str) -> str:
    """`N_` with a context, for an English word that needs two translations ("Report": a menu section, a page);
    shown with `pgettext(context, message)`."""
    return message


@cache
def babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


def text_direction(code: str | None = None) -> str:
    """"rtl" or "ltr" for `code` (the current language by default), for the page's `dir`."""
    return "rtl" if (code or current_language()) in RIGHT_TO_LEFT else "ltr"


def format_date(value: date | datetime | None, format: str = "medium") -> str:
    """A date as the current language writes it ("Mar 4, 2015", "4 mar 2015"); an em dash for none.
    An aware datetime is read in Boston time first."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(BOSTON_TZ).date() if value.tzinfo else value.date()
    return dates.format_date(value, format=format, locale=babel_locale(current_language()))


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    """A moment in Boston time as the current language writes it; an em dash for none."""
    if value is None:
        return "—"
    zone = BOSTON_TZ if value.tzinfo else None
    return dates.format_datetime(value, format=format, tzinfo=zone, locale=babel_locale(current_language()))


def format_time(value: datetime) -> str:
    """A moment's Boston time of day as the current language writes it ("1:00 PM", "13:00")."""
    return dates.format_time(value, "short", tzinfo=BOSTON_TZ, locale=babel_locale(current_language()))


def format_moment(value: datetime) -> str:
    """A moment in Boston time to the minute, the current language's medium date and short time joined
    its own way ("4 mar 2015, 14:05", "2015年3月4日 14:05")."""
    locale = babel_locale(current_language())
    time = dates.format_time(value, "short", tzinfo=BOSTON_TZ, locale=locale)
    day = dates.format_date(value.astimezone(BOSTON_TZ).date(), "medium", locale=locale)
    return locale.datetime_formats["medium"].format(time, day)


def format_decimal(
value: float | Decimal, format: str | None = None) -> str:
    """A number with the current language's separators ("12,345.6", "12.345,6")."""
    return numbers.format_decimal(value, format=format, locale=babel_locale(current_language()))


def format_percent(value: float | Decimal) -> str:
    """A share (0.25) as the current language writes a percentage ("25%", "25 %")."""
    return numbers.format_percent(value, locale=babel_locale(current_language()))


def format_currency(value: float | Decimal, currency: str = "USD") -> str:
    """A sum of money in the current language's way ("$1,234.50", "1234,50 US$"); pass dollars, not cents."""
    return numbers.format_currency(value, currency, locale=babel_locale(current_language()))


def format_cents(cents: int) -> str:
    """Whole cents as dollars in the current language's way."""
    return format_currency(Decimal(cents) / 100)
