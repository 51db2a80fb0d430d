"""Money as people type and read it, held as integer cents: "$1,200.50" ⇄ 120050. Never a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from portal.i18n import _


def format_money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"  # amounts here are never negative


def parse_money(text: object) -> int:
    """Cents from "$1,200.50", "1200.5" or "12"; ValueError with a message otherwise."""
    cleaned = str(text if text is not None else "").strip().replace("$", "").replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValueError(_("an amount is missing"))
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValueError(_("“{text}” is not an amount of money").format(text=text))
    if amount.as_tuple().exponent < -2:
        raise ValueError(_("“{text}” has more than two decimals").format(text=text))
    if amount < 0:
        raise ValueError(_("“{text}” is negative").format(text=text))
    return int(amount * 100)
